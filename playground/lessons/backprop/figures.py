"""Figure for backpropagation on the 2-2-1 network: forward values on the nodes, gradients of the loss on the nodes
and on every weight. Pure: backprop's dict and labels in, a new figure out; lines are layout shapes, text is
annotations, nodes one scatter trace."""
from __future__ import annotations

import plotly.graph_objects as go

from playground.figures.theme import base_layout

FORWARD, BACKWARD = "#1e293b", "#ea580c"
POSITIVE, NEGATIVE = "#2563eb", "#dc2626"  # edge colour by the sign of its weight
# Node fill by layer: inputs, hidden units, output, loss.
NODE_COLORS = {"x1": "#64748b", "x2": "#64748b", "h1": "#a855f7", "h2": "#a855f7", "yhat": "#ea580c", "loss": "#1e293b"}
# Node centres in data coordinates: inputs, hidden units, output, loss.
NODES = {"x1": (0.0, 1.0), "x2": (0.0, 0.0), "h1": (1.6, 1.0), "h2": (1.6, 0.0), "yhat": (3.2, 0.5),
         "loss": (4.4, 0.5)}
SYMBOLS = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "yhat": "ŷ", "loss": "L"}
ALONG = 0.3  # first-layer weight labels sit this far along their edge, so the two crossing edges keep apart


def _num(v: float) -> str:
    """Four significant digits, with a true minus sign."""
    return f"{v:.4g}".replace("-", "−")


def _note(text: str, x: float, y: float, color: str, **extra) -> dict:
    return dict(text=text, x=x, y=y, xref="x", yref="y", showarrow=False, font=dict(size=11, color=color),
                bgcolor="rgba(255,255,255,0.85)", **extra)


def plot_backprop(result: dict, labels: dict[str, str]) -> go.Figure:
    """The network x1, x2 -> h1, h2 (sigmoid) -> ŷ -> L as a graph. Above each node its forward value, below it
    dL/d of that value (and of its bias); on each edge its weight w and dL/dw. Edge width follows |w|, colour its
    sign. The title gives the loss before and after one step and the largest difference from autograd.

    result: playground.backprop.backprop's dict. labels: input, hidden, output, loss, forward, backward, step,
    autograd.
    """
    w, g, x = result["weights"], result["grads"], result["x"]
    shapes, notes = [], []
    # First layer: w1[i][j] joins x_(j+1) to h_(i+1); second layer: w2[0][i] joins h_(i+1) to yhat.
    edges = [(f"x{j + 1}", f"h{i + 1}", w["w1"][i][j], g["w1"][i][j], ALONG) for i in range(2) for j in range(2)]
    edges += [(f"h{i + 1}", "yhat", w["w2"][0][i], g["w2"][0][i], 0.5) for i in range(2)]
    for src, dst, weight, grad, t in edges:
        (x0, y0), (x1, y1) = NODES[src], NODES[dst]
        shapes.append(dict(type="line", x0=x0, y0=y0, x1=x1, y1=y1, xref="x", yref="y", layer="below",
                           line=dict(color=POSITIVE if weight >= 0 else NEGATIVE, width=1 + 3 * min(abs(weight), 2))))
        text = f"w = {_num(weight)}<br><span style='color:{BACKWARD}'>∂L/∂w = {_num(grad)}</span>"
        notes.append(_note(text, x0 + t * (x1 - x0), y0 + t * (y1 - y0), FORWARD))
    (x0, y0), (x1, y1) = NODES["yhat"], NODES["loss"]
    shapes.append(dict(type="line", x0=x0, y0=y0, x1=x1, y1=y1, xref="x", yref="y", layer="below",
                       line=dict(color="#94a3b8", width=2, dash="dot")))

    above = {"x1": _num(x[0]), "x2": _num(x[1]),
             "yhat": f"z = ŷ = {_num(result['yhat'])}",
             "loss": f"(ŷ − y)²/2 = {_num(result['loss'])}<br>y = {_num(result['y'])}"}
    below = {"yhat": f"∂L/∂ŷ = {_num(g['yhat'])}<br>b = {_num(w['b2'][0])}, ∂L/∂b = {_num(g['b2'][0])}"}
    for i in range(2):
        h = f"h{i + 1}"
        above[h] = f"z = {_num(result['z1'][i])}<br>a = σ(z) = {_num(result['a1'][i])}"
        below[h] = (f"∂L/∂a = {_num(g['a1'][i])}<br>∂L/∂z = {_num(g['z1'][i])}<br>"
                    f"b = {_num(w['b1'][i])}, ∂L/∂b = {_num(g['b1'][i])}")
    for key, text in above.items():
        cx, cy = NODES[key]
        notes.append(_note(text, cx, cy + 0.17, FORWARD, yanchor="bottom"))
    for key, text in below.items():
        cx, cy = NODES[key]
        notes.append(_note(text, cx, cy - 0.17, BACKWARD, yanchor="top"))
    for key, cx in (("input", 0.0), ("hidden", 1.6), ("output", 3.2), ("loss", 4.4)):
        notes.append(dict(text=f"<b>{labels[key]}</b>", x=cx, y=1.0, xref="x", yref="paper", yanchor="bottom",
                          showarrow=False, font=dict(size=12)))

    names = list(NODES)
    nodes = dict(type="scatter", x=[NODES[k][0] for k in names], y=[NODES[k][1] for k in names],
                 mode="markers+text", text=[SYMBOLS[k] for k in names], textfont=dict(size=15, color="white"),
                 marker=dict(size=40, color=[NODE_COLORS[k] for k in names],
                             line=dict(width=0)), hoverinfo="skip", showlegend=False)
    legend = [dict(type="scatter", x=[None], y=[None], mode="markers", name=labels[key],
                   marker=dict(symbol="square", size=11, color=color))
              for key, color in (("forward", FORWARD), ("backward", BACKWARD))]
    title = (f"{labels['loss']} {_num(result['loss'])} → {_num(result['after'])} "
             f"({labels['step']}, lr = {result['lr']:g}) · {labels['autograd']}: {result['max_difference']:.1e}")
    axis = dict(visible=False, fixedrange=True)
    layout = base_layout(height=480, margin=dict(l=20, r=20, t=80, b=20), title=dict(text=title, x=0.5, y=0.97),
                         legend=dict(orientation="h", x=1, xanchor="right", y=-0.02, yanchor="top"),
                         xaxis=dict(axis, range=[-0.5, 4.95]), yaxis=dict(axis, range=[-0.85, 1.6]),
                         shapes=shapes, annotations=notes)
    return go.Figure(dict(data=[nodes, *legend], layout=layout))
