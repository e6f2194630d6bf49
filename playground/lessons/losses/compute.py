"""Losses and softmax for the concept views: MSE, MAE, cross-entropy and BCE from torch.nn.functional (the ones
training uses) over a prediction or a probability, and softmax(z / T) of typed logits. No gradio here."""
from __future__ import annotations

import math
import re
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.curve_grid import check_range, curve_grid
from playground.core.errors import PlaygroundError

LOSSES = ("mse", "mae", "cross_entropy", "bce")
MAX_TEMPERATURE = 100.0
MAX_LOGITS = 12
MIN_LOGITS = 2
PROB_EPS = 1e-3  # probability curves run over [PROB_EPS, 1 - PROB_EPS]: -log p is infinite at 0


def loss_curves(target: float, lo: float = -1.0, hi: float = 2.0,
                n: int = 401) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """loss name -> (p, loss), each (n,) float32, for one target in [0, 1] (a value to regress or a label).

    mse, mae: over a real prediction p in [lo, hi]. bce: over a predicted probability p in [PROB_EPS,
    1 - PROB_EPS], -(t log p + (1 - t) log(1 - p)). cross_entropy: over the probability p given to the true class,
    -log p (the target does not enter). Values come from torch.nn.functional, one per point (reduction="none").
    """
    if not 0 <= target <= 1:
        raise PlaygroundError("losses_bad_target", target=target, low=0, high=1)
    check_range(lo, hi)
    pred, prob = curve_grid(lo, hi, n), curve_grid(PROB_EPS, 1 - PROB_EPS, n)
    t = float(target)
    # nll_loss wants log-probabilities (N, C) and class indices: class 0 is the true one, with probability p
    log_probs = torch.stack([prob.log(), (1 - prob).log()], dim=1)  # (n, 2)
    values = dict(
        mse=(pred, F.mse_loss(pred, torch.full_like(pred, t), reduction="none")),  # (p - t)²
        mae=(pred, F.l1_loss(pred, torch.full_like(pred, t), reduction="none")),  # |p - t|
        cross_entropy=(prob, F.nll_loss(log_probs, torch.zeros(len(prob), dtype=torch.long), reduction="none")),
        bce=(prob, F.binary_cross_entropy(prob, torch.full_like(prob, t), reduction="none")))
    return {name: (p.numpy().astype(np.float32), v.numpy().astype(np.float32)) for name, (p, v) in values.items()}


def softmax(logits: Sequence[float], temperature: float) -> np.ndarray:
    """(k,) float64 probabilities softmax(z / T) for 2..12 logits z and a temperature 0 < T <= 100: a small T
    sharpens towards the largest logit, a large T flattens towards uniform."""
    k = len(logits)
    if not MIN_LOGITS <= k <= MAX_LOGITS or not all(math.isfinite(v) for v in logits):
        raise PlaygroundError("losses_bad_logits", n=k, limit=MAX_LOGITS)
    if not 0 < temperature <= MAX_TEMPERATURE:
        raise PlaygroundError("losses_bad_temperature", t=temperature, limit=MAX_TEMPERATURE)
    z = torch.tensor([float(v) for v in logits], dtype=torch.float64)
    return torch.softmax(z / temperature, dim=0).numpy()


def parse_logits(text: str) -> list[float]:
    """'3, 1, -1' -> [3.0, 1.0, -1.0]; commas (also '，'), semicolons or spaces separate. Anything else, and
    non-finite numbers, raise losses_bad_logits with n=0; a wrong count raises it with that count."""
    tokens = [t for t in re.split(r"[,，;；\s]+", str(text).strip()) if t]
    try:
        values = [float(t) for t in tokens]
    except ValueError:
        raise PlaygroundError("losses_bad_logits", n=0, limit=MAX_LOGITS) from None
    if not all(math.isfinite(v) for v in values):
        raise PlaygroundError("losses_bad_logits", n=0, limit=MAX_LOGITS)
    if not MIN_LOGITS <= len(values) <= MAX_LOGITS:
        raise PlaygroundError("losses_bad_logits", n=len(values), limit=MAX_LOGITS)
    return values
