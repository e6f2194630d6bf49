"""A curve as a constant plus a sum of sigmoids (or ReLUs), fitted by gradient descent: the targets, the network
y = b + sum_i c_i act(b_i + w_i x), its fit, and a visitor's Stop flag. NumPy only; no gradio.
After note 004 (section 1.1): every piecewise-linear curve is a constant plus a sum of hard sigmoids."""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

import numpy as np

from playground.core.errors import PlaygroundError

TARGETS = ("piecewise", "sine", "points")
ACTIVATIONS = ("sigmoid", "relu")
MIN_UNITS, MAX_UNITS = 1, 50
MIN_STEPS, MAX_STEPS = 50, 5000
MAX_SEED = 10_000
MIN_POINTS, MAX_POINTS = 2, 20
MAX_VALUE = 1000.0  # largest |x| or |y| a typed point may have
MIN_GAP = 1e-6  # two typed x closer than this count as the same x
N_GRID = 121  # points the fit sees and the figure draws
LR = 0.03  # Adam's step size on the normalised problem
BETAS, EPS = (0.9, 0.999), 1e-8  # torch.optim.Adam's defaults
# The note's red curve: flat, up, down, up, flat. Exactly 0.5 plus three hard sigmoids (ramps of +1.5, -1 and +1.5).
PIECEWISE = ((0.0, 0.5), (0.2, 0.5), (0.4, 2.0), (0.6, 1.0), (0.8, 2.5), (1.0, 2.5))
DEFAULT_POINTS = "0 0; 1 2; 2 1; 3 3; 4 2"


@dataclass(frozen=True)
class FitSpec:
    """What a fit needs: the target (`points` is the visitor's text, read when target == "points"), how many units
    of which activation, and the seed of the starting weights."""
    target: str = "piecewise"
    points: str = DEFAULT_POINTS
    units: int = 3
    activation: str = "sigmoid"
    seed: int = 0


class FitRun:
    """A visitor's live fit: Stop sets `stop`, which the fit checks between two redraws. Gradio deep-copies a
    state's default per visitor: a fresh one each."""

    def __init__(self):
        self.stop = threading.Event()

    def __deepcopy__(self, memo):
        return FitRun()


def parse_points(text) -> np.ndarray:
    """'0 0; 1 2; 2 1' -> (k, 2) float64 points sorted by x. Pairs split by ';' (or '；', or new lines), a pair's
    two numbers by a comma or spaces. Raises sigmoids_bad_points unless 2..20 finite pairs, and
    sigmoids_same_x unless their x lie at least MIN_GAP apart."""
    pairs = [p for p in re.split(r"[;；\n]+", str(text or "")) if p.strip()]
    try:
        rows = [[float(v) for v in re.split(r"[,，\s]+", p.strip()) if v] for p in pairs]
    except ValueError:
        raise PlaygroundError("sigmoids_bad_points", n=len(pairs), limit=MAX_POINTS) from None
    if not MIN_POINTS <= len(rows) <= MAX_POINTS or any(len(r) != 2 for r in rows):
        raise PlaygroundError("sigmoids_bad_points", n=len(rows), limit=MAX_POINTS)
    points = np.array(rows, dtype=np.float64)  # (k, 2)
    if not np.isfinite(points).all() or np.abs(points).max() > MAX_VALUE:
        raise PlaygroundError("sigmoids_bad_value", limit=f"{MAX_VALUE:g}")
    points = points[np.argsort(points[:, 0], kind="stable")]
    if (np.diff(points[:, 0]) <= MIN_GAP).any():
        raise PlaygroundError("sigmoids_same_x")
    return points


def target_curve(target: str, points_text=DEFAULT_POINTS, n: int = N_GRID) -> tuple[np.ndarray, np.ndarray]:
    """(x, y), each (n,) float64: the note's piecewise-linear curve on [0, 1], one period of a sine on [0, 1], or
    the straight segments through the visitor's points (a piecewise-linear curve too)."""
    if target == "piecewise":
        knots = np.array(PIECEWISE)
    elif target == "sine":
        x = np.linspace(0.0, 1.0, n)
        return x, np.sin(2 * np.pi * x)
    elif target == "points":
        knots = parse_points(points_text)
    else:
        raise PlaygroundError("sigmoids_bad_target", target=target)
    x = np.linspace(knots[0, 0], knots[-1, 0], n)
    return x, np.interp(x, knots[:, 0], knots[:, 1])


def check_spec(spec: FitSpec) -> FitSpec:
    """The spec with whole numbers, or the message that names what is wrong."""
    if spec.activation not in ACTIVATIONS:
        raise PlaygroundError("sigmoids_bad_activation", activation=spec.activation)
    if spec.units != int(spec.units) or not MIN_UNITS <= spec.units <= MAX_UNITS:
        raise PlaygroundError("sigmoids_bad_units", units=spec.units, low=MIN_UNITS, high=MAX_UNITS)
    if spec.seed != int(spec.seed) or not 0 <= spec.seed <= MAX_SEED:
        raise PlaygroundError("sigmoids_bad_seed", seed=spec.seed, limit=MAX_SEED)
    return FitSpec(spec.target, spec.points, int(spec.units), spec.activation, int(spec.seed))


