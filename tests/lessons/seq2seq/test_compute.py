"""Seq2seq lab: BLEU equals the course notes' worked example and nltk's sentence_bleu with weights 1/2^n, decoding
feeds the true or the model's own previous token as it says (checked on a decoder wired to known answers and
against the training module's own greedy decoder), the lab's scheduled sampling feeds what its ratio says and is
seeded-reproducible, and every bad value raises its PlaygroundError."""
import copy
import math
import pickle
import random
import re
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.data.datasets import load_dataset
from playground.core.data.vocab import BOS, EOS, PAD, TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.train.tasks import TranslateTask
from playground.lessons.seq2seq import text as seq2seq_text
from playground.lessons.seq2seq import bleu as bleu_module
from playground.lessons.seq2seq import decoding, tasks
from playground.lessons.seq2seq import lab as lab_module
from playground.lessons.seq2seq.bleu import MAX_BLEU_K, MAX_TOKENS, bleu, corpus_bleu_mean, parse_tokens
from playground.lessons.seq2seq.decoding import decode_both, evaluate_batch, masked_cross_entropy
from playground.lessons.seq2seq.lab import MAX_STEPS, Seq2seqLab, Seq2seqSpec
from playground.lessons.seq2seq.tasks import MAX_LENGTH, read_digits
from playground.lessons.seq2seq.figures import CELL_COLORS, plot_bleu, plot_decoding, plot_seq2seq_curves

LABEL, PRED = "a b c d e f".split(), "a b b c d".split()  # the notes' worked example


# ---------------------------------------------------------------------------------------------------------------
# BLEU

def test_the_notes_worked_example():
    b = bleu(PRED, LABEL, k=4)
    assert b.matches == (4, 3, 1, 0) and b.totals == (5, 4, 3, 2)
    assert b.precisions == pytest.approx((4 / 5, 3 / 4, 1 / 3, 0))
    assert b.weights == (1 / 2, 1 / 4, 1 / 8, 1 / 16)
    assert b.brevity_penalty == pytest.approx(math.exp(-0.2), rel=1e-15)  # exp(min(0, 1 - 6/5))
    assert b.score == 0 and not b.too_short  # p4 = 0 zeroes the product
    k2 = math.exp(-0.2) * (4 / 5) ** (1 / 2) * (3 / 4) ** (1 / 4)
    assert bleu(PRED, LABEL, k=2).score == pytest.approx(k2, rel=1e-14)
    assert bleu(PRED, LABEL, k=3).score == pytest.approx(k2 * (1 / 3) ** (1 / 8), rel=1e-14)
    assert bleu(PRED, LABEL, k=1).score == pytest.approx(math.exp(-0.2) * (4 / 5) ** 0.5, rel=1e-14)
    assert bleu("abbcd", "abcdef", 3) == bleu(PRED, LABEL, 3)  # strings are sequences of characters


def _nltk_bleu(pred, label, k):
    from nltk.translate.bleu_score import sentence_bleu
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nltk warns when some p_n is 0 (and returns 0)
        return sentence_bleu([label], pred, weights=tuple(0.5 ** n for n in range(1, k + 1)))


def test_matches_nltk_on_random_pairs_and_on_the_worked_example():
    rng = random.Random(0)
    checked = 0
    for _ in range(20_000):  # about 1 pair in 14 has every p_n > 0; keep drawing until 300 have
        pred = [rng.choice("abcd") for _ in range(rng.randint(4, 12))]
        label = [rng.choice("abcd") for _ in range(rng.randint(4, 12))]
        b = bleu(pred, label, 4)
        if min(b.precisions) == 0:
            continue
        checked += 1
        assert b.score == pytest.approx(_nltk_bleu(pred, label, 4), rel=1e-12, abs=0), (pred, label)
        if checked == 300:
            break
    assert checked == 300
    for k in (2, 3):
        assert bleu(PRED, LABEL, k).score == pytest.approx(_nltk_bleu(PRED, LABEL, k), rel=1e-12)
    assert _nltk_bleu(PRED, LABEL, 4) < 1e-15 and bleu(PRED, LABEL, 4).score == 0  # nltk: a float tiny, not 0


