"""The Real GPT-2 view's computation and callbacks, on a small random GPT-2 saved as openai-community/gpt2 in a
temporary hub cache (transformers is the oracle), and on the shipped tiny GPT; offline failures are messages."""
from __future__ import annotations

import gradio as gr
import numpy as np
import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.attention import language as lm
from playground.lessons.attention import language_tab as tab
from tests.gpt2_files import install_tiny_gpt2, reference_model

TEXT = "The lazy dog said the weather is nice"


@pytest.fixture
def snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return install_tiny_gpt2(tmp_path / "hub")


def test_run_equals_transformers(snapshot):
    run = lm.run_language_model(lm.language_model("gpt2"), TEXT)
    with torch.no_grad():
        ref = reference_model(snapshot)(torch.tensor([run.ids]), output_attentions=True)
    assert np.abs(run.logits - ref.logits[0, -1].double().numpy()).max() < 1e-4
    for layer, theirs in zip(run.layers, ref.attentions):
        assert torch.allclose(layer.weights, theirs[0], atol=1e-5)
    assert all(not t.startswith("Ġ") for t in run.layers[0].queries) and "␣the" in run.layers[0].queries


@pytest.mark.parametrize("temperature", [1.0, 0.7, 2.5])
def test_next_token_json_is_softmax_top_k_of_transformers(snapshot, temperature):
    fig, candidates = tab.on_next_token("gpt2", TEXT, temperature, 7)
    ids = tab.lm.language_model("gpt2").encode(TEXT)[0]
    with torch.no_grad():
        logits = reference_model(snapshot)(torch.tensor([ids])).logits[0, -1].double()
    p, top = torch.softmax(logits / temperature, -1).topk(7)
    assert [c["id"] for c in candidates] == top.tolist()
    assert np.allclose([c["probability"] for c in candidates], p.numpy(), atol=1e-6)
    probabilities = [c["probability"] for c in candidates]
    assert probabilities == sorted(probabilities, reverse=True)
    assert fig.data[0].type == "bar" and len(fig.data[0].x) == 7


def test_temperature_zero_is_greedy(snapshot):
    loaded = lm.language_model("gpt2")
    logits = lm.run_language_model(loaded, TEXT).logits
    top = lm.next_token(loaded, logits, 0.0, 3)
    assert top[0]["id"] == int(np.argmax(logits)) and top[0]["probability"] == 1.0


def test_top_p_keeps_the_fewest_reaching_p():
    p = np.array([0.5, 0.3, 0.15, 0.05])
    assert lm.kept(p, 4, 0.5) == 1 and lm.kept(p, 4, 0.6) == 2 and lm.kept(p, 4, 0.95) == 3
    assert lm.kept(p, 2, 0.99) == 2 and lm.kept(p, 4, 1.0) == 4


def test_generate_greedy_appends_transformers_greedy_tokens(snapshot):
    loaded = lm.language_model("gpt2")
    new_text, written = lm.generate(loaded, TEXT, 4, 1.0, 10, 0.9, greedy=True)
    ids = loaded.encode(TEXT)[0]
    with torch.no_grad():
        out = reference_model(snapshot).generate(torch.tensor([ids]), max_new_tokens=4, do_sample=False,
                                                 pad_token_id=0, eos_token_id=None)
    expected = out[0, len(ids):].tolist()
    assert [w["id"] for w in written] == expected[:len(written)]
    assert new_text.startswith(TEXT) and new_text != TEXT or loaded.ends(written[0]["id"])


def test_sampling_is_seeded_and_stays_in_the_top_k(snapshot):
    loaded = lm.language_model("gpt2")
    a = lm.generate(loaded, TEXT, 5, 1.5, 3, 1.0, greedy=False, seed=7)
    assert a == lm.generate(loaded, TEXT, 5, 1.5, 3, 1.0, greedy=False, seed=7)
    assert all(w["kept"] <= 3 for w in a[1])


def test_steps_use_the_real_q_k_v(snapshot):
    run = lm.run_language_model(lm.language_model("gpt2"), TEXT)
    steps = lm.steps_of(run, 1, 2)
    assert steps["q"].shape == (min(len(run.ids), 10), 16) and steps["d_k"] == 16
    assert np.abs(steps["weights"] - steps["recorded"]).max() < 1e-5


