"""The Train tab's callbacks called as Gradio calls them: streaming, Stop, bad input, divergence, checkpoints and
shipped models, and the rule that a model trained earlier in the session is never lost."""
import threading
from pathlib import Path

import gradio as gr
import plotly.graph_objects as go
import pytest
import torch

from playground.core.session import Session
from playground.core.train.shipped import load_pretrained
from playground.core.train.slots import Slots
from playground.i18n import message
from playground.lessons.train import callbacks
from tests.conftest import TRAIN_SETTINGS

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})

BASE = TRAIN_SETTINGS  # the widget values in the order of the tab's settings (after the session)


def values(**changes):
    return list({**BASE, **changes}.values())


def run_train(session, request=EN, **changes):
    return list(callbacks.on_train(session, *values(**changes), request=request))


def test_train_events_are_public_and_named(app):
    demo = app
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert {"train", "stop_training", "evaluate", "load_checkpoint", "load_pretrained", "session_model",
            "estimate"} <= public
    train = next(fn for fn in demo.fns.values() if fn.api_name == "train")
    # Every run reaches the callback: the tab's own places (two or more, so one user does not block another) and
    # line say "number n in line" or "busy" instead of a silent wait in Gradio's queue.
    slots = callbacks.TRAIN_SLOTS
    assert train.concurrency_limit is None and slots.places >= 2 and slots.max_waiting >= 1


def test_training_streams_then_shows_results():
    session = Session()
    outs = run_train(session)
    assert len(outs) >= 2
    first, last = outs[0], outs[-1]
    assert "Step" in first[0] and isinstance(first[1], go.Figure) and isinstance(first[2], go.Figure)  # live boundary
    assert "Done" in last[0] and "Test accuracy" in last[3] and isinstance(last[4], go.Figure)
    weights, description, script = last[7]
    assert Path(weights).suffix == ".safetensors" and Path(description).suffix == ".json"
    assert Path(script).name == "tiny_mlp_train.py"
    assert last[8] is session and session.trained is not None and not session.running
    assert session.trained.metrics["accuracy"] > 0.6


def test_image_results_have_a_gallery_of_mistakes():
    session = Session()
    last = run_train(session, model="lenet5", dataset="digits", lr=3e-3, batch_size=64, epochs=1)[-1]
    gallery = last[5]
    assert gallery and all(isinstance(c, str) and "→" in c for _, c in gallery)
    assert gallery[0][0].shape == (96, 96)  # the 8x8 digit, enlarged


def test_sequence_results_list_wrong_answers():
    session = Session()
    last = run_train(session, model="tiny_transformer", dataset="reverse", lr=3e-3, batch_size=64, epochs=0,
                     steps=30)[-1]
    assert "| # |" in last[6] and "Whole sequences right" in last[3]


@pytest.mark.parametrize("changes, text", [
    ({"lr": 0}, "greater than 0"), ({"lr": -1}, "greater than 0"), ({"batch_size": 0}, "batch size"),
    ({"batch_size": 5000}, "batch size"), ({"dataset": "reverse"}, "does not provide"),
    ({"hidden": "8,x"}, "not a list of layer widths"), ({"model": "resnet152", "dataset": "digits"}, "parameters"),
])
def test_bad_input_is_a_message_and_keeps_the_model(changes, text):
    session = Session()
    run_train(session, epochs=2)
    before = session.trained
    with pytest.raises(gr.Error) as e:
        run_train(session, **changes)
    assert text in e.value.message
    assert session.trained is before and not session.running


def test_messages_follow_the_browser_language():
    with pytest.raises(gr.Error) as e:
        run_train(Session(), request=ZH, lr=0)
    assert "学习率" in e.value.message


def test_divergence_is_reported_and_the_earlier_model_kept():
    session = Session()
    run_train(session, epochs=2)
    before = session.trained
    with pytest.raises(gr.Error) as e:
        run_train(session, model="tiny_rnn", dataset="sine", optimizer="momentum", lr=10, epochs=0, steps=300,
                  batch_size=32)
    assert "NaN" in e.value.message and "smaller" in e.value.message
    assert session.trained is before


def test_stop_ends_the_run_and_keeps_the_partial_model():
    session = Session()
    gen = callbacks.on_train(session, *values(epochs=0, steps=20000, batch_size=1), request=EN)
    first = next(gen)
    assert "Step" in first[0]
    assert "Stopping" in callbacks.on_stop(session, EN)
    rest = list(gen)
    assert "Stopped at step" in rest[-1][0]
    assert session.trained is not None and session.trained.metrics["status"] == "stopped"
    assert "Nothing" in callbacks.on_stop(session, EN)


