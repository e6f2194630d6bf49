"""Beam search: width 1 is greedy decoding exactly (on toy scorers and on the shipped models, against the decoding
view's own greedy decoder), an exhaustive beam finds what brute force over every sequence finds (with and without
<eos> and length normalisation), a constructed case where beam search beats greedy, the recorded sums against the
model's own teacher-forced log-probabilities, the figure, the callback and its messages."""
import itertools
import math

import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.seq2seq import beam_tab
from playground.lessons.seq2seq.beam import MAX_WIDTH, beam_search, beam_view, check_width, greedy_search
from playground.lessons.seq2seq.decoding import decode_both
from playground.lessons.seq2seq.figures import plot_beam
from playground.lessons.seq2seq.subjects import model_for
from playground.lessons.seq2seq.tasks import read_digits

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
START = 9  # the toy scorers' start token (outside their vocabulary)


def toy_step(probs):
    """A scorer from probs(prefix) -> (V,) next-token probabilities, prefix = (START, y1, ..., y_t); the state of
    each hypothesis is its prefix."""
    def step(tokens, state):
        prefixes = [p + (int(t),) for p, t in zip(state, tokens)]
        return np.log(np.array([probs(p) for p in prefixes], dtype=np.float64)), prefixes
    return step


def random_table(seed: int, vocab: int):
    """Next-token probabilities drawn at random for every prefix (the same prefix, the same row)."""
    rng, rows = np.random.default_rng(seed), {}

    def probs(prefix):
        if prefix not in rows:
            rows[prefix] = rng.dirichlet(np.full(vocab, 0.7))
        return rows[prefix]
    return probs


def brute_force(probs, vocab: int, max_len: int, eos, alpha: float = 0.0):
    """Every sequence the search could end on (stopped by eos, or max_len tokens long), scored by hand:
    (best score, its tokens)."""
    best = (-math.inf, ())
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(vocab), repeat=n):
            if eos is not None and eos in seq[:-1]:
                continue  # the search stops at the first eos
            if n < max_len and seq[-1] != eos:
                continue  # unfinished and shorter than max_len: not an end
            total = sum(math.log(probs((START, *seq[:i]))[tok]) for i, tok in enumerate(seq))
            score = total / n ** alpha
            if score > best[0]:
                best = (score, seq)
    return best


def test_beam_finds_the_likelier_sequence_that_greedy_misses():
    """Greedy takes 0 first (p 0.5), then at best 0.35 more: 0.175. Width 2 also keeps 1 (p 0.4), whose next
    token is almost certain: 1 0 has p 0.36, the best of all nine sequences."""
    table = {(START,): [0.5, 0.4, 0.1], (START, 0): [0.35, 0.35, 0.3], (START, 1): [0.9, 0.05, 0.05]}

    def probs(p):
        return table.get(p, [1 / 3] * 3)
    step = toy_step(probs)
    greedy = greedy_search(step, [()], 2, bos=START, eos=None)
    beam = beam_search(step, [()], 2, 2, bos=START, eos=None)
    assert greedy.tokens == (0, 0) and math.exp(greedy.total) == pytest.approx(0.175)
    assert beam.best.tokens == (1, 0) and math.exp(beam.best.total) == pytest.approx(0.36)
    score, tokens = brute_force(probs, 3, 2, None)
    assert tokens == beam.best.tokens and score == pytest.approx(beam.best.total)
    assert beam_search(step, [()], 1, 2, bos=START, eos=None).best.tokens == greedy.tokens


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("eos, alpha", [(None, 0.0), (2, 0.0), (2, 1.0), (2, 0.6)])
def test_an_exhaustive_beam_is_brute_force_and_width_one_is_greedy(seed, eos, alpha):
    vocab, max_len = 3, 4
    probs = random_table(seed, vocab)
    step = toy_step(probs)
    beam = beam_search(step, [()], vocab ** max_len, max_len, bos=START, eos=eos, alpha=alpha)
    score, tokens = brute_force(probs, vocab, max_len, eos, alpha)
    assert beam.best.tokens == tokens and beam.best.score == pytest.approx(score, rel=1e-12)
    greedy = greedy_search(step, [()], max_len, bos=START, eos=eos)
    one = beam_search(step, [()], 1, max_len, bos=START, eos=eos, alpha=alpha)
    assert one.best.tokens == greedy.tokens and one.best.total == greedy.total
    assert one.best.logp == greedy.logp


def test_each_step_keeps_the_best_sums_and_each_sum_adds_its_token():
    step = toy_step(random_table(3, 4))
    beam = beam_search(step, [()], 3, 5, bos=START, eos=3)
    for t, s in enumerate(beam.steps):
        assert len(s.token) <= 3 and list(s.total) == sorted(s.total, reverse=True)
        parents = np.zeros(len(s.token)) if t == 0 else beam.steps[t - 1].total[s.parent]
        np.testing.assert_allclose(s.total, parents + s.logp, rtol=0, atol=1e-12)
        if t:
            assert not beam.steps[t - 1].finished[s.parent].any()  # a finished hypothesis is never extended
    for h in beam.ranked:
        assert h.total == pytest.approx(sum(h.logp)) and len(h.nodes) == len(h.tokens)
        assert h.tokens[-1] == 3 or len(h.tokens) == 5
    assert [h.score for h in beam.ranked] == sorted((h.score for h in beam.ranked), reverse=True)


