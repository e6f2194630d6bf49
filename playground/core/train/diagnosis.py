"""A run's verdict from its own curves, as the training guide of the notes (004_…, Figure 13) reads them: a high
training loss is model bias or optimisation; a low training loss with a high test loss is overfitting; both low is
fine. Numbers and verdict keys only (the lesson words them); no gradio here."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_STEPS = 20  # fewer training steps than this say nothing yet
HEAD = 5  # the starting loss: the mean of the first steps (up to a tenth of the run)
HIGH_TRAIN = 0.5  # training loss at the end above this share of where it started: it has not learnt the data
GAP = 0.25  # test loss above the training loss by more than this share of the starting loss: overfitting
ACC_GAP = 0.10  # or, for accuracy, training accuracy above test accuracy by more than 10 points
STILL_FALLING = 0.02  # the last tenth of the run is still more than 2% below the tenth before it


@dataclass(frozen=True)
class Diagnosis:
    """verdict: "fine", "overfit", "high_train" or "too_short"; cause (high_train only): "still_falling" (the
    optimiser has not finished) or "plateau" (model bias or a stuck optimiser). The starting loss is the mean of
    the first HEAD steps, the training loss that of the last tenth; best_step is the evaluation with the lowest
    test loss."""
    verdict: str
    cause: str
    start_loss: float
    train_loss: float
    test_loss: float
    train_accuracy: float | None
    test_accuracy: float | None
    best_step: int | None


def _mean(values) -> float:
    a = np.asarray(values, dtype=np.float64)
    a = a[np.isfinite(a)]
    return float(a.mean()) if len(a) else math.nan


def _last_finite(values) -> float | None:
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    return finite[-1] if finite else None


def diagnose(history: dict, accuracy: bool = True) -> Diagnosis:
    """history: the lists of History.to_dict(); accuracy: whether its metrics are accuracies (not R²)."""
    losses = [float(v) for v in history.get("train_loss", [])]
    val = [float(v) for v in history.get("val_loss", [])]
    tenth = max(1, len(losses) // 10)
    start, end = _mean(losses[:min(tenth, HEAD)]), _mean(losses[-tenth:])
    before = _mean(losses[-2 * tenth:-tenth]) if len(losses) >= 2 * tenth else math.nan
    test = _last_finite(val)
    train_acc = _last_finite(history.get("train_metric", [])) if accuracy else None
    test_acc = _last_finite(history.get("val_metric", [])) if accuracy else None
    finite_val = [(v, s) for v, s in zip(val, history.get("eval_steps", [])) if math.isfinite(v)]
    best = min(finite_val)[1] if finite_val else None
    numbers = dict(start_loss=start, train_loss=end, test_loss=test if test is not None else math.nan,
                   train_accuracy=train_acc, test_accuracy=test_acc, best_step=best)
    if len(losses) < MIN_STEPS or test is None or not (math.isfinite(start) and math.isfinite(end)) or start <= 0:
        return Diagnosis("too_short", "", **numbers)
    if end > HIGH_TRAIN * start:
        falling = math.isfinite(before) and end < (1 - STILL_FALLING) * before
        return Diagnosis("high_train", "still_falling" if falling else "plateau", **numbers)
    accuracy_gap = train_acc is not None and test_acc is not None and train_acc - test_acc > ACC_GAP
    if test - end > GAP * start or accuracy_gap:
        return Diagnosis("overfit", "", **numbers)
    return Diagnosis("fine", "", **numbers)


def shallower(hidden) -> list[int] | None:
    """A reference for a high training loss, as the guide suggests: the same MLP with one hidden layer fewer
    (None when it has one or none)."""
    sizes = [int(h) for h in hidden or []]
    return sizes[:-1] if len(sizes) > 1 else None
