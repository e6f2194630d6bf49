"""Backpropagation by hand on the smallest network worth drawing: every forward value and every chain-rule gradient
for one example, written out in plain Python and checked against torch autograd. No gradio.
Network: x (2,) -> Linear(2, 2) -> sigmoid -> Linear(2, 1) -> yhat; loss L = 1/2 (yhat - y)^2."""
from __future__ import annotations

import math
import numbers

import torch
from torch import nn

from playground.core.errors import PlaygroundError

MAX_LR = 10.0
MAX_SEED = 2**32 - 1
MAX_VALUE = 1e6  # largest |input| and |target|: the squared error of a larger one overflows a float
WEIGHT_SHAPES = {"w1": (2, 2), "b1": (2,), "w2": (1, 2), "b2": (1,)}  # as in nn.Linear: w[out][in]
PARAMS = tuple(WEIGHT_SHAPES)


def _finite(v) -> bool:
    """True for a real number that is neither inf nor nan (bools and strings are not numbers here)."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)


def _shape(v) -> tuple[int, ...] | None:
    """The shape of a number list nested one or two deep, or None where it is ragged or holds non-numbers."""
    if not isinstance(v, (list, tuple)):
        return None
    if all(_finite(e) for e in v):
        return (len(v),)
    rows = [_shape(e) for e in v]
    if rows and all(r is not None and len(r) == 1 and r == rows[0] for r in rows):
        return (len(v), rows[0][0])
    return None


def init_weights(seed: int = 0) -> dict[str, list]:
    """Seeded weights as nested lists: w1 (2, 2), b1 (2,), w2 (1, 2), b2 (1,), drawn from U(-1, 1) and rounded to
    two decimals so they read well on the figure."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed <= MAX_SEED:
        raise PlaygroundError("backprop_bad_seed", seed=seed, limit=MAX_SEED)
    g = torch.Generator().manual_seed(int(seed))
    out = {}
    for name, shape in WEIGHT_SHAPES.items():
        w = torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1
        out[name] = [round(v, 2) for v in w.tolist()] if len(shape) == 1 else \
            [[round(v, 2) for v in row] for row in w.tolist()]
    return out


def _check_weights(weights: dict) -> dict[str, list]:
    """Plain float copies of the four weights; raises backprop_bad_weights naming the first one that is missing,
    misshapen or not finite."""
    out = {}
    for name, shape in WEIGHT_SHAPES.items():
        v = weights.get(name) if isinstance(weights, dict) else None
        if _shape(v) != shape:
            raise PlaygroundError("backprop_bad_weights", name=name, shape="x".join(map(str, shape)))
        out[name] = [float(e) for e in v] if len(shape) == 1 else [[float(e) for e in row] for row in v]
    return out


def _sigmoid(z: float) -> float:
    # Both branches avoid overflow in exp for large |z|.
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def forward(x: list[float], y: float, weights: dict[str, list]) -> dict:
    """Forward pass in plain Python: z1 = W1 x + b1 (2,), a1 = sigmoid(z1) (2,), z2 = W2 a1 + b2, yhat = z2,
    loss = 1/2 (yhat - y)^2."""
    w1, b1, w2, b2 = (weights[k] for k in PARAMS)
    z1 = [w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i] for i in range(2)]
    a1 = [_sigmoid(z) for z in z1]
    z2 = w2[0][0] * a1[0] + w2[0][1] * a1[1] + b2[0]
    yhat = z2  # the output layer is linear: regression
    loss = 0.5 * (yhat - y) ** 2
    return dict(z1=z1, a1=a1, z2=z2, yhat=yhat, loss=loss)


