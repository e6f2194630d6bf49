"""The masking lab with BERT-base, offline: a small random transformers BertForMaskedLM and its WordPiece
tokenizer.json saved as google-bert/bert-base-uncased in a temporary hub cache, run through the lab's own path.
The top-5 guesses, the tokens and the head view's attention equal the reference library's; blanks, the 15% rule on
WordPiece tokens, the position limit and every hub failure give a message and leave the shipped tiny BERT working."""
from __future__ import annotations

import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from playground.core import published_bert as pb
from playground.core.errors import PlaygroundError
from playground.lessons.masking import tab as lab
from playground.lessons.masking.subjects import BASE, TINY, attention_maps, masking_model, model_choice
from playground.lessons.masking.wordpiece import MAX_CHARS, fill_word_masks, word_input
from tests.bert_hub import write_small_bert

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
SENTENCE = "The cat sat on the mat and went home, playing with a red book."


@pytest.fixture
def small(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return write_small_bert(tmp_path / "hub")


@pytest.fixture
def nothing_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def _reference_top5(reference, ids, positions):
    with torch.no_grad():
        probs = reference(input_ids=torch.tensor([ids])).logits[0].softmax(-1)  # (T, V)
    values, order = probs[positions].topk(5, dim=-1)
    return order.tolist(), values.tolist()


def test_top5_at_typed_blanks_equal_transformers(small):
    reference, tok = small
    subject = masking_model(BASE)
    pred = fill_word_masks(subject.model, subject.wordpiece, "the cat sat on the _ and went [MASK].")
    ids = word_input(subject.wordpiece, "the cat sat on the _ and went [MASK].").corrupted
    assert pred.picked_by == "visitor" and [pred.tokens[i] for i in pred.chosen] == ["[MASK]", "[MASK]"]
    want_ids, want_p = _reference_top5(reference, ids, pred.chosen)
    assert pred.top_chars == [[tok.id_to_token(i) for i in row] for row in want_ids]
    np.testing.assert_allclose(pred.top_probs, want_p, atol=1e-5)
    assert pred.correct == [None, None] and pred.accuracy is None


def test_seeded_corruption_on_wordpiece_tokens(small):
    reference, tok = small
    subject = masking_model(BASE)
    inp = word_input(subject.wordpiece, SENTENCE, seed=3)
    assert inp.tokens == tok.encode(SENTENCE).tokens  # the checkpoint's own WordPiece, ## pieces shown
    assert "##ing" in inp.tokens
    chosen = [i for i, a in enumerate(inp.actions) if a]
    assert len(chosen) == max(1, round(0.15 * (len(inp.tokens) - 2)))
    assert 0 not in chosen and len(inp.tokens) - 1 not in chosen  # never [CLS] or [SEP]
    pred = fill_word_masks(subject.model, subject.wordpiece, SENTENCE, seed=3)
    want_ids, want_p = _reference_top5(reference, inp.corrupted, pred.chosen)
    assert pred.top_chars == [[tok.id_to_token(i) for i in row] for row in want_ids]
    np.testing.assert_allclose(pred.top_probs, want_p, atol=1e-5)
    assert all(c is not None for c in pred.correct)
    assert fill_word_masks(subject.model, subject.wordpiece, SENTENCE, seed=3) == pred  # the seed decides


def test_head_view_attention_equals_output_attentions(small):
    reference, _ = small
    subject = masking_model(BASE)
    inp = subject.read(SENTENCE, 1)
    maps = attention_maps(subject.model, inp.corrupted)  # (L, nh, T, T)
    with torch.no_grad():
        want = reference(input_ids=torch.tensor([inp.corrupted]), output_attentions=True).attentions
    assert maps.shape == (2, 4, len(inp.corrupted), len(inp.corrupted))
    np.testing.assert_allclose(maps, torch.cat(want).numpy(), atol=1e-5)
    assert not subject.model.encoder[0].attention.last  # nothing kept after the view


def test_callbacks_with_bert_base(small):
    summary, masking, predictions = lab.on_mask_model(BASE, SENTENCE, 0, request=EN)
    assert "WordPiece tokens were chosen" in summary
    assert isinstance(masking, go.Figure) and isinstance(predictions, go.Figure)
    summary, *_ = lab.on_mask("the cat sat on the _.", 0, BASE, request=ZH)
    assert "WordPiece" in summary and "你遮盖了" in summary
    fig, update = lab.on_heads(BASE, SENTENCE, 0, 9, request=EN)
    assert update == 2  # past the last layer: the last
    heads = [t for t in fig.data if t.showlegend is not False and t.name]
    assert [t.name for t in heads] == [f"head {h}" for h in range(1, 5)]
    labels = [t for t in fig.data if t.mode == "markers+text"]
    assert list(labels[0].text)[:2] == ["[CLS]", "the"]
    assert len(labels[0].text) == len(small[1].encode(SENTENCE).tokens)  # the tokens as the model read them


def test_too_many_positions_is_a_message(small):
    with pytest.raises(gr.Error, match="64 positions"):
        lab.on_mask_model(BASE, " ".join(["cat"] * 70), 0, request=EN)
    with pytest.raises(gr.Error, match="个位置"):
        lab.on_heads(BASE, " ".join(["cat"] * 70), 0, 1, request=ZH)
    with pytest.raises(gr.Error, match="characters"):
        lab.on_mask_model(BASE, "a" * (MAX_CHARS + 1), 0, request=EN)
    with pytest.raises(gr.Error):
        lab.on_mask_model(BASE, "   ", 0, request=EN)


def test_bert_base_sizes_limit_is_512():
    assert pb.BERT(vocab_size=10, d_model=8, n_layers=1, n_heads=2, d_ff=8).max_len == 512


@pytest.mark.parametrize("request_, words", [(EN, "downloads are switched off"), (ZH, "下载")])
def test_offline_with_nothing_cached_is_a_message_and_tiny_still_works(nothing_cached, request_, words):
    for call in (lambda: lab.on_mask_model(BASE, SENTENCE, 0, request=request_),
                 lambda: lab.on_heads(BASE, SENTENCE, 0, 1, request=request_)):
        with pytest.raises(gr.Error, match=words):
            call()
    summary, *_ = lab.on_mask_model(TINY, "the c_t sat.", 0, request=EN)
    assert summary.startswith("You masked 1 of the 12 characters")
    fig, update = lab.on_heads(TINY, "the c_t sat.", 0, 5, request=EN)
    assert update == 2 and len([t for t in fig.data if t.mode == "markers+text"]) == 2


def test_a_damaged_tokenizer_is_a_message(small, tmp_path):
    from tests.hub_layout import write_hub_repo

    write_hub_repo(tmp_path / "hub", pb.REPO, {"tokenizer.json": b"{not json"}, commit="f" * 40)
    with pytest.raises(PlaygroundError) as e:
        masking_model(BASE)
    assert e.value.key == "published_bert_mismatch"


def test_anything_but_bert_base_is_the_tiny_bert():
    for value in (None, "", "BERT", 3, TINY, ["bert-base-uncased"]):
        assert model_choice(value) == TINY
    assert lab.keep_model("junk") == TINY and lab.keep_model(BASE) == BASE


def test_a_download_names_its_size_in_the_progress_bar(nothing_cached, monkeypatch):
    seen = []
    monkeypatch.setattr(lab, "pending_download", lambda choice: 440_473_133 if choice == BASE else None)
    with pytest.raises(gr.Error):  # offline: the download itself is refused with its message
        lab.on_mask_model(BASE, SENTENCE, 0, request=ZH, progress=lambda *a, **k: seen.append(k["desc"]))
    assert seen == ["正在把 BERT-base（440.5 MB）下载到 Hugging Face 缓存；以后直接从缓存加载。"]
    lab.on_mask_model(TINY, "the cat.", 0, request=EN, progress=lambda *a, **k: seen.append(k["desc"]))
    assert len(seen) == 1  # the shipped model downloads nothing
