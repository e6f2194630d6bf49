"""One figure for the convolution calculator: the kernel window on the padded input and the output it feeds."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.theme import base_layout

# Cell categories, drawn with one discrete colour each; every pair stays apart under the common colour-vision
# deficiencies (palette.cvd_distance >= palette.MIN_DELTA_E).
INPUT, PADDING, TAP, TAP_ON_PADDING, OUTPUT, SELECTED = range(6)
COLORS = ["#e8eef7", "#c4c4c8", "#2563eb", "#93c5fd", "#c8f5d5", "#16a34a"]
# A discrete colour scale for z in [-0.5, 5.5]: each category owns one sixth of [0, 1].
SCALE = [[(k + edge) / len(COLORS), color] for k, color in enumerate(COLORS) for edge in (0, 1)]
MAX_DRAWN = 64  # larger grids are summarised in words only


def plot_conv_window(size: int, padding: int, out: int, selected: tuple[int, int], row_taps: list[int],
                     col_taps: list[int], labels: dict[str, str]) -> go.Figure:
    """A size x size input with `padding` on each side, and the out x out output. The window of output cell
    `selected` (row, column) covers padded rows `row_taps` and columns `col_taps`."""
    padded = size + 2 * padding
    if padded > MAX_DRAWN or out > MAX_DRAWN:
        fig = go.Figure()
        fig.add_annotation(text=labels.get("too_big", f"{padded}x{padded} -> {out}x{out}"), x=0.5, y=0.5,
                           xref="paper", yref="paper", showarrow=False)
        fig.update_layout(**base_layout(height=120, xaxis=dict(visible=False), yaxis=dict(visible=False)))
        return fig
    r, c = selected
    gap = 2
    grid = np.full((max(padded, out), padded + gap + out), np.nan, dtype=np.float32)
    grid[:padded, :padded] = PADDING
    grid[padding:padding + size, padding:padding + size] = INPUT
    for i in row_taps:
        for j in col_taps:
            grid[i, j] = TAP if grid[i, j] == INPUT else TAP_ON_PADDING
    grid[:out, padded + gap:] = OUTPUT
    grid[r, padded + gap + c] = SELECTED
    fig = go.Figure(go.Heatmap(z=grid, zmin=-0.5, zmax=len(COLORS) - 0.5, colorscale=SCALE, showscale=False,
                               xgap=1, ygap=1, hoverinfo="skip"))
    for k, key in [(INPUT, "input"), (PADDING, "padding"), (TAP, "window"), (TAP_ON_PADDING, "window_padding"),
                   (SELECTED, "output")]:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=labels[key],
                        marker=dict(symbol="square", size=12, color=COLORS[k]))
    fig.update_layout(**base_layout(
        height=min(600, 150 + 28 * grid.shape[0]), margin=dict(l=10, r=10, t=44, b=10),
        legend=dict(orientation="h", y=-0.05),
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x")))
    return fig
