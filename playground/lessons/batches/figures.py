"""Figures of the batch-size race: the lanes' training loss over updates and over seconds, and their test accuracy
and seconds per epoch as bars. Pure functions: lanes and labels in, a new figure out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.decimate import decimate_xy
from playground.figures.panels import title_at
from playground.figures.theme import base_layout, series_style

GRID = "#e5e7eb"
SMOOTH_PARTS = 40  # the moving average spans about 1/40 of a lane's updates



def smooth(values, parts: int = SMOOTH_PARTS) -> np.ndarray:
    """A trailing moving average over about 1/parts of the curve (at least one point), same length as values."""
    y = np.asarray(values, dtype=np.float64)
    window = max(1, len(y) // parts)
    if window == 1:
        return y
    sums = np.cumsum(np.concatenate([[0.0], y]))
    counts = np.minimum(np.arange(1, len(y) + 1), window)
    return (sums[1:] - sums[np.maximum(np.arange(1, len(y) + 1) - window, 0)]) / counts


def plot_batch_losses(lanes, names: list[str], labels: dict[str, str]) -> go.Figure:
    """Left: each lane's training loss over its updates (log axis: batch 1 makes thousands, the full batch a
    few). Right: the same losses over wall time. Each batch's own loss faint, its moving average drawn over it.
    names: one legend entry per lane. labels: updates, seconds, loss, by_update, by_time."""
    data = []
    for i, (lane, name) in enumerate(zip(lanes, names)):
        style = series_style(i, len(lanes))
        faint = dict(color=style["color"], width=1)
        bold = dict(color=style["color"], dash=style["dash"], width=2.2)
        x, y = decimate_xy(lane.updates, lane.losses)
        t, _ = decimate_xy(lane.seconds, lane.losses)
        xs, ys = decimate_xy(lane.updates, smooth(lane.losses))
        ts, _ = decimate_xy(lane.seconds, smooth(lane.losses))
        for axes, (rx, sx) in ((dict(), (x, xs)), (dict(xaxis="x2", yaxis="y2"), (t, ts))):
            data.append(dict(type="scatter", x=rx, y=y, mode="lines", name=name, line=faint, opacity=0.3,
                             legendgroup=name, showlegend=False, hoverinfo="skip", **axes))
            data.append(dict(type="scatter", x=sx, y=ys.astype(np.float32), mode="lines", name=name, line=bold,
                             legendgroup=name, showlegend=not axes, **axes))
    layout = base_layout(
        height=360, margin=dict(l=55, r=20, t=40, b=50),
        legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center"),
        xaxis=dict(domain=[0, 0.46], type="log", title=dict(text=labels["updates"]), showgrid=False),
        yaxis=dict(title=dict(text=labels["loss"]), gridcolor=GRID, rangemode="tozero"),
        xaxis2=dict(domain=[0.54, 1], anchor="y2", title=dict(text=labels["seconds"]), showgrid=False,
                    rangemode="tozero"),
        yaxis2=dict(anchor="x2", gridcolor=GRID, matches="y"),
        annotations=[title_at(labels["by_update"], 0.23), title_at(labels["by_time"], 0.77)])
    return go.Figure(dict(data=data, layout=layout))


def plot_batch_summary(lanes, names: list[str], labels: dict[str, str]) -> go.Figure:
    """Bars per lane: test accuracy (left) and seconds per epoch (right); a lane not finished yet has no bar.
    labels: accuracy, seconds_per_epoch."""
    colors = [series_style(i, len(lanes))["color"] for i in range(len(lanes))]
    accuracy = np.array([np.nan if lane.test_accuracy is None else lane.test_accuracy for lane in lanes],
                        dtype=np.float32)
    per_epoch = np.array([np.nan if lane.seconds_per_epoch is None else lane.seconds_per_epoch for lane in lanes],
                         dtype=np.float32)
    text_acc = ["" if np.isnan(a) else f"{a:.1%}" for a in accuracy]
    text_sec = ["" if np.isnan(s) else f"{s:.3g} s" for s in per_epoch]
    data = [dict(type="bar", x=names, y=accuracy, marker=dict(color=colors), text=text_acc, textposition="auto",
                 showlegend=False, hovertemplate="%{x}: %{text}<extra></extra>"),
            dict(type="bar", x=names, y=per_epoch, marker=dict(color=colors), text=text_sec, textposition="auto",
                 showlegend=False, xaxis="x2", yaxis="y2", hovertemplate="%{x}: %{text}<extra></extra>")]
    layout = base_layout(
        height=300, margin=dict(l=55, r=20, t=40, b=40),
        xaxis=dict(domain=[0, 0.46], type="category"), yaxis=dict(range=[0, 1.05], tickformat=".0%", gridcolor=GRID),
        xaxis2=dict(domain=[0.54, 1], anchor="y2", type="category"),
        yaxis2=dict(anchor="x2", rangemode="tozero", gridcolor=GRID),
        annotations=[title_at(labels["accuracy"], 0.23), title_at(labels["seconds_per_epoch"], 0.77)])
    return go.Figure(dict(data=data, layout=layout))
