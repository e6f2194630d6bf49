"""Optimizer race: torch.optim's own SGD, Momentum, Adagrad, RMSprop, Adam and AdamW stepping one 2-D point each
down the same loss surface. Plain PyTorch and NumPy, no gradio. Refs: Kingma & Ba 2015, Adam,
https://arxiv.org/abs/1412.6980; Loshchilov & Hutter 2019, AdamW, https://arxiv.org/abs/1711.05101."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from playground.core.errors import PlaygroundError

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw")  # the keys of training.OPTIMIZERS
MAX_STEPS = 1000
MAX_LR = 10.0
BOUND = 1e6  # a point farther than this from the origin has diverged (or, on the saddle, run off down the slope)


@dataclass(frozen=True)
class Surface:
    """A loss surface: f maps points (..., 2) to losses (...), elementwise, so one call evaluates a whole grid.

    start is the default starting point, x_range and y_range the plot window (a start must lie in it), minima
    the known minima for the figure, lr a learning rate at which most racers make visible progress in 200 steps.
    """
    f: Callable[[torch.Tensor], torch.Tensor]
    formula: str
    start: tuple[float, float]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    lr: float


@dataclass
class Trajectory:
    """One racer: xy (n, 2) its position before any step (row 0) and after each step, loss (n,) f at those
    positions, diverged_at the step whose result was non-finite or beyond BOUND (not recorded), else None."""
    xy: np.ndarray
    loss: np.ndarray
    diverged_at: int | None


def _bowl(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    # Hessian diag(1, 25): condition number 25; plain SGD is stable only for lr < 2 / 25
    return 0.5 * (x ** 2 + 25 * y ** 2)


def _rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    # a curved valley y = x^2; curvature ~1000 across it at (1, 1) and ~0.4 along it
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def _saddle(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    return x ** 2 - y ** 2  # a minimum along x, a maximum along y; unbounded below


def _himmelblau(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    # Himmelblau's function over 10: four minima of value 0; the scale keeps plain SGD stable up to lr ~0.15
    return 0.1 * ((x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2)


SURFACES: dict[str, Surface] = {
    "bowl": Surface(_bowl, "0.5 (x² + 25 y²)", (-4.5, 1.5), (-5.0, 5.0), (-3.0, 3.0), ((0.0, 0.0),), 0.02),
    "rosenbrock": Surface(_rosenbrock, "(1 - x)² + 100 (y - x²)²", (-1.5, 2.0), (-2.0, 2.0), (-1.0, 3.0),
                          ((1.0, 1.0),), 0.002),
    # The start sits just off the ridge y = 0: exactly on it the gradient has no y part and nothing escapes.
    "saddle": Surface(_saddle, "x² - y²", (-1.5, 1e-3), (-2.0, 2.0), (-2.0, 2.0), (), 0.01),
    "multi": Surface(_himmelblau, "0.1 ((x² + y - 11)² + (x + y² - 7)²)", (0.0, 0.0), (-5.0, 5.0), (-5.0, 5.0),
                     ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)), 0.03),
}


def _real(value) -> float | None:
    """value as a finite float, or None where it is not a finite number."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def _surface(name: str) -> Surface:
    if name not in SURFACES:
        raise PlaygroundError("optimizers_bad_surface", name=name)
    return SURFACES[name]


def _check_beta(name: str, value) -> float:
    v = _real(value)
    if v is None or not 0 <= v < 1:
        raise PlaygroundError("optimizers_bad_beta", name=name, value=value)
    return v


def _check_start(surface: Surface, start) -> tuple[float, float]:
    """start as two floats; raises optimizers_bad_start unless it is two finite numbers inside the plot window."""
    try:
        x, y = (_real(v) for v in start)
    except (TypeError, ValueError):
        x = y = None
    (x0, x1), (y0, y1) = surface.x_range, surface.y_range
    if x is None or y is None or not (x0 <= x <= x1 and y0 <= y <= y1):
        raise PlaygroundError("optimizers_bad_start", start=start, xmin=x0, xmax=x1, ymin=y0, ymax=y1)
    return x, y


def _make_optimizer(name: str, p: nn.Parameter, lr: float, momentum: float, betas: tuple[float, float],
                    alpha: float, weight_decay: float) -> torch.optim.Optimizer:
    """The torch.optim optimizer behind a key; only AdamW decays the weights."""
    if name == "sgd":  # w -= lr g
        return torch.optim.SGD([p], lr=lr)
    if name == "momentum":
        # v = momentum v + g; w -= lr v. The moving average v = m v + (1 - m) g walks the same path at
        # lr / (1 - m): PyTorch leaves out the (1 - m), as training.make_optimizer does.
        return torch.optim.SGD([p], lr=lr, momentum=momentum)
    if name == "adagrad":  # s += g^2; w -= lr g / (sqrt(s) + eps)
        return torch.optim.Adagrad([p], lr=lr)
    if name == "rmsprop":  # s = alpha s + (1 - alpha) g^2; w -= lr g / (sqrt(s) + eps)
        return torch.optim.RMSprop([p], lr=lr, alpha=alpha)
    if name == "adam":
        # m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
        return torch.optim.Adam([p], lr=lr, betas=betas)
    # w -= lr wd w (decoupled from the gradient), then the Adam step
    return torch.optim.AdamW([p], lr=lr, betas=betas, weight_decay=weight_decay)


