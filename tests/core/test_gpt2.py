"""core.gpt2: a GPT-2 checkpoint in the hub layout, loaded offline into our own GPT, computes what transformers'
GPT2LMHeadModel computes (logits within 1e-4, the same attention weights), with the checkpoint's own tokens; an
offline machine without the files gets a message, never a traceback."""
from __future__ import annotations

import pytest
import torch
from tokenizers import Tokenizer

from playground.core import gpt2
from playground.core.errors import PlaygroundError
from playground.core.models.attention import MultiHeadAttention
from playground.core.models.gpt import GPT
from playground.i18n import message
from tests.gpt2_files import install_tiny_gpt2, reference_model, tiny_gpt2_files

TEXT = "The quick cat predicts the next token, they said."


@pytest.fixture
def snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return install_tiny_gpt2(tmp_path / "hub")


def test_logits_and_attention_equal_transformers(snapshot):
    model, tok = gpt2.published_gpt2("gpt2")
    ref = reference_model(snapshot)
    ids, tokens = gpt2.encode(tok, TEXT)
    assert ids == Tokenizer.from_file(str(snapshot / "tokenizer.json")).encode(TEXT).ids
    x = torch.tensor([ids])
    with torch.no_grad():
        expected = ref(x, output_attentions=True)
        modules = [m for m in model.modules() if isinstance(m, MultiHeadAttention)]
        for m in modules:
            m.record = True
        try:
            ours = model(x)
        finally:
            for m in modules:
                m.record = False
    assert (ours - expected.logits).abs().max().item() < 1e-4
    assert len(modules) == len(expected.attentions) == 2
    for m, theirs in zip(modules, expected.attentions):
        assert torch.allclose(m.last["attn"], theirs, atol=1e-5)
    with torch.no_grad():
        last = model(x, last_only=True)
    assert torch.allclose(last[:, 0], ours[:, -1], atol=1e-5)


def test_our_module_takes_the_checkpoints_sizes_and_ties_the_head(snapshot):
    model, _ = gpt2.published_gpt2("gpt2")
    assert isinstance(model, GPT) and len(model.blocks) == 2 and model.block_size == 128
    assert model.lm_head.weight is model.token_embedding.weight
    assert not model.training and all(not p.requires_grad for p in model.parameters())
    assert isinstance(model.blocks[0].mlp.activation, torch.nn.GELU)
    assert model.blocks[0].mlp.activation.approximate == "tanh"
    assert gpt2.published_gpt2("gpt2")[0] is model  # kept in probe.shared_model


def test_tokens_as_the_model_sees_them(snapshot):
    _, tok = gpt2.published_gpt2("gpt2")
    ids, tokens = gpt2.encode(tok, "the cat sat")
    spaced = [t for t in tokens if t.startswith("Ġ")]
    assert len(spaced) == 2 and all(gpt2.visible_token(t).startswith("␣") for t in spaced)
    assert gpt2.decode(tok, ids) == "the cat sat"
    assert [gpt2.token_of(tok, i) for i in ids] == tokens


def test_registry_gpt_is_unchanged():
    from playground.core.models import create_model

    model = create_model("gpt")
    assert sum(p.numel() for p in model.parameters()) == 124_439_808
    assert model.blocks[0].mlp.activation.approximate == "none"


def test_offline_without_files_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(PlaygroundError) as e:
        gpt2.published_gpt2("gpt2")
    assert e.value.key == "hub_offline"
    assert gpt2.pending_download("gpt2") == 0
    with pytest.raises(PlaygroundError) as e:
        gpt2.published_gpt2("gpt3")
    assert e.value.key == "gpt2_unknown" and "gpt2-medium" in message(e.value.key, "zh-CN", **e.value.params)


def test_a_checkpoint_that_does_not_fit_is_a_message(tmp_path, monkeypatch):
    from tests.hub_layout import write_hub_repo

    files = dict(tiny_gpt2_files())
    files["model.safetensors"] = b"not a safetensors file"
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    write_hub_repo(tmp_path / "hub", "openai-community/gpt2", files)
    with pytest.raises(PlaygroundError) as e:
        gpt2.published_gpt2("gpt2")
    assert e.value.key == "gpt2_bad_checkpoint" and e.value.params["file"] == "model.safetensors"