def test_shipped_tiny_gpt_needs_no_download(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    text, _, layer, head, *_ = tab.on_lm_attention(lm.SHIPPED_GPT, "27182818", 0, 9)
    assert "`<bos>`" in text and head["maximum"] == 2 and head["value"] == 2
    fig, candidates = tab.on_next_token(lm.SHIPPED_GPT, "27182818", 1.0, 3)
    assert candidates[0]["token"] == "8"  # it reverses: the first digit it writes is the last one read
    new_text, written = tab.on_generate(lm.SHIPPED_GPT, "27182818", 1.0, 5, 0.9, 4, True, 0)
    assert new_text == "27182818>8182" and "**8**" in written


def test_offline_gpt2_is_a_message_and_the_shipped_one_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(gr.Error) as e:
        tab.on_next_token("gpt2", "hello", 1.0, 5)
    assert "openai-community/gpt2" in e.value.message and "HF_HUB_OFFLINE" in e.value.message
    assert tab.on_next_token(lm.SHIPPED_GPT, "31415926", 1.0, 5)[1][0]["token"] == "6"


@pytest.mark.parametrize("text, key", [("x" * 0, "attention_empty"), ("word " * 70, "attention_lm_too_long")])
def test_bad_text_is_refused(snapshot, text, key):
    with pytest.raises(PlaygroundError) as e:
        lm.run_language_model(lm.language_model("gpt2"), text)
    assert e.value.key == key


@pytest.mark.parametrize("text", ["12a3", ">12", ""])
def test_tiny_gpt_reads_digits_only(text):
    with pytest.raises(PlaygroundError):
        lm.language_model(lm.SHIPPED_GPT).encode(text)


@pytest.mark.parametrize("args", [(-1, 5), (6, 5), (1.0, 0), (1.0, 51), (1.0, 2.5)])
def test_bad_sampling_settings_are_messages(args):
    with pytest.raises(gr.Error):
        tab.on_next_token(lm.SHIPPED_GPT, "12", *args)


def _online(monkeypatch, cache):
    """As on a machine with a network: the hub's answers are stubbed, nothing leaves this machine."""
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("PLAYGROUND_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


def test_a_download_says_its_size_then_loads(tmp_path, monkeypatch):
    from playground.core import hub
    from tests.gpt2_files import tiny_gpt2_files
    from tests.hub_layout import write_hub_repo

    cache = tmp_path / "hub"
    _online(monkeypatch, cache)
    sizes = {"config.json": 700, "model.safetensors": 548_000_000, "tokenizer.json": 1_356_000}
    monkeypatch.setattr(hub, "published_size", lambda repo, name, revision=None: sizes[name])
    downloaded = []

    def download(repo_id, filename, **kwargs):
        downloaded.append(filename)
        return str(write_hub_repo(cache, repo_id, {filename: tiny_gpt2_files()[filename]}) / filename)
    monkeypatch.setattr("huggingface_hub.hf_hub_download", download)
    said = []
    _, candidates = tab.on_next_token("gpt2", TEXT, 1.0, 3, progress=lambda *a, **k: said.append(k.get("desc")))
    assert said == ["Downloading openai-community/gpt2: 549.4 MB, kept in the cache for next time…"]
    assert sorted(downloaded) == sorted(sizes) and len(candidates) == 3
    said.clear()
    tab.on_next_token("gpt2", TEXT, 0.5, 3, progress=lambda *a, **k: said.append(k.get("desc")))
    assert said == [] and len(downloaded) == 3  # cached: no second download, nothing to say


def test_gpt2_medium_over_the_limit_is_refused_before_downloading(tmp_path, monkeypatch):
    from playground.core import hub

    _online(monkeypatch, tmp_path / "hub")
    monkeypatch.setattr(hub, "published_size", lambda repo, name, revision=None: 1_520_000_000)
    monkeypatch.setattr("huggingface_hub.hf_hub_download", lambda *a, **k: pytest.fail("downloaded"))
    said = []
    with pytest.raises(gr.Error) as e:
        tab.on_next_token("gpt2-medium", TEXT, 1.0, 3, progress=lambda *a, **k: said.append(k))
    assert "1.5 GB" in e.value.message and "gpt2-medium" in e.value.message and said == []