@pytest.mark.parametrize("task", ["reverse", "sort"])
@pytest.mark.parametrize("digits", ["31415926", "27182818", "90210", "1", "5555511111", "8675309"])
def test_width_one_equals_the_views_greedy_decoding_on_the_shipped_models(task, digits):
    model = model_for(task, "shipped", None)
    src, tgt = read_digits(digits, task)
    view = beam_view(model, src, tgt, 1)
    free = decode_both(model, src, tgt).free
    assert view.beam.best.tokens == tuple(int(i) for i in free.ids) == view.greedy.tokens
    assert view.beam.best.logp == view.greedy.logp
    np.testing.assert_allclose(np.exp(view.greedy.logp), free.prob, rtol=1e-5)  # p of each argmax, both ways


@pytest.mark.parametrize("width", [2, 5, MAX_WIDTH])
def test_the_beams_sums_are_the_models_teacher_forced_log_probabilities(width):
    model = model_for("sort", "shipped", None)
    src, tgt = read_digits("9182736450", "sort")
    view = beam_view(model, src, tgt, width)
    assert len(view.beam.steps) <= len(tgt) - 1 and len(view.beam.steps[0].token) == width
    for h in view.beam.ranked[:3]:
        fed = torch.tensor([[tgt[0], *h.tokens[:-1]]])  # BOS, then the hypothesis itself
        with torch.no_grad():
            logits, _ = model.decode(fed, model.encode(torch.tensor([src])))
        logp = torch.log_softmax(logits[0].double(), -1)[torch.arange(len(h.tokens)), torch.tensor(h.tokens)]
        np.testing.assert_allclose(h.logp, logp.numpy(), atol=1e-5)
    assert view.beam.best.total >= view.beam.ranked[-1].total


@pytest.mark.parametrize("width", [0, MAX_WIDTH + 1, -1, 2.5, "three", None, float("nan")])
def test_a_width_outside_one_to_eight_is_refused(width):
    with pytest.raises(PlaygroundError) as info:
        check_width(width)
    assert info.value.key == "seq2seq_bad_width"


def test_plot_beam_draws_every_kept_hypothesis_and_greedys_row():
    model = model_for("reverse", "shipped", None)
    src, tgt = read_digits("31415926", "reverse")
    view = beam_view(model, src, tgt, 4)
    labels = beam_tab._labels("en")
    fig = plot_beam(view, labels)
    kept = sum(len(s.token) for s in view.beam.steps)
    nodes = next(t for t in fig.data if t.mode == "markers+text" and len(t.x) == kept + 1)  # + the start node
    assert list(nodes.text[1:5]) == [view.text([t])[0] for t in view.beam.steps[0].token]
    greedy_nodes = next(t for t in fig.data if t.mode == "markers+text" and t.marker.symbol == "diamond")
    assert list(greedy_nodes.text) == view.text(view.greedy.tokens)
    assert f"{view.beam.best.total:.3f}".replace("-", "−") in fig.layout.title.text
    assert list(fig.layout.yaxis.ticktext)[-1] == labels["greedy"]


def test_on_beam_writes_the_table_and_says_how_beam_and_greedy_compare():
    text, fig = beam_tab.on_beam("reverse", "shipped", "31415926", 1, None, request=EN)
    assert isinstance(fig, go.Figure) and "same answer as greedy" in text and "6 2 9 5 1 4 1 3" in text
    text_zh, _ = beam_tab.on_beam("reverse", "shipped", "31415926", 3, None, request=ZH)
    assert "正确答案" in text_zh and "束宽为 3" in text_zh
    with pytest.raises(gr.Error, match="beam width"):
        beam_tab.on_beam("reverse", "shipped", "314", 9, None, request=EN)
    with pytest.raises(gr.Error, match="0–9"):
        beam_tab.on_beam("reverse", "shipped", "3a4", 2, None, request=EN)


def test_the_beam_scene_says_what_the_view_shows():
    from playground.i18n import EN as TEXT_EN
    from playground.ui.scenes import scene
    values = scene("beam_search").values
    model = model_for(values["seq2seq_task"], values["seq2seq_model"], None)
    src, tgt = read_digits(values["seq2seq_digits"], values["seq2seq_task"])
    view = beam_view(model, src, tgt, int(values["beam_width"]))
    best, greedy = view.beam.best, view.greedy
    assert len(src) == 10 and best.tokens[:5] == greedy.tokens[:5] and best.tokens[5] != greedy.tokens[5]
    assert best.tokens != tuple(tgt[1:]) and greedy.tokens != tuple(tgt[1:])  # both wrong
    note = TEXT_EN["scene_beam_search_note"]
    assert f"p = {math.exp(greedy.total):.3f}" in note and f"p = {math.exp(best.total):.3f}" in note
    assert f"{math.exp(best.total - greedy.total):.1f} times" in note
