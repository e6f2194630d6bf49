"""The arrays of every dataset, seeded: scikit-learn's digits, generated shapes, TensorFlow-Playground 2-D points,
bracket depths, sine waves and digit seq2seq tasks; torchvision's through torchvision_sets. Core module: no gradio.
The private generators are copied by name into the training scripts (playground/export/sources.py)."""
from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from playground.core.data.torchvision_sets import TORCHVISION, sample_torchvision
from playground.core.data.vocab import BOS, TOKEN_VOCAB

MAX_DEPTH = 7
SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "ring")


def make_splits(key: str, family: str, seed: int, opts: dict, root: str) -> tuple[tuple[np.ndarray, ...], tuple]:
    """Dataset `key` as ((x_train, y_train, x_test, y_test), class names); the training split comes from the
    seed's stream 0, the test split from stream 1 (torchvision's from stream 0 both)."""
    if key == "digits":
        return _digits(), tuple(str(d) for d in range(10))
    if key == "shapes":
        return _shapes(_rng(key, seed, 0), opts["n_train"]) + _shapes(_rng(key, seed, 1), opts["n_test"]), \
            SHAPE_CLASSES
    if key in TORCHVISION:
        *parts, classes = sample_torchvision(key, root, _rng(key, seed, 0), opts["n_train"], opts["n_test"])
        return tuple(parts), classes
    if family == "toy2d":
        return _toy2d(key, _rng(key, seed, 0), opts["n_samples"], opts["noise"], opts["train_ratio"]), \
            ("class 0", "class 1")
    if key == "brackets":
        return (_brackets(_rng(key, seed, 0), opts["n_train"], opts["seq_len"])
                + _brackets(_rng(key, seed, 1), opts["n_test"], opts["seq_len"])), \
            tuple(str(d) for d in range(MAX_DEPTH + 1))
    if key == "sine":
        return (_sine(_rng(key, seed, 0), opts["n_train"], opts["seq_len"], opts["noise"])
                + _sine(_rng(key, seed, 1), opts["n_test"], opts["seq_len"], opts["noise"])), ("value",)
    return _seq2seq(key, seed, opts["n_train"], opts["n_test"], opts["seq_len"]), TOKEN_VOCAB


def _rng(key: str, seed: int, stream: int) -> np.random.Generator:
    """An independent generator per (dataset, seed, stream)."""
    return np.random.default_rng([zlib.crc32(key.encode()), seed, stream])


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, ...]:
    """scikit-learn's digits, fixed stratified 80/20 split: x (N, 1, 8, 8) in [0, 1], y (N,)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.images / 16.0).astype(np.float32)[:, None]   # (1797, 1, 8, 8)
    x_tr, x_te, y_tr, y_te = train_test_split(x, d.target.astype(np.int64), test_size=0.2, random_state=0,
                                              stratify=d.target)
    return x_tr, y_tr, x_te, y_te


def shape_mask(name: str, u: np.ndarray, v: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Inside-the-shape mask (m, H, W) from rotated pixel coordinates (m, H, W) and circumradii (m, 1, 1)."""
    if name in ("circle", "ring"):
        dist = np.hypot(u, v)
        return (dist <= r) & (dist >= (0.55 * r if name == "ring" else 0))
    au, av = np.abs(u), np.abs(v)
    if name == "square":
        return np.maximum(au, av) <= r / np.sqrt(2)
    if name == "cross":                                            # arms 0.95 r long, 0.6 r wide
        return ((au <= 0.3 * r) & (av <= 0.95 * r)) | ((av <= 0.3 * r) & (au <= 0.95 * r))
    normals = np.pi / 2 + 2 * np.pi * np.arange(3) / 3             # equilateral triangle: inradius r / 2
    return np.max([u * np.cos(a) + v * np.sin(a) for a in normals], axis=0) <= r / 2


