"""Figures for the losses lesson: loss curves over a prediction and over a probability, and softmax at a
temperature. Pure: arrays and labels in, a new figure out (two panels from playground.figures.panels)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.panels import GRID, panel_line, series_name, two_panels
from playground.figures.theme import base_layout

from .compute import softmax

# One colour per loss: Okabe–Ito (see palette.py), apart under the common colour-vision deficiencies.
LOSS_COLORS = {"mse": OKABE_ITO["blue"], "mae": OKABE_ITO["vermillion"], "cross_entropy": OKABE_ITO["bluish_green"],
               "bce": OKABE_ITO["reddish_purple"]}
# Proper names, the same in every language; a labels entry under the same key overrides one.
NAMES = {"mse": "MSE", "mae": "MAE", "cross_entropy": "CE", "bce": "BCE"}
OTHER = "#94a3b8"  # a key without a colour of its own
BAR, BAR_T1 = "#6366f1", "#94a3b8"  # softmax bars at the chosen temperature, and the faint ones at T = 1


def plot_losses(curves: dict[str, tuple], target: float, labels: dict[str, str]) -> go.Figure:
    """Left: MSE and MAE over a real prediction; right: BCE and cross-entropy over a probability. A dotted
    vertical line marks the target in both panels (BCE is lowest there; CE, which sees the true class, at p = 1).

    curves: compute.loss_curves' dict, name -> (p, loss); the panels draw whichever of the four it holds.
    labels: regression, classification (panel titles), prediction, probability (x axes), loss, target;
    optional overrides of mse, mae, cross_entropy, bce.
    """
    # each loss lives in one panel only: a legend entry each
    data = [panel_line(p, v, series_name(name, labels, NAMES), name, LOSS_COLORS.get(name, OTHER),
                       right=name in ("cross_entropy", "bce"), showlegend=True) for name, (p, v) in curves.items()]
    marker = dict(type="line", x0=target, x1=target, y0=0, y1=1, line=dict(color="#64748b", width=1.2, dash="dot"))
    layout = two_panels(labels["regression"], labels["classification"], labels["prediction"],
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
