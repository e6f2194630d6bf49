"""Figures for the optimizer race: the paths over the surface's contour and the losses per step. Pure: arrays and
labels in, a new figure out (no make_subplots, which alone takes about 30 ms); the contour is sent as float32."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

# One colour and one dash pattern per optimizer key (playground.optim_race.OPTIMIZERS): Okabe–Ito colours (see
# palette.py) and the six dash patterns plotly has, so six paths stay apart without colour too. Other keys take the
# fallback colours in turn, solid.
COLORS = {"sgd": "#595959", "momentum": OKABE_ITO["sky_blue"], "adagrad": OKABE_ITO["bluish_green"],
          "rmsprop": OKABE_ITO["orange"], "adam": OKABE_ITO["vermillion"], "adamw": OKABE_ITO["blue"]}
DASHES = {"sgd": "solid", "momentum": "dash", "adagrad": "dot", "rmsprop": "dashdot", "adam": "longdash",
          "adamw": "longdashdot"}
FALLBACK = (OKABE_ITO["reddish_purple"], OKABE_ITO["black"])
SURFACE_SCALE = [[0.0, "#ffffff"], [1.0, "#cbd5e1"]]  # pale, so the coloured paths stand out
LOG_SPREAD = 10  # log-spaced levels where the top of a non-negative surface exceeds this times its lowest decile
LOG_DEPTH = 1e-4  # log levels reach down to this fraction of the top (the floor added before the log)
FLOOR = 1e-30  # a log axis cannot show 0: smaller losses are drawn at this value


def _color(name: str, i: int) -> str:
    return COLORS.get(name, FALLBACK[i % len(FALLBACK)])


def _name(name: str, trajectory, labels: dict[str, str], upto: int | None) -> str:
    """The legend entry: the optimizer's label, with the divergence note once the cut reaches that step.

    labels["diverged"] is a template with {step}, e.g. "diverged at step {step}" (without one the step is appended).
    """
    k = trajectory.diverged_at
    if k is None or (upto is not None and upto < k):
        return labels[name]
    note = labels["diverged"]
    note = note.replace("{step}", str(k)) if "{step}" in note else f"{note} {k}"
    return f"{labels[name]} ({note})"


def _cut(n: int, upto: int | None) -> int:
    """How many recorded rows (of n) to draw: those of steps 0..upto."""
    return n if upto is None else max(1, min(n, int(upto) + 1))


def _contour(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, title: str) -> dict:
    """The contour trace: log-spaced levels where a non-negative surface spans a wide range, linear otherwise;
    the colour bar is labelled in loss values either way."""
    z = np.asarray(z, dtype=np.float64)
    finite = z[np.isfinite(z)]
    top = float(finite.max()) if finite.size else 1.0
    colorbar = dict(thickness=10, title=dict(text=title))
    log = finite.size and finite.min() >= 0 and top > LOG_SPREAD * np.percentile(finite, 10)
    if log:
        floor = top * LOG_DEPTH
        shown = np.log10(np.maximum(z, 0) + floor)  # log10(z + floor): equal spacing per factor of ten
        decades = 10.0 ** np.arange(np.ceil(np.log10(floor)), np.floor(np.log10(top)) + 1)
        colorbar.update(tickvals=np.log10(decades + floor).tolist(), ticktext=[f"{v:g}" for v in decades])
    else:
        shown = z
    return dict(type="contour", x=np.asarray(xs, dtype=np.float32), y=np.asarray(ys, dtype=np.float32),
                z=shown.astype(np.float32), colorscale=SURFACE_SCALE, ncontours=24, hoverinfo="skip",
                contours=dict(coloring="fill"), line=dict(width=0.5, color="rgba(71, 85, 105, 0.45)"),
                colorbar=colorbar, showlegend=False)


def plot_race(surface_grid: tuple[np.ndarray, np.ndarray, np.ndarray], trajectories: dict, labels: dict[str, str],
              upto: int | None = None, minima: Sequence[Sequence[float]] = ()) -> go.Figure:
    """Each optimizer's path over the contour of the surface, drawn up to step `upto` (all steps by default).

    surface_grid: optim_race.surface_grid's (xs (n,), ys (m,), z (m, n)); trajectories: optimizer key ->
    Trajectory (xy (k, 2), loss (k,), diverged_at); minima: points (x, y) to mark. The view stays on the grid's
    window, so paths that run off it are cut at its edge. A path ends in a large dot, or an x where it diverged.
    labels: one per optimizer key, diverged (a template with {step}), start, minimum, step, loss.
    """
    xs, ys, z = surface_grid
    data = [_contour(xs, ys, z, labels["loss"])]
    hover = labels["step"] + " %{customdata[0]}: (%{x:.3f}, %{y:.3f}), " + labels["loss"] + " %{customdata[1]:.3g}"
    for i, (name, tr) in enumerate(trajectories.items()):
        k = _cut(len(tr.xy), upto)
        xy = np.asarray(tr.xy[:k], dtype=np.float32)  # (k, 2)
        stopped = tr.diverged_at is not None and (upto is None or upto >= tr.diverged_at)
        size = np.full(k, 4, dtype=np.int8)
        size[-1] = 11
        symbol = ["circle"] * (k - 1) + ["x" if stopped else "circle"]
        steps = np.arange(k, dtype=np.float64)
        legend = _name(name, tr, labels, upto)
        data.append(dict(type="scatter", x=xy[:, 0], y=xy[:, 1], mode="lines+markers", name=legend,
                         line=dict(color=_color(name, i), width=1.8, dash=DASHES.get(name, "solid")),
                         marker=dict(color=_color(name, i), size=size, symbol=symbol, line=dict(width=0)),
                         customdata=np.stack([steps, np.asarray(tr.loss[:k], dtype=np.float64)], axis=1),
                         hovertemplate=hover + "<extra>" + labels[name] + "</extra>"))
    if len(minima):
        pts = np.asarray(minima, dtype=np.float32).reshape(-1, 2)
        data.append(dict(type="scatter", x=pts[:, 0], y=pts[:, 1], mode="markers", name=labels["minimum"],
                         marker=dict(symbol="star", size=13, color="#facc15", line=dict(color="#1e293b", width=1)),
                         hovertemplate=labels["minimum"] + " (%{x:.3f}, %{y:.3f})<extra></extra>"))
    if trajectories:
        x0, y0 = np.asarray(next(iter(trajectories.values())).xy[0], dtype=float)
        data.append(dict(type="scatter", x=[x0], y=[y0], mode="markers", name=labels["start"],
                         marker=dict(symbol="circle-open", size=14, color="#0f172a", line=dict(width=2)),
                         hovertemplate=labels["start"] + " (%{x:.3f}, %{y:.3f})<extra></extra>"))
    xr = [float(np.min(xs)), float(np.max(xs))]
    yr = [float(np.min(ys)), float(np.max(ys))]
    layout = base_layout(
        height=500, margin=dict(l=50, r=20, t=30, b=70), hovermode="closest",
        legend=dict(orientation="h", y=-0.16, x=0.5, xanchor="center"),
        xaxis=dict(range=xr, title=dict(text="x"), showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(range=yr, title=dict(text="y"), showgrid=False, zeroline=False, scaleanchor="x",
                   constrain="domain"))
    return go.Figure(dict(data=data, layout=layout))


def plot_losses(trajectories: dict, labels: dict[str, str], upto: int | None = None) -> go.Figure:
    """Loss per step (steps 0..upto), one line per optimizer; a log axis where every loss is >= 0 (values below
    FLOOR, zeros included, drawn at FLOOR), linear where some are negative (the saddle).

    trajectories: optimizer key -> Trajectory. labels: one per optimizer key, diverged (a template with {step}),
    step, loss.
    """
    cuts = {name: np.asarray(tr.loss[:_cut(len(tr.loss), upto)], dtype=np.float64)
            for name, tr in trajectories.items()}
    log = all(v.size == 0 or v.min() >= 0 for v in cuts.values())
    data = []
    for i, (name, loss) in enumerate(cuts.items()):
        y = np.maximum(loss, FLOOR) if log else loss
        data.append(dict(type="scatter", x=np.arange(len(y), dtype=np.float32), y=y, mode="lines",
                         name=_name(name, trajectories[name], labels, upto),
                         line=dict(color=_color(name, i), width=1.8, dash=DASHES.get(name, "solid")),
                         hovertemplate=labels["step"] + " %{x}: %{y:.3g}<extra>" + labels[name] + "</extra>"))
    layout = base_layout(
        height=380, margin=dict(l=60, r=20, t=40, b=45), hovermode="closest",
        legend=dict(orientation="h", y=-0.3, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(title=dict(text=labels["step"]), showgrid=False),
        yaxis=dict(title=dict(text=labels["loss"]), type="log" if log else "linear", exponentformat="power",
                   gridcolor="#e5e7eb"))
    return go.Figure(dict(data=data, layout=layout))