def _shapes(rng: np.random.Generator, n: int, side: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """n balanced shape images: x (n, 3, side, side) float32 in [0, 1], y (n,) int64."""
    y = rng.permutation(np.arange(n) % len(SHAPE_CLASSES))
    r = rng.uniform(6.0, 13.0, n)                                  # circumradius: the whole shape fits in it
    cx, cy = rng.uniform(r + 0.5, side - 1.5 - r), rng.uniform(r + 0.5, side - 1.5 - r)
    theta = rng.uniform(0.0, 2 * np.pi, n)
    grid = np.arange(side, dtype=np.float32)
    mask = np.empty((n, 1, side, side), bool)                      # (n, 1, H, W)
    for k in range(len(SHAPE_CLASSES)):
        i = np.flatnonzero(y == k)
        cos, sin, r3, x0, y0 = (a[i, None, None].astype(np.float32) for a in (np.cos(theta), np.sin(theta), r, cx, cy))
        du, dv = grid[None, None, :] - x0, grid[None, :, None] - y0   # (m, 1, W), (m, H, 1)
        u, v = cos * du + sin * dv, cos * dv - sin * du            # (m, H, W) rotated coordinates
        mask[i, 0] = shape_mask(SHAPE_CLASSES[k], u, v, r3)
    bg = rng.uniform(0.0, 1.0, (n, 3))
    m = bg.mean(1)                                                 # shape brightness at least 0.35 away
    target = np.where(m < 0.5, rng.uniform(np.minimum(m + 0.35, 1.0), 1.0), rng.uniform(0.0, np.maximum(m - 0.35, 0)))
    hue = rng.uniform(0.0, 1.0, (n, 3))
    hue -= hue.mean(1, keepdims=True)
    room = np.minimum(target / np.maximum(-hue.min(1), 1e-6), (1 - target) / np.maximum(hue.max(1), 1e-6))
    scale = np.minimum(1.0, room)                                  # the most colour that stays inside [0, 1]
    fg = target[:, None] + scale[:, None] * hue                    # (n, 3) with mean exactly `target`
    x = np.where(mask, fg.astype(np.float32)[:, :, None, None], bg.astype(np.float32)[:, :, None, None])
    x += 0.04 * rng.standard_normal((n, 3, side, side), dtype=np.float32)   # mild pixel noise
    return np.clip(x, 0.0, 1.0, out=x), y.astype(np.int64)


def _toy2d(key: str, rng: np.random.Generator, n: int, noise: float, ratio: float) -> tuple[np.ndarray, ...]:
    """TensorFlow Playground's point sets scaled from [-6, 6] to [-1, 1]: x (N, 2) float32, y (N,) in {0, 1}."""
    a, b = n // 2, n - n // 2
    jitter = rng.uniform(-1.0, 1.0, (n, 2))                        # drawn always, so noise only moves points
    if key == "circle":
        radius = np.concatenate([rng.uniform(0, 2.5, a), rng.uniform(3.5, 5.0, b)])
        angle = rng.uniform(0, 2 * np.pi, n)
        pts = np.stack([radius * np.sin(angle), radius * np.cos(angle)], 1) + 5.0 * noise * jitter
        y = np.arange(n) < a                                       # inner disc: class 1
    elif key == "xor":
        pts = rng.uniform(-5.0, 5.0, (n, 2))
        pts += np.where(pts > 0, 0.3, -0.3)                        # keep clear of the axes
        y = pts[:, 0] * pts[:, 1] >= 0
        pts += 5.0 * noise * jitter
    elif key == "gauss":
        centre = np.where((np.arange(n) < a)[:, None], 2.0, -2.0)
        pts = centre + rng.normal(0.0, np.sqrt(0.5 + 7.0 * noise), (n, 2))   # variance 0.5..4 as noise 0..0.5
        y = np.arange(n) < a
    else:
        frac = np.concatenate([np.arange(a) / max(a, 1), np.arange(b) / b])
        t = 1.75 * frac * 2 * np.pi + np.where(np.arange(n) < a, 0.0, np.pi)
        pts = np.stack([5 * frac * np.sin(t), 5 * frac * np.cos(t)], 1) + noise * jitter
        y = np.arange(n) < a
    order = rng.permutation(n)
    n_train = min(max(round(ratio * n), 1), n - 1)
    x, y = (pts[order] / 6.0).astype(np.float32), y[order].astype(np.int64)
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def _brackets(rng: np.random.Generator, n: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Bounded random bracket walks: tokens (N, T) in {0: "(", 1: ")"}, depth after each token (N, T) in 0..7."""
    coin = rng.random((n, length)) < 0.5
    tokens, depths = np.empty((n, length), np.int64), np.empty((n, length), np.int64)
    depth = np.zeros(n, np.int64)
    for t in range(length):
        opens = np.where(depth == 0, True, np.where(depth == MAX_DEPTH, False, coin[:, t]))
        depth = depth + np.where(opens, 1, -1)
        tokens[:, t], depths[:, t] = np.where(opens, 0, 1), depth
    return tokens, depths


def _sine(rng: np.random.Generator, n: int, length: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Noisy past (N, T, 1) and the clean next values (N, T, 1) of random sine waves."""
    amp, omega, phase = rng.uniform(0.5, 1.0, (n, 1)), rng.uniform(0.15, 0.6, (n, 1)), rng.uniform(0, 2 * np.pi, (n, 1))
    s = amp * np.sin(omega * np.arange(length + 1) + phase)       # (N, T + 1)
    x = s[:, :-1] + noise * rng.normal(0.0, 1.0, (n, length))
    return x[..., None].astype(np.float32), s[:, 1:, None].astype(np.float32)


def _seq2seq(key: str, seed: int, n_train: int, n_test: int, length: int) -> tuple[np.ndarray, ...]:
    """Digit strings x (N, L) with ids 3..12 and targets y (N, L + 1) = [BOS, transformed digits]."""
    x_tr = _rng(key, seed, 0).integers(0, 10, (n_train, length))
    rng, x_te = _rng(key, seed, 1), np.empty((0, length), np.int64)
    seen = x_tr @ 10 ** np.arange(length) if length >= 5 else np.empty(0, np.int64)   # one int per string
    while len(x_te) < n_test:                                      # for L >= 5 no test string is a training one
        draw = rng.integers(0, 10, (n_test, length))
        x_te = np.concatenate([x_te, draw[~np.isin(draw @ 10 ** np.arange(length), seen)]])
    parts = []
    for x in (x_tr, x_te[:n_test]):
        target = {"reverse": x[:, ::-1], "copy": x, "sort": np.sort(x, axis=1)}[key]
        y = np.concatenate([np.full((len(x), 1), BOS), target + 3], axis=1)
        parts += [(x + 3).astype(np.int64), y.astype(np.int64)]
    return tuple(parts)
