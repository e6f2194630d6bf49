"""playground.core.published_bert against transformers: a small random BertForMaskedLM saved in
google-bert/bert-base-uncased's files under a temporary hub cache, loaded offline through the app's own path into
our BERT; logits, attention weights and tokens agree with the reference library's."""
from __future__ import annotations

import pytest
import torch

from playground.core import published_bert as pb
from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.i18n import message
from tests.bert_hub import write_small_bert

SENTENCE = "The cat sat on the mat, playing with a red book!"


@pytest.fixture
def small(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return write_small_bert(tmp_path / "hub")


def test_the_registry_bert_still_counts_bert_base():
    assert sum(p.numel() for p in create_model("bert").parameters()) == 110_106_428


def test_logits_equal_transformers(small):
    reference, tok = small
    ours, wp = pb.load_bert(), pb.load_wordpiece()
    ids = torch.tensor([wp.tokenizer.encode(SENTENCE).ids])  # (1, T)
    with torch.no_grad():
        want = reference(input_ids=ids).logits
        got, _ = ours(ids)
    assert got.shape == want.shape
    assert torch.allclose(got, want, atol=1e-4), float((got - want).abs().max())
    assert pb.load_bert() is ours  # kept in the shared cache


def test_attention_weights_equal_output_attentions(small):
    reference, _ = small
    ours, wp = pb.load_bert(), pb.load_wordpiece()
    ids = torch.tensor([wp.tokenizer.encode(SENTENCE).ids])
    with torch.no_grad():
        want = reference(input_ids=ids, output_attentions=True).attentions  # L of (1, nh, T, T)
    blocks = [b.attention for b in ours.encoder]
    try:
        for m in blocks:
            m.record = True
        with torch.no_grad():
            ours(ids)
        got = [m.last["attn"] for m in blocks]
    finally:
        for m in blocks:
            m.record, m.last = False, {}
    assert len(got) == len(want) == 2
    for g, w in zip(got, want):
        assert torch.allclose(g, w, atol=1e-5)


def test_tokens_are_the_tokenizers(small):
    _, tok = small
    from transformers import BertTokenizerFast

    wp = pb.load_wordpiece()
    enc = wp.tokenizer.encode(SENTENCE)
    assert enc.tokens[0] == "[CLS]" and enc.tokens[-1] == "[SEP]" and "##ing" in enc.tokens
    assert enc.tokens == tok.encode(SENTENCE).tokens
    fast = BertTokenizerFast(tokenizer_object=tok)
    assert enc.ids == fast(SENTENCE)["input_ids"]
    assert wp.mask_id == tok.token_to_id("[MASK]")


def test_offline_and_nothing_cached_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(PlaygroundError) as e:
        pb.load_bert()
    assert e.value.key == "hub_offline"
    assert pb.download_size() is None
    for lang in ("en", "zh-CN"):
        assert pb.REPO in message(e.value.key, lang, **e.value.params)


def test_a_foreign_checkpoint_is_refused_with_a_message():
    state = {"bert.embeddings.word_embeddings.weight": torch.zeros(10, 8)}
    with pytest.raises(PlaygroundError) as e:
        pb.bert_from_state(dict(vocab_size=10, d_model=8, n_layers=1, n_heads=2, d_ff=16, max_len=16), state)
    assert e.value.key == "published_bert_mismatch" and "missing" in e.value.params["detail"]


def test_original_tensorflow_names_map():
    assert pb.our_name("bert.embeddings.LayerNorm.gamma") == "embed_norm.weight"
    assert pb.our_name("bert.encoder.layer.11.attention.self.query.bias") == "encoder.11.attention.q_proj.bias"
    assert pb.our_name("cls.predictions.transform.LayerNorm.beta") == "mlm_head.transform.2.bias"
    assert pb.our_name("cls.predictions.bias") == "mlm_head.decoder.bias"
    assert pb.our_name("bert.embeddings.position_ids") is None
