"""Gate figures: a panel per gate in the given order, (unit x time) heatmaps on numeric time axes (repeated tokens
stay apart), sigmoid gates on [0, 1], tanh values on [-1, 1], the cell symmetric at its own peak, a secondary axis
for the target, signed bars best first, and a log axis that survives zeros."""
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.core.models.recurrent import GATE_NAMES
from playground.core.train.shipped import shared_pretrained
from playground.lessons.gates import compute as gt
from playground.lessons.gates.figures import FLOOR, plot_gates, plot_gradient_flow, plot_unit_ranking, plot_units

LABELS = {k: f"<{k}>" for k in ("i", "f", "g", "o", "c", "h", "r", "z", "n", "time", "unit", "target", "corr",
                                "norm", "step")}
TOKENS = list("(()(()))")


def _gates(mode: str, t: int = 8, h: int = 5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    out = {}
    for name in GATE_NAMES[mode]:
        z = rng.random((t, h), dtype=np.float32)
        out[name] = z if name in ("i", "f", "o", "r", "z") else 2 * z - 1
    if "c" in out:
        out["c"] = out["c"] * 3
        out["c"][2, 1] = -4.5  # the peak, negative
    return out


def _axes(fig: go.Figure, prefix: str) -> list:
    return [k for k in fig.layout.to_plotly_json() if k.startswith(prefix)]


@pytest.mark.parametrize("mode,panels,columns", [("lstm", 6, 3), ("gru", 4, 2), ("rnn", 1, 1)])
def test_one_heatmap_panel_per_gate_in_order(mode, panels, columns):
    gates = _gates(mode)
    fig = plot_gates(gates, TOKENS, LABELS)
    assert len(fig.data) == panels and all(isinstance(d, go.Heatmap) for d in fig.data)
    assert len(_axes(fig, "xaxis")) == panels and len(_axes(fig, "yaxis")) == panels
    titles = [a.text for a in fig.layout.annotations]
    assert titles == [f"<b><{n}></b>" for n in GATE_NAMES[mode]]
    for k, (name, heat) in enumerate(zip(GATE_NAMES[mode], fig.data)):
        assert np.asarray(heat.z).shape == (5, 8)  # (H, T): units down, time across
        np.testing.assert_array_equal(np.asarray(heat.z), gates[name].T)
        assert heat.xaxis == ("x" if k == 0 else f"x{k + 1}")
    lefts = sorted({round(fig.layout[a].domain[0], 3) for a in _axes(fig, "xaxis")})
    assert len(lefts) == columns


def test_time_axis_is_numeric_with_repeated_tokens_kept():
    fig = plot_gates(_gates("gru"), TOKENS, LABELS)
    for name in _axes(fig, "xaxis"):
        axis = fig.layout[name]
        assert list(axis.tickvals) == list(range(8)) and list(axis.ticktext) == TOKENS
    assert fig.data[0].x is None  # positions, not categories
    assert list(fig.layout.yaxis.tickvals) == list(range(5))
    assert fig.layout.yaxis.title.text == "<unit>" and fig.layout.xaxis3.title.text == "<time>"


def test_colour_ranges_per_kind_of_value():
    fig = plot_gates(_gates("lstm"), TOKENS, LABELS)
    ranges = {n: (d.zmin, d.zmax) for n, d in zip(GATE_NAMES["lstm"], fig.data)}
    for n in ("i", "f", "o"):
        assert ranges[n] == (0, 1)
    for n in ("g", "h"):
        assert ranges[n] == (-1, 1)
    assert ranges["c"] == pytest.approx((-4.5, 4.5))  # symmetric about 0 at the cell's own peak
    sequential = {fig.data[k].colorscale for k in (0, 1, 3)}
    assert len(sequential) == 1 and fig.data[0].colorscale != fig.data[2].colorscale
    gru = plot_gates(_gates("gru"), TOKENS, LABELS)
    assert [(d.zmin, d.zmax) for d in gru.data] == [(0, 1), (0, 1), (-1, 1), (-1, 1)]


def test_flat_cell_state_still_gets_a_range():
    gates = _gates("lstm")
    gates["c"] = np.zeros_like(gates["c"])
    fig = plot_gates(gates, TOKENS, LABELS)
    assert (fig.data[4].zmin, fig.data[4].zmax) == (-1, 1)


def test_shipped_model_gates_plot_and_serialise():
    t = shared_pretrained("tiny_lstm_brackets")
    r = gt.record_gates(gt.subject_from_trained(t.model, t.spec.model, t.data), "()" * 40)
    fig = plot_gates(r.gates, r.tokens, LABELS)
    assert len(fig.data) == 6 and np.asarray(fig.data[0].z).shape == (16, 80)
    assert '"type":"heatmap"' in fig.to_json()


def test_units_are_lines_with_the_target_on_a_second_axis():
    gates = _gates("lstm")
    depth = gt.depth_profile(TOKENS)
    fig = plot_units(gates, TOKENS, [("c", 1), ("f", 0)], LABELS, target=depth)
    assert [d.name for d in fig.data] == ["c 1", "f 0", "<target>"]
    np.testing.assert_array_equal(np.asarray(fig.data[0].y), gates["c"][:, 1])
    step = fig.data[2]
    assert step.yaxis == "y2" and step.line.shape == "hv"
    np.testing.assert_array_equal(np.asarray(step.y), depth)
    assert fig.layout.yaxis2.overlaying == "y" and fig.layout.yaxis2.side == "right"
    assert fig.layout.yaxis2.title.text == "<target>"
    assert list(fig.layout.xaxis.ticktext) == TOKENS and list(fig.layout.xaxis.tickvals) == list(range(8))
    plain = plot_units(gates, TOKENS, [("h", 2)], LABELS)
    assert len(plain.data) == 1 and "yaxis2" not in plain.layout.to_plotly_json()


def test_ranking_bars_are_signed_best_first():
    ranking = [("c", 2, 0.97), ("f", 3, -0.9), ("h", 0, 0.4)]
    fig = plot_unit_ranking(ranking, LABELS)
    bar = fig.data[0]
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.y) == ["c 2", "f 3", "h 0"] and np.allclose(bar.x, [0.97, -0.9, 0.4])
    assert fig.layout.yaxis.autorange == "reversed"  # the first (best) at the top
    colours = list(bar.marker.color)
    assert colours[0] == colours[2] != colours[1]
    assert fig.layout.xaxis.title.text == "<corr>"


