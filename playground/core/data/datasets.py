"""The dataset registry and loading: what each dataset is and which options it takes, their validation, and
load_dataset() turning a dataset's seeded arrays (generators.py) into cached tensors. Core module: no gradio."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import torch

from playground.core.data.generators import make_splits
from playground.core.data.torchvision_sets import data_dir
from playground.core.data.vocab import BRACKET_TOKENS, TOKEN_VOCAB
from playground.core.errors import PlaygroundError

MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class DatasetInfo:
    key: str
    family: str                  # "image" | "toy2d" | "sequence"
    task: str                    # "classify" | "tag" | "regress" | "translate"
    input_kind: str              # "image" | "vector" | "tokens" | "series" | "token_pair"
    options: tuple[str, ...]
    local: bool = True


@dataclass(frozen=True, eq=False)
class Dataset:
    key: str
    task: str
    input_kind: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    n_classes: int
    classes: tuple[str, ...]
    vocab_size: int | None
    mean: float = 0.0
    std: float = 1.0
    options: dict = field(default_factory=dict)


def _sizes(n_train: int, max_train: int, n_test: int, max_test: int) -> dict:
    return {"n_train": (n_train, 100, max_train), "n_test": (n_test, 100, max_test)}


_TOY = {"n_samples": (500, 50, 5000), "noise": (0.0, 0.0, 0.5), "train_ratio": (0.5, 0.1, 0.9)}
_SEQ2SEQ = {**_sizes(5000, 50000, 500, 5000), "seq_len": (8, 2, 16)}
# option -> (default, low, high); a float default makes the option real-valued, an int default whole-numbered
_SPECS: dict[str, dict[str, tuple]] = {
    "digits": {},
    "shapes": _sizes(2000, 20000, 500, 5000),
    "circle": _TOY, "xor": _TOY, "gauss": _TOY, "spiral": _TOY,
    "brackets": {**_sizes(2000, 20000, 500, 5000), "seq_len": (24, 4, 64)},
    "sine": {**_sizes(1000, 20000, 200, 5000), "seq_len": (40, 4, 200), "noise": (0.0, 0.0, 0.5)},
    "reverse": _SEQ2SEQ, "copy": _SEQ2SEQ, "sort": _SEQ2SEQ,
    "mnist": _sizes(10000, 60000, 2000, 10000),
    "fashion_mnist": _sizes(10000, 60000, 2000, 10000),
    "cifar10": _sizes(10000, 50000, 2000, 10000),
}
DEFAULT_OPTIONS: dict[str, dict] = {k: {o: s[0] for o, s in spec.items()} for k, spec in _SPECS.items()}
# The widest range each option name has over all datasets; option_range(key, name) gives one dataset's range.
OPTION_RANGES: dict[str, tuple[float, float]] = {
    o: (min(s[o][1] for s in _SPECS.values() if o in s), max(s[o][2] for s in _SPECS.values() if o in s))
    for o in dict.fromkeys(o for spec in _SPECS.values() for o in spec)}


def _info(key, family, task, input_kind, local=True) -> DatasetInfo:
    return DatasetInfo(key, family, task, input_kind, tuple(_SPECS[key]), local)


# The title and card of each dataset are text keys (dataset_<key>, dataset_<key>_about in playground/i18n/shell.py).
DATASETS: dict[str, DatasetInfo] = {i.key: i for i in (
    _info("digits", "image", "classify", "image"),
    _info("shapes", "image", "classify", "image"),
    _info("circle", "toy2d", "classify", "vector"),
    _info("xor", "toy2d", "classify", "vector"),
    _info("gauss", "toy2d", "classify", "vector"),
    _info("spiral", "toy2d", "classify", "vector"),
    _info("brackets", "sequence", "tag", "tokens"),
    _info("sine", "sequence", "regress", "series"),
    _info("reverse", "sequence", "translate", "token_pair"),
    _info("copy", "sequence", "translate", "token_pair"),
    _info("sort", "sequence", "translate", "token_pair"),
    _info("mnist", "image", "classify", "image", local=False),
    _info("fashion_mnist", "image", "classify", "image", local=False),
    _info("cifar10", "image", "classify", "image", local=False),
)}


def list_datasets(family: str | None = None) -> list[str]:
    """Dataset keys in registration order, optionally only one family's."""
    return [k for k, i in DATASETS.items() if family is None or i.family == family]


def dataset_info(key: str) -> DatasetInfo:
    """The static description of one dataset; PlaygroundError("dataset_unknown") for an unknown key."""
    if not isinstance(key, str) or key not in DATASETS:  # a menu's value from an API call may be a list
        raise PlaygroundError("dataset_unknown", name=key)
    return DATASETS[key]


def option_range(key: str, option: str) -> tuple[float, float]:
    """The closed range `option` accepts for dataset `key` (narrower than OPTION_RANGES for some)."""
    spec = _SPECS[dataset_info(key).key]
    if option not in spec:
        raise PlaygroundError("dataset_option", option=option, value=None, low=None, high=None)
    return spec[option][1], spec[option][2]


def _number(option: str, value, low, high, whole: bool):
    """value as int (whole) or float, inside [low, high]; PlaygroundError("dataset_option") otherwise."""
    error = PlaygroundError("dataset_option", option=option, value=value, low=low, high=high)
    if isinstance(value, bool):
        raise error
    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
        raise error from None
    if not math.isfinite(f) or (whole and f != int(f)) or f < low or (high is not None and f > high):
        raise error
    return int(f) if whole else f


def normalise(key: str, options: dict) -> dict:
    """Defaults overlaid with validated `options`, in the spec's order."""
    spec = _SPECS[key]
    for name, value in options.items():
        if name not in spec:
            raise PlaygroundError("dataset_option", option=name, value=value, low=None, high=None)
    return {name: _number(name, options.get(name, default), low, high, not isinstance(default, float))
            for name, (default, low, high) in spec.items()}


def load_dataset(key: str, seed: int = 0, **options) -> Dataset:
    """The dataset `key` built from `seed` and validated options; cached, so treat its tensors as read-only."""
    info = dataset_info(key)
    seed = _number("seed", seed, 0, MAX_SEED, whole=True)
    opts = normalise(key, options)
    root = "" if info.local else str(data_dir())
    ds = _build(key, seed, tuple(opts.items()), root)
    return replace(ds, options=dict(ds.options))   # a fresh dict, so callers cannot alter the cached one


@lru_cache(maxsize=6)
def _build(key: str, seed: int, items: tuple, root: str) -> Dataset:
    opts, info = dict(items), DATASETS[key]
    parts, classes = make_splits(key, info.family, seed, opts, root)
    x_tr, y_tr, x_te, y_te = (torch.from_numpy(np.ascontiguousarray(a)) for a in parts)
    stats = {"mean": x_tr.mean().item(), "std": x_tr.std().item()} if info.family == "image" else {}
    vocab = {"tokens": len(BRACKET_TOKENS), "token_pair": len(TOKEN_VOCAB)}.get(info.input_kind)
    return Dataset(key, info.task, info.input_kind, x_tr, y_tr, x_te, y_te, len(classes), classes, vocab,
                   **stats, options={"seed": seed, **opts})
