"""Figures for attention over image patches in a Vision Transformer: every layer and head on one tiled heatmap, one
map over the input image, and one head's full token-by-token matrix. Pure: arrays in, a new figure out.
Attention weights lie in [0, 1], so every scale here is sequential and starts at 0."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.grid import UNSIGNED, tile
from playground.figures.theme import base_layout, overlay_scale

MAX_TOKEN_TICKS = 40  # above this many tokens, only the first token and the starts of some patch rows are labelled


def plot_patch_overview(maps: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """[CLS]-to-patch attention (L, nh, gh, gw) as one heatmap: a row of tiles per layer, a column per head, each
    tile scaled to its own peak; hover gives the layer, the head and the unscaled weight."""
    maps = np.asarray(maps, dtype=np.float32)
    n_layers, n_heads, gh, gw = maps.shape
    peak = maps.max(axis=(2, 3), keepdims=True)
    scaled = maps / np.maximum(peak, 1e-12)
    z = tile(scaled.reshape(-1, gh, gw), cols=n_heads)  # (L*(gh+1)-1, nh*(gw+1)-1), NaN between tiles
    # customdata[y, x] = (layer, head, weight) for the hover text; -1 / NaN in the gaps, which show no hover
    rows = np.full(z.shape, -1, dtype=np.float32)
    cols = np.full(z.shape, -1, dtype=np.float32)
    for layer in range(n_layers):
        rows[layer * (gh + 1):layer * (gh + 1) + gh] = layer
    for head in range(n_heads):
        cols[:, head * (gw + 1):head * (gw + 1) + gw] = head
    raw = tile(maps.reshape(-1, gh, gw), cols=n_heads)
    custom = np.stack([rows, cols, raw], axis=-1)  # (Y, X, 3)
    fig = go.Figure(go.Heatmap(
        z=z, customdata=custom, colorscale=UNSIGNED, zmin=0, zmax=1, showscale=False, hoverongaps=False,
        hovertemplate=labels["layer"] + " %{customdata[0]}, " + labels["head"] + " %{customdata[1]}: "
                      "%{customdata[2]:.4f}<extra></extra>"))
    fig.update_xaxes(tickvals=[h * (gw + 1) + (gw - 1) / 2 for h in range(n_heads)],
                     ticktext=[str(h) for h in range(n_heads)], title_text=labels["head"], side="top",
                     showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(tickvals=[r * (gh + 1) + (gh - 1) / 2 for r in range(n_layers)],
                     ticktext=[str(r) for r in range(n_layers)], title_text=labels["layer"], autorange="reversed",
                     scaleanchor="x", showgrid=False, zeroline=False)
    height = min(900, max(300, 80 + 4 * z.shape[0]))
    fig.update_layout(**base_layout(height=height, margin=dict(l=60, r=10, t=60, b=10)))
    return fig


def plot_patch_attention(image: np.ndarray, attn_map: np.ndarray, labels: dict[str, str], opacity: float = 0.6
                         ) -> go.Figure:
    """The image (H, W, 3) in [0, 1] or uint8 with a patch map (gh, gw) over it, one cell per patch; weak patches
    stay clear and the colour bar shows the map's own values from 0 to its peak."""
    img = np.asarray(image)
    if img.dtype != np.uint8:
        img = (np.clip(img.astype(np.float32), 0, 1) * 255).round().astype(np.uint8)
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img.repeat(3, axis=-1)
    h, w = img.shape[:2]
    heat = np.asarray(attn_map, dtype=np.float32)  # (gh, gw): each cell is drawn over its patch's pixels
    gh, gw = heat.shape
    peak = max(float(np.nanmax(heat)), 1e-12)
    scale = overlay_scale(opacity)  # weak patches stay clear
    fig = go.Figure(go.Image(z=img, hoverinfo="skip"))
    fig.add_heatmap(z=heat, x0=(w / gw - 1) / 2, dx=w / gw, y0=(h / gh - 1) / 2, dy=h / gh, colorscale=scale, zmin=0,
                    zmax=peak, colorbar=dict(thickness=10, title=labels["attention"]),
                    hovertemplate="%{z:.4f}<extra></extra>")
    fig.update_yaxes(autorange="reversed", scaleanchor="x", showticklabels=False, ticks="", showgrid=False,
                     zeroline=False)
    fig.update_xaxes(showticklabels=False, ticks="", showgrid=False, zeroline=False, constrain="domain")
    fig.update_layout(**base_layout(height=420, margin=dict(l=10, r=10, t=20, b=20)))
    return fig


def token_names(n_prefix: int, grid: tuple[int, int]) -> list[str]:
    """Names of the N = n_prefix + gh * gw tokens: CLS, DIST (a distilled DeiT's second token) or R1, R2, ...
    (registers) for the prefix, then "row,col" for each patch in row-major order."""
    if n_prefix == 2:
        prefix = ["CLS", "DIST"]
    else:
        prefix = ["CLS", *(f"R{i}" for i in range(1, n_prefix))][:n_prefix]
    gh, gw = grid
    return prefix + [f"{r},{c}" for r in range(gh) for c in range(gw)]


def plot_token_matrix(weights: np.ndarray, n_prefix: int, grid: tuple[int, int], labels: dict[str, str],
                      zmax: float | None = None, prefix_names: Sequence[str] | None = None) -> go.Figure:
    """One head's attention (N, N): rows are queries, columns keys; lines separate prefix tokens from patches.

    zmax: top of the colour scale; by default the matrix's own peak (with hundreds of keys, a row's weights are far
    below 1 and a fixed [0, 1] scale would show a blank square). Pass 1.0 to compare heads on one scale."""
    w = np.asarray(weights, dtype=np.float32)
    gh, gw = grid
    n = n_prefix + gh * gw
    if w.shape != (n, n):
        raise ValueError(f"expected ({n}, {n}) for {n_prefix} prefix tokens and a {gh}x{gw} grid, got {w.shape}")
    names = token_names(n_prefix, grid)
    if prefix_names is not None:
        names[:n_prefix] = list(prefix_names)
    if n <= MAX_TOKEN_TICKS:
        ticks = list(range(n))
    else:  # the first token, then the first patch of every `step`-th grid row after row 0 (close to the prefix)
        step = -(-gh // (MAX_TOKEN_TICKS // 2))
        ticks = [0] + [n_prefix + r * gw for r in range(step, gh, step)]
    idx = np.arange(n)  # numeric axes: tokens are positions, never merged by name
    top = float(zmax) if zmax is not None else max(float(w.max()), 1e-12)
    fig = go.Figure(go.Heatmap(z=w, x=idx, y=idx, zmin=0, zmax=top, colorscale="Blues",
                               colorbar=dict(thickness=10, title=labels["attention"]),
                               hovertemplate=labels["query"] + " %{y}, " + labels["key"] + " %{x}: %{z:.4f}"
                                             "<extra></extra>"))
    if n_prefix:
        edge = n_prefix - 0.5
        for line in (dict(x0=edge, x1=edge, y0=-0.5, y1=n - 0.5), dict(x0=-0.5, x1=n - 0.5, y0=edge, y1=edge)):
            fig.add_shape(type="line", line=dict(color="#f59e0b", width=1), **line)
    fig.update_xaxes(tickvals=ticks, ticktext=[names[i] for i in ticks], title_text=labels["key"], tickangle=-60,
                     showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(tickvals=ticks, ticktext=[names[i] for i in ticks], title_text=labels["query"],
                     autorange="reversed", scaleanchor="x", showgrid=False, zeroline=False)
    fig.update_layout(**base_layout(height=560, margin=dict(l=70, r=20, t=20, b=70)))
    return fig
