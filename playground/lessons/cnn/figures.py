"""Figures for a CNN's insides: feature maps and filters as one tiled heatmap each (never dozens of subplots),
an overview strip of every stage, top-k probabilities, and Grad-CAM over the input. Pure: arrays in, figure out.
Colours: a diverging scale centred at 0 for signed values, a sequential one for non-negative values."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import SIGNED, UNSIGNED, tile
from playground.figures.theme import base_layout, overlay_scale


def normalise(maps: np.ndarray, scale: str) -> tuple[np.ndarray, bool]:
    """Scale (N, h, w) maps into [-1, 1] (signed) or [0, 1] per channel or over the whole layer -> (maps, signed)."""
    maps = np.asarray(maps, dtype=np.float32)
    signed = bool((maps < 0).any())
    axes = (1, 2) if scale == "channel" else None
    peak = np.abs(maps).max(axis=axes, keepdims=axes is not None)
    return maps / np.maximum(peak, 1e-12), signed


def plot_feature_maps(maps: np.ndarray, channels: Sequence[int], labels: dict[str, str], scale: str = "channel",
                      cols: int = 8) -> go.Figure:
    """Chosen channels of one layer's output (N, h, w), tiled; hover names the channel."""
    norm, signed = normalise(maps, scale)
    z = tile(norm, cols)
    n, h, w = norm.shape
    cols = max(1, min(cols, n))
    channel_at = np.full(z.shape, -1, dtype=np.int32)  # which channel each pixel belongs to, for the hover text
    for k, ch in enumerate(channels):
        r, c = divmod(k, cols)
        channel_at[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = ch
    fig = go.Figure(go.Heatmap(z=z, customdata=channel_at, colorscale=SIGNED if signed else UNSIGNED,
                               zmid=0 if signed else None, zmin=-1 if signed else 0, zmax=1,
                               hovertemplate=labels["channel"] + " %{customdata}: %{z:.2f}<extra></extra>",
                               colorbar=dict(thickness=10, title=labels["scale"])))
    return _square(fig, z.shape, height=min(700, 120 + 40 * z.shape[0] // max(h, 1) * 2 + 3 * z.shape[0]))


def plot_filters(weights: np.ndarray, labels: dict[str, str], max_out: int = 32, max_in: int = 8) -> go.Figure:
    """Convolution weights (O, I, kh, kw): a colour tile per output filter when I == 3 (a first layer on RGB),
    else a grid with a row per output filter and a column per input channel; centred at 0."""
    w = np.asarray(weights, dtype=np.float32)[:max_out]
    o, i, kh, kw = w.shape
    peak = max(float(np.abs(w).max()), 1e-12)
    if i == 3:
        rgb = (w.transpose(0, 2, 3, 1) / peak + 1) / 2  # (O, kh, kw, 3) in [0, 1], grey = 0
        cols = min(o, 8)
        rows = -(-o // cols)
        canvas = np.ones((rows * (kh + 1) - 1, cols * (kw + 1) - 1, 3), dtype=np.float32)
        for k in range(o):
            r, c = divmod(k, cols)
            canvas[r * (kh + 1):r * (kh + 1) + kh, c * (kw + 1):c * (kw + 1) + kw] = rgb[k]
        fig = go.Figure(go.Image(z=(canvas * 255).round().astype(np.uint8), hoverinfo="skip"))
        return _square(fig, canvas.shape[:2], height=min(600, 80 + 24 * canvas.shape[0]))
    grid = w[:, :max_in].reshape(-1, kh, kw) / peak  # row-major: filter o, input channel j
    z = tile(grid, cols=min(i, max_in))
    fig = go.Figure(go.Heatmap(z=z, colorscale=SIGNED, zmid=0, zmin=-1, zmax=1, hoverinfo="skip",
                               colorbar=dict(thickness=10, title=labels["weight"])))
    fig.update_xaxes(title_text=labels["in"])
    fig.update_yaxes(title_text=labels["out"])
    return _square(fig, z.shape, height=min(700, 100 + 14 * z.shape[0]))


def plot_overview(layers: Sequence[tuple[str, np.ndarray]], labels: dict[str, str], size: int = 24) -> go.Figure:
    """One strip of the whole pipeline: a column per layer holding its strongest maps (each (k, h, w), each map
    scaled to [0, 1] by its own peak and resampled to size x size), layer names under the columns."""
    k = max(len(m) for _, m in layers)
    cells = np.full((k, len(layers), size, size), np.nan, dtype=np.float32)
    for c, (_, maps) in enumerate(layers):
        for r, m in enumerate(np.asarray(maps, dtype=np.float32)):
            ys = (np.arange(size) * m.shape[0] / size).astype(int)  # nearest-neighbour resampling
            xs = (np.arange(size) * m.shape[1] / size).astype(int)
            a = np.abs(m[np.ix_(ys, xs)])
            cells[r, c] = a / max(float(a.max()), 1e-12)
    z = tile(cells.reshape(-1, size, size), cols=len(layers), gap=2)
    fig = go.Figure(go.Heatmap(z=z, colorscale=UNSIGNED, zmin=0, zmax=1, showscale=False, hoverinfo="skip"))
    centres = [c * (size + 2) + size / 2 for c in range(len(layers))]
    fig.update_xaxes(tickvals=centres, ticktext=[name for name, _ in layers], tickangle=-40, showticklabels=True)
    fig.update_layout(**base_layout(height=150 + 60 * k, margin=dict(l=10, r=10, t=30, b=90),
                                    title=dict(text=labels["title"], font=dict(size=13))))
    fig.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False, zeroline=False)
    fig.update_xaxes(showgrid=False, zeroline=False)
    return fig


def plot_top_k(pairs: Sequence[tuple[str, float]], labels: dict[str, str]) -> go.Figure:
    """Horizontal bars of (class, probability), most likely on top."""
    names = [str(n) for n, _ in pairs][::-1]
    probs = np.asarray([p for _, p in pairs][::-1], dtype=np.float32)
    fig = go.Figure(go.Bar(x=probs, y=list(range(len(names))), orientation="h", marker_color="#6366f1",
                           text=[f"{p:.1%}" for p in probs], textposition="auto",
                           hovertemplate="%{x:.2%}<extra></extra>"))
    fig.update_yaxes(tickvals=list(range(len(names))), ticktext=names, automargin=True)  # ImageNet's long names
    fig.update_xaxes(range=[0, 1], title_text=labels["probability"], tickformat=".0%")
    # t: room for the plot's label, which the page draws over the top left (it hid the most likely class)
    fig.update_layout(**base_layout(height=80 + 34 * len(names), margin=dict(l=90, r=20, t=40, b=45)))
    return fig


def plot_grad_cam(image: np.ndarray, cam: np.ndarray, labels: dict[str, str], opacity: float = 0.85) -> go.Figure:
    """The input (H, W, C in [0, 1]) in grey, with the Grad-CAM map (H, W in [0, 1]) over it."""
    grey = np.asarray(image, dtype=np.float32).mean(axis=-1)
    fig = go.Figure(go.Heatmap(z=grey, colorscale="Greys_r", zmin=0, zmax=1, showscale=False, hoverinfo="skip"))
    # overlay_scale: unimportant pixels stay clear
    fig.add_heatmap(z=np.asarray(cam, dtype=np.float32), colorscale=overlay_scale(opacity), zmin=0, zmax=1,
                    colorbar=dict(thickness=10, title=labels["importance"]),
                    hovertemplate="%{z:.2f}<extra></extra>")
    return _square(fig, grey.shape, height=420)


def _square(fig: go.Figure, shape, height: int) -> go.Figure:
    fig.update_yaxes(autorange="reversed", scaleanchor="x", showticklabels=False, showgrid=False, zeroline=False)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    # t: room for the plot's label, which the page draws over the top left (it hid the picture's top rows)
    fig.update_layout(**base_layout(height=int(height), margin=dict(l=10, r=10, t=40, b=20)))
    return fig


def plot_input(image: np.ndarray, labels: dict[str, str], region: tuple[int, int, int, int] | None = None
               ) -> go.Figure:
    """What the model sees (H, W, C in [0, 1]), with the receptive field of a chosen unit outlined
    (region: top, left, bottom, right, inclusive)."""
    img = np.clip(np.asarray(image, dtype=np.float32), 0, 1)
    if img.shape[-1] == 1:
        fig = go.Figure(go.Heatmap(z=img[:, :, 0], colorscale="Greys_r", zmin=0, zmax=1, showscale=False,
                                   hovertemplate="(%{y}, %{x}): %{z:.2f}<extra></extra>"))
    else:
        fig = go.Figure(go.Image(z=(img * 255).round().astype(np.uint8)))
    if region is not None:
        top, left, bottom, right = region
        fig.add_shape(type="rect", x0=left - 0.5, x1=right + 0.5, y0=top - 0.5, y1=bottom + 0.5,
                      line=dict(color="#f59e0b", width=3))
        fig.add_annotation(text=labels["region"], x=left - 0.5, y=top - 0.5, xanchor="left", yanchor="bottom",
                           showarrow=False, font=dict(color="#f59e0b", size=12))
    return _square(fig, img.shape[:2], height=320)