def test_matches_are_clipped_and_long_predictions_pay_no_penalty():
    b = bleu(list("aaaa"), list("ab"), 1)
    assert b.matches == (1,) and b.precisions == (0.25,) and b.brevity_penalty == 1.0
    assert b.score == pytest.approx(0.25 ** 0.5)


def test_edge_cases_empty_short_identical():
    empty = bleu([], LABEL, 4)
    assert empty.too_short and empty.score == 0 and empty.brevity_penalty == 0
    assert empty.precisions == (None,) * 4 and empty.totals == (0,) * 4
    assert bleu([], [], 2).score == 0
    short = bleu(["a", "b"], ["a", "b", "c"], 4)  # no 3- or 4-grams: p3 and p4 are 0/0
    assert short.too_short and short.score == 0 and short.precisions == (1.0, 1.0, None, None)
    assert bleu(["a", "b"], ["a", "b", "c"], 2).score == pytest.approx(math.exp(1 - 3 / 2))
    for k in range(1, MAX_BLEU_K + 1):
        assert bleu(list("abcdefgh"), list("abcdefgh"), k).score == 1.0
    assert bleu([3, 4, 5, 6], [3, 4, 5, 6], 4).score == 1.0  # ints as tokens
    assert bleu(["x", "y"], [], 1).score == 0


@pytest.mark.parametrize("k", [0, MAX_BLEU_K + 1, 2.5, math.nan, "four", True, None])
def test_bad_k(k):
    with pytest.raises(PlaygroundError) as info:
        bleu(PRED, LABEL, k)
    assert info.value.key == "seq2seq_bleu_bad_k" and info.value.params == {"k": k, "low": 1, "high": MAX_BLEU_K}


def test_parse_tokens():
    assert parse_tokens(" a b  b c\td ") == PRED
    assert parse_tokens("abbcd") == list("abbcd")
    assert parse_tokens("ａｂ　ｃ") == ["ab", "c"]  # full-width letters and space fold to ASCII
    assert len(parse_tokens("x" * MAX_TOKENS)) == MAX_TOKENS
    for text in ("", "   ", None):
        with pytest.raises(PlaygroundError) as info:
            parse_tokens(text)
        assert info.value.key == "seq2seq_bleu_empty"
    with pytest.raises(PlaygroundError) as info:
        parse_tokens("x " * (MAX_TOKENS + 1))
    assert info.value.key == "seq2seq_bleu_too_long" and info.value.params == {"n": MAX_TOKENS + 1, "limit": MAX_TOKENS}


def test_corpus_bleu_mean_is_the_mean_of_sentence_scores():
    preds, labels = [PRED, list("abcd")], [LABEL, list("abcd")]
    assert corpus_bleu_mean(preds, labels, 2) == pytest.approx((bleu(PRED, LABEL, 2).score + 1) / 2)
    with pytest.raises(ValueError):
        corpus_bleu_mean([PRED], [], 2)


# ---------------------------------------------------------------------------------------------------------------
# Typed digits

def test_read_digits_gives_dataset_ids():
    assert read_digits("3141", "reverse") == ([6, 4, 7, 4], [BOS, 4, 7, 4, 6])
    assert read_digits(" 3 1 4 1 ", "sort") == ([6, 4, 7, 4], [BOS, 4, 4, 6, 7])
    assert read_digits("３１", "copy") == ([6, 4], [BOS, 6, 4])  # full-width digits
    assert len(read_digits("9" * MAX_LENGTH, "copy")[0]) == MAX_LENGTH
    ds = load_dataset("reverse")  # the same encoding as the dataset
    text = "".join(TOKEN_VOCAB[i] for i in ds.x_test[0].tolist())
    src, tgt = read_digits(text, "reverse")
    assert src == ds.x_test[0].tolist() and tgt == ds.y_test[0].tolist()


