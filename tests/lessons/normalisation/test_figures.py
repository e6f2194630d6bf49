"""Figures for normalisation and backpropagation: the tile grid marks exactly the shared elements, the histograms
count every value and put the group means where normalising sends them, the network graph carries every forward
value and gradient, and every word comes from labels."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.lessons.backprop import compute as bp
from playground.lessons.backprop.figures import plot_backprop
from playground.lessons.normalisation import compute as nm
from playground.lessons.normalisation.figures import plot_norm_axes, plot_norm_histograms

KEYS = ("batch layer sample channel token feature shared other per_statistic before after value count mean std "
        "input hidden output loss forward backward step autograd").split()
LABELS = {k: f"<{k}>" for k in KEYS}  # marked, so a test can see which label reached the figure


def _text(fig: go.Figure) -> str:
    """Every string in the figure, with the HTML escapes of to_json undone."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


@pytest.mark.parametrize("kind,count", [("batch", 8 * 8 * 8), ("layer", 4 * 8 * 8)])
def test_image_tiles_mark_the_shared_elements(kind, count):
    fig = plot_norm_axes("image", kind, (8, 4, 8, 8), LABELS)
    heat = fig.data[0]
    assert isinstance(heat, go.Heatmap) and len(fig.data) == 3  # the grid and two legend entries
    z = np.asarray(heat.z, dtype=float)
    assert z.shape == (8 * 9 - 1, 4 * 9 - 1)  # (B (H + 1) - 1, C (W + 1) - 1): one-cell gaps between tiles
    assert np.nansum(z) == count and np.isnan(z).sum() == z.size - 8 * 4 * 8 * 8
    if kind == "batch":
        assert np.nansum(z[:, :8]) == count  # the first channel column of tiles, in every sample row
    else:
        assert np.nansum(z[:8]) == count  # the first sample row, across every channel
    assert [d.name for d in fig.data[1:]] == ["<shared>", "<other>"]
    assert fig.layout.title.text == f"<{kind}> · <per_statistic>: {'B·H·W' if kind == 'batch' else 'C·H·W'} = {count}"
    assert fig.layout.xaxis.title.text == "<channel>" and fig.layout.yaxis.title.text == "<sample>"
    assert list(fig.layout.xaxis.ticktext) == ["0", "1", "2", "3"]
    assert list(fig.layout.xaxis.tickvals) == [3.5, 12.5, 21.5, 30.5]  # tile centres


@pytest.mark.parametrize("kind,count", [("batch", 3 * 5), ("layer", 7)])
def test_sequence_tiles_stack_samples(kind, count):
    fig = plot_norm_axes("sequence", kind, (3, 5, 7), LABELS)
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (3 * 6 - 1, 7)  # a (T, D) tile per sample, stacked
    assert np.nansum(z) == count
    rows, cols = np.nonzero(z == 1)
    if kind == "batch":
        assert set(cols) == {0}  # feature 0 in every token of every sample
    else:
        assert set(rows) == {0}  # the first token of the first sample
    assert fig.layout.xaxis.title.text == "<feature>" and "<token>" in fig.layout.yaxis.title.text


def test_many_ticks_are_thinned_and_bad_values_raise():
    fig = plot_norm_axes("image", "layer", (64, 64, 1, 1), LABELS)
    assert len(fig.layout.xaxis.tickvals) <= 16
    with pytest.raises(nm.PlaygroundError):
        plot_norm_axes("image", "group", (2, 2, 2, 2), LABELS)
    with pytest.raises(nm.PlaygroundError):
        plot_norm_axes("image", "batch", (2, 2, 2), LABELS)


def test_histograms_count_every_value_before_and_after():
    x = nm.make_tensor("image", (8, 4, 8, 8))
    y = nm.normalise(x, "batch", "image")["y"]
    fig = plot_norm_histograms(x, y, LABELS)
    assert [type(d) for d in fig.data] == [go.Bar, go.Bar]
    assert [int(np.sum(d.y)) for d in fig.data] == [x.numel(), x.numel()]
    assert fig.data[1].xaxis == "x2" and fig.layout.xaxis2.domain[0] > fig.layout.xaxis.domain[1]  # side by side
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("<before><br><mean> ") and titles[1] == "<after><br><mean> 0.00<br><std> 1.00"
    assert fig.layout.yaxis.title.text == "<count>" and fig.layout.xaxis.title.text == "<value>"