def chain_rule(x: list[float], y: float, weights: dict[str, list], values: dict) -> dict:
    """Every gradient of the loss, one chain-rule step at a time, from the output back to the first layer."""
    w2 = weights["w2"]
    a1 = values["a1"]
    # L = 1/2 (yhat - y)^2  ->  dL/dyhat = yhat - y
    dyhat = values["yhat"] - y
    # yhat = z2  ->  dL/dz2 = dL/dyhat * 1
    dz2 = dyhat * 1.0
    # z2 = sum_i W2[0][i] a1[i] + b2  ->  dL/dW2[0][i] = dL/dz2 * a1[i], dL/db2 = dL/dz2
    dw2 = [[dz2 * a1[0], dz2 * a1[1]]]
    db2 = [dz2]
    # dL/da1[i] = dL/dz2 * W2[0][i]
    da1 = [dz2 * w2[0][i] for i in range(2)]
    # a1 = sigmoid(z1), sigmoid' = a1 (1 - a1)  ->  dL/dz1[i] = dL/da1[i] * a1[i] (1 - a1[i])
    dz1 = [da1[i] * a1[i] * (1 - a1[i]) for i in range(2)]
    # z1[i] = sum_j W1[i][j] x[j] + b1[i]  ->  dL/dW1[i][j] = dL/dz1[i] * x[j], dL/db1[i] = dL/dz1[i]
    dw1 = [[dz1[i] * x[j] for j in range(2)] for i in range(2)]
    db1 = list(dz1)
    return dict(yhat=dyhat, z2=dz2, w2=dw2, b2=db2, a1=da1, z1=dz1, w1=dw1, b1=db1)


def autograd(x: list[float], y: float, weights: dict[str, list]) -> dict:
    """The same gradients from torch autograd on nn.Linear layers holding the same weights, in float64."""
    lin1, lin2 = nn.Linear(2, 2, dtype=torch.float64), nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        for layer, w, b in ((lin1, "w1", "b1"), (lin2, "w2", "b2")):
            layer.weight.copy_(torch.tensor(weights[w], dtype=torch.float64))
            layer.bias.copy_(torch.tensor(weights[b], dtype=torch.float64))
    xt = torch.tensor(x, dtype=torch.float64)  # (2,)
    z1 = lin1(xt)  # (2,)
    a1 = torch.sigmoid(z1)
    z2 = lin2(a1)  # (1,)
    yhat = z2[0]
    for t in (z1, a1, z2, yhat):
        t.retain_grad()
    loss = 0.5 * (yhat - y) ** 2
    loss.backward()
    return dict(yhat=yhat.grad.item(), z2=z2.grad.item(), w2=lin2.weight.grad.tolist(), b2=lin2.bias.grad.tolist(),
                a1=a1.grad.tolist(), z1=z1.grad.tolist(), w1=lin1.weight.grad.tolist(), b1=lin1.bias.grad.tolist())


def _flat(v) -> list[float]:
    """A float or a list nested any depth, as one flat list."""
    return [float(v)] if not isinstance(v, list) else [e for item in v for e in _flat(item)]


def backprop(x: list[float], y: float, weights: dict | None = None, seed: int = 0, lr: float = 0.5) -> dict:
    """One example through the 2-2-1 network and back.

    Returns x, y, lr, weights (w1 (2, 2), b1 (2,), w2 (1, 2), b2 (1,), seeded by init_weights when not given), the
    forward values z1, a1 (2,), z2, yhat, loss, grads (dL/d of yhat, z2, w2, b2, a1, z1, w1, b1 by the chain
    rule), autograd (the same keys from torch), max_difference (largest |hand - autograd| over all of them),
    weights_after (w - lr * dL/dw) and after (the loss with weights_after). All plain floats and lists.
    """
    if not (isinstance(x, (list, tuple)) and len(x) == 2 and all(_finite(v) and abs(v) <= MAX_VALUE for v in x)
            and _finite(y) and abs(y) <= MAX_VALUE):
        raise PlaygroundError("backprop_bad_example", x=str(x), y=str(y), limit=f"{MAX_VALUE:g}")
    if not (_finite(lr) and 0 < lr <= MAX_LR):
        raise PlaygroundError("concept_bad_lr", lr=lr, limit=int(MAX_LR))
    x, y, lr = [float(v) for v in x], float(y), float(lr)
    weights = _check_weights(init_weights(seed) if weights is None else weights)
    values = forward(x, y, weights)
    grads = chain_rule(x, y, weights, values)
    oracle = autograd(x, y, weights)
    difference = max(abs(a - b) for k in grads for a, b in zip(_flat(grads[k]), _flat(oracle[k])))
    # Gradient descent: w <- w - lr * dL/dw, for every weight and bias.
    after = {k: [v - lr * g for v, g in zip(weights[k], grads[k])] if k in ("b1", "b2") else
             [[v - lr * g for v, g in zip(row, grow)] for row, grow in zip(weights[k], grads[k])] for k in PARAMS}
    return dict(x=x, y=y, lr=lr, weights=weights, **values, grads=grads, autograd=oracle,
                max_difference=float(difference), weights_after=after, after=forward(x, y, after)["loss"])
