"""Figures for the Train tab: loss and accuracy curves, confusion matrix, 2-D decision boundary, series
predictions, and image tiles for the gallery. Pure functions: arrays and labels in, a new figure out."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.figures.decimate import decimate_xy
from playground.figures.theme import base_layout

TRAIN_COLOR, VAL_COLOR = "#6366f1", "#ea580c"
# TensorFlow Playground's two classes: orange for 0, blue for 1 (apart under every colour-vision deficiency), white
# where the model is unsure.
CLASS_COLORS = ("#f59322", "#0877bd")
BOUNDARY_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, "#ffffff"], [1.0, CLASS_COLORS[1]]]
# the points' class numbers 0 / 1 -> their colour, in two flat bands
CLASS_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, CLASS_COLORS[0]], [0.5, CLASS_COLORS[1]], [1.0, CLASS_COLORS[1]]]
PROB_LEVELS = 255  # the boundary's probabilities travel as uint8 levels 0..PROB_LEVELS
INPUT_COLOR = "#94a3b8"  # the input of plot_series, beside the target (TRAIN_COLOR) and the prediction (VAL_COLOR)


def plot_curves(history: dict, labels: dict[str, str], metric_is_accuracy: bool = True) -> go.Figure:
    """Left: training loss per step and test loss at evaluations. Right: the metric (training batches and test).

    history: steps, train_loss, eval_steps, train_metric, val_loss, val_metric (lists). labels: loss, metric,
    step, train, test. Built from plain dicts with two axis domains (no make_subplots, which alone takes about
    30 ms): the Train tab redraws this twice a second while the model trains.
    """
    xs, ys = decimate_xy(history["steps"], history["train_loss"])  # a few hundred points, however long the run
    ev = np.asarray(history["eval_steps"], dtype=np.float32)
    train_line, test_line = dict(color=TRAIN_COLOR, width=1.2), dict(color=VAL_COLOR, width=2)
    data = [dict(type="scatter", x=xs, y=ys, mode="lines", name=labels["train"], line=train_line,
                 legendgroup="train"),
            dict(type="scatter", x=ev, y=np.asarray(history["val_loss"], dtype=np.float32), mode="lines+markers",
                 name=labels["test"], line=test_line, marker=dict(size=5), legendgroup="test")]
    if history["train_metric"] and metric_is_accuracy:
        data.append(dict(type="scatter", x=ev, y=np.asarray(history["train_metric"], dtype=np.float32),
                         mode="lines+markers", name=labels["train"], line={**train_line, "width": 1.5},
                         marker=dict(size=4), legendgroup="train", showlegend=False, xaxis="x2", yaxis="y2"))
    data.append(dict(type="scatter", x=ev, y=np.asarray(history["val_metric"], dtype=np.float32),
                     mode="lines+markers", name=labels["test"], line=test_line, marker=dict(size=5),
                     legendgroup="test", showlegend=False, xaxis="x2", yaxis="y2"))
    finite = ys[np.isfinite(ys)] if len(ys) else ys
    log = len(finite) and finite.min() > 0 and finite.max() / max(finite.min(), 1e-12) > 50
    title = dict(xref="paper", yref="paper", y=1.0, xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=13))
    layout = base_layout(
        height=340, margin=dict(l=50, r=20, t=40, b=45),
        legend=dict(orientation="h", y=-0.25, x=0.5, xanchor="center"),
        xaxis=dict(domain=[0, 0.45], title=dict(text=labels["step"]), showgrid=False),
        yaxis=dict(type="log" if log else "linear", gridcolor="#e5e7eb"),
        xaxis2=dict(domain=[0.55, 1], anchor="y2", title=dict(text=labels["step"]), showgrid=False),
        yaxis2=dict(anchor="x2", range=[0, 1.02] if metric_is_accuracy else None, gridcolor="#e5e7eb"),
        annotations=[dict(text=labels["loss"], x=0.225, **title), dict(text=labels["metric"], x=0.775, **title)])
    return go.Figure(dict(data=data, layout=layout))


def plot_confusion(matrix: Sequence[Sequence[int]], classes: Sequence[str], labels: dict[str, str]) -> go.Figure:
    """Counts of (true class, predicted class) on the test split; the diagonal is what the model got right."""
    m = np.asarray(matrix, dtype=np.int64)
    k = len(m)
    idx = list(range(k))
    row_share = m / np.maximum(m.sum(axis=1, keepdims=True), 1)  # colour by share of each true class
    fig = go.Figure(go.Heatmap(z=row_share.astype(np.float32), x=idx, y=idx, zmin=0, zmax=1, colorscale="Blues",
                               text=m, texttemplate="%{text}" if k <= 16 else None, showscale=False,
                               hovertemplate=labels["true"] + " %{y}, " + labels["pred"] + " %{x}: %{text}"
                                             "<extra></extra>"))
    names = [str(c) for c in classes]
    fig.update_xaxes(title_text=labels["pred"], tickvals=idx, ticktext=names, side="bottom")
    fig.update_yaxes(title_text=labels["true"], tickvals=idx, ticktext=names, autorange="reversed")
    size = 200 + 24 * k
    fig.update_layout(**base_layout(height=min(max(size, 300), 560), margin=dict(l=80, r=20, t=60, b=70)))
    return fig


def plot_decision_boundary(coords: np.ndarray, probs: np.ndarray, x_train: np.ndarray, y_train: np.ndarray,
                           x_test: np.ndarray, y_test: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """The model's class-1 probability over the plane, with training points (filled) and test points (ringed).

    coords: (R,) the grid's axis; probs: (R, R), rows = y. Sent small, as the Train tab redraws it while the model
    trains: the probabilities as uint8 levels (0-255, the colour bar labelled in probability) and the classes as
    0/1 numbers on a two-colour scale, not a colour name per point."""
    levels = np.round(np.clip(np.nan_to_num(np.asarray(probs, dtype=np.float32), nan=0.5), 0, 1) * PROB_LEVELS)
    ticks = np.linspace(0, 1, 6)
    fig = go.Figure(go.Heatmap(x=coords.astype(np.float32), y=coords.astype(np.float32), z=levels.astype(np.uint8),
                               zmin=0, zmax=PROB_LEVELS, colorscale=BOUNDARY_SCALE, opacity=0.85,
                               colorbar=dict(title=labels["probability"], thickness=12, tickvals=ticks * PROB_LEVELS,
                                             ticktext=[f"{t:.1f}" for t in ticks]), hoverinfo="skip"))
    classes = dict(colorscale=CLASS_SCALE, cmin=0, cmax=1)
    for x, y, name, hollow in ((x_train, y_train, labels["train"], False), (x_test, y_test, labels["test"], True)):
        is_one = (np.asarray(y) == 1).astype(np.uint8)  # (N,)
        marker = (dict(size=6, color="white", line=dict(color=is_one, width=1.5, **classes)) if hollow else
                  dict(size=6, color=is_one, line=dict(color="white", width=0.8), **classes))
        fig.add_scatter(x=x[:, 0].astype(np.float32), y=x[:, 1].astype(np.float32), mode="markers", name=name,
                        marker=marker)
    r = float(coords[-1])
    fig.update_xaxes(range=[-r, r], showgrid=False, zeroline=False)
    fig.update_yaxes(range=[-r, r], showgrid=False, zeroline=False, scaleanchor="x")
    fig.update_layout(**base_layout(height=420, margin=dict(l=30, r=20, t=44, b=30),
                                    legend=dict(orientation="h", y=-0.08, x=0.5, xanchor="center")))
    return fig


def plot_series(x: np.ndarray, y: np.ndarray, pred: np.ndarray, labels: dict[str, str], n: int = 3) -> go.Figure:
    """Next-step regression on a few test series: input, target and the model's prediction. x, y, pred: (N, T)."""
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.04)
    t = np.arange(x.shape[1], dtype=np.float32)
    for i in range(min(n, len(x))):
        show = i == 0
        fig.add_scatter(x=t, y=x[i].astype(np.float32), mode="lines", name=labels["input"],
                        line=dict(color=INPUT_COLOR, width=1), showlegend=show, row=i + 1, col=1)
        fig.add_scatter(x=t + 1, y=y[i].astype(np.float32), mode="lines", name=labels["target"],
                        line=dict(color=TRAIN_COLOR, width=2), showlegend=show, row=i + 1, col=1)
        fig.add_scatter(x=t + 1, y=pred[i].astype(np.float32), mode="lines", name=labels["pred"],
                        line=dict(color=VAL_COLOR, width=2, dash="dot"), showlegend=show, row=i + 1, col=1)
    fig.update_xaxes(title_text=labels["step"], row=n, col=1)
    fig.update_layout(**base_layout(height=120 * n + 80, margin=dict(l=40, r=20, t=20, b=40),
                                    legend=dict(orientation="h", y=-0.15, x=0.5, xanchor="center")))
    return fig


