"""The figure of a curve built from sigmoids: every unit's contribution, the constant, their sum and the target.
Pure: a compute.Parts and labels in, a new figure out; four traces whatever the number of units (the units share
one trace, split by gaps), so a live redraw stays small."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

from .compute import Parts

UNIT, CONSTANT, TOTAL, TARGET = "#94a3b8", OKABE_ITO["vermillion"], OKABE_ITO["blue"], "#000000"
GRID = "#e5e7eb"


def _joined(x: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every unit's curve in one (n * (N + 1),) pair of arrays, NaN between two units (a gap in the line)."""
    n = units.shape[0]
    xs = np.tile(np.append(x, np.nan), n).astype(np.float32)
    ys = np.concatenate([units, np.full((n, 1), np.nan)], axis=1).ravel().astype(np.float32)  # (n, N + 1) -> flat
    return xs, ys


def _y_range(parts: Parts) -> list[float]:
    """The target, the sum, the constant and 0 in view with a margin; a unit beyond them is cut at the edge."""
    values = np.concatenate([parts.target, parts.total, [parts.constant, 0.0]])
    lo, hi = float(values.min()), float(values.max())
    pad = 0.15 * (hi - lo or 1.0)
    return [lo - pad, hi + pad]


def plot_sigmoid_sum(parts: Parts, labels: dict[str, str]) -> go.Figure:
    """The target (dotted), each unit's c_i act(b_i + w_i x) (thin grey), the constant b (dashed) and the sum
    b + sum_i c_i act(b_i + w_i x) (thick blue) over x.

    labels: units, constant, total, target, x, y, title (the title as shown, the step and error filled in).
    """
    x = parts.x
    ux, uy = _joined(x, parts.units)
    x32 = x.astype(np.float32)
    data = [
        dict(type="scatter", x=ux, y=uy, mode="lines", name=labels["units"], line=dict(color=UNIT, width=1),
             hoverinfo="skip", connectgaps=False),
        dict(type="scatter", x=x32[[0, -1]], y=np.float32([parts.constant] * 2), mode="lines",
             name=labels["constant"], line=dict(color=CONSTANT, width=2, dash="dash"), hovertemplate="%{y:.3f}"),
        dict(type="scatter", x=x32, y=parts.target.astype(np.float32), mode="lines", name=labels["target"],
             line=dict(color=TARGET, width=3, dash="dot"), hovertemplate="%{y:.3f}"),
        dict(type="scatter", x=x32, y=parts.total.astype(np.float32), mode="lines", name=labels["total"],
             line=dict(color=TOTAL, width=3), hovertemplate="%{y:.3f}"),
    ]
    layout = base_layout(
        height=440, margin=dict(l=55, r=20, t=40, b=80), hovermode="x unified",
        title=dict(text=labels["title"], x=0.5, y=0.97, font=dict(size=13)),
        legend=dict(orientation="h", y=-0.2, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(title=dict(text=labels["x"]), showgrid=False, zeroline=False),
        yaxis=dict(title=dict(text=labels["y"]), gridcolor=GRID, zeroline=True, zerolinecolor="#cbd5e1",
                   range=_y_range(parts)))
    return go.Figure(dict(data=data, layout=layout))
