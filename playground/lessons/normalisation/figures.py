"""Figures for BatchNorm versus LayerNorm: which elements share one mean and variance, and the values before and
after. Pure: arrays and labels in, a new figure out. Panels are laid out with axis domains (no make_subplots, which
alone takes about 30 ms)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.panels import title_at
from playground.figures.theme import KIND_COLORS, base_layout

from .compute import AXES, axes_mask, check_shape

SHARED, OTHER, GAP = KIND_COLORS["norm"], "#e2e8f0", "#ffffff"
BEFORE = "#64748b"  # the histogram before normalising; the one after is SHARED
MASK_SCALE = [[0, OTHER], [0.5, OTHER], [0.5, SHARED], [1, SHARED]]  # 0: other elements, 1: sharing the statistic
BINS = 40
MAX_GAPPED = 120  # cells per side up to which each cell gets a hairline border
MAX_TICKS = 16  # tick labels per axis beyond which every s-th one is kept
# Per-group means for plot_norm_histograms: the axes averaged away to get one mean per group.
PER_AXES = {"channel": (4, AXES["batch", "image"]), "sample": (4, AXES["layer", "image"]),
            "feature": (3, AXES["batch", "sequence"]), "token": (3, AXES["layer", "sequence"])}


def _tiles(mask: np.ndarray) -> np.ndarray:
    """(rows, cols, h, w) bool -> (rows * (h + 1) - 1, cols * (w + 1) - 1) float32: 1 shared, 0 not, NaN in the
    one-cell gaps between tiles."""
    rows, cols, h, w = mask.shape
    grid = np.full((rows, h + 1, cols, w + 1), np.nan, dtype=np.float32)  # (rows, h + 1, cols, w + 1)
    grid[:, :h, :, :w] = mask.transpose(0, 2, 1, 3)  # (rows, h, cols, w)
    return grid.reshape(rows * (h + 1), cols * (w + 1))[:-1, :-1]


def _ticks(n: int, side: int) -> dict:
    """Tick values at the centres of n tiles of `side` cells (plus a gap), labelled 0..n-1, at most MAX_TICKS."""
    s = max(1, -(-n // MAX_TICKS))
    idx = list(range(0, n, s))
    return dict(tickvals=[i * (side + 1) + (side - 1) / 2 for i in idx], ticktext=[str(i) for i in idx])


def plot_norm_axes(layout: str, kind: str, shape, labels: dict[str, str]) -> go.Figure:
    """The whole tensor as a grid of tiles with the elements that share the statistic of element [0, 0, ...]
    highlighted. Images (B, C, H, W): a row of (H, W) tiles per sample, a column per channel. Sequences (B, T, D):
    a (T, D) tile per sample, tokens down and features across, samples stacked.

    labels: batch, layer, sample, channel, token, feature, shared, other, per_statistic.
    """
    shape = check_shape(layout, shape)
    mask = axes_mask(layout, kind, shape)
    if layout == "sequence":
        mask = mask[:, None]  # (B, 1, T, D): one column of tiles
    rows, cols, h, w = mask.shape
    z = _tiles(mask)
    gap = 1 if max(z.shape) <= MAX_GAPPED else 0  # a hairline between cells while cells are wide enough
    heat = dict(type="heatmap", z=z, zmin=0, zmax=1, showscale=False, hoverinfo="skip", xgap=gap, ygap=gap,
                colorscale=MASK_SCALE)
    legend = [dict(type="scatter", x=[None], y=[None], mode="markers", name=labels[key],
                   marker=dict(symbol="square", size=12, color=color)) for key, color in (("shared", SHARED),
                                                                                           ("other", OTHER))]
    count = int(mask.sum())
    names = "·".join("BCHW"[a] if layout == "image" else "BTD"[a] for a in AXES[kind, layout])
    title = f"{labels[kind]} · {labels['per_statistic']}: {names} = {count}"
    if layout == "image":
        xaxis = dict(title=dict(text=labels["channel"]), **_ticks(cols, w))
        yaxis = dict(title=dict(text=labels["sample"]), **_ticks(rows, h))
    else:
        xaxis = dict(title=dict(text=labels["feature"]))
        yaxis = dict(title=dict(text=f"{labels['sample']} · {labels['token']}"), **_ticks(rows, h))
    common = dict(showgrid=False, zeroline=False, ticks="")
    fig_layout = base_layout(height=460, margin=dict(l=60, r=20, t=50, b=50), title=dict(text=title, x=0.5),
                             legend=dict(x=1.02, y=1, xanchor="left", yanchor="top"),
                             xaxis=dict(xaxis, **common, constrain="domain"),
                             yaxis=dict(yaxis, **common, autorange="reversed", scaleanchor="x", constrain="domain"))
    return go.Figure(dict(data=[heat, *legend], layout=fig_layout))


def _hist(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Counts per bin, bin centres and bin width of BINS equal bins over the range of values."""
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-6:
        lo, hi = lo - 0.5, hi + 0.5  # all equal: one visible bar
    counts, edges = np.histogram(values, bins=BINS, range=(lo, hi))
    return counts, ((edges[:-1] + edges[1:]) / 2).astype(np.float32), float(edges[1] - edges[0])