def image_tile(x: np.ndarray, size: int = 96) -> np.ndarray:
    """(C, H, W) floats in [0, 1] -> an enlarged (about size x size[, 3]) uint8 image, nearest neighbours, so that
    8x8 digits and 32x32 shapes show at the same size."""
    img = np.clip(np.asarray(x, dtype=np.float32), 0, 1)
    img = img[0] if img.shape[0] == 1 else img.transpose(1, 2, 0)  # (H, W) or (H, W, 3)
    scale = max(1, size // img.shape[0])
    img = img.repeat(scale, axis=0).repeat(scale, axis=1)
    return (img * 255).round().astype(np.uint8)


def plot_schedule(steps: np.ndarray, rates: np.ndarray, warmup: int, labels: dict[str, str]) -> go.Figure:
    """The learning rate of each update of the run (steps: 0-based (N,), drawn as update numbers 1..N; rates:
    (N,)), small, with the end of the warm-up marked. labels: lr, step, warmup_end."""
    x = np.asarray(steps, dtype=np.float32) + 1
    y = np.asarray(rates, dtype=np.float32)
    data = [dict(type="scatter", x=x, y=y, mode="lines", line=dict(color=TRAIN_COLOR, width=2),
                 name=labels["lr"], hovertemplate=labels["step"] + " %{x}: %{y:.3g}<extra></extra>")]
    shapes, notes = [], []
    if 0 < warmup < (x[-1] if len(x) else 0):
        shapes.append(dict(type="line", xref="x", yref="paper", x0=warmup, x1=warmup, y0=0, y1=1,
                           line=dict(color=VAL_COLOR, width=1, dash="dot")))
        notes.append(dict(x=warmup, y=1, xref="x", yref="paper", text=labels["warmup_end"], showarrow=False,
                          xanchor="left", yanchor="top", font=dict(size=10, color=VAL_COLOR)))
    top = float(y.max()) if len(y) else 1.0
    layout = base_layout(height=190, margin=dict(l=55, r=10, t=10, b=40), showlegend=False, shapes=shapes,
                         annotations=notes,
                         xaxis=dict(title=dict(text=labels["step"]), showgrid=False),
                         yaxis=dict(title=dict(text=labels["lr"]), range=[0, top * 1.08 or 1], gridcolor="#e5e7eb",
                                    exponentformat="power", tickformat=".2~g"))
    return go.Figure(dict(data=data, layout=layout))
