"""Figures for the GAN lab: the discriminator's field with real points, fake points and the generator's gradient
arrows (as in GAN Lab), and the losses and mean scores per generator step. Pure: gan.Snapshot / gan.GanHistory and
labels in, a new figure out (no make_subplots); arrays are sent as float32."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from playground.figures.decimate import MAX_CURVE_POINTS, decimate
from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

REAL_COLOR, FAKE_COLOR = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
D_LOSS_COLOR, G_LOSS_COLOR = OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"]
ARROW_COLOR = "#0f172a"
# D's probability: pale tints (35 %) of the fake colour at 0 and of the real colour at 1, white at 0.5, so the
# background says "looks fake" / "looks real" in the colours of the points and leaves them legible on top.
FIELD_SCALE = [[0.0, "#f0c7a6"], [0.5, "#ffffff"], [1.0, "#a6cee4"]]
HEAD_SHARE = 0.3  # an arrowhead's strokes are this share of the arrow's length
HEAD_ANGLE = math.radians(25)
D_EQUILIBRIUM = 2 * math.log(2)  # d_loss when D outputs 0.5 everywhere: -(ln 0.5 + ln 0.5)
G_EQUILIBRIUM = {"minimax": math.log(0.5), "non_saturating": -math.log(0.5)}


def _arrow_segments(start: np.ndarray, vec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of every arrow as line segments (shaft, then both strokes of the head), None-separated as NaN:
    start (k, 2), vec (k, 2) -> two (9 k,) float32 arrays. Zero-length arrows are left out."""
    start = np.asarray(start, dtype=np.float64).reshape(-1, 2)
    vec = np.asarray(vec, dtype=np.float64).reshape(-1, 2)
    keep = np.linalg.norm(vec, axis=1) > 0
    start, vec = start[keep], vec[keep]
    tip = start + vec  # (k, 2)
    back = -vec * HEAD_SHARE  # (k, 2): from the tip back along the shaft
    c, s = math.cos(HEAD_ANGLE), math.sin(HEAD_ANGLE)
    left = tip + back @ np.array([[c, s], [-s, c]])  # (k, 2): back rotated by +angle
    right = tip + back @ np.array([[c, -s], [s, c]])  # (k, 2): back rotated by -angle
    gap = np.full_like(tip, np.nan)
    # per arrow: start, tip, gap, left, tip, right, gap ... -> (k, 7, 2)
    pts = np.stack([start, tip, gap, left, tip, right, gap], axis=1)  # (k, 7, 2)
    flat = pts.reshape(-1, 2)  # (7 k, 2)
    return flat[:, 0].astype(np.float32), flat[:, 1].astype(np.float32)


