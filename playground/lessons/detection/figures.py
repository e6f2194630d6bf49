"""Figures for detection: RoI pooling / RoI align on a feature map beside the pooled outputs, and the anchors of one
FPN level over an image. Pure: arrays and labels in, a new figure out; two panels sit side by side on layout domains
(no make_subplots); images are sent as uint8, at most MAX_SIDE pixels a side."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

from .anchors import centre_cell

BOX_COLOR = "#334155"
SELECTED_COLOR = OKABE_ITO["vermillion"]
BIN_COLOR = OKABE_ITO["yellow"]
REGION_COLOR = OKABE_ITO["sky_blue"]
SAMPLE_COLOR = OKABE_ITO["black"]
ANCHOR_COLOR = OKABE_ITO["vermillion"]
CENTRE_COLOR = OKABE_ITO["blue"]
MAX_SIDE = 320  # an image shown larger than this is averaged down by a whole factor first
MAX_CENTRES = 2500  # anchor centres drawn; denser levels show every k-th row and column


def _rgb_uint8(img: np.ndarray) -> np.ndarray:
    """(3, H, W) or (H, W, 3) floats in [0, 1] -> (H, W, 3) uint8."""
    a = np.asarray(img, dtype=np.float32)
    if a.ndim == 3 and a.shape[0] == 3 and a.shape[-1] != 3:
        a = a.transpose(1, 2, 0)  # (H, W, 3)
    return (np.clip(a, 0, 1) * 255).round().astype(np.uint8)


def _shrink(rgb: np.ndarray) -> tuple[np.ndarray, int]:
    """Average (H, W, 3) down by the smallest whole factor that brings both sides to MAX_SIDE or less."""
    f = max(1, math.ceil(max(rgb.shape[:2]) / MAX_SIDE))
    if f == 1:
        return rgb, 1
    h, w = rgb.shape[0] // f * f, rgb.shape[1] // f * f
    small = rgb[:h, :w].astype(np.float32).reshape(h // f, f, w // f, f, 3).mean(axis=(1, 3))  # (H/f, W/f, 3)
    return small.round().astype(np.uint8), f


def _rectangles(rects: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, 4) rectangles (x0, y0, x1, y1) -> closed outlines as x, y with NaN between them (one trace)."""
    r = np.asarray(rects, dtype=np.float32).reshape(-1, 4)
    x = np.stack([r[:, 0], r[:, 2], r[:, 2], r[:, 0], r[:, 0], np.full(len(r), np.nan)], axis=1).reshape(-1)
    y = np.stack([r[:, 1], r[:, 1], r[:, 3], r[:, 3], r[:, 1], np.full(len(r), np.nan)], axis=1).reshape(-1)
    return x, y


