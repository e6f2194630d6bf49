"""Mode coverage: how many of a Gaussian mixture's modes a set of 2-D points (the generator's fakes) lands on, and
what share of the points lies near any mode. NumPy, no gradio."""
from __future__ import annotations

import numpy as np

from .distributions import find_distribution, mode_centres

COVERAGE_SIGMAS = 3.0  # a fake sample within this many sigma of a mode centre counts for that mode
COVERAGE_SHARE = 0.25  # a mode is covered when it holds at least COVERAGE_SHARE / n_modes of the fake samples


def mode_counts(kind: str, points) -> np.ndarray:
    """For each mode of the mixture, how many of points (n, 2) lie within COVERAGE_SIGMAS sigma of its centre:
    (k,) int64; (0,) for a distribution without modes."""
    dist = find_distribution(kind)
    centres = mode_centres(kind)
    p = np.asarray(points, dtype=np.float32).reshape(-1, 2)  # (n, 2)
    d = np.linalg.norm(p[:, None, :] - centres[None, :, :], axis=-1)  # (n, k)
    return (d <= COVERAGE_SIGMAS * dist.sigma).sum(axis=0).astype(np.int64)


def coverage(kind: str, points) -> int | None:
    """How many modes hold at least COVERAGE_SHARE / k of points (n, 2) within COVERAGE_SIGMAS sigma of their
    centre; None for a distribution without modes."""
    counts = mode_counts(kind, points)
    if counts.size == 0:
        return None
    n = len(np.asarray(points).reshape(-1, 2))  # (n, 2)
    return int((counts >= COVERAGE_SHARE * n / counts.size).sum())


def share_on_modes(kind: str, points) -> float | None:
    """The share of points (n, 2) within COVERAGE_SIGMAS sigma of some mode centre; None without modes."""
    centres = mode_centres(kind)
    if not len(centres):
        return None
    p = np.asarray(points, dtype=np.float32).reshape(-1, 2)  # (n, 2)
    d = np.linalg.norm(p[:, None, :] - centres[None, :, :], axis=-1)  # (n, m)
    return float((d.min(axis=1) <= COVERAGE_SIGMAS * find_distribution(kind).sigma).mean())