def plot_gan_field(snapshot, labels: dict[str, str]) -> go.Figure:
    """D's probability over the plane as a heatmap (fixed range [0, 1], white at 0.5), real points (circles), fake
    points (diamonds) and the arrows -dl/dx that push each shown fake point, as one line trace.

    snapshot: gan.Snapshot. labels: real, fake, gradient (the arrows' legend entry), probability (the colour bar's
    title, e.g. "D(x)").
    """
    s = snapshot
    prob = np.asarray(s.prob, dtype=np.float32)
    hover_d = labels["probability"] + " = %{z:.2f}<br>(%{x:.2f}, %{y:.2f})<extra></extra>"
    data = [dict(type="heatmap", x=np.asarray(s.grid_x, dtype=np.float32), y=np.asarray(s.grid_y, dtype=np.float32),
                 z=prob, zmin=0.0, zmax=1.0, zmid=0.5, colorscale=FIELD_SCALE, hovertemplate=hover_d,
                 colorbar=dict(thickness=10, len=0.8, title=dict(text=labels["probability"]),
                               tickvals=[0, 0.5, 1]))]
    real = np.asarray(s.real, dtype=np.float32).reshape(-1, 2)  # (n, 2)
    fake = np.asarray(s.fake, dtype=np.float32).reshape(-1, 2)  # (n, 2)
    point = "(%{x:.2f}, %{y:.2f})<extra></extra>"
    data.append(dict(type="scatter", x=real[:, 0], y=real[:, 1], mode="markers", name=labels["real"],
                     marker=dict(symbol="circle", size=5, color=REAL_COLOR, opacity=0.75,
                                 line=dict(width=0.5, color="white")),
                     hovertemplate=labels["real"] + " " + point))
    data.append(dict(type="scatter", x=fake[:, 0], y=fake[:, 1], mode="markers", name=labels["fake"],
                     marker=dict(symbol="diamond", size=6, color=FAKE_COLOR, opacity=0.85,
                                 line=dict(width=0.5, color="white")),
                     hovertemplate=labels["fake"] + " " + point))
    ax, ay = _arrow_segments(s.arrow_start, s.arrow_vec)
    data.append(dict(type="scatter", x=ax, y=ay, mode="lines", name=labels["gradient"], hoverinfo="skip",
                     connectgaps=False, line=dict(color=ARROW_COLOR, width=1.2)))
    b = float(s.bound)
    layout = base_layout(
        height=520, margin=dict(l=40, r=20, t=20, b=60), hovermode="closest",
        legend=dict(orientation="h", y=-0.06, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(range=[-b, b], showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(range=[-b, b], showgrid=False, zeroline=False, scaleanchor="x", constrain="domain"))
    return go.Figure(dict(data=data, layout=layout))


def _column(history, name: str) -> np.ndarray:
    value = history[name] if isinstance(history, dict) else getattr(history, name)
    return np.asarray(value, dtype=np.float64)


def plot_gan_losses(history, labels: dict[str, str]) -> go.Figure:
    """Top: D loss and G loss (the spec's generator loss) per generator step, each with a dotted line at its value
    when D outputs 0.5 everywhere (2 ln 2 for D; ln 0.5 for the minimax G loss, -ln 0.5 for the non-saturating one).
    Bottom: the mean scores D(x) and D(G(z)) on [0, 1], with 0.5 dotted.

    history: gan.GanHistory (or its to_dict()). labels: d_loss, g_loss, equilibrium, d_real, d_fake, step, loss,
    score.
    """
    kind = history["g_loss_kind"] if isinstance(history, dict) else history.g_loss_kind
    step = _column(history, "step")
    x_ends = [float(step[0]), float(step[-1])] if len(step) else [0.0, 1.0]

    def line(name: str, color: str, yaxis: str) -> dict:
        y = _column(history, name)
        idx = decimate(y, MAX_CURVE_POINTS)  # a few hundred points per line, each bucket's extremes kept
        return dict(type="scatter", x=step[idx].astype(np.float32), y=y[idx].astype(np.float32), mode="lines",
                    name=labels[name], yaxis=yaxis,
                    line=dict(color=color, width=1.8),
                    hovertemplate=labels["step"] + " %{x}: %{y:.3f}<extra>" + labels[name] + "</extra>")

    def reference(value: float, color: str, yaxis: str, show: bool) -> dict:
        return dict(type="scatter", x=x_ends, y=[value, value], mode="lines", name=labels["equilibrium"],
                    legendgroup="equilibrium", showlegend=show, yaxis=yaxis, line=dict(color=color, width=1.2,
                                                                                          dash="dot"),
                    hovertemplate=labels["equilibrium"] + ": %{y:.3f}<extra></extra>")

    data = [reference(D_EQUILIBRIUM, D_LOSS_COLOR, "y", True),
            reference(G_EQUILIBRIUM[kind], G_LOSS_COLOR, "y", False),
            reference(0.5, "#595959", "y2", False),
            line("d_loss", D_LOSS_COLOR, "y"), line("g_loss", G_LOSS_COLOR, "y"),
            line("d_real", REAL_COLOR, "y2"), line("d_fake", FAKE_COLOR, "y2")]
    layout = base_layout(
        height=460, margin=dict(l=60, r=20, t=20, b=45), hovermode="x unified",
        legend=dict(orientation="h", y=-0.14, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(title=dict(text=labels["step"]), showgrid=False, anchor="y2"),
        yaxis=dict(domain=[0.42, 1.0], title=dict(text=labels["loss"]), gridcolor="#e5e7eb"),
        yaxis2=dict(domain=[0.0, 0.32], range=[0, 1], title=dict(text=labels["score"]), gridcolor="#e5e7eb",
                    tickvals=[0, 0.5, 1]))
    return go.Figure(dict(data=data, layout=layout))