@pytest.fixture
def one_place(monkeypatch):
    """The server's one training place, taken by someone else's run (the ticket), and a line of one."""
    slots = Slots(places=1, max_waiting=1)
    monkeypatch.setattr(callbacks, "TRAIN_SLOTS", slots)
    monkeypatch.setattr(callbacks, "WAIT_POLL", 0.05)
    return slots, slots.join()


def test_a_full_server_says_busy_at_once_and_keeps_the_model(one_place):
    slots, _ = one_place
    slots.join()  # the line is full too
    session = Session()
    session.trained = before = load_pretrained("tiny_mlp_spiral")  # what the visitor had before
    for request, words in ((EN, "busy"), (ZH, "正忙")):
        with pytest.raises(gr.Error) as e:
            run_train(session, request=request, epochs=200)
        assert words in e.value.message and "try again" in message("server_busy", "en", running=1, waiting=1)
    assert session.trained is before and not session.running and slots.counts() == (1, 1)


def test_a_run_waits_its_turn_then_trains(one_place):
    slots, other = one_place
    session = Session()
    gen = callbacks.on_train(session, *values(epochs=2), request=EN)
    waiting = next(gen)
    assert "number 1 in line" in waiting[0] and session.running and slots.counts() == (1, 1)
    slots.leave(other)  # the other run ends: this one takes the place
    rest = list(gen)
    assert "Done" in rest[-1][0] and session.trained is not None and slots.counts() == (0, 0)


def test_stop_takes_a_waiting_run_out_of_the_line(one_place):
    slots, _ = one_place
    session = Session()
    gen = callbacks.on_train(session, *values(epochs=2), request=ZH)
    assert "第 1 位" in next(gen)[0]
    assert callbacks.on_stop(session, EN) == message("train_stopping", "en")
    rest = list(gen)
    assert "unchanged" not in rest[-1][0] and "退出队列" in rest[-1][0]
    assert session.trained is None and not session.running and slots.counts() == (1, 0)


def test_a_second_run_in_the_same_session_is_refused():
    session = Session()
    session.running = True
    with pytest.raises(gr.Error) as e:
        run_train(session)
    assert "already" in e.value.message


def test_checkpoint_download_and_upload_round_trip(tmp_path):
    session = Session()
    last = run_train(session, epochs=3)[-1]
    weights = last[7][0]
    other = Session()
    outs = callbacks.on_load_checkpoint(weights, other, request=EN)
    assert outs[-1] is other and other.trained.spec == session.trained.spec
    for a, b in zip(other.trained.model.state_dict().values(), session.trained.model.state_dict().values()):
        assert torch.equal(a, b)
    assert "Test accuracy" in outs[3]