@pytest.mark.parametrize("text, task, key", [("", "reverse", "seq2seq_empty"), ("  ", "sort", "seq2seq_empty"),
                                             ("12a4", "copy", "seq2seq_not_digits"), ("1-2", "copy", "seq2seq_not_digits"),
                                             ("1" * (MAX_LENGTH + 1), "copy", "seq2seq_too_long"),
                                             ("123", "rotate", "seq2seq_bad_task")])
def test_read_digits_errors(text, task, key):
    with pytest.raises(PlaygroundError) as info:
        read_digits(text, task)
    assert info.value.key == key


# ---------------------------------------------------------------------------------------------------------------
# Decoding one pair

class Successor(nn.Module):
    """A decoder wired to known answers: fed BOS it says digit 2 (id 5); fed id i it says i + 1 (after 12: 3).
    `eos_after` makes it say EOS when fed that id instead. The encoder state is passed through untouched."""

    def __init__(self, eos_after: int | None = None, vocab: int = len(TOKEN_VOCAB)):
        super().__init__()
        nxt = torch.arange(1, vocab + 1)  # (V,): id i -> i + 1
        nxt[vocab - 1], nxt[BOS] = 3, 5
        if eos_after is not None:
            nxt[eos_after] = EOS
        self.register_buffer("table", 2.0 * nn.functional.one_hot(nxt, vocab).float())  # (V, V) logits
        self.anchor = nn.Parameter(torch.zeros(1))

    def encode(self, src):
        return src.float().sum(1)  # (B,)

    def decode(self, tgt_in, state):
        return self.table[tgt_in], state  # (B, T, V)


def test_decode_both_on_a_wired_decoder():
    src, tgt = [3, 4, 5, 6, 7], [BOS, 5, 6, 7, 9, 10]
    d = decode_both(Successor(), src, tgt)
    assert d.target == ["2", "3", "4", "6", "7"] and d.source == ["0", "1", "2", "3", "4"]
    # teacher forcing feeds the true previous token: BOS 5 6 7 9 -> 5 6 7 8 10
    np.testing.assert_array_equal(d.forced.inputs, [BOS, 5, 6, 7, 9])
    np.testing.assert_array_equal(d.forced.ids, [5, 6, 7, 8, 10])
    np.testing.assert_array_equal(d.forced.correct, [1, 1, 1, 0, 1])
    # free running feeds its own choice: BOS 5 6 7 8 -> 5 6 7 8 9, and the slip at position 3 carries on
    np.testing.assert_array_equal(d.free.inputs, [BOS, 5, 6, 7, 8])
    np.testing.assert_array_equal(d.free.ids, [5, 6, 7, 8, 9])
    np.testing.assert_array_equal(d.free.correct, [1, 1, 1, 0, 0])
    assert d.free.tokens == ["2", "3", "4", "5", "6"] and d.free.fed[0] == "<bos>"
    assert d.first_divergence == 3 and d.eos_at is None
    assert d.forced.accuracy == 0.8 >= d.free.accuracy == 0.6
    top = math.exp(2) / (math.exp(2) + len(TOKEN_VOCAB) - 1)
    low = 1 / (math.exp(2) + len(TOKEN_VOCAB) - 1)
    np.testing.assert_allclose(d.forced.prob, top, rtol=1e-6)
    np.testing.assert_allclose(d.forced.true_prob, [top, top, top, low, top], rtol=1e-6)
    np.testing.assert_allclose(d.free.true_prob, [top, top, top, low, low], rtol=1e-6)
    same = decode_both(Successor(), src, tgt[1:])  # without the leading BOS: the same
    np.testing.assert_array_equal(same.free.ids, d.free.ids)
    right = decode_both(Successor(), src, [BOS, 5, 6, 7, 8])
    assert right.first_divergence is None and right.free.accuracy == 1.0
    eos = decode_both(Successor(eos_after=6), src, tgt)
    assert eos.eos_at == 2 and eos.free.tokens[2] == "<eos>" and len(eos.free.ids) == 5


