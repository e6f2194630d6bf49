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
    title: dict[str, str]
    description: dict[str, str]
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


def _info(key, family, task, input_kind, title, description, local=True) -> DatasetInfo:
    return DatasetInfo(key, family, task, input_kind, {"en": title[0], "zh-CN": title[1]},
                       {"en": description[0], "zh-CN": description[1]}, tuple(_SPECS[key]), local)


_TOY_NOTE = ("Two classes of points in the plane, as in TensorFlow Playground; noise jitters the points.",
             "平面上的两类点，仿照 TensorFlow Playground；噪声会让点随机偏移。")
DATASETS: dict[str, DatasetInfo] = {i.key: i for i in (
    _info("digits", "image", "classify", "image", ("Digits (8x8, scikit-learn)", "手写数字（8x8，scikit-learn）"),
          ("1,797 real handwritten digits at 8x8 pixels, bundled with scikit-learn; the 80/20 split never changes.",
           "scikit-learn 自带的 1,797 张 8x8 真实手写数字；80/20 的划分固定不变。")),
    _info("shapes", "image", "classify", "image", ("Shapes (32x32 colour, generated)", "几何形状（32x32 彩色，程序生成）"),
          ("Circles, squares, triangles, crosses and rings drawn at random positions, sizes, angles and colours.",
           "随机位置、大小、角度和颜色绘制的圆、正方形、三角形、十字和圆环。")),
    _info("circle", "toy2d", "classify", "vector", ("Circle (2-D points)", "圆环（二维点）"),
          ("A disc of one class inside a ring of the other. " + _TOY_NOTE[0], "一类点组成圆盘，另一类环绕在外。" + _TOY_NOTE[1])),
    _info("xor", "toy2d", "classify", "vector", ("XOR (2-D points)", "异或（二维点）"),
          ("The class is the sign of x times y, one per pair of opposite quadrants. " + _TOY_NOTE[0],
           "类别由 x 与 y 乘积的符号决定，对角象限同类。" + _TOY_NOTE[1])),
    _info("gauss", "toy2d", "classify", "vector", ("Two Gaussians (2-D points)", "两团高斯（二维点）"),
          ("Two Gaussian clusters that spread and overlap as noise grows. " + _TOY_NOTE[0],
           "两团高斯分布的点，噪声越大越分散、越重叠。" + _TOY_NOTE[1])),
    _info("spiral", "toy2d", "classify", "vector", ("Spiral (2-D points)", "双螺旋（二维点）"),
          ("Two interleaved spirals, the hardest of the four for a small network. " + _TOY_NOTE[0],
           "两条交错的螺旋线，对小网络来说是四个中最难的。" + _TOY_NOTE[1])),
    _info("brackets", "sequence", "tag", "tokens", ("Bracket depth (tagging)", "括号深度（序列标注）"),
          ("Strings of ( and ); label every position with the nesting depth after it (0 to 7), which needs memory.",
           "由 ( 和 ) 组成的字符串；为每个位置标注读到该处后的嵌套深度（0 到 7），需要记忆。")),
    _info("sine", "sequence", "regress", "series", ("Sine wave (next-step regression)", "正弦波（下一步回归）"),
          ("Sine waves with random amplitude, frequency and phase; predict each next value from the noisy past.",
           "振幅、频率、相位随机的正弦波；根据带噪声的历史预测下一个值。")),
    _info("reverse", "sequence", "translate", "token_pair", ("Reverse digits (seq2seq)", "数字反转（序列到序列）"),
          ("Read a string of digits and write it backwards, e.g. 3141 to 1413.",
           "读入一串数字并倒序写出，例如 3141 变为 1413。")),
    _info("copy", "sequence", "translate", "token_pair", ("Copy digits (seq2seq)", "数字复制（序列到序列）"),
          ("Read a string of digits and write it out unchanged: the simplest sequence-to-sequence task.",
           "读入一串数字并原样写出：最简单的序列到序列任务。")),
    _info("sort", "sequence", "translate", "token_pair", ("Sort digits (seq2seq)", "数字排序（序列到序列）"),
          ("Read a string of digits and write them in ascending order, e.g. 3141 to 1134.",
           "读入一串数字并按升序写出，例如 3141 变为 1134。")),
    _info("mnist", "image", "classify", "image", ("MNIST (28x28, torchvision)", "MNIST 手写数字（28x28，torchvision）"),
          ("The classic 70,000 handwritten digits; needs the files on disk or a download.",
           "经典的 70,000 张手写数字；需要本地文件或下载。"), local=False),
    _info("fashion_mnist", "image", "classify", "image",
          ("Fashion-MNIST (28x28, torchvision)", "Fashion-MNIST 服饰（28x28，torchvision）"),
          ("70,000 greyscale pictures of ten kinds of clothing; needs the files on disk or a download.",
           "70,000 张十类服饰的灰度图；需要本地文件或下载。"), local=False),
    _info("cifar10", "image", "classify", "image",
          ("CIFAR-10 (32x32 colour, torchvision)", "CIFAR-10 物体（32x32 彩色，torchvision）"),
          ("60,000 small colour photos of ten object classes; needs the files on disk or a download.",
           "60,000 张十类物体的小幅彩色照片；需要本地文件或下载。"), local=False),
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
