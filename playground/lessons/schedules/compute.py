"""Learning-rate schedules: the rate at every step of a run, as the trainer's own LambdaLR gives it (core's
lr_factor: linear warm-up, then constant, step, linear or cosine decay), and the Transformer paper's warm-up
schedule (Vaswani et al. 2017, §5.3, https://arxiv.org/abs/1706.03762). NumPy only, no gradio."""
from __future__ import annotations

import math

import numpy as np

from playground.core.errors import PlaygroundError
from playground.core.train.loop import lr_factor
from playground.core.train.spec import SCHEDULES

KINDS = ("constant", "step", "linear", "cosine", "transformer")
TRAINER_KINDS = tuple(k for k in KINDS if k in SCHEDULES)  # the kinds the Train tab offers
MAX_TOTAL = 20_000  # steps drawn; a longer run's curve has the same shape
MAX_LR = 10.0
MAX_D_MODEL = 65_536


def _real(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def _whole(value, key: str, low: int, high: int) -> int:
    v = _real(value)
    if v is None or v != int(v) or not low <= v <= high:
        raise PlaygroundError(key, value=value, low=low, high=high)
    return int(v)


def transformer_rate(step: np.ndarray, d_model: int, warmup_steps: int) -> np.ndarray:
    """The Transformer's rate at steps (n,) counted from 1: d_model^-0.5 · min(step^-0.5, step · warmup^-1.5)."""
    step = np.asarray(step, dtype=np.float64)
    # rises linearly for warmup_steps steps, then falls as 1 / sqrt(step); the two meet at step = warmup_steps
    return d_model ** -0.5 * np.minimum(step ** -0.5, step * warmup_steps ** -1.5)


def schedule_rates(kind: str, peak_lr: float, warmup_steps: int, total_steps: int, d_model: int = 512
                   ) -> np.ndarray:
    """The learning rate (total_steps,) used by optimiser steps 1..total_steps.

    Step k of the trainer runs at peak_lr · lr_factor(k - 1, ...): LambdaLR sets the rate for the first step
    from factor 0 and moves on by one after each step. "transformer" ignores peak_lr and needs warmup_steps >= 1.
    """
    if kind not in KINDS:
        raise PlaygroundError("schedules_bad_kind", name=kind)
    total = _whole(total_steps, "schedules_bad_total", 1, MAX_TOTAL)
    warmup = _whole(warmup_steps, "schedules_bad_warmup", 1 if kind == "transformer" else 0, MAX_TOTAL)
    if kind == "transformer":
        d = _whole(d_model, "schedules_bad_d_model", 1, MAX_D_MODEL)
        return transformer_rate(np.arange(1, total + 1), d, warmup)
    peak = _real(peak_lr)
    if peak is None or not 0 < peak <= MAX_LR:
        raise PlaygroundError("schedules_bad_lr", value=peak_lr, limit=MAX_LR)
    return np.array([peak * lr_factor(k, total, warmup, kind) for k in range(total)])


def schedule_summary(kind: str, rates: np.ndarray) -> dict:
    """The JSON a view returns: the kind, the highest rate and its first step, the last rate, and every rate
    (lr[k - 1] is step k's)."""
    top = int(np.argmax(rates))
    return {"kind": kind, "peak_lr": float(rates[top]), "peak_step": top + 1, "final_lr": float(rates[-1]),
            "steps": len(rates), "lr": rates.tolist()}