def race(surface: str, optimizers: Sequence[str], steps: int, lr: float, momentum: float = 0.9,
         beta1: float = 0.9, beta2: float = 0.999, alpha: float = 0.99, weight_decay: float = 0.01,
         start: Sequence[float] | None = None) -> dict[str, Trajectory]:
    """Step each optimizer `steps` times from the same start; optimizer key -> Trajectory (steps + 1 rows, fewer
    where it diverged). Divergence is recorded, never raised.

    Args:
        momentum: the "momentum" racer's coefficient (SGD with momentum; dampening 0).
        beta1, beta2: Adam's and AdamW's moving-average coefficients for g and g^2.
        alpha: RMSprop's own moving-average coefficient for g^2 (torch's default 0.99, kept apart from beta2).
        weight_decay: AdamW's decoupled decay; the other racers have none.
        start: (x, y) inside the surface's window; by default the surface's start.
    """
    spec = _surface(surface)
    names = [optimizers] if isinstance(optimizers, str) else list(dict.fromkeys(optimizers))
    for name in names:
        if name not in OPTIMIZERS:
            raise PlaygroundError("optimizers_bad_optimizer", name=name)
    n = _real(steps)
    if n is None or n != int(n) or not 1 <= n <= MAX_STEPS:
        raise PlaygroundError("optimizers_bad_steps", steps=steps, limit=MAX_STEPS)
    steps = int(n)
    rate = _real(lr)
    if rate is None or not 0 < rate <= MAX_LR:
        raise PlaygroundError("concept_bad_lr", lr=lr, limit=MAX_LR)
    momentum, beta1, beta2, alpha, weight_decay = (
        _check_beta(k, v) for k, v in (("momentum", momentum), ("beta1", beta1), ("beta2", beta2),
                                       ("alpha", alpha), ("weight_decay", weight_decay)))
    start = spec.start if start is None else _check_start(spec, start)
    params = [nn.Parameter(torch.tensor(start, dtype=torch.float64)) for _ in names]
    opts = [_make_optimizer(name, p, rate, momentum, (beta1, beta2), alpha, weight_decay)
            for name, p in zip(names, params)]
    return dict(zip(names, _run_race(spec, params, opts, start, steps)))


def _run_race(spec: Surface, params: list[nn.Parameter], opts: list[torch.optim.Optimizer], start, steps: int
              ) -> list[Trajectory]:
    """Step every racer (one point (2,) and its optimizer each) `steps` times from start; a racer whose loss is not
    finite or whose point leaves BOUND stops there, its Trajectory cut at that step."""
    k = len(params)
    xy = np.empty((k, steps + 1, 2))  # (racer, step, 2)
    loss = np.empty((k, steps + 1))  # (racer, step)
    xy[:, 0] = start
    length = [steps + 1] * k
    diverged: list[int | None] = [None] * k
    active = list(range(k))
    for t in range(steps + 1):
        if not active:
            break
        for i in active:
            params[i].grad = None  # what zero_grad() does, without its profiler record (~30 us each)
        # All racers in one graph: the loss of racer i depends on its own point only, so backward of the sum
        # leaves each point exactly the gradient a separate backward would (one pass instead of k).
        values = spec.f(torch.stack([params[i] for i in active]))  # (a,)
        finite = np.isfinite(values.detach().numpy())
        for i in [i for i, ok in zip(active, finite) if not ok]:
            diverged[i], length[i] = t, t  # a point inside BOUND whose loss is not finite
        if not finite.all():
            values = values[torch.from_numpy(finite)]
            active = [i for i, ok in zip(active, finite) if ok]
        loss[active, t] = values.detach().numpy()
        if t == steps or not active:
            break
        values.sum().backward()
        for i in active:
            opts[i].step()
        pos = torch.stack([params[i].detach() for i in active]).numpy()  # (a, 2)
        ok = np.isfinite(pos).all(axis=1) & (np.hypot(pos[:, 0], pos[:, 1]) <= BOUND)
        for i in [i for i, good in zip(active, ok) if not good]:
            diverged[i], length[i] = t + 1, t + 1
        active = [i for i, good in zip(active, ok) if good]
        xy[active, t + 1] = pos[ok]
    return [Trajectory(xy=xy[i, :length[i]].copy(), loss=loss[i, :length[i]].copy(), diverged_at=diverged[i])
            for i in range(k)]


def surface_grid(surface: str, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The surface over its window: xs (n,), ys (n,), z (n, n) with z[i, j] = f(xs[j], ys[i]), raw values (the
    figure picks log-spaced contour levels where they are needed, as on the Rosenbrock valley)."""
    spec = _surface(surface)
    if n != int(n) or not 2 <= n <= 1000:
        raise ValueError(f"grid size must be a whole number in [2, 1000], got {n}")
    xs, ys = np.linspace(*spec.x_range, int(n)), np.linspace(*spec.y_range, int(n))
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)  # (n, n, 2): [i, j] = (xs[j], ys[i])
    with torch.no_grad():
        z = spec.f(torch.from_numpy(grid)).numpy()  # (n, n)
    return xs, ys, z


@lru_cache(maxsize=16)
def cached_race(surface: str, optimizers: tuple[str, ...], steps: int, lr: float, momentum: float, beta1: float,
                beta2: float, weight_decay: float, alpha: float = 0.99) -> dict[str, Trajectory]:
    """race() for the UI: replaying with the step slider, or redrawing, reuses the same settings' result (a race
    of 6 x 200 steps costs ~200 ms, nearly all of it torch.optim's per-step overhead). Read-only."""
    return race(surface, optimizers, steps, lr, momentum=momentum, beta1=beta1, beta2=beta2, alpha=alpha,
                weight_decay=weight_decay)
