"""The note's matrix form of the same network, r = b + W x, a = sigmoid(r), y = b + c^T a, on its 3x3 example
(note 004, figure 9: three inputs, three units), every number written out. NumPy only; no gradio."""
from __future__ import annotations

import re

import numpy as np

from playground.core.errors import PlaygroundError

# Note 004 writes the 3x3 case in symbols (r_1 = b_1 + w_11 x_1 + w_12 x_2 + w_13 x_3, ...); these numbers fill it.
EXAMPLE_X = (1.0, -1.0, 2.0)
EXAMPLE_B = (1.0, 0.0, -1.0)
EXAMPLE_W = ((1.0, 2.0, 0.0),
             (0.0, -1.0, 1.0),
             (2.0, 0.0, -1.0))
EXAMPLE_C = (1.0, -2.0, 3.0)
EXAMPLE_B_OUT = 0.5
MAX_INPUT = 100.0


def parse_inputs(text) -> np.ndarray:
    """'1, -1, 2' -> (3,) float64; commas (also '，'), semicolons or spaces separate. Raises sigmoids_bad_inputs
    unless three finite numbers within +-MAX_INPUT."""
    tokens = [t for t in re.split(r"[,，;；\s]+", str(text or "").strip()) if t]
    try:
        x = np.array([float(t) for t in tokens], dtype=np.float64)
    except ValueError:
        raise PlaygroundError("sigmoids_bad_inputs", limit=f"{MAX_INPUT:g}") from None
    if x.shape != (3,) or not np.isfinite(x).all() or np.abs(x).max() > MAX_INPUT:
        raise PlaygroundError("sigmoids_bad_inputs", limit=f"{MAX_INPUT:g}")
    return x


def matrix_form(x, activation: str = "sigmoid") -> dict:
    """The example network on inputs x (3,): r = b + W x (3,), a = act(r) (3,), y = b + c^T a (a float), with
    W, b, c and the output bias as arrays."""
    x = np.asarray(x, dtype=np.float64)
    w, b, c = np.array(EXAMPLE_W), np.array(EXAMPLE_B), np.array(EXAMPLE_C)
    r = b + w @ x  # (3,) = (3,) + (3, 3) @ (3,)
    a = 1 / (1 + np.exp(-r)) if activation == "sigmoid" else np.maximum(r, 0)  # (3,)
    y = EXAMPLE_B_OUT + float(c @ a)
    return dict(x=x, w=w, b=b, c=c, b_out=EXAMPLE_B_OUT, r=r, a=a, y=y, activation=activation)


def _num(v: float, digits: int = 4) -> str:
    """A number for the worked example: whole numbers bare, others to `digits` decimals; a true minus sign."""
    v = float(v) + 0.0  # -0.0 + 0.0 is 0.0: no "−0"
    text = f"{v:g}" if v.is_integer() and abs(v) < 1e6 else f"{v:.{digits}f}"
    return text.replace("-", "−")


def _signed(v: float) -> str:
    """A factor: a negative one in brackets, so that '+ (−1)·x' never reads '+ −1·x'."""
    return f"({_num(v)})" if v < 0 else _num(v)


def _column(values, width: int) -> list[str]:
    return [f"[ {_num(v).rjust(width)} ]" for v in values]


def matrix_text(form: dict, act_name: str) -> str:
    """The worked example as a fenced block: the matrix equation with numbers, each r_i written out as in the note,
    then a = act(r) and y = b + c^T a."""
    x, w, b, r, a, c = form["x"], form["w"], form["b"], form["r"], form["a"], form["c"]
    width = max(len(_num(v)) for v in (*x, *w.ravel(), *b, *r))
    rows_w = ["[ " + " ".join(_num(v).rjust(width) for v in row) + " ]" for row in w]
    cols = [_column(r, width), _column(b, width), rows_w, _column(x, width)]
    head = ["r", "b", "W", "x"]
    lines = ["   ".join(h.center(len(col[0])) for h, col in zip(head, cols))]
    for i in range(3):
        eq, plus, times = ("=", "+", "·") if i == 1 else (" ", " ", " ")
        lines.append(f"{cols[0][i]} {eq} {cols[1][i]} {plus} {cols[2][i]} {times} {cols[3][i]}")
    lines.append("")
    for i in range(3):
        terms = " + ".join(f"{_signed(w[i, j])}·({_num(x[j])})" for j in range(3))
        lines.append(f"r{'₁₂₃'[i]} = b{'₁₂₃'[i]} + w{'₁₂₃'[i]}₁x₁ + w{'₁₂₃'[i]}₂x₂ + w{'₁₂₃'[i]}₃x₃ "
                     f"= {_num(b[i])} + {terms} = {_num(r[i])}")
    lines.append("")
    lines.append(f"a = {act_name}(r) = [{', '.join(_num(v) for v in a)}]")
    terms = " + ".join(f"({_num(ci)})·{_num(ai)}" for ci, ai in zip(c, a))
    lines.append(f"y = b + cᵀa = {_num(form['b_out'])} + {terms} = {_num(form['y'])}")
    return "```text\n" + "\n".join(lines) + "\n```"


def note_index_slip(x, w, b) -> np.ndarray:
    """(3,) what note 004's second formula, sum_j w_ij x_i (x indexed by i, not j), would give: b_i + x_i sum_j
    w_ij. Every unit would see only its own input; the note's next line and r = b + W x index x by j."""
    x, w, b = (np.asarray(v, dtype=np.float64) for v in (x, w, b))
    return b + x * w.sum(1)

