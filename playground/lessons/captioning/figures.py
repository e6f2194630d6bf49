"""Figures for Show, Attend and Tell: the picture once per generated word with that word's attention over it, all
tiles composed in NumPy into one go.Image (sent as a PNG), and each word's probability with the gate beta. Pure:
arrays and labels in, a new figure out. Attention lies in [0, 1]: the overlay is theme.OVERLAY's sequential scale."""
from __future__ import annotations

import base64
import html
import io
import math

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import OVERLAY, base_layout

EOS = "<eos>"
FIGURE_WIDTH = 880  # screen pixels the tiles are laid out for; the figure's height follows from it
MAX_TILE = 220  # screen pixels for a tile's longer side at most (a 64x64 scene is not blown up to fill the width)
LABEL_PX = 24  # screen pixels above each tile for its word


def _uint8_rgb(image) -> np.ndarray:
    """(h, w, 3) or (h, w) floats in [0, 1] or uint8 -> (h, w, 3) float32 in [0, 1]."""
    img = np.asarray(image)
    img = img.astype(np.float32) / 255 if img.dtype == np.uint8 else np.clip(img.astype(np.float32), 0, 1)
    if img.ndim == 2:
        img = img[:, :, None]
    return np.repeat(img, 3, axis=-1) if img.shape[-1] == 1 else img[:, :, :3]


