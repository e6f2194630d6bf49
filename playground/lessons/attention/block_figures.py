"""Figures for the inside of a Transformer block: the residual stream step by step, each head then Concat(heads) and
·Wᴼ, and each LayerNorm's mean and variance per token. Pure: arrays and labels in, a new figure out; panels laid out
with axis domains (playground.figures.grid), float32 heatmaps without per-cell text."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import SIGNED, UNSIGNED, grid_layout, token_axis
from playground.figures.palette import COLORWAY
from playground.figures.theme import base_layout, keep_width, text_px


def _peak(z: np.ndarray) -> float:
    """Largest |z| (at least 1e-6): each panel's diverging scale runs -peak..peak, centred on 0."""
    return max(float(np.abs(z).max()) if z.size else 0.0, 1e-6)


def _signed(z: np.ndarray, n: int, hover: str) -> dict:
    """A heatmap on its own diverging scale, on axes x<n>, y<n>."""
    z = np.asarray(z, dtype=np.float32)
    peak = _peak(z)
    suffix = "" if n == 1 else str(n)
    return dict(type="heatmap", z=z, colorscale=SIGNED, zmid=0, zmin=-peak, zmax=peak, showscale=False,
                hovertemplate=hover, xaxis="x" + suffix, yaxis="y" + suffix)


def _dims_axis(n: int, title: str) -> dict:
    return dict(showgrid=False, zeroline=False, range=[-0.5, n - 0.5], title=dict(text=title, standoff=2))


