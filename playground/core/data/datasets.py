"""Datasets as tensors: real and generated images, TensorFlow-Playground 2-D points, and small sequence tasks.
Core module: imports no gradio; torchvision is imported only when one of its datasets is loaded."""
from __future__ import annotations

import math
import os
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError

PAD, BOS, EOS = 0, 1, 2
TOKEN_VOCAB = ("<pad>", "<bos>", "<eos>", *(str(d) for d in range(10)))   # digit d has id d + 3
BRACKET_TOKENS = ("(", ")")                                               # input ids 0 and 1
# Characters for the char-level teaching GPT and BERT: specials, then a space, letters, digits and punctuation.
CHAR_VOCAB = ("<pad>", "<bos>", "<eos>", "<mask>", " ", *"abcdefghijklmnopqrstuvwxyz", *"0123456789", *".,;:!?'-()")
MAX_DEPTH = 7
SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "ring")
LUMA = (0.299, 0.587, 0.114)
MAX_SEED = 2**32 - 1
DATA_DIR_ENV = "PLAYGROUND_DATA_DIR"


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
TORCHVISION = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "cifar10": "CIFAR10"}


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


def data_dir() -> Path:
    """Folder of the torchvision datasets: $PLAYGROUND_DATA_DIR, else ~/.cache/playground/data."""
    return Path(os.environ.get(DATA_DIR_ENV) or "~/.cache/playground/data").expanduser()


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


def _rng(key: str, seed: int, stream: int) -> np.random.Generator:
    """An independent generator per (dataset, seed, stream)."""
    return np.random.default_rng([zlib.crc32(key.encode()), seed, stream])


@lru_cache(maxsize=6)
def _build(key: str, seed: int, items: tuple, root: str) -> Dataset:
    opts, info = dict(items), DATASETS[key]
    if key == "digits":
        parts, classes = _digits(), tuple(str(d) for d in range(10))
    elif key == "shapes":
        parts, classes = _shapes(_rng(key, seed, 0), opts["n_train"]) + _shapes(_rng(key, seed, 1), opts["n_test"]), \
            SHAPE_CLASSES
    elif key in TORCHVISION:
        *parts, classes = _torchvision(key, root, _rng(key, seed, 0), opts["n_train"], opts["n_test"])
    elif info.family == "toy2d":
        parts, classes = _toy2d(key, _rng(key, seed, 0), opts["n_samples"], opts["noise"], opts["train_ratio"]), \
            ("class 0", "class 1")
    elif key == "brackets":
        parts = _brackets(_rng(key, seed, 0), opts["n_train"], opts["seq_len"]) + \
            _brackets(_rng(key, seed, 1), opts["n_test"], opts["seq_len"])
        classes = tuple(str(d) for d in range(MAX_DEPTH + 1))
    elif key == "sine":
        parts = _sine(_rng(key, seed, 0), opts["n_train"], opts["seq_len"], opts["noise"]) + \
            _sine(_rng(key, seed, 1), opts["n_test"], opts["seq_len"], opts["noise"])
        classes = ("value",)
    else:
        parts, classes = _seq2seq(key, seed, opts["n_train"], opts["n_test"], opts["seq_len"]), TOKEN_VOCAB
    x_tr, y_tr, x_te, y_te = (torch.from_numpy(np.ascontiguousarray(a)) for a in parts)
    stats = {"mean": x_tr.mean().item(), "std": x_tr.std().item()} if info.family == "image" else {}
    vocab = {"tokens": len(BRACKET_TOKENS), "token_pair": len(TOKEN_VOCAB)}.get(info.input_kind)
    return Dataset(key, info.task, info.input_kind, x_tr, y_tr, x_te, y_te, len(classes), classes, vocab,
                   **stats, options={"seed": seed, **opts})


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


def decode_tokens(ids, classes: tuple[str, ...] = TOKEN_VOCAB) -> str:
    """Token ids (a sequence or 1-D tensor) joined into text, skipping <pad>, <bos> and <eos>."""
    ids = ids.tolist() if isinstance(ids, torch.Tensor) else ids
    return "".join(classes[int(i)] for i in ids if int(i) not in (PAD, BOS, EOS))


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


def adapt_images(x: torch.Tensor, channels: int, size: tuple[int, int]) -> torch.Tensor:
    """(N, C, H, W) in [0, 1] -> (N, channels, *size): grey repeated to RGB, RGB to grey by luminance, bilinear."""
    size = (int(size[0]), int(size[1]))
    if x.shape[1] == channels and tuple(x.shape[2:]) == size:
        return x
    if x.shape[1] not in (1, 3) or channels not in (1, 3):
        raise ValueError(f"adapt_images converts between 1 and 3 channels, not {x.shape[1]} -> {channels}")
    x = x.float()
    if x.shape[1] == 3 and channels == 1:
        x = (x * torch.tensor(LUMA, dtype=x.dtype).view(1, 3, 1, 1)).sum(1, keepdim=True)   # (N, 1, H, W)
    if tuple(x.shape[2:]) != size:
        shrink = size[0] < x.shape[2] or size[1] < x.shape[3]
        x = F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=shrink).clamp(0.0, 1.0)
    if x.shape[1] == 1 and channels == 3:
        x = x.repeat(1, 3, 1, 1)                                   # (N, 3, H, W)
    return x
