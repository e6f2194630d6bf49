"""The degradation lab's figure: training error over the steps, plain nets on the left and residual nets on the
right, one colour per depth and the same y axis in both panels (as He et al. 2016, Fig. 1 and 6). Pure: curves and
labels in, a new figure out."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.panels import panel_line, two_panels
from playground.figures.theme import series_style

KINDS = ("plain", "residual")


def plot_degradation(steps: Sequence[int], error: dict[str, Sequence[float]], depths: Sequence[int],
                     labels: dict[str, str]) -> go.Figure:
    """steps (n,) and error: "kind/depth" -> (n,) training error as a share -> lines in percent, plain left and
    residual right, both from 0 to 1.2 x the highest error after the first tenth of the run (5 % at least).
    Labels: plain, residual, step, error, layers (with {depth})."""
    x = np.asarray(steps, dtype=np.float32)
    late = x >= (x[-1] / 10 if x.size else 0)  # (n,): the points after the first tenth of the run
    top = 0.0
    data = []
    for right, kind in enumerate(KINDS):
        for i, depth in enumerate(depths):
            y = 100 * np.asarray(error.get(f"{kind}/{depth}", []), dtype=np.float64)[:len(x)]  # (n,)
            top = max(top, float(y[late[:len(y)]].max(initial=0.0)))
            name = labels["layers"].format(depth=depth)
            data.append(panel_line(x[:len(y)], y, name, str(depth), series_style(i, len(depths))["color"],
                                   right=bool(right), hovertemplate=f"{name}: %{{y:.1f}} %<extra></extra>"))
    layout = two_panels(labels["plain"], labels["residual"], labels["step"], labels["step"], height=380)
    # As in the paper's figures, the untrained start (about 90 %) may run off the top: the scale is set by the rest
    span = [0, min(100.0, max(5.0, 1.2 * top))]
    layout["yaxis"].update(title=dict(text=labels["error"]), range=span, ticksuffix=" %")
    layout["yaxis2"].update(range=span, ticksuffix=" %")
    return go.Figure(dict(data=data, layout=layout))
