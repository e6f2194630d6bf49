"""Figures for the convolution basics: connections and weights per kind of layer, a pooling with every number, one
convolution output with its window, and a fully connected layer against the convolution that equals it. Pure:
arrays and labels in, a new figure out; panels laid out with axis domains (no make_subplots)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import COLORWAY
from playground.figures.panels import title_at
from playground.figures.theme import base_layout, keep_width, text_px

CONNECTIONS, WEIGHTS = COLORWAY[0], COLORWAY[1]       # the two bars of each kind of layer
FC_COLOR, POINT_COLOR = COLORWAY[0], COLORWAY[1]      # the two comparisons of plot_fc_vs_conv
WINNER = COLORWAY[5]                                  # the cell that gives a window's maximum
OUTLINE, EDGE, GUIDE = "#111827", "#6b7280", "#9ca3af"  # the window, the input's edge, a window's outline
MAX_POINTS = 1500  # per comparison in plot_fc_vs_conv
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_count(n: int) -> str:
    """12345 -> '12,345'; 10**12 -> '10¹²'; 2.5e9 -> '2.5×10⁹' (up to 4 significant digits)."""
    n = int(n)
    if n < 100_000:
        return f"{n:,}"
    exponent = len(str(n)) - 1
    mantissa = f"{n / 10 ** exponent:.4g}"
    power = "10" + str(exponent).translate(_SUPERSCRIPT)
    return power if mantissa == "1" else f"{mantissa}×{power}"


def _number(v: float) -> str:
    return f"{v:.4g}" if abs(v) >= 1e-12 else "0"



def _domains(widths: list[int], gap: float = 0.06) -> list[list[float]]:
    """Side-by-side x domains in proportion to each panel's columns, with gaps between them."""
    share = (1 - gap * (len(widths) - 1)) / sum(widths)
    out, x = [], 0.0
    for w in widths:
        out.append([x, x + w * share])
        x += w * share + gap
    return out


def _grid_panels(grids: list[np.ndarray], titles: list[str], scales: list[dict], height: int) -> tuple[list, dict]:
    """One numbered heatmap per grid, side by side (rows down, square cells): (traces, layout)."""
    domains = _domains([g.shape[1] for g in grids])
    most = max(g.shape[0] for g in grids)
    data, layout = [], base_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    for i, (grid, domain, scale) in enumerate(zip(grids, domains, scales)):
        n = "" if i == 0 else str(i + 1)
        text = [[_number(v) for v in row] for row in grid]
        data.append(dict(type="heatmap", z=grid.astype(np.float32), text=text, texttemplate="%{text}",
                         showscale=False, xgap=2, ygap=2, xaxis="x" + n, yaxis="y" + n, hoverinfo="skip", **scale))
        layout["xaxis" + n] = dict(domain=domain, anchor="y" + n, visible=False, constrain="domain")
        # top-aligned heights in proportion to rows: every panel's cells come out the same size
        layout["yaxis" + n] = dict(domain=[1 - grid.shape[0] / most, 1], anchor="x" + n, visible=False,
                                   autorange="reversed", scaleanchor="x" + n, constrain="domain",
                                   constraintoward="top")
    layout["annotations"] = [title_at(t, (d[0] + d[1]) / 2) for t, d in zip(titles, domains)]
    # narrow panels (a 2 x 2 output beside a 10 x 10 input) still fit their titles: the page scrolls on a phone
    keep_width(layout, 20 + max((text_px(t, 13) + 8) / (d[1] - d[0] + 0.06) for t, d in zip(titles, domains)))
    return data, layout


def _box(axis: str, r0: float, c0: float, rows: int, cols: int, color: str, width: float, dash: str = "solid"):
    """A rectangle around grid cells [r0, r0 + rows) x [c0, c0 + cols) of the panel on axis suffix `axis`."""
    return dict(type="rect", xref="x" + axis, yref="y" + axis, x0=c0 - 0.5, x1=c0 + cols - 0.5, y0=r0 - 0.5,
                y1=r0 + rows - 0.5, line=dict(color=color, width=width, dash=dash), fillcolor="rgba(0,0,0,0)")


def plot_weight_counts(kinds: list[str], connections: list[int], weights: list[int],
                       labels: dict[str, str]) -> go.Figure:
    """Connections and learnt weights of each kind of layer, on a log scale, each bar labelled with its number.

    labels: connections, weights, count."""
    bars = [dict(type="bar", x=kinds, y=values, name=labels[key], marker=dict(color=color),
                 text=[format_count(v) for v in values], textposition="outside", cliponaxis=False,
                 hovertemplate="%{x}: %{text}<extra>" + labels[key] + "</extra>")
            for key, values, color in (("connections", connections, CONNECTIONS), ("weights", weights, WEIGHTS))]
    top = max(max(connections), max(weights), 10)
    layout = base_layout(height=380, barmode="group", margin=dict(l=70, r=20, t=30, b=40),
                         legend=dict(orientation="h", x=0.5, xanchor="center", y=1.12),
                         yaxis=dict(type="log", title=dict(text=labels["count"]), gridcolor="#e5e7eb",
                                    range=[-0.2, np.log10(top) * 1.12 + 0.5], exponentformat="power"))
    return go.Figure(dict(data=bars, layout=layout))


