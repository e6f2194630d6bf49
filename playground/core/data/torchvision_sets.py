"""The torchvision datasets (MNIST, Fashion-MNIST, CIFAR-10): their folder on disk, the raw files, and seeded
subsets as arrays. Core module: imports no gradio; torchvision is imported only when one of them is loaded."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from playground.core.errors import PlaygroundError

DATA_DIR_ENV = "PLAYGROUND_DATA_DIR"
TORCHVISION = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "cifar10": "CIFAR10"}


def data_dir() -> Path:
    """Folder of the torchvision datasets: $PLAYGROUND_DATA_DIR, else ~/.cache/playground/data."""
    return Path(os.environ.get(DATA_DIR_ENV) or "~/.cache/playground/data").expanduser()


def sample_torchvision(key: str, root: str, rng: np.random.Generator, n_train: int, n_test: int) -> tuple:
    """Seeded random subsets of both splits: x (N, C, H, W) float32 in [0, 1], y (N,) int64, and the class names."""
    return _torchvision(key, root, rng, n_train, n_test)


# The two functions below are copied by name into the training scripts (playground/export/sources.py).

@lru_cache(maxsize=2)
def _torchvision_raw(key: str, root: str) -> tuple:
    """Both splits as uint8 arrays (N, H, W) or (N, H, W, 3) with int64 labels, and the class names."""
    try:
        import torchvision
        cls = getattr(torchvision.datasets, TORCHVISION[key])
        splits = []
        for train in (True, False):
            try:
                ds = cls(root, train=train, download=False)
            except Exception:  # noqa: BLE001 - missing or unreadable files: try downloading them
                ds = cls(root, train=train, download=True)
            splits += [np.asarray(ds.data), np.asarray(ds.targets, dtype=np.int64)]
    except Exception as exc:   # no torchvision, no network, corrupt files: all mean unavailable
        raise PlaygroundError("dataset_unavailable", name=key, folder=root) from exc
    return (*splits, tuple(ds.classes))


def _torchvision(key: str, root: str, rng: np.random.Generator, n_train: int, n_test: int) -> tuple:
    """Seeded random subsets: x (N, C, H, W) float32 in [0, 1], y (N,) int64, and the class names."""
    x_tr, y_tr, x_te, y_te, classes = _torchvision_raw(key, root)
    out = []
    for x, y, n in ((x_tr, y_tr, n_train), (x_te, y_te, n_test)):
        pick = np.sort(rng.choice(len(x), min(n, len(x)), replace=False))
        images = x[pick][:, None] if x.ndim == 3 else x[pick].transpose(0, 3, 1, 2)   # (N, C, H, W)
        out += [images.astype(np.float32) / 255.0, y[pick]]
    return (*out, classes)
