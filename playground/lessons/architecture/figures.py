"""Figures for the Architecture tab: per-layer parameters and output sizes, and a block diagram of the stages."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import to_rgb
from playground.figures.theme import KIND_COLORS, base_layout, kind_category


def plot_layer_profile(names: Sequence[str], kinds: Sequence[str], params: Sequence[int],
                       outputs: Sequence[int], labels: dict[str, str], log: bool = True) -> go.Figure:
    """Bars: parameters of each layer, coloured by layer type; line: output elements. x is the execution index
    (numeric, so layers with equal names stay apart), with the layer names in the hover text."""
    n = len(names)
    x = np.arange(n)
    cats = [kind_category(k) for k in kinds]
    fig = go.Figure()
    for cat in dict.fromkeys(cats):  # one legend entry per layer type with weights, in order of appearance
        idx = [i for i, c in enumerate(cats) if c == cat]
        if not any(params[i] for i in idx):
            continue
        fig.add_bar(x=x[idx], y=np.asarray(params, dtype=np.float64)[idx], name=labels.get("kind_" + cat, cat),
                    marker_color=KIND_COLORS[cat],
                    width=0.8,  # one layer wide, however sparse this type's layers are
                    customdata=[[names[i], kinds[i]] for i in idx],
                    hovertemplate="%{customdata[0]} (%{customdata[1]})<br>" + labels["params"] + ": %{y:,}"
                                  "<extra></extra>")
    fig.add_scatter(x=x, y=np.asarray(outputs, dtype=np.float64), yaxis="y2", mode="lines+markers",
                    name=labels["outputs"], line=dict(color="#111827", width=1.5), marker=dict(size=4),
                    customdata=list(names),
                    hovertemplate="%{customdata}<br>" + labels["outputs"] + ": %{y:,}<extra></extra>")
    axis_type = "log" if log else "linear"
    fig.update_layout(**base_layout(
        height=460, barmode="overlay", bargap=0.15,
        xaxis=dict(title=labels["layer"], showgrid=False, range=[-1, max(n, 1)]),
        yaxis=dict(title=labels["params"], type=axis_type, gridcolor="#e5e7eb", exponentformat="SI",
                   dtick=1 if log else None),
        yaxis2=dict(title=labels["outputs"], type=axis_type, overlaying="y", side="right", showgrid=False,
                    exponentformat="SI", dtick=1 if log else None),
        legend=dict(orientation="h", y=-0.22, x=0), margin=dict(l=70, r=70, t=40, b=90)))
    return fig


def _tint(color: str, share: float = 0.15) -> str:
    """A pale fill of a box's colour: light colours (the yellow of embeddings) show as an area, not only as a faint
    outline on white."""
    r, g, b = (round(255 - share * (255 - 255 * v)) for v in to_rgb(color))
    return f"rgb({r},{g},{b})"


BOX_PX = 120  # pixels one column of the block diagram needs for its 10 px labels ("[1, 16, 10, 10]")


def plot_block_diagram(stages: Sequence[tuple[str, str, str]], input_shape: str, columns: int = 6,
                       input_label: str = "input") -> go.Figure:
    """Boxes for (name, class name, output shape) in execution order, laid out left to right in rows that
    alternate direction, joined by arrows; the input (`input_label`) comes first."""
    boxes = [(input_label, "", input_shape)] + list(stages)
    n = len(boxes)
    cols = max(1, min(columns, n))
    rows = math.ceil(n / cols)
    w, h, gx, gy = 1.0, 0.62, 0.35, 0.45
    centres = []
    for i in range(n):
        r, c = divmod(i, cols)
        if r % 2:  # snake: odd rows run right to left
            c = cols - 1 - c
        centres.append((c * (w + gx) + w / 2, -r * (h + gy) - h / 2))
    fig = go.Figure()
    for (name, kind, shape), (cx, cy) in zip(boxes, centres):
        color = KIND_COLORS[kind_category(kind)] if kind else "#111827"
        fig.add_shape(type="rect", x0=cx - w / 2, x1=cx + w / 2, y0=cy - h / 2, y1=cy + h / 2,
                      line=dict(color=color, width=2), fillcolor=_tint(color), layer="below")
        short = name if len(name) <= 22 else "…" + name[-21:]
        text = f"<b>{short}</b>" + (f"<br>{kind}" if kind else "") + f"<br>{shape}"
        fig.add_annotation(x=cx, y=cy, text=text, showarrow=False, font=dict(size=10, color="#111827"))
    for (x0, y0), (x1, y1) in zip(centres, centres[1:]):
        if abs(y0 - y1) < 1e-9:  # same row: from the side of one box to the side of the next
            dx = w / 2 if x1 > x0 else -w / 2
            start, end = (x0 + dx, y0), (x1 - dx, y1)
        else:  # down to the next row
            start, end = (x0, y0 - h / 2), (x1, y1 + h / 2)
        fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=1.5, arrowcolor="#6b7280", text="")
    width = cols * (w + gx)
    fig.update_layout(**base_layout(
        height=max(190, 105 * rows + 70), showlegend=False, margin=dict(l=10, r=10, t=40, b=10),
        meta=dict(min_width=cols * BOX_PX + 20),  # narrower, the labels would overlap: the page scrolls it sideways
        xaxis=dict(visible=False, range=[-gx / 2, width - gx / 2]),
        yaxis=dict(visible=False, range=[-rows * (h + gy) + gy / 2, gy / 2])))
    return fig


def plot_message(text: str) -> go.Figure:
    """An empty figure that says why there is nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=14))
    fig.update_layout(**base_layout(height=200, xaxis=dict(visible=False), yaxis=dict(visible=False)))
    return fig