def activate(name: str, r: np.ndarray) -> np.ndarray:
    """a = sigmoid(r) or relu(r), elementwise, same shape as r."""
    return 1 / (1 + np.exp(-np.clip(r, -60, 60))) if name == "sigmoid" else np.maximum(r, 0)


@dataclass(frozen=True)
class Parts:
    """One drawing of the fit, in the target's own units: x, target and total (N,), every unit's contribution
    c_i act(b_i + w_i x) as units (n, N), the constant b, and the mean squared error of total against target."""
    x: np.ndarray
    target: np.ndarray
    units: np.ndarray
    constant: float
    total: np.ndarray
    mse: float


class SigmoidFit:
    """y = b + sum_i c_i act(b_i + w_i u), fitted to a target by Adam on the mean squared error, the gradients
    written out by the chain rule (tests check them and the steps against torch.optim.Adam). The fit works on
    u = x rescaled to [-1, 1] and the target rescaled to mean 0 and spread 1 (one learning rate then suits any
    typed points); parts() maps both back. Parameters: theta = [w (n), b_i (n), c (n), b (1)]."""

    def __init__(self, spec: FitSpec):
        self.spec = check_spec(spec)
        x, y = target_curve(self.spec.target, self.spec.points)
        self.x, self.y = x, y
        mid, half = (x[0] + x[-1]) / 2, (x[-1] - x[0]) / 2
        self.mean, spread = float(y.mean()), float(y.std())
        self.scale = spread if spread > 1e-9 * max(1.0, abs(self.mean)) else 1.0  # a flat target: rounding noise
        self.u, self.t = (x - mid) / half, (y - self.mean) / self.scale  # (N,) each; u in [-1, 1]
        n, rng = self.spec.units, np.random.default_rng(self.spec.seed)
        # Each unit starts with its step (sigmoid) or kink (ReLU) at a random place k in [-1, 1], rising or falling:
        # r = w (u - k) = b_i + w u with b_i = -w k.
        k = rng.uniform(-1, 1, n)
        w = rng.choice([-1.0, 1.0], n) * (rng.uniform(4, 8, n) if self.spec.activation == "sigmoid" else 1.0)
        self.theta = np.concatenate([w, -w * k, rng.normal(0, 0.3, n), [0.0]])  # (3n + 1,)
        self.m, self.v = np.zeros_like(self.theta), np.zeros_like(self.theta)  # Adam's two moments
        self.steps = 0

    def _split(self) -> tuple[np.ndarray, ...]:
        n = self.spec.units
        return self.theta[:n], self.theta[n:2 * n], self.theta[2 * n:3 * n], self.theta[3 * n]

    def loss_and_gradient(self) -> tuple[float, np.ndarray]:
        """The mean squared error (normalised units) and its gradient (3n + 1,) by the chain rule."""
        w, bias, c, b = self._split()
        r = bias[:, None] + w[:, None] * self.u[None, :]  # (n, N)
        a = activate(self.spec.activation, r)  # (n, N)
        e = b + c @ a - self.t  # (N,)
        dy = 2 * e / len(e)  # dL/dy, L = mean(e²)
        dr = c[:, None] * dy[None, :] * (a * (1 - a) if self.spec.activation == "sigmoid" else (r > 0))  # (n, N)
        grad = np.concatenate([dr @ self.u, dr.sum(1), a @ dy, [dy.sum()]])
        return float(np.mean(e ** 2)), grad

    def step(self, n: int = 1) -> None:
        """n steps of Adam (torch.optim.Adam's defaults but the step size LR) on the mean squared error."""
        for _ in range(int(n)):
            _, g = self.loss_and_gradient()
            self.steps += 1
            # m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; theta -= lr m̂ / (sqrt(v̂) + eps), bias-corrected
            self.m = BETAS[0] * self.m + (1 - BETAS[0]) * g
            self.v = BETAS[1] * self.v + (1 - BETAS[1]) * g * g
            m_hat, v_hat = self.m / (1 - BETAS[0] ** self.steps), self.v / (1 - BETAS[1] ** self.steps)
            self.theta = self.theta - LR * m_hat / (np.sqrt(v_hat) + EPS)

    def parts(self) -> Parts:
        """The fit as it stands, in the target's units."""
        w, bias, c, b = self._split()
        units = c[:, None] * activate(self.spec.activation, bias[:, None] + w[:, None] * self.u[None, :])  # (n, N)
        units = units * self.scale
        constant = float(b) * self.scale + self.mean
        total = constant + units.sum(0)
        return Parts(self.x, self.y, units, constant, total, float(np.mean((total - self.y) ** 2)))


def frame_steps(total: int, frames: int) -> int:
    """Steps between two redraws, so that a fit of `total` steps redraws about `frames` times (at least 25 steps)."""
    return max(25, math.ceil(total / max(1, frames)))


def hard_sigmoid(x: np.ndarray, start: float, end: float, height: float) -> np.ndarray:
    """The note's hard sigmoid: 0 before start, a straight ramp to `height` at end, flat after; (N,) like x. Two
    ReLUs make it: height / (end - start) * (relu(x - start) - relu(x - end))."""
    slope = height / (end - start)
    return slope * (np.maximum(x - start, 0) - np.maximum(x - end, 0))