@pytest.mark.parametrize("layout,kind,shape,per,groups", [("image", "batch", (8, 4, 8, 8), "channel", 4),
                                                          ("image", "layer", (8, 4, 8, 8), "sample", 8),
                                                          ("sequence", "batch", (4, 6, 5), "feature", 5),
                                                          ("sequence", "layer", (4, 6, 5), "token", 24)])
def test_group_means_spread_before_and_sit_at_beta_after(layout, kind, shape, per, groups):
    x = nm.make_tensor(layout, shape)
    y = nm.normalise(x, kind, layout, beta=0.5)["y"]
    fig = plot_norm_histograms(x, y, LABELS, per=per)
    rugs = [d for d in fig.data if isinstance(d, go.Scatter)]
    assert len(rugs) == 2 and all(len(r.x) == groups for r in rugs)
    assert np.ptp(rugs[0].x) > 0.5  # before: the groups sit apart
    np.testing.assert_allclose(rugs[1].x, 0.5, atol=1e-5)  # after: each group's mean is beta
    assert rugs[0].name == f"<mean> (<{per}>)" and rugs[0].showlegend and not rugs[1].showlegend


def test_histograms_reject_a_mismatched_grouping():
    x = nm.make_tensor("sequence", (2, 3, 4))
    with pytest.raises(ValueError):
        plot_norm_histograms(x, x, LABELS, per="channel")  # channels belong to images
    with pytest.raises(ValueError):
        plot_norm_histograms(x, x[:1], LABELS)


def test_backprop_graph_carries_values_and_gradients():
    r = bp.backprop([1.0, -2.0], 0.5, seed=0)
    fig = plot_backprop(r, LABELS)
    nodes = fig.data[0]
    assert list(nodes.text) == ["x₁", "x₂", "h₁", "h₂", "ŷ", "L"]
    assert len(fig.layout.shapes) == 7  # 4 + 2 weighted edges and the edge to the loss
    notes = " ".join(a.text for a in fig.layout.annotations)

    def num(v):
        return f"{v:.4g}".replace("-", "−")
    for k in ("w1", "w2"):
        for row_w, row_g in zip(r["weights"][k], r["grads"][k]):
            for w, g in zip(row_w, row_g):
                assert f"w = {num(w)}" in notes and f"∂L/∂w = {num(g)}" in notes
    for i in range(2):
        assert f"a = σ(z) = {num(r['a1'][i])}" in notes and f"∂L/∂z = {num(r['grads']['z1'][i])}" in notes
        assert f"∂L/∂b = {num(r['grads']['b1'][i])}" in notes
    assert f"∂L/∂ŷ = {num(r['grads']['yhat'])}" in notes and num(r["loss"]) in notes
    for key in ("input", "hidden", "output", "loss"):
        assert f"<b><{key}></b>" in notes
    assert [d.name for d in fig.data[1:]] == ["<forward>", "<backward>"]
    title = fig.layout.title.text
    assert title.startswith(f"<loss> {num(r['loss'])} → {num(r['after'])} (<step>, lr = 0.5) · <autograd>: ")


def test_edges_follow_the_sign_and_size_of_their_weights():
    weights = dict(w1=[[1.0, -0.5], [0.0, 2.0]], b1=[0.0, 0.0], w2=[[-1.0, 0.25]], b2=[0.0])
    fig = plot_backprop(bp.backprop([1.0, 1.0], 0.0, weights=weights), LABELS)
    lines = fig.layout.shapes[:6]
    signs = [s.line.color == "#2563eb" for s in lines]
    assert signs == [True, False, True, True, False, True]  # w1 row by row, then w2
    assert lines[3].line.width > lines[0].line.width > lines[1].line.width


def test_every_label_reaches_a_figure():
    x = nm.make_tensor("image", (2, 3, 4, 4))
    figs = [plot_norm_axes("image", "batch", (2, 3, 4, 4), LABELS), plot_norm_axes("sequence", "layer", (2, 3, 4),
                                                                                   LABELS),
            plot_norm_histograms(x, nm.normalise(x, "batch", "image")["y"], LABELS, per="channel"),
            plot_backprop(bp.backprop([1.0, 2.0], 0.0), LABELS)]
    text = " ".join(_text(f) for f in figs)
    used = {k for k in KEYS if f"<{k}>" in text}
    assert used == set(KEYS)