def _tile(pooled: np.ndarray, cols: int, gap: int = 1) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(K, C, h, w) -> one (rows*(h+gap)-gap, cols*(w+gap)-gap, C) array, NaN between tiles, and each tile's
    top-left (row, col)."""
    k, c, h, w = pooled.shape
    rows = -(-k // cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap, c), np.nan, dtype=np.float32)
    corners = []
    for n in range(k):
        r, q = divmod(n, cols)
        out[r * (h + gap):r * (h + gap) + h, q * (w + gap):q * (w + gap) + w] = pooled[n].transpose(1, 2, 0)
        corners.append((r * (h + gap), q * (w + gap)))
    return out, corners


def _panel(data: list, values: np.ndarray, rgb: bool, axis: str, colorbar_title: str, zrange) -> None:
    """Add a (H, W, C) grid whose cell (i, j) covers [j, j + 1) x [i, i + 1): an RGB image when rgb, else channel 0
    as a heat map (NaN shows as background)."""
    if rgb:
        img = np.where(np.isnan(values), 1.0, values)  # gaps white
        data.append(dict(type="image", z=_rgb_uint8(img), x0=0.5, y0=0.5, dx=1, dy=1, xaxis="x" + axis,
                         yaxis="y" + axis, hovertemplate="(%{x}, %{y}): %{z}<extra></extra>"))
    else:
        data.append(dict(type="heatmap", z=values[..., 0].astype(np.float32), x0=0.5, y0=0.5, dx=1, dy=1,
                         xaxis="x" + axis, yaxis="y" + axis, colorscale="Viridis", zmin=zrange[0], zmax=zrange[1],
                         showscale=axis == "", colorbar=dict(thickness=10, title=dict(text=colorbar_title), x=0.58),
                         hovertemplate="(%{x:.1f}, %{y:.1f}): %{z:.3f}<extra></extra>"))


def _add_outlines(data: list, b: np.ndarray, bins, labels: dict[str, str]) -> None:
    """Every box (K, 4) in map units outlined; for the selected box's bins (a RoiBins, or None) the bins, what it
    pools, the box itself and, for align, its sample points (open where they fall outside the map)."""
    if len(b):
        x, y = _rectangles(b)
        data.append(dict(type="scatter", x=x, y=y, mode="lines", name=labels["boxes"], hoverinfo="skip",
                         line=dict(color=BOX_COLOR, width=1.5)))
    if bins is None:
        return
    for rects, name, line in ((bins.bins.reshape(-1, 4), labels["bins"], dict(color=BIN_COLOR, width=1)),
                              (bins.region, labels["region"], dict(color=REGION_COLOR, width=2, dash="dash")),
                              (bins.box, labels["selected"], dict(color=SELECTED_COLOR, width=2.5))):
        x, y = _rectangles(rects)
        data.append(dict(type="scatter", x=x, y=y, mode="lines", name=name, hoverinfo="skip", line=line))
    if bins.samples is not None and bins.samples.size:
        pts = bins.samples.reshape(-1, 2)  # (ph * pw * S, 2)
        ok = bins.valid.reshape(-1)
        for mask, name, symbol in ((ok, labels["samples"], "circle"), (~ok, labels["outside"], "circle-open")):
            if mask.any():
                data.append(dict(type="scatter", x=pts[mask, 0], y=pts[mask, 1], mode="markers", name=name,
                                 marker=dict(color=SAMPLE_COLOR, size=5, symbol=symbol),
                                 hovertemplate="(%{x:.2f}, %{y:.2f})<extra>" + name + "</extra>"))


def _add_pooled(data: list, shown: np.ndarray, rgb: bool, labels: dict[str, str], zrange, selected: int,
                names: Sequence[str] | None) -> tuple[list, tuple[int, int]]:
    """The pooled outputs (K, C, ph, pw) tiled as the right panel, a caption over each tile -> (annotations, the
    tiled panel's (height, width))."""
    k, _, ph, pw = shown.shape
    if not k:
        return [], (1, 1)
    cols = max(1, math.ceil(math.sqrt(k)))
    tiled, corners = _tile(shown, cols)
    _panel(data, tiled, rgb, "2", labels["value"], zrange)
    annotations = []
    for n, (r, q) in enumerate(corners):
        caption = f"{labels['box']} {n + 1}" + (f" · {names[n]}" if names is not None and n < len(names) else "")
        annotations.append(dict(x=q + pw / 2, y=r, xref="x2", yref="y2", text=caption, showarrow=False,
                                yanchor="bottom", font=dict(size=10, color=SELECTED_COLOR if n == selected
                                                            else "#334155")))
    return annotations, tiled.shape[:2]


def _feature_ranges(b: np.ndarray, bins, h: int, w: int, pad: float = 0.5) -> tuple[list[float], list[float]]:
    """The left panel's x range and (reversed) y range: the h x w map, every box (K, 4) and every bin."""
    xr = [float(min(0.0, b[:, 0].min(initial=0), bins.bins[..., 0].min() if bins is not None else 0)) - pad,
          float(max(w, b[:, 2].max(initial=0), bins.bins[..., 2].max() if bins is not None else 0)) + pad]
    yr = [float(max(h, b[:, 3].max(initial=0), bins.bins[..., 3].max() if bins is not None else 0)) + pad,
          float(min(0.0, b[:, 1].min(initial=0), bins.bins[..., 1].min() if bins is not None else 0)) - pad]
    return xr, yr


def plot_roi(feature, boxes, bins, pooled, labels: dict[str, str], kind: str, spatial_scale: float = 1.0,
             selected: int = 0, channel: int | None = None, names: Sequence[str] | None = None) -> go.Figure:
    """Left: the feature map (C, h, w) (RGB when C is 3 and no channel is picked, else one channel as a heat map)
    in map cells, every box (K, 4) (image coordinates, scaled by spatial_scale) outlined, the selected box thick,
    what it pools (pool: the box snapped to whole cells; align: the box as sampled), its bins (bins: a
    detection.RoiBins) and, for align, its sample points (open where they fall outside the map and read 0).
    Right: the K pooled outputs (K, C, ph, pw) as one tiled image / heat map, in box order.

    labels: title, feature, pooled, boxes, selected, region, bins, samples, outside, value, box (a prefix for the
    tile captions: "box 1").
    """
    fmap = np.asarray(feature, dtype=np.float32)
    out = np.asarray(pooled, dtype=np.float32)
    if fmap.ndim != 3 or out.ndim != 4:
        raise ValueError(f"expected feature (C, h, w) and pooled (K, C, ph, pw), got {fmap.shape} and {out.shape}")
    c, h, w = fmap.shape
    rgb = c == 3 and channel is None
    ch = 0 if channel is None else int(channel)
    left = fmap.transpose(1, 2, 0) if rgb else fmap[ch][..., None]  # (h, w, C)
    shown = out if rgb else out[:, ch:ch + 1]  # (K, C', ph, pw)
    lo, hi = (0.0, 1.0) if rgb else (float(min(left.min(), shown.min(initial=0))),
                                      float(max(left.max(), shown.max(initial=0))))
    data: list = []
    _panel(data, left, rgb, "", labels["value"], (lo, hi))
    b = np.asarray(boxes, dtype=np.float32).reshape(-1, 4) * spatial_scale
    _add_outlines(data, b, bins, labels)
    annotations, (th, tw) = _add_pooled(data, shown, rgb, labels, (lo, hi), selected, names)
    xr, yr = _feature_ranges(b, bins, h, w)
    axis = dict(showgrid=False, zeroline=False, constrain="domain")
    layout = base_layout(
        height=480, margin=dict(l=40, r=10, t=50, b=80), hovermode="closest",
        title=dict(text=labels["title"], x=0.02, font=dict(size=14)),
        legend=dict(orientation="h", y=-0.16, x=0, yanchor="top"),
        xaxis=dict(domain=[0, 0.56], range=xr, title=dict(text=labels["feature"]), **axis),
        yaxis=dict(range=yr, scaleanchor="x", **axis),
        xaxis2=dict(domain=[0.64, 1.0], range=[0, tw], title=dict(text=labels["pooled"]), anchor="y2",
                    showticklabels=False, ticks="", **axis),
        yaxis2=dict(range=[th, -1.2], scaleanchor="x2", anchor="x2", showticklabels=False, ticks="", **axis),
        annotations=annotations)
    return go.Figure(dict(data=data, layout=layout))


def plot_anchors(image, levels, labels: dict[str, str], level: int, cell: tuple[int, int] | None = None
                 ) -> go.Figure:
    """The image (3, H, W) in [0, 1] with every anchor of one cell of levels[level] (a detection.Level) drawn as
    rectangles (the image centre's cell by default) and that level's anchor centres as dots.

    labels: title, a template that may use {level}, {stride}, {h}, {w}, {per_cell}, {count}, {total}; anchors,
    centres, cell; thinned, a template with {k} added to the title when only every k-th centre is drawn; size, ratio.
    """
    lv = levels[level]
    rgb = _rgb_uint8(image)
    height, width = rgb.shape[:2]
    small, f = _shrink(rgb)
    data: list = [dict(type="image", z=small, x0=f / 2, y0=f / 2, dx=f, dy=f, hoverinfo="skip")]
    (sy, sx), (fh, fw) = lv.stride, lv.feature_size
    row, col = centre_cell(lv, (height, width)) if cell is None else (
        min(max(int(cell[0]), 0), fh - 1), min(max(int(cell[1]), 0), fw - 1))
    k = max(1, math.ceil(math.sqrt(fh * fw / MAX_CENTRES)))
    cy, cx = np.meshgrid(np.arange(0, fh, k) * sy, np.arange(0, fw, k) * sx, indexing="ij")  # (fh/k, fw/k)
    data.append(dict(type="scattergl" if cx.size > 1000 else "scatter", x=cx.reshape(-1).astype(np.float32),
                     y=cy.reshape(-1).astype(np.float32), mode="markers", name=labels["centres"],
                     marker=dict(color=CENTRE_COLOR, size=3, opacity=0.6), hoverinfo="skip"))
    anchors = np.asarray(lv.anchors[lv.cell_index(row, col)], dtype=np.float32)  # (A, 4)
    x, y = _rectangles(anchors)
    hs = np.asarray(lv.cell_anchors, dtype=np.float32)
    ratio = (hs[:, 3] - hs[:, 1]) / np.maximum(hs[:, 2] - hs[:, 0], 1e-6)  # h / w after rounding
    text = [f"{labels['size']} {math.sqrt((a[2] - a[0]) * (a[3] - a[1])):.0f}, {labels['ratio']} {r:.2f}"
            for a, r in zip(anchors, ratio)]
    hover = np.repeat(np.array(text, dtype=object), 6)  # 5 corners and the gap of each outline
    data.append(dict(type="scatter", x=x, y=y, mode="lines", name=labels["anchors"], hovertext=hover,
                     hoverinfo="text", line=dict(color=ANCHOR_COLOR, width=2)))
    data.append(dict(type="scatter", x=[col * sx], y=[row * sy], mode="markers", name=labels["cell"],
                     marker=dict(color=ANCHOR_COLOR, size=10, symbol="x"),
                     hovertemplate="(%{x}, %{y})<extra>" + labels["cell"] + "</extra>"))
    total = sum(len(v.anchors) for v in levels)
    title = labels["title"].format(level=lv.name, stride=sy if sy == sx else f"{sy}×{sx}", h=fh, w=fw,
                                   per_cell=lv.per_cell, count=len(lv.anchors), total=total)
    if k > 1:
        title += " · " + labels["thinned"].format(k=k)
    lo = np.minimum(anchors.min(axis=0)[:2], 0) - 4
    hi = np.maximum(anchors.max(axis=0)[2:], [width, height]) + 4
    axis = dict(showgrid=False, zeroline=False, constrain="domain")
    layout = base_layout(
        height=520, margin=dict(l=50, r=20, t=50, b=40), hovermode="closest",
        title=dict(text=title, x=0.02, font=dict(size=13)),
        legend=dict(orientation="h", y=-0.06, x=0, yanchor="top"),
        xaxis=dict(range=[float(lo[0]), float(hi[0])], **axis),
        yaxis=dict(range=[float(hi[1]), float(lo[1])], scaleanchor="x", **axis))
    return go.Figure(dict(data=data, layout=layout))
