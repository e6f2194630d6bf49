"""Figures for the positional encoding lab: the sinusoidal table, its waves and similarity, the shift matrix at work,
and four schemes side by side. Pure: arrays and labels in, a new figure out. Panels are laid out with axis domains
(no make_subplots, which alone takes about 30 ms); heatmaps get float32 arrays and no per-cell text."""
from __future__ import annotations

import textwrap
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import SIGNED, UNSIGNED
from playground.figures.palette import COLORWAY
from playground.figures.panels import title_at
from playground.figures.theme import base_layout, series_style

SHIFT_WINDOW = 64  # positions drawn in the right panel of plot_shift: fast waves stay readable
MAX_CELLS = 256  # heatmaps keep at most this many rows and columns (every s-th one beyond)
SHIFT_BLOCK = 64  # plot_shift draws this leading block of M_k: the rest repeats the pattern, slower


def _peak(z: np.ndarray) -> float:
    """Largest finite |z|, for a colour range centred at 0."""
    finite = np.abs(z[np.isfinite(z)])
    return max(float(finite.max()), 1e-12) if finite.size else 1.0


def _thin(z: np.ndarray) -> dict:
    """z with every s-th row and column kept when a side exceeds MAX_CELLS, placed at its true coordinates: a
    figure a few hundred pixels high cannot show more, and a 512 x 512 lab would otherwise send ~9 MB."""
    z = np.asarray(z, dtype=np.float32)
    s = max(1, -(-max(z.shape) // MAX_CELLS))
    return dict(z=z[::s, ::s], x0=0, dx=s, y0=0, dy=s)


def _signed_heatmap(z: np.ndarray, hover: str, peak: float | None = None, **extra) -> dict:
    """A heatmap trace dict on a diverging scale, -peak..peak (default: the largest |z|), thinned to MAX_CELLS a
    side; float32 halves the JSON."""
    z = np.asarray(z, dtype=np.float32)
    peak = peak or _peak(z)
    return dict(type="heatmap", **_thin(z), colorscale=SIGNED, zmid=0, zmin=-peak, zmax=peak, hovertemplate=hover,
                **extra)



def plot_pe_matrix(table: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """The table (length, d_model) as one heatmap: position down, dimension across, -1..1 centred at 0.

    labels: position, dimension, value.
    """
    hover = labels["position"] + " %{y}, " + labels["dimension"] + " %{x}: %{z:.3f}<extra></extra>"
    trace = _signed_heatmap(table, hover, peak=1.0, colorbar=dict(thickness=10, title=dict(text=labels["value"])))
    layout = base_layout(height=420, xaxis=dict(title=dict(text=labels["dimension"]), showgrid=False),
                         yaxis=dict(title=dict(text=labels["position"]), autorange="reversed", showgrid=False))
    return go.Figure(dict(data=[trace], layout=layout))


def plot_pe_waves(table: np.ndarray, dims: Sequence[int], labels: dict[str, str]) -> go.Figure:
    """One line per chosen dimension of the table (length, d_model) over positions; even dims are sines, odd
    cosines. labels: dim, sin, cos, position, value."""
    table = np.asarray(table, dtype=np.float32)
    pos = np.arange(len(table), dtype=np.float32)
    data = [dict(type="scatter", x=pos, y=table[:, d], mode="lines", line=dict(width=1.6, **series_style(i, len(dims))),
                 name=f"{labels['dim']} {d} ({labels['cos'] if d % 2 else labels['sin']})") for i, d in enumerate(dims)]
    layout = base_layout(height=340, legend=dict(orientation="h", y=-0.2, x=0.5, xanchor="center"),
                         xaxis=dict(title=dict(text=labels["position"]), showgrid=False),
                         yaxis=dict(title=dict(text=labels["value"]), range=[-1.05, 1.05], gridcolor="#e5e7eb"))
    return go.Figure(dict(data=data, layout=layout))


def plot_similarity(sim: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """PE PE^T (length, length) as a heatmap centred at 0; both axes are positions. labels: position, similarity."""
    hover = labels["position"] + " %{y} · %{x}: %{z:.2f}<extra></extra>"
    trace = _signed_heatmap(sim, hover, colorbar=dict(thickness=10, title=dict(text=labels["similarity"])))
    axis = dict(title=dict(text=labels["position"]), showgrid=False)
    layout = base_layout(height=440, xaxis=axis, yaxis=dict(axis, autorange="reversed", scaleanchor="x"))
    return go.Figure(dict(data=[trace], layout=layout))


def plot_shift(table: np.ndarray, k: int, matrix: np.ndarray, check: dict, labels: dict[str, str],
               pairs: Sequence[int] | None = None) -> go.Figure:
    """Left: the shift matrix M_k (d, d). Right: for a few (sin, cos) pairs, PE(pos + k) as lines and M_k PE(pos)
    as markers over the first SHIFT_WINDOW positions; the title gives check's float64 and float32 errors.

    table (length, d); check: shift_check's dict; pairs: pair indices i (dims 2i, 2i+1), by default a fast, a
    middle and a slow one. labels: matrix, shifted, rotated, error, dim, position.
    """
    table = np.asarray(table, dtype=np.float64)
    length, d = table.shape
    if pairs is None:
        pairs = sorted({0, d // 16, d // 8})  # frequencies 1, 10000^(-1/8), 10000^(-1/4): periods 6, 20, 63
    n = max(0, min(length - k, SHIFT_WINDOW))
    pos = np.arange(n)
    rotated = table[:n] @ np.asarray(matrix, dtype=np.float64).T  # (n, d): row p is M_k PE(p)
    x = (pos + k).astype(np.float32)  # both curves are drawn at the position they stand for
    hover = labels["matrix"] + " [%{y}, %{x}]: %{z:.3f}<extra></extra>"
    block = np.asarray(matrix)[:SHIFT_BLOCK, :SHIFT_BLOCK]  # 2x2 rotations along the diagonal, one per frequency
    data = [_signed_heatmap(block, hover, peak=1.0, colorbar=dict(thickness=8, x=0.42, xanchor="left"))]
    for c, dim in enumerate(dim for i in pairs for dim in (2 * i, 2 * i + 1)):
        color, name = COLORWAY[c % len(COLORWAY)], f"{labels['dim']} {dim}"
        cos = dim % 2  # sines solid with round markers, cosines dashed with diamonds: a cue beside colour
        data.append(dict(type="scatter", x=x, y=table[k:k + n, dim].astype(np.float32), mode="lines",
                         line=dict(color=color, width=1.5, dash="dash" if cos else "solid"), name=labels["shifted"],
                         legendgroup="shifted",
                         showlegend=c == 0, hovertemplate=name + ": %{y:.4f}<extra>" + labels["shifted"] + "</extra>",
                         xaxis="x2", yaxis="y2"))
        data.append(dict(type="scatter", x=x, y=rotated[:, dim].astype(np.float32), mode="markers",
                         marker=dict(color=color, size=5, symbol="diamond-open" if cos else "circle-open"),
                         name=labels["rotated"],
                         legendgroup="rotated", showlegend=c == 0,
                         hovertemplate=name + ": %{y:.4f}<extra>" + labels["rotated"] + "</extra>",
                         xaxis="x2", yaxis="y2"))
    error = (f"k = {k} · {labels['error']}: float64 {check['error_float64']:.1e}, "
             f"float32 {check['error_float32']:.1e}")
    layout = base_layout(
        height=440, margin=dict(l=50, r=20, t=80, b=80), title=dict(text=error, font=dict(size=13), y=0.95),
        legend=dict(orientation="h", y=-0.22, x=0.76, xanchor="center"),
        xaxis=dict(domain=[0, 0.4], showgrid=False, title=dict(text=labels["dim"])),
        yaxis=dict(autorange="reversed", showgrid=False),
        xaxis2=dict(domain=[0.52, 1], anchor="y2", showgrid=False, title=dict(text=labels["position"])),
        yaxis2=dict(anchor="x2", range=[-1.1, 1.1], gridcolor="#e5e7eb"),
        annotations=[title_at(labels["matrix"] + (f" [0:{SHIFT_BLOCK}, 0:{SHIFT_BLOCK}]" if d > SHIFT_BLOCK else ""),
                            0.2),
                     title_at(labels["shifted"] + " / " + labels["rotated"], 0.76)])
    return go.Figure(dict(data=data, layout=layout))


def plot_schemes(schemes: dict[str, np.ndarray | None], labels: dict[str, str]) -> go.Figure:
    """Four panels, each with its own colour scale: the sinusoidal table and the learned one (length, d), RoPE
    scores and the ALiBi bias (length, length, -inf drawn blank). A missing learned table gets a note instead.

    schemes: compare_schemes' dict. labels: sinusoidal, learned, rope, alibi, no_learned, position, dimension,
    query, key.
    """
    gap, width = 0.07, (1 - 3 * 0.07) / 4
    domains = [[i * (width + gap), i * (width + gap) + width] for i in range(4)]
    at = labels["position"] + " %{y}, " + labels["dimension"] + " %{x}: %{z:.3f}<extra></extra>"
    pair = labels["query"] + " %{y}, " + labels["key"] + " %{x}: %{z:.3f}<extra></extra>"
    alibi = np.asarray(schemes["alibi"], dtype=np.float32)
    alibi = np.where(np.isfinite(alibi), alibi, np.nan)  # -inf (masked) is left blank
    panels = [("sinusoidal", _signed_heatmap(schemes["sinusoidal"], at, peak=1.0)),
              ("learned", None if schemes["learned"] is None else _signed_heatmap(schemes["learned"], at)),
              ("rope", _signed_heatmap(schemes["rope"], pair)),
              ("alibi", dict(type="heatmap", **_thin(alibi), colorscale=UNSIGNED,
                             zmin=min(float(np.nanmin(alibi)), -1e-12), zmax=0, hovertemplate=pair))]
    data, layout = [], base_layout(height=400, margin=dict(l=45, r=45, t=70, b=50))
    annotations = []
    for i, (key, trace) in enumerate(panels):
        n = "" if i == 0 else str(i + 1)
        square = key in ("rope", "alibi")
        layout["xaxis" + n] = dict(domain=domains[i], anchor="y" + n, showgrid=False, zeroline=False,
                                   title=dict(text=labels["key"] if square else labels["dimension"]))
        layout["yaxis" + n] = dict(anchor="x" + n, autorange="reversed", showgrid=False, zeroline=False,
                                   title=dict(text=labels["query"] if square else labels["position"],
                                              standoff=2))
        annotations.append(title_at(labels[key], (domains[i][0] + domains[i][1]) / 2))
        if trace is None:
            layout["xaxis" + n].update(visible=False)
            layout["yaxis" + n].update(visible=False)
            note = "<br>".join(textwrap.wrap(labels["no_learned"], 26))
            annotations.append(dict(text=note, x=annotations[-1]["x"], y=0.5, xref="paper",
                                    yref="paper", showarrow=False, font=dict(size=12, color="#64748b")))
            continue
        trace.update(xaxis="x" + n, yaxis="y" + n,
                     colorbar=dict(thickness=8, x=domains[i][1] + 0.005, xanchor="left", len=0.9))
        data.append(trace)
    layout["annotations"] = annotations
    return go.Figure(dict(data=data, layout=layout))
