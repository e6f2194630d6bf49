"""How a model's pictures are prepared, as its own evaluation transform does: keep the aspect ratio (resize, then
centre crop), the interpolation, per-channel mean / std, and whether it learnt light strokes on dark. timm models:
timm's data config; torchvision models: their weights' transforms; registry ImageNet CNNs: torchvision's convention."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from playground.core.models import resolve
from playground.core.models.catalog import TIMM_PREFIX, TV_PREFIX

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
IMAGENET_CROP = 224 / 256  # torchvision's ImageNet eval: Resize(256), then CenterCrop(224)
LIGHT_ON_DARK = frozenset({"digits", "mnist", "fashion_mnist"})  # light strokes on black: the digit datasets
CROP_MODES = ("center", "squash", "border")  # timm's crop modes
INTERPOLATIONS = ("bilinear", "bicubic", "nearest")  # others (lanczos, box, hamming) are read as bicubic


@dataclass(frozen=True)
class Preprocess:
    """A model's evaluation transform: resize to `scale` (by `crop_mode`), centre crop to the input, normalise.

    crop_mode "center": the shorter side to scale, the longer in proportion (torchvision's Resize(int), timm's
    default), then a centre crop; "squash": both sides to scale, then a centre crop; "border": the longer side to
    scale, then padded with the mean to the input (timm's border mode).
    """
    shape: tuple[int, int, int]  # (C, H, W) the model reads
    scale: tuple[int, int]  # (h, w) before the crop: (256, 256) for Resize(256)
    crop_mode: str = "center"
    interpolation: str = "bilinear"
    mean: tuple[float, ...] = (0.0,)  # one value, or one per channel
    std: tuple[float, ...] = (1.0,)
    light_on_dark: bool = False  # learnt light strokes on a dark background: dark-on-light pictures are inverted

    def __post_init__(self):
        if self.crop_mode not in CROP_MODES:
            raise ValueError(f"crop_mode must be one of {CROP_MODES}, not {self.crop_mode!r}")


def plain(shape, mean: float = 0.0, std: float = 1.0, light_on_dark: bool = False) -> Preprocess:
    """The shorter side to the input's, then a centre crop (crop_pct 1), bilinear, one mean and std."""
    return Preprocess(tuple(shape), tuple(shape[1:]), "center", "bilinear", (float(mean),), (float(std),),
                      light_on_dark)


def imagenet(shape) -> Preprocess:
    """torchvision's ImageNet eval, Resize(256) / CenterCrop(224) scaled to the input, bilinear, ImageNet stats."""
    scale = tuple(math.floor(s / IMAGENET_CROP) for s in shape[1:])
    return Preprocess(tuple(shape), scale, "center", "bilinear", IMAGENET_MEAN, IMAGENET_STD)


def _interpolation(name) -> str:
    name = str(getattr(name, "value", name)).lower()
    return name if name in INTERPOLATIONS else "bicubic"


@lru_cache(maxsize=256)
def timm_preprocess(name: str) -> Preprocess:
    """timm's data config of a model (timm.data.resolve_data_config on its pretrained config; nothing downloaded)."""
    import timm
    from timm.data import resolve_data_config

    cfg = timm.get_pretrained_cfg(name)
    return from_timm_config(resolve_data_config(pretrained_cfg=cfg.to_dict() if cfg is not None else {}))


def from_timm_config(config: dict) -> Preprocess:
    """A timm data config (input_size, interpolation, mean, std, crop_pct, crop_mode) as its eval transform."""
    shape = tuple(int(s) for s in config["input_size"])
    crop_pct = config.get("crop_pct") or 0.875  # timm's DEFAULT_CROP_PCT
    scale = tuple(math.floor(s / crop_pct) for s in shape[1:])
    mode = config.get("crop_mode") or "center"
    return Preprocess(shape, scale, mode if mode in CROP_MODES else "center", _interpolation(config["interpolation"]),
                      tuple(config["mean"]), tuple(config["std"]))


@lru_cache(maxsize=256)
def torchvision_preprocess(name: str, shape: tuple[int, int, int]) -> Preprocess:
    """The transforms of a torchvision model's default weights (ImageClassification's crop, resize, interpolation
    and stats; only their metadata is read), or ImageNet's convention where it has none."""
    import torchvision

    try:
        transforms = torchvision.models.get_model_weights(name).DEFAULT.transforms
    except (ValueError, AttributeError, KeyError):
        return imagenet(shape)
    if getattr(getattr(transforms, "func", None), "__name__", "") != "ImageClassification":
        return imagenet(shape)
    kw = transforms.keywords
    resize = kw.get("resize_size", 256)
    resize = int(resize[0] if isinstance(resize, (list, tuple)) else resize)
    return Preprocess(shape, (resize, resize), "center", _interpolation(kw.get("interpolation", "bilinear")),
                      tuple(kw.get("mean", IMAGENET_MEAN)), tuple(kw.get("std", IMAGENET_STD)))


@lru_cache(maxsize=256)
def preprocess_for(key: str, shape: tuple[int, int, int], mean: float = 0.0, std: float = 1.0,
                   dataset: str | None = None) -> Preprocess:
    """How a model reads pictures: trained on a dataset (its mean / std, the digit datasets light on dark), or by
    its key: timm's and torchvision's own transforms, ImageNet's for the registry's full-size colour CNNs, and
    plain for the teaching CNNs (grey ones read digits: light on dark)."""
    shape = tuple(int(s) for s in shape)
    if dataset:
        return plain(shape, mean, std, light_on_dark=dataset in LIGHT_ON_DARK)
    if key.startswith(TIMM_PREFIX):
        found = timm_preprocess(key[len(TIMM_PREFIX):])
        return found if found.shape == shape else Preprocess(shape, *_rescaled(found, shape))
    if key.startswith(TV_PREFIX):
        return torchvision_preprocess(key[len(TV_PREFIX):], shape)
    entry = resolve(key)
    if shape[0] == 3 and entry is not None and not entry.teaching:
        return imagenet(shape)
    return plain(shape, light_on_dark=shape[0] == 1)


def _rescaled(found: Preprocess, shape) -> tuple:
    """A timm transform for another input size: the same crop fraction of the new size."""
    scale = tuple(math.floor(s * f / c) for s, f, c in zip(shape[1:], found.scale, found.shape[1:]))
    return scale, found.crop_mode, found.interpolation, found.mean, found.std
