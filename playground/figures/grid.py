"""Pieces shared by the heatmap figures of several lessons: the two colour scales for signed and non-negative
values, many small maps tiled into one array (one heatmap instead of many subplots), numeric token axes, and a
grid of panels laid out by hand. Pure: plotly dicts and numpy only."""
from __future__ import annotations

from typing import Sequence

import numpy as np

SIGNED, UNSIGNED = "RdBu_r", "Viridis"


def tile(maps: np.ndarray, cols: int, gap: int = 1) -> np.ndarray:
    """(N, h, w) -> one (rows*(h+gap)-gap, cols*(w+gap)-gap) float32 array with NaN between tiles."""
    maps = np.asarray(maps, dtype=np.float32)
    n, h, w = maps.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan, dtype=np.float32)
    for k in range(n):
        r, c = divmod(k, cols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = maps[k]
    return out


def token_axis(tokens: Sequence[str], down: bool = False, max_ticks: int = 64) -> dict:
    """A numeric axis whose ticks read as the tokens (every one up to max_ticks, else every n-th); `down` runs it
    top to bottom, as the rows of a matrix."""
    n = len(tokens)
    step = max(1, -(-n // max_ticks))
    ticks = list(range(0, n, step))
    return dict(tickmode="array", tickvals=ticks, ticktext=[str(tokens[i]) for i in ticks], showgrid=False,
                zeroline=False, range=[n - 0.5, -0.5] if down else [-0.5, n - 0.5])


def grid_layout(n_rows: int, n_cols: int, titles: Sequence[str], cell_h: int, tokens_x, tokens_y,
                wgap: float = 0.06) -> dict:
    """Axes for an n_rows x n_cols grid of panels (built by hand: make_subplots costs ~30 ms); `wgap`, the gap
    between columns as a fraction of the width, is wider where each panel has a colour bar of its own."""
    layout, notes = {}, []
    hgap = 0.12
    w = (1 - wgap * (n_cols - 1)) / n_cols
    h = (1 - hgap * (n_rows - 1)) / n_rows
    for k, title in enumerate(titles):
        r, c = divmod(k, n_cols)
        suffix = "" if k == 0 else str(k + 1)
        x0, y1 = c * (w + wgap), 1 - r * (h + hgap)
        layout["xaxis" + suffix] = dict(domain=[x0, min(1.0, x0 + w)], anchor="y" + suffix, **tokens_x[k])
        layout["yaxis" + suffix] = dict(domain=[max(0.0, y1 - h), y1], anchor="x" + suffix, **tokens_y[k])
        notes.append(dict(text=f"<b>{title}</b>", x=x0 + w / 2, y=y1 + 0.01, xref="paper", yref="paper",
                          xanchor="center", yanchor="bottom", showarrow=False))
    layout["annotations"] = notes
    layout["height"] = 60 + n_rows * cell_h
    return layout
