"""Activation functions for the concept views: values from torch's own functions (the ones training uses), slopes
written out by formula, and what stacking linear layers does without a nonlinearity. No gradio here.
GELU: Hendrycks & Gimpel 2016, https://arxiv.org/abs/1606.08415 (exact erf form); SiLU: Elfwing et al. 2017."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.curve_grid import check_range, curve_grid
from playground.core.errors import PlaygroundError

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "silu")
MAX_ALPHA = 1.0  # Leaky ReLU's negative slope
MAX_DEPTH = 8
STACK_INPUT = 3.0  # stack_layers feeds x in [-STACK_INPUT, STACK_INPUT]

# What each activation is like, as codes the UI translates (Leaky ReLU with its alpha > 0). range: the set of
# outputs; monotonic: increasing | non_decreasing | no; zero_centred: odd, f(-x) = -f(x), so outputs centre on 0;
# smooth: differentiable everywhere; vanishes: where the slope goes to 0, both_tails | negative (exactly 0 for all
# x < 0: a unit that only sees negative inputs stops learning) | negative_tail (fades for x << 0) | never;
# max_slope: the largest f'(x). tests/lessons/activations/test_compute.py recomputes every field from the functions.
PROPERTIES: dict[str, dict] = {
    "sigmoid": dict(formula="1 / (1 + e^(-x))", slope="s(x) (1 - s(x))", range="(0, 1)", monotonic="increasing",
                    zero_centred=False, smooth=True, vanishes="both_tails", max_slope=0.25),  # s'(0) = 1/4
    "tanh": dict(formula="(e^x - e^(-x)) / (e^x + e^(-x))", slope="1 - tanh²(x)", range="(-1, 1)",
                 monotonic="increasing", zero_centred=True, smooth=True, vanishes="both_tails", max_slope=1.0),
    "relu": dict(formula="max(0, x)", slope="1 (x > 0), 0 (x < 0)", range="[0, ∞)", monotonic="non_decreasing",
                 zero_centred=False, smooth=False, vanishes="negative", max_slope=1.0),
    "leaky_relu": dict(formula="x (x > 0), αx (x ≤ 0)", slope="1 (x > 0), α (x < 0)", range="(-∞, ∞)",
                       monotonic="increasing", zero_centred=False, smooth=False, vanishes="never", max_slope=1.0),
    # GELU: min x Φ(x) ≈ -0.170 at x ≈ -0.752; the slope Φ + xφ peaks at x = √2 (its derivative is φ (2 - x²)).
    "gelu": dict(formula="x Φ(x)", slope="Φ(x) + x φ(x)", range="[≈-0.17, ∞)", monotonic="no",
                 zero_centred=False, smooth=True, vanishes="negative_tail", max_slope=1.129),
    # SiLU: min x s(x) ≈ -0.278 at x ≈ -1.278; the slope peaks at x ≈ 2.40.
    "silu": dict(formula="x s(x)", slope="s(x) (1 + x (1 - s(x)))", range="[≈-0.28, ∞)", monotonic="no",
                 zero_centred=False, smooth=True, vanishes="negative_tail", max_slope=1.100),
}

_MODULES = dict(sigmoid=nn.Sigmoid, tanh=nn.Tanh, relu=nn.ReLU, leaky_relu=nn.LeakyReLU, gelu=nn.GELU,
                silu=nn.SiLU)


def _check(name: str, alpha: float) -> None:
    """Raise activations_bad_activation for an unknown name, activations_bad_alpha for alpha outside [0, MAX_ALPHA]."""
    if name not in ACTIVATIONS:
        raise PlaygroundError("activations_bad_activation", name=name)
    if not 0 <= alpha <= MAX_ALPHA:  # NaN fails too
        raise PlaygroundError("activations_bad_alpha", alpha=alpha, limit=MAX_ALPHA)


def activation(name: str, x: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    """f(x) elementwise, same shape as x; alpha is Leaky ReLU's negative slope."""
    _check(name, alpha)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "relu":
        return F.relu(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, negative_slope=alpha)
    if name == "gelu":
        return F.gelu(x)  # approximate="none": x Φ(x) with the exact erf
    return F.silu(x)