def upsample(grid: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of maps (T, gh, gw) to (T, h, w), each cell centred on its part of the picture (the same
    sampling as torch's interpolate with align_corners=False)."""
    grid = np.asarray(grid, dtype=np.float32)
    _, gh, gw = grid.shape
    h, w = size

    def axis(n_out: int, n_in: int):
        pos = np.clip((np.arange(n_out, dtype=np.float32) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, (pos - lo).astype(np.float32)

    y0, y1, fy = axis(h, gh)
    x0, x1, fx = axis(w, gw)
    rows = grid[:, y0] * (1 - fy)[None, :, None] + grid[:, y1] * fy[None, :, None]  # (T, h, gw)
    return rows[:, :, x0] * (1 - fx) + rows[:, :, x1] * fx  # (T, h, w)


def overlay(image: np.ndarray, heat: np.ndarray, opacity: float) -> np.ndarray:
    """The picture (h, w, 3) in [0, 1] with a heat map (h, w) in [0, 1] blended over it in the OVERLAY colours:
    at heat v the colour and opacity of OVERLAY at v (clear at 0), times `opacity` (clipped to [0, 1])."""
    a = max(0.0, min(1.0, float(opacity)))
    pos = [p for p, _, _ in OVERLAY]
    heat = np.clip(np.asarray(heat, dtype=np.float32), 0, 1)
    rgb = np.stack([np.interp(heat, pos, [c[k] / 255 for _, c, _ in OVERLAY]) for k in range(3)], axis=-1)
    alpha = (np.interp(heat, pos, [s for _, _, s in OVERLAY]) * a)[:, :, None]  # (h, w, 1)
    return (image * (1 - alpha) + rgb * alpha).astype(np.float32)


def png_source(rgb: np.ndarray) -> str:
    """(h, w, 3) uint8 -> a PNG data URI for go.Image(source=...): lossless, and for these pictures several times
    smaller than the pixel array (as plotly.express.imshow does with binary_string=True)."""
    from PIL import Image  # Pillow comes with torchvision

    buffer = io.BytesIO()
    Image.fromarray(rgb, mode="RGB").save(buffer, format="PNG", compress_level=3)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _token_label(token: str, labels: dict[str, str]) -> str:
    return labels["eos"] if token == EOS else html.escape(token)


def plot_caption_attention(image, caption, labels: dict[str, str], opacity: float = 0.7, cols: int = 4
                           ) -> go.Figure:
    """The picture, then one tile per generated token with that token's attention over it (each map scaled to
    its own peak, so weak maps still show where they look), in rows of `cols`, as one image; the token and its
    probability above each tile.

    image: (h, w, 3) or (h, w) in [0, 1] or uint8, normally caption.image; caption: captioning.Caption (tokens,
    probs, and maps (T, h, w) or attention (T, gh, gw), upsampled here when maps do not match the picture).
    labels: image (the first tile's title), eos (the name shown for the end token).
    """
    img = _uint8_rgb(image)
    h, w = img.shape[:2]
    tokens = list(caption.tokens)
    maps = np.asarray(caption.maps, dtype=np.float32) if caption.maps is not None else None
    if maps is None or maps.shape[1:] != (h, w):
        maps = upsample(caption.attention, (h, w))  # (T, h, w)
    peak = maps.reshape(len(tokens), -1).max(axis=1) if tokens else np.ones(0, dtype=np.float32)
    tiles = [img] + [overlay(img, m / max(float(p), 1e-12), opacity) for m, p in zip(maps, peak)]
    n = len(tiles)
    cols = max(1, min(int(cols), n))
    rows = math.ceil(n / cols)
    gap_x = max(2, round(w * 0.06))
    scale = min(FIGURE_WIDTH / (cols * w + (cols - 1) * gap_x), MAX_TILE / max(h, w))  # screen px per picture px
    gap_y = max(2, math.ceil(LABEL_PX / scale))  # room for the word above each row of tiles
    canvas = np.ones((rows * (h + gap_y), cols * w + (cols - 1) * gap_x, 3), dtype=np.float32)  # white
    annotations = []
    for k, tile in enumerate(tiles):
        r, c = divmod(k, cols)
        top, left = r * (h + gap_y) + gap_y, c * (w + gap_x)
        canvas[top:top + h, left:left + w] = tile
        if k == 0:
            text = labels["image"]
        else:
            text = f"<b>{_token_label(tokens[k - 1], labels)}</b> {float(caption.probs[k - 1]):.2f}"
        annotations.append(dict(x=left + (w - 1) / 2, y=top - 0.5, xref="x", yref="y", text=text, showarrow=False,
                                yanchor="bottom", font=dict(size=13)))
    fig = go.Figure(go.Image(source=png_source((canvas * 255).round().astype(np.uint8)), hoverinfo="skip"))
    fig.update_xaxes(visible=False, range=[-0.5, canvas.shape[1] - 0.5], constrain="domain")
    fig.update_yaxes(visible=False, range=[canvas.shape[0] - 0.5, -0.5], scaleanchor="x", constrain="domain")
    height = round(canvas.shape[0] * scale) + 20
    fig.update_layout(**base_layout(height=max(160, height), margin=dict(l=0, r=0, t=10, b=10),
                                    annotations=annotations))
    return fig


def plot_caption_probabilities(caption, labels: dict[str, str]) -> go.Figure:
    """Per generated token: its probability (bars) and the gate beta that scaled its glimpse (line), both in
    [0, 1]. labels: probability, beta, word, eos."""
    tokens = list(caption.tokens)
    idx = list(range(len(tokens)))
    names = [_token_label(t, labels) for t in tokens]
    probs = np.asarray(caption.probs, dtype=np.float32)
    beta = np.asarray(caption.beta, dtype=np.float32)
    data = [
        dict(type="bar", x=idx, y=probs, name=labels["probability"], marker=dict(color=OKABE_ITO["blue"]),
             customdata=names, hovertemplate="%{customdata}: %{y:.3f}<extra>" + labels["probability"] + "</extra>"),
        dict(type="scatter", x=idx, y=beta, name=labels["beta"], mode="lines+markers",
             line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=2), marker=dict(size=8),
             customdata=names, hovertemplate="%{customdata}: %{y:.3f}<extra>" + labels["beta"] + "</extra>"),
    ]
    layout = base_layout(
        height=320, margin=dict(l=50, r=20, t=30, b=50), hovermode="closest", bargap=0.35,
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0.5, xanchor="center"),
        xaxis=dict(tickvals=idx, ticktext=names, title=dict(text=labels["word"]), showgrid=False),
        yaxis=dict(range=[0, 1.05], gridcolor="#e5e7eb", zeroline=False))
    return go.Figure(dict(data=data, layout=layout))