def test_decode_both_agrees_with_the_training_modules_greedy_decoder():
    torch.manual_seed(3)
    model = create_model("tiny_seq2seq", src_vocab=13, tgt_vocab=13).train()
    data = load_dataset("sort", seq_len=6, n_test=100)
    x, y = data.x_test[:6], data.y_test[:6]
    with torch.no_grad():
        greedy = TranslateTask(data, "cross_entropy").predict(model, x)  # (6, 6), re-reads the prefix each step
        forced = model(x, y[:, :-1]).argmax(-1)  # (6, 6)
    assert model.training  # decode_both and evaluate_batch restore the mode
    for i in range(len(x)):
        d = decode_both(model, x[i].tolist(), y[i].tolist())
        np.testing.assert_array_equal(d.free.ids, greedy[i].numpy())
        np.testing.assert_array_equal(d.forced.ids, forced[i].numpy())
    s = evaluate_batch(model, x, y)
    assert model.training
    assert s.free_accuracy == pytest.approx((greedy == y[:, 1:]).float().mean().item())
    assert s.forced_accuracy == pytest.approx((forced == y[:, 1:]).float().mean().item())
    assert s.bleu_k == 4


def test_decode_both_refuses_other_models():
    with pytest.raises(PlaygroundError) as info:
        decode_both(nn.Linear(2, 2), [3], [BOS, 3])
    assert info.value.key == "seq2seq_not_seq2seq"


# ---------------------------------------------------------------------------------------------------------------
# Loss and lab

def test_masked_cross_entropy_ignores_padding():
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 5, 13, generator=g, requires_grad=True)
    target = torch.randint(3, 13, (3, 5), generator=g)
    target[0, 3:] = PAD
    target[2, 1:] = PAD
    loss = masked_cross_entropy(logits, target)
    keep = target != PAD
    assert loss.item() == pytest.approx(nn.functional.cross_entropy(logits[keep], target[keep]).item(), rel=1e-6)
    loss.backward()
    assert (logits.grad[~keep] == 0).all() and (logits.grad[keep] != 0).any()


def _lab(**kw) -> Seq2seqLab:
    return Seq2seqLab(Seq2seqSpec(**({"task": "copy", "length": 4, "batch_size": 16} | kw)))


def _same(a, b) -> bool:
    return all(np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True) for x, y in zip(a, b))


def test_lab_history_is_seeded_reproducible_and_copies_carry_on_identically():
    a, b = _lab(teacher_forcing=0.5, seed=4), _lab(teacher_forcing=0.5, seed=4)
    a.step(30)
    b.step(30)
    ha, hb = a.history.to_dict(), b.history.to_dict()
    assert ha["steps"] == [0, 25, 30] and _same(ha.values(), hb.values())
    assert math.isnan(ha["train_loss"][0]) and ha["train_loss"][-1] < ha["loss"][0]
    c, p = copy.deepcopy(a), pickle.loads(pickle.dumps(a))
    for lab in (a, c, p):
        lab.step(5)
    assert _same(a.history.to_dict().values(), c.history.to_dict().values())
    assert _same(a.history.to_dict().values(), p.history.to_dict().values())
    assert _lab(teacher_forcing=0.5, seed=5).history.loss[0] != ha["loss"][0]  # another seed, other weights
    assert len(Seq2seqLab.__getstate__(a)) < len(a.__dict__)  # the training split is not in the copy


