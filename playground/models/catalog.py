"""timm and torchvision models as catalog entries ("timm/<name>", "torchvision/<name>"), always random weights.

Nothing is downloaded: builders are called with pretrained=False / weights=None, and default input sizes come from
the libraries' own metadata, which ships with the packages.
"""
from __future__ import annotations

from functools import lru_cache

import torch.nn as nn

from .registry import ModelEntry

TIMM_PREFIX = "timm/"
TV_PREFIX = "torchvision/"

# torchvision builders that add training-only auxiliary heads unless told otherwise.
_TV_NO_AUX = {"googlenet", "inception_v3"}


@lru_cache(maxsize=1)
def timm_names() -> tuple[str, ...]:
    import timm
    return tuple(timm.list_models())


@lru_cache(maxsize=1)
def torchvision_names() -> tuple[str, ...]:
    """torchvision's image classification builders (detection, segmentation and video are other modules)."""
    import torchvision
    return tuple(torchvision.models.list_models(module=torchvision.models))


def list_catalog(source: str) -> list[str]:
    if source == "timm":
        return [TIMM_PREFIX + n for n in timm_names()]
    if source == "torchvision":
        return [TV_PREFIX + n for n in torchvision_names()]
    raise ValueError(f"unknown catalog {source!r}")


def is_catalog_key(key: str) -> bool:
    return key.startswith((TIMM_PREFIX, TV_PREFIX))


def _timm_shape(name: str) -> tuple[int, ...]:
    import timm
    cfg = timm.get_pretrained_cfg(name)
    return tuple(cfg.input_size) if cfg is not None and cfg.input_size else (3, 224, 224)


def _torchvision_shape(name: str) -> tuple[int, ...]:
    import torchvision
    try:
        weights = torchvision.models.get_model_weights(name).DEFAULT
        crop = weights.transforms.keywords.get("crop_size", 224)
    except (ValueError, AttributeError, KeyError):
        crop = 224
    crop = crop[0] if isinstance(crop, (list, tuple)) else crop
    return (3, int(crop), int(crop))


@lru_cache(maxsize=4096)
def catalog_entry(key: str) -> ModelEntry | None:
    """A ModelEntry for a timm or torchvision key, or None when the library has no such model."""
    if key.startswith(TIMM_PREFIX):
        name = key[len(TIMM_PREFIX):]
        if name not in timm_names():
            return None
        import timm
        cfg = timm.get_pretrained_cfg(name)
        paper = ""
        if cfg is not None and cfg.paper_ids:
            first = cfg.paper_ids.split(",")[0].strip() if isinstance(cfg.paper_ids, str) else cfg.paper_ids[0]
            paper = f"https://arxiv.org/abs/{first[6:]}" if first.startswith("arXiv:") else first
        return ModelEntry(
            key=key, build=lambda **kw: _build_timm(name, **kw), family=name.split("_")[0], group="timm",
            input_kind="image", input_shape=_timm_shape(name), title=name, paper=paper,
            description={"en": f"timm's `{name}`, built with random weights (nothing is downloaded).",
                         "zh-CN": f"timm 的 `{name}`，使用随机权重构建（不下载任何文件）。"},
            source="timm")
    if key.startswith(TV_PREFIX):
        name = key[len(TV_PREFIX):]
        if name not in torchvision_names():
            return None
        return ModelEntry(
            key=key, build=lambda **kw: _build_torchvision(name, **kw), family=name.split("_")[0],
            group="torchvision", input_kind="image", input_shape=_torchvision_shape(name), title=name, paper="",
            description={"en": f"torchvision's `{name}`, built with random weights (nothing is downloaded).",
                         "zh-CN": f"torchvision 的 `{name}`，使用随机权重构建（不下载任何文件）。"},
            source="torchvision")
    return None


def _build_timm(name: str, **kwargs) -> nn.Module:
    import timm
    return timm.create_model(name, pretrained=False, **kwargs)


def _build_torchvision(name: str, **kwargs) -> nn.Module:
    import torchvision
    if name in _TV_NO_AUX:
        kwargs = {"aux_logits": False, "init_weights": False, **kwargs}
    if name.startswith("vit_"):  # fixed-size models: build them for the input their default weights expect
        kwargs = {"image_size": _torchvision_shape(name)[-1], **kwargs}
    return torchvision.models.get_model(name, weights=None, **kwargs)
