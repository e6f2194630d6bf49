"""Attention figures: one tiled heatmap for the overview, numeric token axes (repeated tokens stay apart), masked
cells marked, the step-by-step panels carry the numbers, and the mask lab has a mask and weights per mask."""
import numpy as np
import plotly.graph_objects as go

from playground.core.train.shipped import shared_pretrained
from playground.lessons.attention import compute as am
from playground.lessons.attention.figures import (
    plot_attention_head,
    plot_attention_overview,
    plot_attention_steps,
    plot_mask_lab,
)

LABELS = {k: k for k in ("head", "weight", "query", "key", "masked", "q", "k", "v", "qk", "softmax", "out", "dim",
                         "row_sum", "mask", "weights", "bidirectional", "causal", "padding")}
LABELS["scaled"] = "scaled d_k={d_k}"


def _subject():
    t = shared_pretrained("tiny_transformer_reverse")
    return am.subject_from_trained(t.model, t.spec.model, t.data)


def test_overview_is_one_heatmap_with_a_tile_per_module_and_head():
    maps = [("a", np.full((2, 3, 3), 0.5)), ("b", np.full((2, 4, 3), 0.25))]  # tiles of different sizes
    fig = plot_attention_overview(maps, LABELS)
    assert len(fig.data) == 1 and isinstance(fig.data[0], go.Heatmap)
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (4 + 1 + 4, 3 + 1 + 3)  # two rows of (padded) 4x3 tiles, two columns, 1-cell gaps
    assert np.nansum(z) == 2 * 9 * 0.5 + 2 * 12 * 0.25
    assert list(fig.layout.yaxis.ticktext) == ["a", "b"] and list(fig.layout.xaxis.ticktext) == ["head 0", "head 1"]


def test_head_axes_are_numeric_so_repeated_tokens_stay_apart():
    tokens = ["1", "1", "2", "1"]
    mask = np.tril(np.ones((4, 4), bool))
    w = np.where(mask, 1.0, 0.0) / mask.sum(1, keepdims=True)
    fig = plot_attention_head(w, tokens, tokens, LABELS, mask)
    heat = fig.data[0]
    assert list(fig.layout.xaxis.tickvals) == [0, 1, 2, 3] and list(fig.layout.xaxis.ticktext) == tokens
    assert heat.x is None and np.asarray(heat.z).shape == (4, 4)  # positions, not categories
    assert heat.text[0][1] == "" and heat.text[1][0] == "0.50"  # masked cells carry no number
    assert len(fig.data[1].x) == 6  # one mark per masked cell (above the diagonal of 4x4)
    assert "masked" in heat.customdata[0][3] and "1 1 → 0 1" in heat.customdata[1][0]


def test_large_heads_skip_the_numbers():
    w = np.full((40, 40), 1 / 40)
    fig = plot_attention_head(w, [str(i % 10) for i in range(40)], [str(i % 10) for i in range(40)], LABELS)
    assert fig.data[0].texttemplate is None and len(fig.data) == 1


def test_steps_figure_has_eight_panels_with_numbers():
    steps = am.attention_steps(_subject(), "31415", "decoder.0.self_attention", 0)
    fig = plot_attention_steps(steps, LABELS)
    assert len(fig.data) == 8 and all(isinstance(t, go.Heatmap) for t in fig.data)
    masked = fig.data[5]
    assert masked.text[0][1] == "−∞" and np.isnan(np.asarray(masked.z, dtype=float)[0, 1])
    assert masked.texttemplate == "%{text}"  # 6 keys wide: numbers written in
    assert all(fig.data[k].texttemplate is None for k in (0, 1, 2, 7))  # 16 dimensions wide: numbers on hover only
    titles = [a.text for a in fig.layout.annotations]
    assert "scaled d_k=16" in titles[4] and "row_sum 1.000" in titles[6]
    assert fig.layout.xaxis8.domain[1] <= 1 and fig.layout.yaxis8.domain[0] >= 0


def test_mask_lab_figure_has_a_mask_and_weights_for_each_mask():
    lab = am.mask_lab(_subject(), "3141", 0, 1, 2)
    fig = plot_mask_lab(lab, LABELS)
    assert len(fig.data) == 6
    causal = np.asarray(fig.data[1].z)
    assert (causal == np.tril(np.ones((6, 6)))).all()
    padding_weights = np.asarray(fig.data[5].z)
    assert (padding_weights[:, 4:] == 0).all()