@pytest.mark.parametrize("ratio", [0.0, 0.5, 1.0])
def test_scheduled_sampling_feeds_the_true_or_the_own_previous_token(ratio):
    lab = _lab(teacher_forcing=ratio, batch_size=64)
    calls = []
    decode = lab.model.decode

    def spy(tgt_in, state):
        logits, state = decode(tgt_in, state)
        if lab.model.training:
            calls.append((tgt_in.clone(), logits.detach().argmax(-1)))
        return logits, state

    lab.model.decode = spy
    idx = torch.randint(len(lab.x_train), (64,), generator=torch.Generator().manual_seed(0))
    y = lab.y_train[idx]  # the batch the lab's first step draws (its batch generator is seeded with 2 * seed)
    lab.step(1)
    if ratio == 1.0:
        assert len(calls) == 1 and torch.equal(calls[0][0], y[:, :-1])  # one pass over the true tokens
        return
    assert len(calls) == 4 and all(c[0].shape == (64, 1) for c in calls)
    assert (calls[0][0] == BOS).all()
    fed = torch.cat([c[0] for c in calls[1:]], dim=1)  # (B, 3) inputs of steps 1..3
    own = torch.cat([c[1] for c in calls[:-1]], dim=1)  # (B, 3) argmax of steps 0..2
    true = y[:, 1:-1]  # (B, 3)
    assert ((fed == own) | (fed == true)).all()
    if ratio == 0.0:
        assert torch.equal(fed, own)
    else:  # about half true, half own, where the two differ
        differ = own != true
        share = (fed[differ] == true[differ]).float().mean().item()
        assert differ.sum() > 50 and 0.3 < share < 0.7


def test_lab_scores_are_consistent():
    lab = _lab(teacher_forcing=0.0)
    h = lab.step(10).to_dict()
    for key in ("forced_accuracy", "free_accuracy", "free_sequence_accuracy", "forced_sequence_accuracy", "bleu"):
        assert all(0 <= v <= 1 for v in h[key])
    assert all(s <= a for s, a in zip(h["free_sequence_accuracy"], h["free_accuracy"]))
    assert lab.bleu_k == 4 and _lab(length=2).bleu_k == 2
    src, tgt = lab.test_pair(3)
    assert src == lab.x_test[3].tolist() and tgt[0] == BOS and tgt[1:] == src  # the copy task


BAD_SPECS = [("task", "rotate", "seq2seq_bad_task"), ("length", 1, "seq2seq_bad_length"), ("length", 17, "seq2seq_bad_length"),
             ("length", 4.5, "seq2seq_bad_length"), ("teacher_forcing", 1.1, "seq2seq_bad_teacher_forcing"),
             ("teacher_forcing", -0.1, "seq2seq_bad_teacher_forcing"), ("teacher_forcing", math.nan,
                                                                     "seq2seq_bad_teacher_forcing"),
             ("lr", 0, "seq2seq_bad_lr"), ("lr", 0.5, "seq2seq_bad_lr"), ("lr", "fast", "seq2seq_bad_lr"),
             ("batch_size", 0, "seq2seq_bad_batch_size"), ("batch_size", 513, "seq2seq_bad_batch_size"),
             ("batch_size", True, "seq2seq_bad_batch_size"), ("seed", -1, "seq2seq_bad_seed"), ("seed", 1.5, "seq2seq_bad_seed")]


@pytest.mark.parametrize("name, value, key", BAD_SPECS)
def test_spec_validation(name, value, key):
    with pytest.raises(PlaygroundError) as info:
        Seq2seqSpec(**{name: value}).validate()
    assert info.value.key == key


def test_valid_spec_is_cleaned_and_steps_are_capped():
    spec = Seq2seqSpec(task="sort", length=4.0, teacher_forcing=0, lr="0.01", batch_size=8.0, seed=2.0).validate()
    assert (spec.length, spec.teacher_forcing, spec.lr, spec.batch_size, spec.seed) == (4, 0.0, 0.01, 8, 2)
    assert type(spec.length) is int and type(spec.teacher_forcing) is float
    lab = _lab()
    for n in (0, -1, 2.5, "many", MAX_STEPS + 1):
        with pytest.raises(PlaygroundError) as info:
            lab.step(n)
        assert info.value.key == "seq2seq_bad_steps"
    lab.steps = MAX_STEPS - 1
    with pytest.raises(PlaygroundError) as info:
        lab.step(2)
    assert info.value.key == "seq2seq_step_limit" and info.value.params == {"done": MAX_STEPS - 1, "limit": MAX_STEPS}


