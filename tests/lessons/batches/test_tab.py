"""The batch-size race's callbacks as Gradio calls them: the plan before the race, the stream while it runs, the
take-away at the end in both languages, bad input as a message; and its figures."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.i18n import EN as EN_TEXT
from playground.i18n import ZH as ZH_TEXT
from playground.lessons.batches import tab
from playground.lessons.batches.compute import Lane
from playground.lessons.batches.figures import plot_batch_losses, plot_batch_summary, smooth

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def test_the_plan_lists_each_lane_and_its_updates():
    text = tab.on_race_plan("circle", 3, 0.05, "sgd", 0, request=EN)
    assert "batch 1: **6,000** · batch 16: **375** · batch 256: **24** · full batch (2,000): **3**" in text
    zh = tab.on_race_plan("circle", 3, 0.05, "sgd", 0, request=ZH)
    assert "全批量（2,000）：**3**" in zh and zh.startswith("本次比赛各赛道的更新次数")


def test_the_race_streams_then_ends_with_its_take_away():
    outs = list(tab.on_batch_race("circle", 1, 0.01, "adam", 0, request=EN))
    assert len(outs) >= 5
    first_loss, _, first_text = outs[0]
    assert "Training batch 1: update" in first_text and isinstance(first_loss, go.Figure)
    losses, summary, text = outs[-1]
    assert text.startswith("In the same number of epochs (1), batch 1 made 2,000 updates and the full batch 1.")
    assert text.count("%") >= 6  # two in the take-away, one per lane in the table
    assert len(losses.data) == 16  # faint and smoothed, per update and per second, for each of 4 lanes
    accuracy = np.asarray(summary.data[0].y, dtype=float)
    assert np.all((accuracy >= 0) & (accuracy <= 1))
    zh = list(tab.on_batch_race("circle", 0.25, 0.01, "adam", 0, request=ZH))[-1][2]  # 500 updates at batch 1
    assert zh.startswith("在相同的 0.25 轮里，批大小 1 做了 500 次更新")


@pytest.mark.parametrize("args", [("circle", "many", 0.05, "sgd", 0), ("circle", 1, -1, "sgd", 0),
                                  (["circle"], 1, 0.05, "sgd", 0), ("circle", 1, 0.05, None, 0),
                                  ("circle", 1, 0.05, "sgd", 1.5)])
def test_bad_input_is_a_message_not_a_traceback(args):
    with pytest.raises(gr.Error) as e:
        list(tab.on_batch_race(*args, request=EN))
    assert "Traceback" not in str(e.value) and "internal" not in str(e.value).lower()
    with pytest.raises(gr.Error):
        tab.on_race_plan(*args, request=ZH)


def test_every_text_key_has_both_languages():
    keys = [k for k in EN_TEXT if k.startswith("batches_") or k == "tab_batches"]
    assert len(keys) >= 20 and all(ZH_TEXT.get(k) and ZH_TEXT[k] != EN_TEXT[k] for k in keys)


def test_smooth_is_a_trailing_mean():
    y = np.arange(80, dtype=float)
    out = smooth(y, parts=40)  # a window of 2
    assert out[0] == 0 and out[1] == 0.5 and out[-1] == 78.5
    assert list(smooth([3.0, 1.0])) == [3.0, 1.0]


def test_figures_skip_what_has_not_run():
    lanes = [Lane(1, 10, [1, 2], [0.7, 0.6], [0.0, 0.1], 0.1, 0.2, "running"), Lane(16, 5)]
    losses = plot_batch_losses(lanes, ["a", "b"], {k: k for k in ("updates", "seconds", "loss", "by_update",
                                                                   "by_time")})
    assert losses.layout.xaxis.type == "log" and len(losses.data[1].x) == 2 and len(losses.data[5].x) == 0
    summary = plot_batch_summary(lanes, ["a", "b"], {"accuracy": "acc", "seconds_per_epoch": "s"})
    assert list(summary.data[0].text) == ["", ""]  # no accuracy before a lane is done