def derivative(name: str, x: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    """f'(x) elementwise by formula, same shape as x. At the kink x = 0 ReLU gives 0 and Leaky ReLU alpha, as
    torch's autograd does."""
    _check(name, alpha)
    if name == "sigmoid":
        s = torch.sigmoid(x)
        return s * (1 - s)  # s' = s (1 - s)
    if name == "tanh":
        return 1 - torch.tanh(x) ** 2  # tanh' = 1 - tanh²
    if name == "relu":
        return (x > 0).to(x.dtype)
    if name == "leaky_relu":
        return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, alpha))
    if name == "gelu":
        # (x Φ(x))' = Φ(x) + x φ(x), Φ(x) = (1 + erf(x / √2)) / 2, φ(x) = e^(-x²/2) / √(2π)
        cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))
        pdf = torch.exp(-0.5 * x ** 2) / math.sqrt(2 * math.pi)
        return cdf + x * pdf
    # (x s(x))' = s + x s (1 - s) = s (1 + x (1 - s))
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))


def curves(names: Sequence[str], lo: float = -5.0, hi: float = 5.0, n: int = 401,
           alpha: float = 0.01) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """name -> (x, f(x), f'(x)), each (n,) float32 over [lo, hi], in the order given."""
    check_range(lo, hi)
    x = curve_grid(lo, hi, n)
    out = {}
    for name in names:
        y, dy = activation(name, x, alpha), derivative(name, x, alpha)
        out[name] = tuple(t.numpy().astype(np.float32) for t in (x, y, dy))
    return out


def stack_layers(depth: int, nonlinearity: str | None, seed: int = 0, width: int = 16, n: int = 401,
                 alpha: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """(x, y), each (n,) float32: x in [-3, 3] through `depth` hidden Linear layers of `width` units, each followed
    by the nonlinearity (None: nothing), and a Linear read-out to one number. The same seed gives the same random
    draws whatever the nonlinearity (scaled by its init gain), so two stacks differ only by it. Without one, the
    stack is a chain of affine maps: W_2 (W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2) is again a x + b,
    a straight line at any depth."""
    if depth != int(depth) or not 1 <= depth <= MAX_DEPTH:
        raise PlaygroundError("activations_bad_depth", depth=depth, limit=MAX_DEPTH)
    if nonlinearity is not None:
        _check(nonlinearity, alpha)
    if width != int(width) or width < 1:
        raise ValueError(f"width must be a positive whole number, got {width}")
    depth, width = int(depth), int(width)
    gen = torch.Generator().manual_seed(int(seed))
    sizes = [1] + [width] * depth + [1]
    # torch's init gain for the nonlinearity (1 for none); GELU and SiLU, which it does not list, are ReLU-like
    # away from 0 and take ReLU's sqrt(2)
    kind = "linear" if nonlinearity is None else "relu" if nonlinearity in ("gelu", "silu") else nonlinearity
    gain = nn.init.calculate_gain(kind, alpha) if kind == "leaky_relu" else nn.init.calculate_gain(kind)
    layers: list[nn.Module] = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.Linear(fan_in, fan_out, dtype=torch.float64)
        with torch.no_grad():
            # N(0, gain² / fan_in) weights keep the signal's size roughly steady through the depth (the read-out
            # has no nonlinearity after it: gain 1); N(0, 1) biases in the first layer put its kinks and bends
            # inside the drawn x range.
            g = gain if i < depth else 1.0
            linear.weight.copy_(torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64)
                                * g / math.sqrt(fan_in))
            linear.bias.copy_(torch.randn(fan_out, generator=gen, dtype=torch.float64) * (1.0 if i == 0 else 0.1))
        layers.append(linear)
        if nonlinearity is not None and i < depth:
            layers.append(_MODULES[nonlinearity](negative_slope=alpha) if nonlinearity == "leaky_relu"
                          else _MODULES[nonlinearity]())
    x = curve_grid(-STACK_INPUT, STACK_INPUT, n)
    with torch.no_grad():
        y = nn.Sequential(*layers)(x[:, None])[:, 0]  # (n, 1) -> (n, width) ... -> (n, 1) -> (n,)
    return x.numpy().astype(np.float32), y.numpy().astype(np.float32)