def plot_norm_histograms(x, y, labels: dict[str, str], per: str = "none") -> go.Figure:
    """Two panels: the histogram of x before and of y after normalising (same shape, (B, C, H, W) or (B, T, D)),
    each titled with its mean and standard deviation. With per = "channel" or "sample" (images) or "feature" or
    "token" (sequences), a strip under each histogram marks the mean of every such group, which normalising by
    that group sends to beta.

    labels: before, after, value, count, mean, std, and labels[per] unless per is "none".
    """
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in shape: {x.shape} and {y.shape}")
    if per != "none" and (per not in PER_AXES or PER_AXES[per][0] != x.ndim):
        raise ValueError(f"per must be 'none' or one of {sorted(PER_AXES)} matching a {x.ndim}-d tensor, got {per!r}")
    rug = per != "none"
    bottom = 0.22 if rug else 0.0  # histograms above, the strip of group means below
    gap, width = 0.1, 0.45
    data, annotations = [], []
    layout = base_layout(height=400, margin=dict(l=60, r=20, t=100, b=50), showlegend=rug,
                         legend=dict(orientation="h", y=-0.18, x=0.5, xanchor="center"), bargap=0.02)
    for i, (key, values, color) in enumerate((("before", x, BEFORE), ("after", y, SHARED))):
        n = "" if i == 0 else str(i + 1)
        domain = [i * (width + gap), i * (width + gap) + width]
        counts, centres, step = _hist(values.ravel())
        data.append(dict(type="bar", x=centres, y=counts, width=step, marker=dict(color=color), showlegend=False,
                         name=labels[key], xaxis="x" + n, yaxis="y" + n,
                         hovertemplate=labels["value"] + " %{x:.2f}: %{y}<extra></extra>"))
        layout["xaxis" + n] = dict(domain=domain, anchor="y" + n if not rug else "y" + str(i + 3),
                                   title=dict(text=labels["value"]), showgrid=False, zeroline=False)
        layout["yaxis" + n] = dict(domain=[bottom + (0.04 if rug else 0), 1], anchor="x" + n, gridcolor="#e5e7eb",
                                   title=dict(text=labels["count"]) if i == 0 else None)
        mean = round(float(values.mean()), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
        # one line each: side by side in half the page, "mean 0.17, standard deviation 3.14" ran into the other title
        stats = f"{labels[key]}<br>{labels['mean']} {mean:.2f}<br>{labels['std']} {values.std():.2f}"
        annotations.append(title_at(stats, (domain[0] + domain[1]) / 2))
        if rug:
            means = values.mean(axis=PER_AXES[per][1]).ravel()  # one mean per group
            m = str(i + 3)
            data.append(dict(type="scatter", x=means, y=np.zeros_like(means), mode="markers", xaxis="x" + n,
                             yaxis="y" + m, name=f"{labels['mean']} ({labels[per]})", legendgroup="means",
                             showlegend=i == 0, marker=dict(symbol="line-ns-open", size=16, color=color),
                             hovertemplate=labels[per] + " %{pointNumber}: %{x:.3f}<extra></extra>"))
            layout["yaxis" + m] = dict(domain=[0, bottom - 0.04], anchor="x" + n, visible=False, range=[-1, 1])
    layout["annotations"] = annotations
    return go.Figure(dict(data=data, layout=layout))
