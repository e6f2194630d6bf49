"""Figures for attention: every layer x head as one tiled heatmap, one head enlarged with token axes, the scaled dot
product step by step with its numbers, and one head under three masks. Pure: arrays in, figure out.

Token axes are numeric (0..T-1) with the tokens as tick labels, so repeated tokens never merge into one category.
Attention weights use a [0, 1] sequential scale; scores and Q, K, V a diverging one centred at 0.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import SIGNED, grid_layout, tile, token_axis
from playground.figures.theme import base_layout

WEIGHTS = "Blues"
MASK_SCALE = [[0, "#1f2937"], [1, "#e0e7ff"]]  # 0 blocked (dark), 1 allowed (light)
MAX_NUMBERS = 16  # cells get their value written in them up to this many tokens a side
MINUS_INF = "−∞"


def _numbers(z: np.ndarray, fmt: str = "{:.2f}") -> list[list[str]]:
    return [[MINUS_INF if v == -np.inf else "" if np.isnan(v) else fmt.format(v) for v in row] for row in z]


def plot_attention_overview(maps: Sequence[tuple[str, np.ndarray]], labels: dict[str, str]) -> go.Figure:
    """[(module label, weights (nh, Tq, Tk))] -> one heatmap: a row of tiles per module, a column per head; tiles
    of different sizes are padded with blanks. Labels: "head", "weight"."""
    n_heads = max(w.shape[0] for _, w in maps)
    tq = max(w.shape[1] for _, w in maps)
    tk = max(w.shape[2] for _, w in maps)
    tiles = np.full((len(maps) * n_heads, tq, tk), np.nan, dtype=np.float32)
    for r, (_, w) in enumerate(maps):
        tiles[r * n_heads:r * n_heads + w.shape[0], :w.shape[1], :w.shape[2]] = w
    gap = max(1, tq // 8)
    z = tile(tiles, cols=n_heads, gap=gap)
    fig = go.Figure(go.Heatmap(z=z, colorscale=WEIGHTS, zmin=0, zmax=1, xgap=0, ygap=0,
                               hovertemplate=labels["weight"] + " %{z:.3f}<extra></extra>",
                               colorbar=dict(thickness=10, title=labels["weight"])))
    fig.update_layout(**base_layout(
        height=min(900, 90 + len(maps) * max(70, min(160, 4 * tq))), margin=dict(l=220, r=20, t=50, b=40),
        xaxis=dict(tickmode="array", tickvals=[c * (tk + gap) + (tk - 1) / 2 for c in range(n_heads)],
                   ticktext=[f"{labels['head']} {c}" for c in range(n_heads)], showgrid=False,
                   zeroline=False),
        yaxis=dict(tickmode="array", tickvals=[r * (tq + gap) + (tq - 1) / 2 for r in range(len(maps))],
                   ticktext=[name for name, _ in maps], autorange="reversed", showgrid=False, zeroline=False,
                   scaleanchor="x", constrain="domain")))
    return fig


def plot_attention_head(weights: np.ndarray, queries: Sequence[str], keys: Sequence[str], labels: dict[str, str],
                        mask: np.ndarray | None = None) -> go.Figure:
    """One head's weights (Tq, Tk): rows are queries, columns keys; masked cells are marked. Labels: "query",
    "key", "weight", "masked"."""
    w = np.asarray(weights, dtype=np.float32)
    tq, tk = w.shape
    # hover: "i token -> j token: weight" (or "masked"); NumPy string arithmetic, as plotly checks lists cell by cell
    pair = np.char.add(np.array([f"{i} {t} → " for i, t in enumerate(queries)])[:, None],
                       np.array([f"{j} {t}: " for j, t in enumerate(keys)])[None, :])  # (Tq, Tk)
    value = np.char.mod("%.3f", w)
    blocked = np.zeros_like(w, dtype=bool) if mask is None else ~np.asarray(mask, dtype=bool)
    hover = np.char.add(pair, np.where(blocked, labels["masked"], value))
    trace = dict(type="heatmap", z=w, colorscale=WEIGHTS, zmin=0, zmax=1, customdata=hover,
                 hovertemplate="%{customdata}<extra></extra>", colorbar=dict(thickness=10, title=labels["weight"]))
    if max(tq, tk) <= MAX_NUMBERS:  # write the numbers in, except where the mask forced a zero
        trace.update(text=np.where(blocked, "", np.char.mod("%.2f", w)), texttemplate="%{text}",
                     textfont=dict(size=10))
    fig = go.Figure(dict(data=[trace]))
    if mask is not None:  # hatch-like marks on the masked cells, so a zero that was forced reads differently
        ii, jj = np.nonzero(~np.asarray(mask, dtype=bool))
        fig.add_trace(go.Scatter(x=jj, y=ii, mode="markers", hoverinfo="skip", showlegend=False,
                                 marker=dict(symbol="x-thin", size=min(14, max(4, 360 // max(tq, tk))),
                                             line=dict(width=1, color="#9ca3af"))))
    side = min(620, max(300, 30 * max(tq, tk)))
    fig.update_layout(**base_layout(height=side + 90, margin=dict(l=70, r=20, t=30, b=60),
                                    xaxis=dict(title=labels["key"], constrain="domain", **token_axis(keys)),
                                    yaxis=dict(title=labels["query"], scaleanchor="x", constrain="domain",
                                               **token_axis(queries, down=True))))
    return fig


def _dims(n: int, name: str) -> dict:
    return dict(tickmode="array", tickvals=list(range(n)), ticktext=[str(i) for i in range(n)] if n <= 16 else None,
                showgrid=False, zeroline=False, title=dict(text=name, font=dict(size=10)))


MAX_WRITTEN_COLUMNS = 10  # a quarter of the figure's width holds ten numbers like "-12.3" side by side


def plot_attention_steps(steps: dict, labels: dict[str, str]) -> go.Figure:
    """Q, K, V, Q·Kᵀ, ÷√d_k, + mask, softmax and ·V of one head, each with its numbers written in (steps as
    returned by attention_maps.attention_steps). Labels: "q", "k", "v", "qk", "scaled", "masked", "softmax",
    "out", "dim", "row_sum"."""
    queries, keys, d_k = steps["queries"], steps["keys"], steps["d_k"]
    panels = [("q", steps["q"], "queries", "dim", False), ("k", steps["k"], "keys", "dim", False),
              ("v", steps["v"], "keys", "dim", False), ("qk", steps["qk"], "queries", "keys", False),
              ("scaled", steps["scaled"], "queries", "keys", False), ("masked", steps["masked"], "queries", "keys",
                                                                      False),
              ("softmax", steps["weights"], "queries", "keys", True), ("out", steps["out"], "queries", "dim", False)]
    fig = go.Figure()
    xs, ys, titles = [], [], []
    for k, (key, z, rows, cols, is_weight) in enumerate(panels):
        z = np.asarray(z, dtype=np.float64)
        suffix = "" if k == 0 else str(k + 1)
        finite = z[np.isfinite(z)]
        peak = float(np.abs(finite).max()) if finite.size else 1.0
        text = _numbers(z, "{:.2f}" if is_weight else "{:.1f}")
        written = z.shape[1] <= MAX_WRITTEN_COLUMNS  # wider panels: numbers on hover only, never overlapping
        if key == "softmax":
            sums = z.sum(axis=1)
            titles.append(f"{labels[key]} ({labels['row_sum']} {sums.min():.3f}…{sums.max():.3f})")
        else:
            titles.append(labels[key].format(d_k=d_k))
        shown = np.where(np.isfinite(z), z, np.nan)
        fig.add_trace(go.Heatmap(z=shown, text=text, texttemplate="%{text}" if written else None, textfont=dict(size=9),
                                 colorscale=WEIGHTS if is_weight else SIGNED, zmin=0 if is_weight else -peak,
                                 zmax=1 if is_weight else peak, showscale=False, hoverinfo="text",
                                 xaxis="x" + suffix, yaxis="y" + suffix))
        tokens_or_dims = {"queries": queries, "keys": keys}
        xs.append(_dims(z.shape[1], labels["dim"]) if cols == "dim" else token_axis(tokens_or_dims[cols]))
        ys.append(token_axis(tokens_or_dims[rows], down=True))
    layout = grid_layout(2, 4, titles, 320, xs, ys)
    fig.update_layout(**base_layout(margin=dict(l=50, r=10, t=40, b=40), **layout))
    return fig


def plot_mask_lab(lab: dict, labels: dict[str, str]) -> go.Figure:
    """One head's scores under each mask: the mask on top (allowed / blocked), the softmax weights below.
    lab as returned by attention_maps.mask_lab. Labels: one per mask name, "mask", "weights"."""
    tokens = lab["tokens"]
    names = [n for n in ("bidirectional", "causal", "padding") if n in lab]
    fig = go.Figure()
    titles = []
    small = len(tokens) <= MAX_NUMBERS
    for k, name in enumerate(names):  # top row: masks
        mask = lab[name][0].astype(np.float32)
        fig.add_trace(go.Heatmap(z=mask, colorscale=MASK_SCALE, zmin=0, zmax=1,
                                 showscale=False, hoverinfo="skip", xaxis="x" + ("" if k == 0 else str(k + 1)),
                                 yaxis="y" + ("" if k == 0 else str(k + 1))))
        titles.append(f"{labels[name]}: {labels['mask']}")
    for k, name in enumerate(names):  # bottom row: weights
        n = len(names) + k + 1
        w = lab[name][1]
        trace = go.Heatmap(z=w, colorscale=WEIGHTS, zmin=0, zmax=1, showscale=False,
                           hovertemplate="%{y} → %{x}: %{z:.3f}<extra></extra>", xaxis=f"x{n}", yaxis=f"y{n}")
        if small:
            trace.update(texttemplate="%{z:.2f}", textfont=dict(size=9))
        fig.add_trace(trace)
        titles.append(f"{labels[name]}: {labels['weights']}")
    layout = grid_layout(2, len(names), titles, 300, [token_axis(tokens)] * len(titles),
                          [token_axis(tokens, down=True)] * len(titles))
    fig.update_layout(**base_layout(margin=dict(l=50, r=10, t=40, b=40), **layout))
    return fig
