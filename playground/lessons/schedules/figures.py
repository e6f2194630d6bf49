"""Figure for a learning-rate schedule: the rate at every step, the warm-up shaded, the peak marked. Pure: rates
and labels in, a new figure out; the curve is sent as float32."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout

LINE = OKABE_ITO["blue"]
PEAK = OKABE_ITO["vermillion"]
WARMUP_FILL = "rgba(230, 159, 0, 0.15)"  # Okabe–Ito orange, faint: a band behind the curve, not a series


def plot_lr_schedule(rates: np.ndarray, warmup_steps: int, labels: dict[str, str]) -> go.Figure:
    """The rate (n,) of steps 1..n as a line; the first warmup_steps steps shaded; the highest rate marked.

    labels: step, lr, warmup, peak (a template with {lr} and {step}).
    """
    rates = np.asarray(rates, dtype=np.float64)
    steps = np.arange(1, len(rates) + 1)
    top = int(np.argmax(rates))
    data = [dict(type="scatter", x=steps.astype(np.float32), y=rates.astype(np.float32), mode="lines",
                 name=labels["lr"], line=dict(color=LINE, width=2),
                 hovertemplate=labels["step"] + " %{x}: %{y:.3g}<extra></extra>"),
            dict(type="scatter", x=[top + 1], y=[float(rates[top])], mode="markers",
                 name=labels["peak"].format(lr=f"{rates[top]:.3g}", step=top + 1),
                 marker=dict(color=PEAK, size=9, symbol="diamond"), hoverinfo="skip")]
    shapes, notes = [], []
    if warmup_steps > 0:
        end = min(warmup_steps, len(rates)) + 0.5
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=0.5, x1=end, y0=0, y1=1, layer="below",
                           fillcolor=WARMUP_FILL, line=dict(width=0)))
        notes.append(dict(text=labels["warmup"], x=(0.5 + end) / 2, y=1, xref="x", yref="paper", yanchor="bottom",
                          showarrow=False, font=dict(size=11, color="#334155")))
    layout = base_layout(
        height=380, margin=dict(l=70, r=20, t=40, b=45), hovermode="closest", shapes=shapes, annotations=notes,
        legend=dict(orientation="h", y=-0.22, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(title=dict(text=labels["step"]), range=[0.5, len(rates) + 0.5], showgrid=False),
        yaxis=dict(title=dict(text=labels["lr"]), rangemode="tozero", exponentformat="power", gridcolor="#e5e7eb"))
    return go.Figure(dict(data=data, layout=layout))