def test_messages_cover_every_key_with_matching_placeholders():
    sources = "".join(open(m.__file__, encoding="utf-8").read() for m in (bleu_module, tasks, decoding, lab_module))
    raised = set(re.findall(r'PlaygroundError\("(seq2seq_\w+)"', sources))
    assert raised and raised <= set(seq2seq_text.TEXT)
    for key in raised:
        en, zh = seq2seq_text.TEXT[key]
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", zh)), key
        assert not re.search(r"<\w", en + zh), key


# ---------------------------------------------------------------------------------------------------------------
# Figures

def _labels(*keys) -> dict:
    return {k: f"L_{k}" for k in keys}


def test_plot_decoding_shows_tokens_right_and_wrong_and_the_divergence():
    d = decode_both(Successor(), [3, 4, 5, 6, 7], [BOS, 5, 6, 7, 9, 10])
    labels = _labels("source", "target", "forced", "free", "position", "fed", "chosen", "true_token", "right",
                     "wrong", "first_divergence")
    fig = plot_decoding(d, labels)
    heat = fig.data[0]
    z = np.asarray(heat.z)
    assert z.shape == (3, 5)
    np.testing.assert_array_equal(z[1] == 1, d.forced.correct)  # 1: right, 2: wrong
    np.testing.assert_array_equal(z[2] == 2, ~d.free.correct)
    text = np.asarray(heat.text)
    assert list(text[0]) == d.target and text[2, 4] == "6 ✗" and text[2, 0] == "2"
    assert "‹bos›" in heat.customdata[2][0] and "<bos>" not in str(heat.customdata)
    rect = fig.layout.shapes[0]
    assert (rect.x0, rect.x1, rect.y0, rect.y1) == (2.5, 3.5, 1.5, 2.5)
    shown = fig.to_json()
    assert all(v in shown for v in labels.values())
    assert len(CELL_COLORS) == 3
    assert not plot_decoding(decode_both(Successor(), [3], [BOS, 5]), labels).layout.shapes


def test_plot_bleu_draws_the_precisions_weights_and_penalty():
    labels = _labels("ngram", "precision", "factor", "weight", "brevity", "score", "undefined", "too_short")
    fig = plot_bleu(bleu(PRED, LABEL, 4), labels)
    np.testing.assert_allclose(fig.data[0].y, [0.8, 0.75, 1 / 3, 0], rtol=1e-6)
    np.testing.assert_allclose(fig.data[1].y, [0.8 ** 0.5, 0.75 ** 0.25, (1 / 3) ** 0.125, 0], rtol=1e-6)
    assert list(fig.data[0].text) == ["4/5", "3/4", "1/3", "0/2"]
    assert "0.819" in fig.layout.title.text and "L_too_short" not in fig.layout.title.text
    assert [a.text for a in fig.layout.annotations] == [f"L_weight 1/{2 ** n}" for n in range(1, 5)]
    short = plot_bleu(bleu(["a", "b"], ["a", "b", "c"], 4), labels)
    assert "L_too_short" in short.layout.title.text
    assert sum(a.text == "L_undefined" for a in short.layout.annotations) == 2
    assert np.isnan(np.asarray(short.data[0].y, dtype=float)[2:]).all()


def test_plot_seq2seq_curves_draws_every_series():
    lab = _lab(teacher_forcing=0.5)
    lab.step(3)
    keys = ("forced_accuracy", "free_accuracy", "free_sequence_accuracy", "bleu", "train_loss", "loss")
    labels = _labels(*keys, "accuracy", "loss_title", "step")
    fig = plot_seq2seq_curves(lab.history, labels)
    assert [t.name for t in fig.data] == [labels[k] for k in keys]
    for trace, key in zip(fig.data, keys):
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float), getattr(lab.history, key), rtol=1e-6)
    assert fig.data[1].fill == "tonexty"  # the gap between teacher-forced and free-running accuracy
    assert plot_seq2seq_curves(lab.history.to_dict(), labels).to_json() == fig.to_json()
    shown = fig.to_json()
    assert all(v in shown for v in labels.values())
