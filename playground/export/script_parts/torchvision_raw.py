"""Training-script part for a torchvision dataset: the raw files, downloaded by torchvision, in place of the
Playground's own reader. Below the marker, copied into the script (playground/export/script_data.py) with the
placeholder constant written in as a literal."""
from __future__ import annotations

import numpy as np

TORCHVISION_CLASS = "MNIST"  # the dataset's class in torchvision.datasets

# ==== the training script, from here on ====


def _torchvision_raw(key: str, root: str) -> tuple:
    """Both splits as uint8 arrays (N, H, W) or (N, H, W, 3) with int64 labels, and the class names; torchvision
    downloads the files into `root` the first time."""
    import torchvision
    cls = getattr(torchvision.datasets, TORCHVISION_CLASS)
    splits = []
    for train in (True, False):
        ds = cls(root, train=train, download=True)
        splits += [np.asarray(ds.data), np.asarray(ds.targets, dtype=np.int64)]
    return (*splits, tuple(ds.classes))
