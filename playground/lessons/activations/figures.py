"""Figures for the activations lesson: activation functions beside their slopes, and stacked layers with and
without a nonlinearity. Pure: arrays and labels in, a new figure out (two panels from playground.figures.panels)."""
from __future__ import annotations

import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.panels import GRID, panel_line, series_name, two_panels
from playground.figures.theme import base_layout

# One colour per function, the same in every figure of this lesson: Okabe–Ito (see palette.py), so that every
# pair stays apart under the common colour-vision deficiencies.
ACTIVATION_COLORS = {"sigmoid": OKABE_ITO["blue"], "tanh": OKABE_ITO["bluish_green"], "relu": OKABE_ITO["vermillion"],
                     "leaky_relu": OKABE_ITO["reddish_purple"], "gelu": OKABE_ITO["orange"],
                     "silu": OKABE_ITO["sky_blue"], "none": "#595959"}
# Proper names, the same in every language; a labels entry under the same key overrides one.
NAMES = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "gelu": "GELU",
         "silu": "SiLU"}
OTHER = "#94a3b8"  # a key without a colour of its own
# Dash patterns, a second cue beside colour: Leaky ReLU would hide ReLU under it, "none" is the linear stack, and
# SiLU, close in shape to GELU, is dotted; the rest (at most four lines told apart by colour alone) are solid.
DASH = {"leaky_relu": "dash", "none": "dash", "silu": "dot"}


def _line(x, y, key: str, labels: dict[str, str], right: bool = False) -> dict:
    """A line in key's colour and dash; "none" and any key outside NAMES must be labelled."""
    return panel_line(x, y, series_name(key, labels, NAMES), key, ACTIVATION_COLORS.get(key, OTHER),
                      DASH.get(key, "solid"), right)


def plot_activations(curves: dict[str, tuple], labels: dict[str, str]) -> go.Figure:
    """Left: f(x) of each activation; right: f'(x), one colour per function in both, one legend entry each.

    curves: compute.curves' dict, name -> (x, y, dy), each (n,). labels: function, derivative, input; optional
    per-name overrides of the display names (sigmoid, relu, ...).
    """
    data = [_line(x, y, name, labels) for name, (x, y, _) in curves.items()]
    data += [_line(x, dy, name, labels, right=True) for name, (x, _, dy) in curves.items()]
    layout = two_panels(labels["function"], labels["derivative"], labels["input"], labels["input"])
    return go.Figure(dict(data=data, layout=layout))


def plot_stacking(results: dict[str, tuple], labels: dict[str, str]) -> go.Figure:
    """One line per stack, output over input: a stack without a nonlinearity is straight at any depth.

    results: key -> compute.stack_layers' (x, y), each (n,); a key is an activation name or "none" (drawn
    dashed, grey). labels: input, output, and the display name of every key not in NAMES (at least "none").
    """
    data = [_line(x, y, key, labels) for key, (x, y) in results.items()]
    layout = base_layout(height=340, margin=dict(l=50, r=20, t=20, b=50), hovermode="x unified",
                         legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center"),
                         xaxis=dict(title=dict(text=labels["input"]), showgrid=False, zeroline=False),
                         yaxis=dict(title=dict(text=labels["output"]), gridcolor=GRID, zerolinecolor="#cbd5e1"))
    return go.Figure(dict(data=data, layout=layout))
