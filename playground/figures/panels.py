"""Two side-by-side panels in one figure, laid out with axis domains (no make_subplots, which alone takes about
30 ms), and the named lines drawn on them: shared by the activation and the loss figures. Plotly dicts only."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .theme import base_layout

LEFT, RIGHT = [0, 0.45], [0.55, 1]  # x domains of the two panels
GRID = "#e5e7eb"


def series_name(key: str, labels: dict[str, str], names: dict[str, str]) -> str:
    """labels[key] where given; names[key] (a proper name) otherwise; a key in neither must be labelled."""
    return labels[key] if key in labels or key not in names else names[key]


def title_at(text: str, x: float) -> dict:
    """A panel title as an annotation above the figure's plot area, centred at x (paper coordinates). Centred
    explicitly: plotly's default anchor pins a title left of x below 1/3 and right of it above 2/3, which made
    neighbouring titles run into each other on a narrow screen."""
    return dict(text=text, x=x, y=1.0, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                showarrow=False, font=dict(size=13))


def panel_title(text: str, domain: Sequence[float]) -> dict:
    """A panel title as an annotation above the given x domain."""
    return title_at(text, (domain[0] + domain[1]) / 2)


def two_panels(left_title: str, right_title: str, left_x: str, right_x: str, **overrides) -> dict:
    """Layout of two side-by-side panels (x, y) and (x2, y2), a legend below both."""
    layout = base_layout(
        height=360, margin=dict(l=50, r=20, t=40, b=50), hovermode="x unified",
        legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center"),
        xaxis=dict(domain=LEFT, title=dict(text=left_x), showgrid=False, zeroline=True, zerolinecolor=GRID),
        yaxis=dict(gridcolor=GRID, zeroline=True, zerolinecolor="#cbd5e1"),
        xaxis2=dict(domain=RIGHT, anchor="y2", title=dict(text=right_x), showgrid=False, zeroline=True,
                    zerolinecolor=GRID),
        yaxis2=dict(anchor="x2", gridcolor=GRID, zeroline=True, zerolinecolor="#cbd5e1"),
        annotations=[panel_title(left_title, LEFT), panel_title(right_title, RIGHT)])
    layout.update(overrides)
    return layout


def panel_line(x, y, name: str, key: str, color: str, dash: str = "solid", right: bool = False, **extra) -> dict:
    """A scatter line, x and y (n,), in legend group `key`: on the right panel's axes when right, where it adds no
    legend entry (the left panel's line of the same key has one)."""
    trace = dict(type="scatter", x=np.asarray(x, dtype=np.float32), y=np.asarray(y, dtype=np.float32),
                 mode="lines", name=name, legendgroup=key, showlegend=not right,
                 line=dict(color=color, width=2, dash=dash), hovertemplate="%{y:.3f}")
    if right:
        trace.update(xaxis="x2", yaxis="y2")
    trace.update(extra)
    return trace