def plot_pooling(x: np.ndarray, windows: list[tuple], maximum: np.ndarray, average: np.ndarray,
                 winners: list[tuple[int, int]], labels: dict[str, str]) -> go.Figure:
    """The input grid with every window outlined and each window's maximum ringed, then the max and the average
    outputs, every cell numbered; one colour scale over all three (the outputs lie within the input's range).

    windows: (row, col, rows, cols, values) each; labels: input, max, average, winner."""
    lo, hi = float(x.min()), float(x.max())
    scale = dict(colorscale="Blues", zmin=lo, zmax=hi if hi > lo else lo + 1)
    data, layout = _grid_panels([x, maximum, average], [labels["input"], labels["max"], labels["average"]],
                                [scale] * 3, height=min(520, 160 + 46 * x.shape[0]))
    layout["shapes"] = [_box("", w[2].start, w[3].start, len(w[2]), len(w[3]), GUIDE, 1.5, "dot") for w in windows]
    # each window's maximum ringed by a shape (it scales with the cells); a legend-only trace names it
    layout["shapes"] += [_box("", r + 0.1, c + 0.1, 0.8, 0.8, WINNER, 3) for r, c in dict.fromkeys(winners)]
    data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=labels["winner"],
                     marker=dict(symbol="square-open", size=14, color=WINNER, line=dict(width=3)),
                     xaxis="x", yaxis="y", hoverinfo="skip"))
    layout.update(showlegend=True, legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"),
                  margin=dict(l=10, r=10, t=40, b=40))
    return go.Figure(dict(data=data, layout=layout))


def plot_conv_step(padded: np.ndarray, padding: int, kernel: np.ndarray, output: np.ndarray, row: int, col: int,
                   stride: int, labels: dict[str, str]) -> go.Figure:
    """The padded input with the window of output (row, col) outlined (and the input's own edge dashed inside
    the padding), the kernel, and the output map with that cell outlined; each panel on its own RdBu scale
    centred on 0.

    labels: input, kernel, output."""
    scales = []
    for grid in (padded, kernel, output):
        top = float(np.abs(grid).max()) or 1.0
        scales.append(dict(colorscale="RdBu_r", zmin=-top, zmax=top))
    data, layout = _grid_panels([padded, kernel, output], [labels["input"], labels["kernel"], labels["output"]],
                                scales, height=min(560, 170 + 44 * padded.shape[0]))
    kh, kw = kernel.shape
    shapes = [_box("", row * stride, col * stride, kh, kw, OUTLINE, 4), _box("2", 0, 0, kh, kw, OUTLINE, 4),
              _box("3", row, col, 1, 1, OUTLINE, 4)]
    if padding:
        h, w = padded.shape[0] - 2 * padding, padded.shape[1] - 2 * padding
        shapes.append(_box("", padding, padding, h, w, EDGE, 2, "dash"))
    layout["shapes"] = shapes
    return go.Figure(dict(data=data, layout=layout))


def _thin(values: np.ndarray) -> np.ndarray:
    step = max(1, -(-len(values) // MAX_POINTS))
    return np.asarray(values, dtype=np.float32)[::step]


def plot_fc_vs_conv(pairs: list[tuple[str, np.ndarray, np.ndarray]], labels: dict[str, str]) -> go.Figure:
    """Each comparison's outputs, the fully connected layer's across and the convolution's up: equal outputs lie
    on the diagonal. pairs: (name, fc outputs, conv outputs); labels: fc, conv, equal."""
    data, everything = [], []
    for (name, fc, conv), color, symbol in zip(pairs, (FC_COLOR, POINT_COLOR), ("circle", "x")):
        fc, conv = _thin(fc), _thin(conv)
        everything += [fc, conv]
        data.append(dict(type="scatter", x=fc, y=conv, mode="markers", name=name,
                         marker=dict(color=color, symbol=symbol, size=8 if symbol == "circle" else 7),
                         hovertemplate="FC %{x:.4f}<br>conv %{y:.4f}<extra>" + name + "</extra>"))
    values = np.concatenate(everything) if everything else np.zeros(1, np.float32)
    lo, hi = float(values.min()), float(values.max())
    pad = (hi - lo) * 0.05 or 1.0
    data.insert(0, dict(type="scatter", x=[lo - pad, hi + pad], y=[lo - pad, hi + pad], mode="lines",
                        name=labels["equal"], line=dict(color=GUIDE, dash="dash"), hoverinfo="skip"))
    layout = base_layout(height=400, margin=dict(l=60, r=20, t=30, b=50),
                         legend=dict(orientation="h", x=0.5, xanchor="center", y=1.1),
                         xaxis=dict(title=dict(text=labels["fc"]), gridcolor="#e5e7eb", zeroline=False),
                         yaxis=dict(title=dict(text=labels["conv"]), gridcolor="#e5e7eb", zeroline=False,
                                    scaleanchor="x"))
    return go.Figure(dict(data=data, layout=layout))
