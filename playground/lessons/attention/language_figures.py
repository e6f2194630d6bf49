"""Figures for a language model's next token: the top-k candidates' probabilities with their running total (where
top-p cuts). Pure: candidates in, figure out."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import COLORWAY
from playground.figures.theme import base_layout


def plot_next_token(candidates: Sequence[dict], labels: dict[str, str], top_p: float | None = None) -> go.Figure:
    """Candidates [{"token" (as shown), "probability"}], most likely first -> horizontal bars of probability with
    the cumulative probability as a line; top_p draws where top-p stops. Labels: "probability", "cumulative",
    "top_p"."""
    tokens = [str(c["token"]) for c in candidates]
    p = np.array([float(c["probability"]) for c in candidates], dtype=np.float64)
    rows = list(range(len(tokens)))  # numeric rows: two tokens that look alike never merge
    fig = go.Figure()
    fig.add_trace(go.Bar(x=p, y=rows, orientation="h", name=labels["probability"], marker_color=COLORWAY[0],
                         customdata=tokens, hovertemplate="%{customdata}: %{x:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=np.cumsum(p), y=rows, mode="lines+markers", name=labels["cumulative"],
                             line=dict(color=COLORWAY[1], dash="dot"), marker=dict(symbol="diamond", size=6),
                             hovertemplate=labels["cumulative"] + " %{x:.3f}<extra></extra>"))
    if top_p is not None:
        fig.add_vline(x=float(top_p), line=dict(color="#595959", dash="dash", width=1),
                      annotation_text=f"{labels['top_p']} {float(top_p):.2f}", annotation_position="bottom right")
    fig.update_layout(**base_layout(
        height=min(900, 130 + 22 * len(tokens)), margin=dict(l=130, r=30, t=30, b=60), bargap=0.25,
        legend=dict(orientation="h", y=-0.08, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(range=[0, 1.02], zeroline=False),
        # each token with its probability, so small ones read as numbers rather than as invisible bars
        yaxis=dict(tickmode="array", tickvals=rows, ticktext=[f"{t}  {v:.3f}" for t, v in zip(tokens, p)],
                   autorange="reversed", showgrid=False)))
    return fig
