"""Figures for the concept views: activation functions beside their slopes, stacked layers with and without a
nonlinearity, loss curves, softmax at a temperature. Pure: arrays and labels in, a new figure out. Two-panel
figures are laid out with axis domains (no make_subplots, which alone takes about 30 ms)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

from .compute import softmax

# One colour per function, the same in every figure of these views: Okabe–Ito (see palette.py), so that every
# pair stays apart under the common colour-vision deficiencies.
ACTIVATION_COLORS = {"sigmoid": OKABE_ITO["blue"], "tanh": OKABE_ITO["bluish_green"], "relu": OKABE_ITO["vermillion"],
                     "leaky_relu": OKABE_ITO["reddish_purple"], "gelu": OKABE_ITO["orange"],
                     "silu": OKABE_ITO["sky_blue"], "none": "#595959"}
LOSS_COLORS = {"mse": OKABE_ITO["blue"], "mae": OKABE_ITO["vermillion"], "cross_entropy": OKABE_ITO["bluish_green"],
               "bce": OKABE_ITO["reddish_purple"]}
COLORS = {**ACTIVATION_COLORS, **LOSS_COLORS}
# Proper names, the same in every language; a labels entry under the same key overrides one.
NAMES = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "gelu": "GELU",
         "silu": "SiLU", "mse": "MSE", "mae": "MAE", "cross_entropy": "CE", "bce": "BCE"}
OTHER = "#94a3b8"  # a key without a colour of its own
BAR, BAR_T1 = "#6366f1", "#94a3b8"  # softmax bars at the chosen temperature, and the faint ones at T = 1
# Dash patterns, a second cue beside colour: Leaky ReLU would hide ReLU under it, "none" is the linear stack, and
# SiLU, close in shape to GELU, is dotted; the rest (at most four lines told apart by colour alone) are solid.
DASH = {"leaky_relu": "dash", "none": "dash", "silu": "dot"}
LEFT, RIGHT = [0, 0.45], [0.55, 1]
GRID = "#e5e7eb"


def _name(key: str, labels: dict[str, str]) -> str:
    """labels[key] where given; a proper name from NAMES otherwise ("none" and any other key must be labelled)."""
    return labels[key] if key in labels or key not in NAMES else NAMES[key]


def _title(text: str, domain: Sequence[float]) -> dict:
    """A panel title as an annotation above the given x domain."""
    return dict(text=text, x=(domain[0] + domain[1]) / 2, y=1.0, xref="paper", yref="paper", yanchor="bottom",
                showarrow=False, font=dict(size=13))


def _two_panels(left_title: str, right_title: str, left_x: str, right_x: str, **overrides) -> dict:
    """Layout of two side-by-side panels (x, y) and (x2, y2), a legend below both."""
    layout = base_layout(
        height=360, margin=dict(l=50, r=20, t=40, b=50), hovermode="x unified",
        legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center"),
        xaxis=dict(domain=LEFT, title=dict(text=left_x), showgrid=False, zeroline=True, zerolinecolor=GRID),
        yaxis=dict(gridcolor=GRID, zeroline=True, zerolinecolor="#cbd5e1"),
        xaxis2=dict(domain=RIGHT, anchor="y2", title=dict(text=right_x), showgrid=False, zeroline=True,
                    zerolinecolor=GRID),
        yaxis2=dict(anchor="x2", gridcolor=GRID, zeroline=True, zerolinecolor="#cbd5e1"),
        annotations=[_title(left_title, LEFT), _title(right_title, RIGHT)])
    layout.update(overrides)
    return layout


def _line(x, y, key: str, labels: dict[str, str], right: bool = False, **extra) -> dict:
    """A scatter line in key's colour, on the right panel's axes when right; one legend entry per key."""
    trace = dict(type="scatter", x=np.asarray(x, dtype=np.float32), y=np.asarray(y, dtype=np.float32),
                 mode="lines", name=_name(key, labels), legendgroup=key, showlegend=not right,
                 line=dict(color=COLORS.get(key, OTHER), width=2, dash=DASH.get(key, "solid")),
                 hovertemplate="%{y:.3f}")
    if right:
        trace.update(xaxis="x2", yaxis="y2")
    trace.update(extra)
    return trace


def plot_activations(curves: dict[str, tuple], labels: dict[str, str]) -> go.Figure:
    """Left: f(x) of each activation; right: f'(x), one colour per function in both, one legend entry each.

    curves: functions.curves' dict, name -> (x, y, dy), each (n,). labels: function, derivative, input; optional
    per-name overrides of the display names (sigmoid, relu, ...).
    """
    data = [_line(x, y, name, labels) for name, (x, y, _) in curves.items()]
    data += [_line(x, dy, name, labels, right=True) for name, (x, _, dy) in curves.items()]
    layout = _two_panels(labels["function"], labels["derivative"], labels["input"], labels["input"])
    return go.Figure(dict(data=data, layout=layout))


def plot_stacking(results: dict[str, tuple], labels: dict[str, str]) -> go.Figure:
    """One line per stack, output over input: a stack without a nonlinearity is straight at any depth.

    results: key -> functions.stack_layers' (x, y), each (n,); a key is an activation name or "none" (drawn
    dashed, grey). labels: input, output, and the display name of every key not in NAMES (at least "none").
    """
    data = [_line(x, y, key, labels) for key, (x, y) in results.items()]
    layout = base_layout(height=340, margin=dict(l=50, r=20, t=20, b=50), hovermode="x unified",
                         legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center"),
                         xaxis=dict(title=dict(text=labels["input"]), showgrid=False, zeroline=False),
                         yaxis=dict(title=dict(text=labels["output"]), gridcolor=GRID, zerolinecolor="#cbd5e1"))
    return go.Figure(dict(data=data, layout=layout))


def plot_losses(curves: dict[str, tuple], target: float, labels: dict[str, str]) -> go.Figure:
    """Left: MSE and MAE over a real prediction; right: BCE and cross-entropy over a probability. A dotted
    vertical line marks the target in both panels (BCE is lowest there; CE, which sees the true class, at p = 1).

    curves: functions.loss_curves' dict, name -> (p, loss); the panels draw whichever of the four it holds.
    labels: regression, classification (panel titles), prediction, probability (x axes), loss, target;
    optional overrides of mse, mae, cross_entropy, bce.
    """
    data = [_line(p, v, name, labels, right=name in ("cross_entropy", "bce")) for name, (p, v) in curves.items()]
    for trace in data:
        trace["showlegend"] = True  # each loss lives in one panel only
    marker = dict(type="line", x0=target, x1=target, y0=0, y1=1, line=dict(color="#64748b", width=1.2, dash="dot"))
    layout = _two_panels(labels["regression"], labels["classification"], labels["prediction"],
                         labels["probability"],
                         shapes=[dict(marker, xref="x", yref="y domain"), dict(marker, xref="x2", yref="y2 domain")])
    layout["yaxis"]["title"] = dict(text=labels["loss"])
    layout["xaxis2"]["range"] = [0, 1]
    for axis in ("x", "x2"):
        layout["annotations"].append(dict(text=f"{labels['target']} = {target:g}", x=target, xref=axis, y=1,
                                          yref=("y" if axis == "x" else "y2") + " domain", yanchor="top",
                                          xanchor="left", showarrow=False, font=dict(size=11, color="#64748b")))
    return go.Figure(dict(data=data, layout=layout))


def plot_softmax(probs: Sequence[float], logits: Sequence[float], temperature: float,
                 labels: dict[str, str]) -> go.Figure:
    """Bars of softmax(z / T) per class, its percentage on top, the logit z under each bar and in the hover;
    when T != 1, faint bars of softmax(z) (T = 1) beside them for comparison.

    probs, logits: (k,). labels: class, logit, probability, temperature.
    """
    probs, z = np.asarray(probs, dtype=np.float64), np.asarray(logits, dtype=np.float64)
    idx = np.arange(len(z))
    ticks = [f"{labels['class']} {i}<br>z = {v:g}" for i, v in enumerate(z)]
    hover = (labels["class"] + " %{x}<br>" + labels["logit"] + " %{customdata:g}<br>" + labels["probability"]
             + " %{y:.1%}<extra>%{fullData.name}</extra>")
    bar = dict(type="bar", x=idx, customdata=z, texttemplate="%{y:.1%}", textposition="outside",
               hovertemplate=hover, cliponaxis=False)
    data = []
    if temperature != 1:
        data.append(dict(bar, y=softmax(list(z), 1.0), name=f"{labels['temperature']} = 1",
                         marker=dict(color=BAR_T1, opacity=0.35), textfont=dict(color=BAR_T1)))
    data.append(dict(bar, y=probs, name=f"{labels['temperature']} = {temperature:g}", marker=dict(color=BAR)))
    layout = base_layout(height=340, margin=dict(l=55, r=20, t=30, b=60), barmode="group", bargap=0.25,
                         showlegend=len(data) > 1, legend=dict(orientation="h", y=1.08, x=0.5, xanchor="center"),
                         xaxis=dict(tickvals=idx, ticktext=ticks, showgrid=False),
                         yaxis=dict(title=dict(text=labels["probability"]), range=[0, 1.1], tickformat=".0%",
                                    gridcolor=GRID))
    return go.Figure(dict(data=data, layout=layout))