def plot_block_steps(panels: Sequence[tuple[str, np.ndarray]], tokens: Sequence[str],
                     labels: dict[str, str]) -> go.Figure:
    """The residual stream through the block: one heatmap per step (T, n) in a grid of three columns, tokens
    down, dimensions across, each on its own scale centred on 0. panels: (title, matrix). labels: token, dim,
    value."""
    t = len(tokens)
    for title, z in panels:
        if np.ndim(z) != 2 or np.shape(z)[0] != t:
            raise ValueError(f"{title}: expected ({t}, n), got {np.shape(z)}")
    hover = labels["token"] + " %{y}, " + labels["dim"] + " %{x}: %{z:.3f}<extra></extra>"
    cols = 3
    rows = -(-len(panels) // cols)
    layout = base_layout(**grid_layout(rows, cols, [p[0] for p in panels], 60 + 12 * t,
                                       [_dims_axis(np.shape(z)[1], labels["dim"] if i >= len(panels) - cols else "")
                                        for i, (_, z) in enumerate(panels)],
                                       [token_axis(tokens, down=True) for _ in panels], wgap=0.05),
                         margin=dict(l=50, r=15, t=40, b=40))
    layout["annotations"] = [dict(a, font=dict(size=12)) for a in layout["annotations"]]
    # each panel at least as wide as the longest title (bold: a little wider), 3 panels in 90% of the plot area
    keep_width(layout, 65 + cols * (max(text_px(p[0], 13) for p in panels) + 12) / 0.9)
    data = [_signed(z, i + 1, hover) for i, (_, z) in enumerate(panels)]
    return go.Figure(dict(data=data, layout=layout))


def plot_block_heads(weights: np.ndarray, concat: np.ndarray, output: np.ndarray, tokens: Sequence[str],
                     labels: dict[str, str]) -> go.Figure:
    """Each head's attention weights (h, T, T) on 0..1 (rows: queries, columns: keys), then Concat(heads) (T, D)
    with a line between the heads' slices, then Concat·Wᴼ (T, D). labels: head, concat, output, query, key,
    weight, token, dim."""
    weights = np.asarray(weights, dtype=np.float32)
    h, t, _ = weights.shape
    d = np.shape(concat)[1]
    if np.shape(concat) != (t, d) or np.shape(output) != (t, d):
        raise ValueError(f"expected concat and output of shape ({t}, {d})")
    n = h + 2
    cols = 3 if n % 3 == 0 else 2
    titles = [f"{labels['head']} {i}" for i in range(h)] + [labels["concat"], labels["output"]]
    tokens_x = [token_axis(tokens) for _ in range(h)] + [_dims_axis(d, labels["dim"])] * 2
    layout = base_layout(**grid_layout(-(-n // cols), cols, titles, 90 + 14 * t, tokens_x,
                                       [token_axis(tokens, down=True) for _ in range(n)], wgap=0.07),
                         margin=dict(l=50, r=15, t=40, b=40))
    pair = labels["query"] + " %{y} → " + labels["key"] + " %{x}: %{z:.3f}<extra></extra>"
    data = [dict(type="heatmap", z=weights[i], zmin=0, zmax=1, colorscale=UNSIGNED, showscale=i == 0,
                 colorbar=dict(thickness=8, len=0.5, y=1, yanchor="top", title=dict(text=labels["weight"])),
                 hovertemplate=pair, xaxis="x" + ("" if i == 0 else str(i + 1)),
                 yaxis="y" + ("" if i == 0 else str(i + 1)))
            for i in range(h)]
    at = labels["token"] + " %{y}, " + labels["dim"] + " %{x}: %{z:.3f}<extra></extra>"
    data += [_signed(concat, h + 1, at), _signed(output, h + 2, at)]
    d_k = d // h
    layout["shapes"] = [dict(type="line", xref=f"x{h + 1}", yref=f"y{h + 1}", x0=i * d_k - 0.5, x1=i * d_k - 0.5,
                             y0=-0.5, y1=t - 0.5, line=dict(color="#111827", width=2)) for i in range(1, h)]
    return go.Figure(dict(data=data, layout=layout))


def plot_block_norm(stats: dict[str, tuple[np.ndarray, np.ndarray]], tokens: Sequence[str],
                    labels: dict[str, str]) -> go.Figure:
    """Mean (left) and variance (right) of each token's vector where each LayerNorm reads it; the dotted lines
    are what LayerNorm leaves before γ and β: mean 0, variance 1. stats: {"norm1" | "norm2": (mean (T,), var (T,))}.
    labels: norm1, norm2, mean, variance, token."""
    idx = np.arange(len(tokens))
    data = []
    styles = {"norm1": dict(symbol="circle", dash="solid"), "norm2": dict(symbol="diamond", dash="dash")}
    for c, name in enumerate(("norm1", "norm2")):
        if name not in stats:
            continue
        for j, values in enumerate(stats[name]):
            values = np.asarray(values, dtype=np.float32)
            if values.shape != (len(tokens),):
                raise ValueError(f"{name}: expected {len(tokens)} values, got {values.shape}")
            data.append(dict(type="scatter", x=idx, y=values, mode="lines+markers", name=labels[name],
                             legendgroup=name, showlegend=j == 0, xaxis="x" if j == 0 else "x2",
                             yaxis="y" if j == 0 else "y2",
                             line=dict(color=COLORWAY[c], width=1.6, dash=styles[name]["dash"]),
                             marker=dict(size=7, symbol=styles[name]["symbol"]),
                             hovertemplate="%{x}: %{y:.3f}<extra>" + labels[name] + "</extra>"))
    axis = token_axis(tokens)
    reference = [dict(type="line", xref=f"x{s}", yref=f"y{s}", x0=-0.5, x1=len(tokens) - 0.5, y0=level, y1=level,
                      line=dict(color="#6b7280", width=1, dash="dot")) for s, level in (("", 0), ("2", 1))]
    layout = base_layout(
        height=300, margin=dict(l=50, r=15, t=40, b=60), shapes=reference,
        legend=dict(orientation="h", y=-0.25, x=0.5, xanchor="center"),
        xaxis=dict(axis, domain=[0, 0.44]), yaxis=dict(gridcolor="#e5e7eb", zeroline=False),
        xaxis2=dict(axis, domain=[0.56, 1], anchor="y2"), yaxis2=dict(anchor="x2", gridcolor="#e5e7eb", zeroline=False,
                                                                      rangemode="tozero"),
        annotations=[dict(text=f"<b>{labels[k]}</b>", x=x, y=1.0, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                          showarrow=False) for k, x in (("mean", 0.22), ("variance", 0.78))])
    return go.Figure(dict(data=data, layout=layout))