@pytest.mark.slow  # runs the downloaded script in its own Python
def test_the_download_includes_a_script_that_continues_the_run(tmp_path):
    """The Train tab's download: weights, their description, and a training script with this run's settings that
    starts from those weights on its own (no Playground on the path)."""
    import subprocess
    import sys
    session = Session()
    files = [Path(f) for f in run_train(session, epochs=3, lr=0.05, hidden="6,5")[-1][7]]
    assert [f.suffix for f in files] == [".safetensors", ".json", ".py"]
    script = files[2].read_text(encoding="utf-8")
    assert "lr=0.05" in script and "hidden=(6, 5)" in script  # this run's settings, not the defaults
    run = subprocess.run([sys.executable, "-I", str(files[2]), "--init", str(files[0]), "--epochs", "1", "--limit",
                          "64", "--device", "cpu"], capture_output=True, text=True, timeout=240,
                         env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "weights loaded from" in run.stdout and "epoch   1/1" in run.stdout


def test_pickle_upload_is_refused_and_model_kept(tmp_path):
    session = Session()
    run_train(session, epochs=2)
    before = session.trained
    evil = tmp_path / "model.pth"
    torch.save({"w": torch.zeros(1)}, evil)
    with pytest.raises(gr.Error) as e:
        callbacks.on_load_checkpoint(str(evil), session, request=EN)
    assert "pickle" in e.value.message and session.trained is before
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00" * 100)
    with pytest.raises(gr.Error) as e:
        callbacks.on_load_checkpoint(str(junk), session, request=EN)
    assert "readable" in e.value.message and session.trained is before


def test_shipped_model_loads_into_the_session():
    session = Session()
    outs = callbacks.on_load_pretrained("lenet5_digits", session, request=EN)
    assert session.trained.spec.model == "lenet5" and "97" in outs[3]  # 97.5% test accuracy
    assert isinstance(outs[1], go.Figure)  # its training curves came with it
    metrics, figure, gallery, table = callbacks.on_evaluate(session, EN)
    assert "Test accuracy" in metrics and isinstance(figure, go.Figure) and len(gallery) > 0


def test_evaluate_without_a_model_says_what_to_do():
    with pytest.raises(gr.Error) as e:
        callbacks.on_evaluate(Session(), EN)
    assert "Train one" in e.value.message


def test_select_model_offers_fitting_datasets_and_recipe_settings():
    out = callbacks.on_select_model("tiny_transformer", "digits", request=EN)
    dataset_dropdown, hidden, activation = out[:3]
    assert dataset_dropdown["value"] == "reverse"
    assert {v for _, v in dataset_dropdown["choices"]} == {"reverse", "copy", "sort"}
    assert hidden["visible"] is False
    optimizer, lr, batch, epochs, steps = out[9:14]  # after the dropdown, 2 MLP widgets, the card and 5 options
    assert (lr, steps) == (3e-3, 2000)  # the shipped recipe's settings
    boundary, gallery = out[-2:]
    assert boundary["visible"] is False and gallery["visible"] is False
    out = callbacks.on_select_model("tiny_mlp", "reverse", request=EN)
    assert out[0]["value"] == "circle" and out[1]["visible"] is True and out[-2]["visible"] is True
    out = callbacks.on_select_dataset("tiny_mlp", "spiral", request=EN)
    assert out[-4:-2] == ("32,32", "relu")  # the spiral recipe's network
    out = callbacks.on_select_dataset("tiny_lstm", "brackets", request=EN)
    seq_len = out[5]  # card, noise, train_ratio, n_samples, n_train, seq_len
    assert seq_len["value"] == 24 and seq_len["maximum"] == 64 and out[1]["visible"] is False


def test_estimate_is_shown_before_training():
    text = callbacks.on_estimate(*values(), request=EN)
    assert "parameters" in text and "steps" in text and "CPU" in text


def test_session_model_reports_json():
    session = Session()
    run_train(session, epochs=1)
    info = callbacks.on_session_info(session, EN)
    assert '"model": "tiny_mlp"' in info


def test_concurrent_sessions_do_not_share_models():
    a, b = Session(), Session()
    threads = [threading.Thread(target=run_train, args=(a,), kwargs=dict(epochs=5)),
               threading.Thread(target=run_train, args=(b,), kwargs=dict(model="tiny_lstm", dataset="brackets",
                                                                         lr=1e-2, epochs=1, batch_size=32))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert a.trained.spec.model == "tiny_mlp" and b.trained.spec.model == "tiny_lstm"
    assert a.trained.model is not b.trained.model


@pytest.mark.parametrize("name", [["lenet5_digits"], 1, None])
def test_shipped_model_menu_value_that_is_no_name(name):
    """A list from an API call broke the shipped models' cache (TypeError, found by the fuzz suite)."""
    session = Session()
    with pytest.raises(gr.Error, match="Choose a shipped model from the list"):
        callbacks.on_load_pretrained(name, session, request=EN)
    assert session.trained is None


def test_dataset_menu_value_sent_as_a_list():
    with pytest.raises(gr.Error, match="dataset"):
        callbacks.on_select_dataset("tiny_mlp", ["circle"], request=EN)
    with pytest.raises(gr.Error, match="dataset"):
        callbacks.on_estimate(*{**TRAIN_SETTINGS, "dataset": ["circle"]}.values(), request=EN)


@pytest.mark.parametrize("setting", ["lr", "momentum", "seed", "steps", "noise", "n_samples"])
def test_settings_too_large_for_a_float_are_messages(setting):
    """An int past float range was an OverflowError in the settings' readers (found by the fuzz suite)."""
    with pytest.raises(gr.Error) as e:
        callbacks.on_estimate(*{**TRAIN_SETTINGS, setting: 10**400}.values(), request=EN)
    assert "went wrong on our side" not in e.value.message