def test_gradient_flow_on_a_log_axis_with_zeros_clipped():
    flows = {"RNN": np.array([0.0, 1e-8, 1e-3, 4.0]), "LSTM": np.array([0.5, 1.0, 2.0, 4.0])}
    tokens = list("(())")
    fig = plot_gradient_flow(flows, tokens, LABELS)
    assert fig.layout.yaxis.type == "log" and [d.name for d in fig.data] == ["RNN", "LSTM"]
    y = np.asarray(fig.data[0].y)
    assert y[0] == FLOOR > 0 and y[1] == 1e-8
    assert list(fig.layout.xaxis.ticktext) == tokens and list(fig.layout.xaxis.tickvals) == [0, 1, 2, 3]
    assert fig.layout.xaxis.title.text == "<step>" and fig.layout.yaxis.title.text == "<norm>"


def test_each_colour_bar_has_its_own_column_clear_of_the_next_panel():
    fig = plot_gates(_gates("lstm"), TOKENS, LABELS)  # 3 columns x 2 rows
    for k, heat in enumerate(fig.data):
        if k % 3 == 2:
            continue  # the last column's bars sit in the right margin
        right_panel = fig.layout["xaxis" + str(k + 2)].domain[0]
        # the bar (8 px) and tick labels such as "-10" (about 25 px) need 0.07 of a 720 px wide figure
        assert right_panel - heat.colorbar.x >= 0.07, (k, heat.colorbar.x, right_panel)
