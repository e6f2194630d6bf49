"""The learning rate at each step of a run, from loop.lr_factor: the same function the trainer's LambdaLR calls,
so the drawn schedule is the one the optimiser follows. No gradio here."""
from __future__ import annotations

import math

import numpy as np

from .loop import lr_factor
from .spec import TrainSpec

MAX_POINTS = 400  # steps drawn at most; a longer run is sampled, keeping the steps where the rate jumps


def _jumps(total: int, warmup: int, schedule: str) -> list[int]:
    """The steps on either side of the warm-up's end and of the step schedule's drops."""
    marks = [warmup - 1, warmup]
    if schedule == "step":
        span = max(1, total - warmup)
        for share in (0.5, 0.75):
            first = warmup + math.ceil(share * span)
            marks += [first - 1, first]
    return [s for s in marks if 0 <= s < total]


def learning_rates(spec: TrainSpec, total: int, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(steps (N,), rates (N,)): the rate of the optimiser's update at each 0-based step of a run of `total`
    steps; every step when there are at most max_points, else a sample that keeps the jumps."""
    if total <= max_points:
        steps = np.arange(total)
    else:
        grid = np.linspace(0, total - 1, max_points).round().astype(np.int64)
        steps = np.unique(np.concatenate([grid, _jumps(total, spec.warmup_steps, spec.schedule)]))
    rates = np.array([spec.lr * lr_factor(int(s), total, spec.warmup_steps, spec.schedule) for s in steps])
    return steps.astype(np.int64), rates
