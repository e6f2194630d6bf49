"""Curve decimation for figures redrawn while a model trains: a few hundred points that keep a long curve's shape
(each bucket's lowest and highest point, the first and the last). NumPy only."""
from __future__ import annotations

import math

import numpy as np

MAX_CURVE_POINTS = 400  # points per line a live figure sends, whatever the run's length


def decimate(y, limit: int = MAX_CURVE_POINTS) -> np.ndarray:
    """Indices (ascending) of at most `limit` of y's points: the first, the last, and the lowest and highest point
    of each of (limit - 2) // 2 equal buckets in between, so spikes and dips survive. NaN counts as neither."""
    y = np.asarray(y, dtype=np.float64).ravel()
    n = len(y)
    if n <= limit:
        return np.arange(n)
    buckets = max(1, (limit - 2) // 2)
    size = math.ceil((n - 2) / buckets)
    inner = y[1:n - 1]
    pad = buckets * size - len(inner)
    low = np.concatenate([np.where(np.isnan(inner), np.inf, inner), np.full(pad, np.inf)]).reshape(buckets, size)
    high = np.concatenate([np.where(np.isnan(inner), -np.inf, inner), np.full(pad, -np.inf)]).reshape(buckets, size)
    start = np.arange(buckets) * size + 1  # (buckets,): index in y of each bucket's first point
    picked = np.concatenate([[0], start + low.argmin(axis=1), start + high.argmax(axis=1), [n - 1]])
    return np.unique(np.minimum(picked, n - 1))  # a last bucket that is all padding points at the end


def decimate_xy(x, y, limit: int = MAX_CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """x and y as float32, cut down to decimate(y, limit)'s points."""
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    idx = decimate(y, limit)
    return x[idx], y[idx]
