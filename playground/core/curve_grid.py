"""The x grid a 1-D curve is drawn over (activation functions, losses): a range checked against MAX_RANGE and
evenly spaced float64 points. Torch only."""
from __future__ import annotations

import torch

from playground.core.errors import PlaygroundError

MAX_RANGE = 100.0  # largest |x| (or |prediction|) a curve is drawn over


def check_range(lo: float, hi: float) -> None:
    """Raise concept_bad_range unless -MAX_RANGE <= lo < hi <= MAX_RANGE."""
    if not -MAX_RANGE <= lo < hi <= MAX_RANGE:
        raise PlaygroundError("concept_bad_range", lo=lo, hi=hi, limit=MAX_RANGE)


def curve_grid(lo: float, hi: float, n: int) -> torch.Tensor:
    """(n,) float64 points from lo to hi inclusive; n a whole number >= 2."""
    if n != int(n) or n < 2:
        raise ValueError(f"need at least 2 points, got {n}")
    return torch.linspace(lo, hi, int(n), dtype=torch.float64)
