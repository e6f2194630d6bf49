"""Figures for recurrent gates: every gate and state as a (unit x time) heatmap, chosen units as lines beside a
target such as the nesting depth, the units ranked by correlation, and the gradient norm reaching back over the
steps. Pure: arrays in, figure out; user text only through `labels`.

Time axes are numeric (0..T-1) with the tokens as tick labels, so repeated tokens never merge into one category.
Sigmoid gates (i, f, o, r, z) share a [0, 1] sequential scale; tanh values (g, n, h) a diverging one on [-1, 1];
the LSTM cell c a diverging one symmetric about 0 at its own peak, as it is unbounded.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import SIGNED, grid_layout, token_axis
from playground.figures.theme import base_layout, series_style

GATE_SCALE = "Blues"  # sigmoid gates, [0, 1]
SIGMOID = ("i", "f", "o", "r", "z")
TANH = ("g", "n", "h")
POSITIVE, NEGATIVE = "#b2182b", "#2166ac"  # the ends of RdBu_r: r > 0 red, r < 0 blue
FLOOR = 1e-30  # a log axis cannot show 0: smaller norms are drawn at this value
MAX_COLUMNS = 3


def _colour_range(name: str, z: np.ndarray) -> dict:
    """Colour scale and range of one gate or state (see the module docstring)."""
    if name in SIGMOID:
        return dict(colorscale=GATE_SCALE, zmin=0.0, zmax=1.0)
    if name in TANH:
        return dict(colorscale=SIGNED, zmin=-1.0, zmax=1.0, zmid=0.0)
    peak = float(np.abs(z).max()) if z.size else 0.0
    peak = peak if np.isfinite(peak) and peak > 0 else 1.0
    return dict(colorscale=SIGNED, zmin=-peak, zmax=peak, zmid=0.0)


def _unit_axis(n: int, title: str) -> dict:
    """Units top to bottom, every one labelled up to 16."""
    ticks = dict(tickmode="array", tickvals=list(range(n)), ticktext=[str(u) for u in range(n)]) if n <= 16 else {}
    return dict(range=[n - 0.5, -0.5], showgrid=False, zeroline=False, title=dict(text=title, font=dict(size=10)),
                **ticks)


COLOUR_BAR_GAP = 0.12  # of the width between panels: a colour bar and its tick labels, clear of the next panel


def plot_gates(gates: dict[str, np.ndarray], tokens: Sequence[str], labels: dict[str, str]) -> go.Figure:
    """gates: name -> (T, H), one heatmap panel per entry in the dict's order (z is (H, T): units down, time
    across), up to 3 columns. Labels: each gate name ("i", "f", "g", "o", "c", "h", "r", "z", "n" as present),
    "time", "unit"."""
    names = list(gates)
    n = len(names)
    cols = min(MAX_COLUMNS, -(-n // -(-n // MAX_COLUMNS)))  # LSTM 6 -> 3 x 2, GRU 4 -> 2 x 2, RNN 1 -> 1
    rows = -(-n // cols)
    t = len(tokens)
    traces, xs, ys = [], [], []
    for k, name in enumerate(names):
        z = np.asarray(gates[name], dtype=np.float32)
        if z.ndim != 2 or z.shape[0] != t:
            raise ValueError(f"{name}: expected (T={t}, H), got {z.shape}")
        r, c = divmod(k, cols)
        suffix = "" if k == 0 else str(k + 1)
        traces.append(dict(type="heatmap", z=np.ascontiguousarray(z.T), xaxis="x" + suffix, yaxis="y" + suffix,
                           **_colour_range(name, z),  # z: (H, T)
                           hovertemplate=f"{labels['time']} %{{x}}, {labels['unit']} %{{y}}: "
                                         f"{name} = %{{z:.3f}}<extra></extra>"))
        xs.append(dict(token_axis(tokens), title=dict(text=labels["time"], font=dict(size=10)) if r == rows - 1
                       else None))
        ys.append(dict(_unit_axis(z.shape[1], labels["unit"] if c == 0 else ""),
                       showticklabels=c == 0))  # the gaps between columns hold the colour bars
    layout = grid_layout(rows, cols, [labels[name] for name in names], 260, xs, ys, wgap=COLOUR_BAR_GAP)
    for k, trace in enumerate(traces):  # a slim colour bar just right of each panel
        suffix = "" if k == 0 else str(k + 1)
        (_, x1), (y0, y1) = layout["xaxis" + suffix]["domain"], layout["yaxis" + suffix]["domain"]
        trace["colorbar"] = dict(thickness=8, len=y1 - y0, x=x1 + 0.005, xanchor="left", y=(y0 + y1) / 2,
                                 yanchor="middle", tickfont=dict(size=9), nticks=3)
    # one constructor call: update_layout on a dozen axes costs several times more
    return go.Figure(dict(data=traces, layout=base_layout(margin=dict(l=50, r=40, t=60, b=40), **layout)))


def plot_units(gates: dict[str, np.ndarray], tokens: Sequence[str], picks: Sequence[tuple[str, int]],
               labels: dict[str, str], target: np.ndarray | None = None) -> go.Figure:
    """One line per (gate, unit) in picks over time (gates: name -> (T, H)); with target (T,), e.g. the depth, a
    step line on a secondary y axis. Labels: "time", and "target" when a target is given."""
    x = np.arange(len(tokens))
    traces = [dict(type="scatter", x=x, y=np.asarray(gates[name], dtype=np.float32)[:, int(unit)],  # (T,)
                   mode="lines", line=series_style(i, len(picks)), name=f"{name} {unit}",
                   hovertemplate=f"{name} {unit}: %{{y:.3f}}<extra></extra>")
              for i, (name, unit) in enumerate(picks)]
    layout = dict(xaxis=dict(title=labels["time"], **token_axis(tokens)), yaxis=dict(zeroline=True),
                  legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"), hovermode="x unified",
                  height=320)
    if target is not None:
        traces.append(dict(type="scatter", x=x, y=np.asarray(target, dtype=np.float32), mode="lines",
                           line=dict(shape="hv", color="#111827", dash="dot"), name=labels["target"], yaxis="y2",
                           hovertemplate=labels["target"] + ": %{y}<extra></extra>"))
        layout["yaxis2"] = dict(title=labels["target"], overlaying="y", side="right", showgrid=False,
                                zeroline=False)
    return go.Figure(dict(data=traces, layout=base_layout(margin=dict(l=50, r=50, t=40, b=50), **layout)))


def plot_unit_ranking(ranking: Sequence[tuple[str, int, float]], labels: dict[str, str]) -> go.Figure:
    """[(gate, unit, r)] best first -> horizontal bars of the signed r, best at the top, red for r > 0 and blue
    for r < 0. Labels: "corr"."""
    names = [f"{g} {u}" for g, u, _ in ranking]
    r = np.array([v for _, _, v in ranking], dtype=np.float32)
    bars = dict(type="bar", x=r, y=names, orientation="h", marker=dict(color=np.where(r >= 0, POSITIVE, NEGATIVE)),
                hovertemplate="%{y}: r = %{x:.3f}<extra></extra>")
    layout = base_layout(height=max(220, 80 + 26 * len(names)), margin=dict(l=60, r=20, t=45, b=50),
                         xaxis=dict(title=labels["corr"], range=[-1.05, 1.05], zeroline=True,
                                    zerolinecolor="#9ca3af"),
                         yaxis=dict(autorange="reversed", type="category"))
    return go.Figure(dict(data=[bars], layout=layout))


def plot_gradient_flow(flows: dict[str, np.ndarray], tokens: Sequence[str], labels: dict[str, str]) -> go.Figure:
    """flows: model name -> (T,) norms of d h_T / d state_t, one line each on a log y axis (values below FLOOR,
    zeros included, drawn at FLOOR). Labels: "norm", "step"."""
    x = np.arange(len(tokens))
    traces = [dict(type="scatter", x=x, y=np.clip(np.nan_to_num(np.asarray(flow, dtype=np.float64), nan=FLOOR),
                                                  FLOOR, None),  # (T,)
                   mode="lines+markers", marker=dict(size=4), line=series_style(i, len(flows)), name=str(name),
                   hovertemplate=f"{name}: %{{y:.2e}}<extra></extra>") for i, (name, flow) in enumerate(flows.items())]
    layout = base_layout(height=340, margin=dict(l=70, r=20, t=50, b=50), hovermode="x unified",
                         legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"),
                         xaxis=dict(title=labels["step"], **token_axis(tokens)),
                         yaxis=dict(title=labels["norm"], type="log", exponentformat="power"))
    return go.Figure(dict(data=traces, layout=layout))
