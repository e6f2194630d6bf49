"""Concept figures: traces per panel, one colour per function across panels, the legend once, the target marker in
both loss panels, the T = 1 comparison bars only when T != 1, and every documented label reaching the figure."""
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.lessons.activations import compute as fn
from playground.lessons.activations import figures as vz
from playground.lessons.losses import compute as lf
from playground.lessons.losses import figures as lv

KEYS = {
    "plot_activations": ("function", "derivative", "input"),
    "plot_stacking": ("input", "output", "none"),
    "plot_losses": ("regression", "classification", "prediction", "probability", "loss", "target"),
    "plot_softmax": ("class", "logit", "probability", "temperature"),
}
LABELS = {k: f"L_{k}_" for keys in KEYS.values() for k in keys}  # marked, to find them in the figure's JSON


def _figure(function: str, labels: dict[str, str]) -> go.Figure:
    if function == "plot_activations":
        return vz.plot_activations(fn.curves(fn.ACTIVATIONS), labels)
    if function == "plot_stacking":
        return vz.plot_stacking({k: fn.stack_layers(3, None if k == "none" else k) for k in ("none", "relu")}, labels)
    if function == "plot_losses":
        return lv.plot_losses(lf.loss_curves(0.3), 0.3, labels)
    return lv.plot_softmax(lf.softmax([3, 1, -1], 0.5), [3, 1, -1], 0.5, labels)


def _on_right(trace) -> bool:
    return trace.xaxis == "x2" and trace.yaxis == "y2"


def test_activations_two_panels_one_colour_per_function_legend_once():
    curves = fn.curves(fn.ACTIVATIONS, n=101)
    fig = vz.plot_activations(curves, LABELS)
    n = len(fn.ACTIVATIONS)
    assert len(fig.data) == 2 * n
    left, right = fig.data[:n], fig.data[n:]
    assert not any(_on_right(t) for t in left) and all(_on_right(t) for t in right)
    for name, a, b in zip(fn.ACTIVATIONS, left, right):
        x, y, dy = curves[name]
        np.testing.assert_array_equal(a.y, y)
        np.testing.assert_array_equal(b.y, dy)
        assert a.line.color == b.line.color == vz.ACTIVATION_COLORS[name] and a.legendgroup == b.legendgroup == name
        assert a.name == b.name == vz.NAMES[name]
    assert [t.showlegend for t in fig.data] == [True] * n + [False] * n
    assert len({t.line.color for t in left}) == n
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]  # side by side, not overlapping
    assert [a.text for a in fig.layout.annotations] == ["L_function_", "L_derivative_"]


def test_display_names_can_be_overridden():
    fig = vz.plot_activations(fn.curves(["relu"]), dict(LABELS, relu="线性整流"))
    assert fig.data[0].name == "线性整流"


def test_stacking_one_line_per_stack_linear_dashed():
    stacks = {k: fn.stack_layers(2, None if k == "none" else k, n=51) for k in ("none", "relu", "gelu")}
    fig = vz.plot_stacking(stacks, LABELS)
    assert len(fig.data) == 3 and [t.name for t in fig.data] == ["L_none_", "ReLU", "GELU"]
    assert fig.data[0].line.dash == "dash" and fig.data[1].line.dash == "solid"
    np.testing.assert_array_equal(fig.data[2].y, stacks["gelu"][1])
    assert fig.layout.xaxis.title.text == "L_input_" and fig.layout.yaxis.title.text == "L_output_"


def test_losses_two_panels_and_a_target_marker_in_each():
    curves = lf.loss_curves(0.3, n=51)
    fig = lv.plot_losses(curves, 0.3, LABELS)
    assert len(fig.data) == 4 and [t.name for t in fig.data] == ["MSE", "MAE", "CE", "BCE"]
    assert [_on_right(t) for t in fig.data] == [False, False, True, True]
    assert all(t.showlegend for t in fig.data)
    shapes = fig.layout.shapes
    assert len(shapes) == 2 and {s.xref for s in shapes} == {"x", "x2"}
    assert all(s.x0 == s.x1 == 0.3 and (s.y0, s.y1) == (0, 1) for s in shapes)
    assert tuple(fig.layout.xaxis2.range) == (0, 1)
    texts = [a.text for a in fig.layout.annotations]
    assert texts[:2] == ["L_regression_", "L_classification_"] and texts.count("L_target_ = 0.3") == 2


def test_losses_draw_a_subset():
    curves = {k: v for k, v in lf.loss_curves(1.0).items() if k in ("mse", "bce")}
    fig = lv.plot_losses(curves, 1.0, LABELS)
    assert [(t.name, _on_right(t)) for t in fig.data] == [("MSE", False), ("BCE", True)]


@pytest.mark.parametrize("t", [0.5, 2.0])
def test_softmax_bars_with_the_t1_comparison(t):
    z = [3.0, 1.0, -1.0, 0.0]
    probs = lf.softmax(z, t)
    fig = lv.plot_softmax(probs, z, t, LABELS)
    assert len(fig.data) == 2 and all(isinstance(d, go.Bar) for d in fig.data)
    ref, main = fig.data
    np.testing.assert_allclose(ref.y, lf.softmax(z, 1.0))
    np.testing.assert_allclose(main.y, probs)
    assert ref.marker.opacity < 1 and main.marker.opacity is None  # the comparison is the faint one
    assert ref.name == "L_temperature_ = 1" and main.name == f"L_temperature_ = {t:g}"
    np.testing.assert_array_equal(main.customdata, z)
    assert list(fig.layout.xaxis.ticktext) == [f"L_class_ {i}<br>z = {v:g}" for i, v in enumerate(z)]
    assert fig.layout.barmode == "group" and fig.layout.showlegend


def test_softmax_at_t1_has_no_comparison():
    fig = lv.plot_softmax(lf.softmax([3, 1, -1], 1.0), [3, 1, -1], 1.0, LABELS)
    assert len(fig.data) == 1 and fig.layout.showlegend is False
    np.testing.assert_allclose(np.round(np.asarray(fig.data[0].y) * 100, 1), [86.7, 11.7, 1.6])


@pytest.mark.parametrize("function", KEYS)
def test_every_documented_label_reaches_the_figure_and_is_needed(function):
    text = _figure(function, LABELS).to_json()
    for key in KEYS[function]:
        assert f"L_{key}_" in text, key
        with pytest.raises(KeyError):
            _figure(function, {k: v for k, v in LABELS.items() if k != key})
