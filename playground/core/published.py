"""Published ImageNet weights of catalog CNNs and ViTs ("published/timm/resnet50", "published/torchvision/vgg16"):
which models have them, their evaluation transform and class names (no download), and the loaded model, fetched
through core.hub only when asked and kept in probe.shared_model. No gradio."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import torch.nn as nn

from playground.core import hub
from playground.core.data.preprocess import Preprocess, from_timm_config, torchvision_preprocess
from playground.core.errors import PlaygroundError
from playground.core.models.catalog import (
    TIMM_PREFIX,
    TV_PREFIX,
    timm_names,
    torchvision_detection_names,
    torchvision_names,
)
from playground.core.probe import shared_model

PREFIX = "published/"
TIMM_FILE = "model.safetensors"  # timm's weights on the hub (its repos also carry config.json)
# What a student would pick first: classic CNNs, a mobile one, a modern one, and two small ViTs.
SUGGESTED_CNNS = ("timm/resnet18", "timm/resnet50", "torchvision/resnet50", "torchvision/vgg16",
                  "timm/mobilenetv3_large_100", "timm/convnext_tiny", "timm/efficientnet_b0")
SUGGESTED_VITS = ("timm/vit_tiny_patch16_224", "timm/deit_tiny_patch16_224")


@dataclass(frozen=True)
class Published:
    """One model's published weights: where they come from and how its pictures are read (nothing downloaded)."""
    key: str  # the catalog key of its architecture: "timm/resnet50"
    source: str  # "timm" or "torchvision"
    weights: str  # timm's tagged name ("resnet50.a1_in1k") or torchvision's weights ("ResNet50_Weights.IMAGENET1K_V2")
    repo: str  # the hub repository (timm) or the URL's folder (torchvision)
    file: str  # the file's name there
    classes: tuple[str, ...]  # class names, index order
    preprocess: Preprocess  # the weights' own evaluation transform
    size: int = 0  # the download's size in bytes where the library says it (torchvision), else 0

    @property
    def choice(self) -> str:
        """The model menus' value for these weights."""
        return PREFIX + self.key

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(self.preprocess.shape)


def is_published(choice) -> bool:
    """Does a model choice ask for published weights ("published/<catalog key>[.<tag>]")?"""
    return str(choice or "").strip().startswith(PREFIX)


def published_for(choice: str) -> Published:
    """The published weights a choice names (a timm tag or torchvision weights after a dot, else the library's
    default); PlaygroundError when there is no such model or it publishes none. Reads metadata only."""
    key = str(choice or "").strip()
    key = key[len(PREFIX):] if key.startswith(PREFIX) else key
    if key.startswith(TIMM_PREFIX):
        return _timm_published(key[len(TIMM_PREFIX):])
    if key.startswith(TV_PREFIX):
        return _torchvision_published(key[len(TV_PREFIX):])
    raise PlaygroundError("published_none", model=key)


@lru_cache(maxsize=256)
def _timm_published(name: str) -> Published:
    import timm
    from timm.data import resolve_data_config

    arch, _, tag = name.partition(".")
    if arch not in timm_names():
        raise PlaygroundError("unknown_model", model=TIMM_PREFIX + name)
    cfg = timm.get_pretrained_cfg(name)
    if cfg is None or not cfg.hf_hub_id or (cfg.hf_hub_filename or TIMM_FILE) != TIMM_FILE or not cfg.num_classes:
        raise PlaygroundError("published_none", model=TIMM_PREFIX + name)
    prep = from_timm_config(resolve_data_config(pretrained_cfg=cfg.to_dict()))
    tagged = f"{arch}.{cfg.tag}" if cfg.tag else arch  # "resnet50.a1_in1k": what timm.create_model takes
    return Published(TIMM_PREFIX + arch, "timm", tagged, cfg.hf_hub_id, TIMM_FILE,
                     imagenet_classes(int(cfg.num_classes)), prep)


@lru_cache(maxsize=256)
def _torchvision_published(name: str) -> Published:
    import torchvision

    arch, _, member = name.partition(".")
    if arch not in torchvision_names():  # detectors are trained on COCO, not ImageNet: not offered here
        known = arch in torchvision_detection_names()
        raise PlaygroundError("published_none" if known else "unknown_model", model=TV_PREFIX + name)
    try:
        enum = torchvision.models.get_model_weights(arch)
        weights = enum[member] if member else enum.DEFAULT
    except (ValueError, KeyError, AttributeError):
        raise PlaygroundError("published_none", model=TV_PREFIX + name) from None
    classes = tuple(weights.meta.get("categories") or ())
    crop = weights.transforms.keywords.get("crop_size", 224)
    crop = int(crop[0] if isinstance(crop, (list, tuple)) else crop)
    prep = _torchvision_transform(arch, weights, (3, crop, crop))
    folder, file = weights.url.rsplit("/", 1)
    size = int(float(weights.meta.get("_file_size", 0)) * 2**20)  # torchvision states it in MiB
    return Published(TV_PREFIX + arch, "torchvision", f"{type(weights).__name__}.{weights.name}", folder, file,
                     classes, prep, size)


def _torchvision_transform(arch: str, weights, shape) -> Preprocess:
    """The transforms of these weights: the default's through preprocess.torchvision_preprocess, which reads them;
    another's (IMAGENET1K_V1 beside V2) from its own resize size and statistics."""
    base = torchvision_preprocess(arch, shape)
    if weights is type(weights).DEFAULT:
        return base
    kw = weights.transforms.keywords
    resize = kw.get("resize_size", 256)
    resize = int(resize[0] if isinstance(resize, (list, tuple)) else resize)
    return Preprocess(shape, (resize, resize), "center", base.interpolation, tuple(kw.get("mean", base.mean)),
                      tuple(kw.get("std", base.std)))


@lru_cache(maxsize=4)
def imagenet_classes(n_classes: int = 1000) -> tuple[str, ...]:
    """Short ImageNet class names (timm's ImageNetInfo, shipped with timm: each synset's first lemma) for a head of
    n_classes (1k, 12k, 21k, 22k); a lemma two classes share is followed by its index ("crane #134"). Other heads:
    the indices."""
    from timm.data import ImageNetInfo, infer_imagenet_subset

    subset = infer_imagenet_subset({"num_classes": n_classes})
    if subset is None:
        return tuple(str(i) for i in range(n_classes))
    info = ImageNetInfo(subset)
    names = [info.index_to_description(i).split(", ")[0] for i in range(n_classes)]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return tuple(f"{n} #{i}" if seen[n] > 1 else n for i, n in enumerate(names))


def weights_path(pub: Published) -> Path:
    """The weights' file from the library's cache, or downloaded into it (size checked first); PlaygroundError
    (hub_offline, hub_unreachable, hub_missing, hub_too_large) when it cannot be had."""
    if pub.source == "timm":
        return hub.hub_file(pub.repo, pub.file)
    return hub.url_file(f"{pub.repo}/{pub.file}", _checkpoints())


def _checkpoints() -> Path:
    """torch.hub's checkpoints folder (TORCH_HOME read now), where torchvision's builders look for weights."""
    import torch.hub

    return Path(torch.hub.get_dir()) / "checkpoints"


def is_cached(pub: Published) -> bool:
    """Are the weights on this machine already (no network touched)?"""
    if pub.source == "timm":
        return hub.cached_hub_file(pub.repo, pub.file) is not None
    return (_checkpoints() / pub.file).is_file()


def download_size(pub: Published) -> int:
    """The download's size in bytes: torchvision states it; the hub answers a HEAD request (PlaygroundError if not)."""
    return pub.size or hub.published_size(pub.repo, pub.file)


def load_published(pub: Published, on_download: Callable[[Published, int], None] | None = None) -> nn.Module:
    """The model with its published weights, in eval mode, shared read-only by every visitor (probe.shared_model).
    on_download(pub, size in bytes) is told before a download starts (a progress bar's caption)."""
    def build() -> nn.Module:
        if on_download is not None and not is_cached(pub) and not hub.offline():
            on_download(pub, download_size(pub))
        return _build(pub, weights_path(pub)).eval()

    return shared_model(("published", pub.source, pub.weights), build)


def _build(pub: Published, path: Path) -> nn.Module:
    """timm: create_model(pretrained=True) reading our file (its own key filters apply); torchvision: its builder
    with these weights, which finds the file in torch.hub's checkpoints folder (its own key fixes apply)."""
    try:
        if pub.source == "timm":
            import timm

            return timm.create_model(pub.weights, pretrained=True,
                                     pretrained_cfg_overlay=dict(file=str(path), source=""))
        import torchvision

        arch = pub.key[len(TV_PREFIX):]
        return torchvision.models.get_model(arch, weights=pub.weights)
    except Exception as e:  # noqa: BLE001 -- a damaged or foreign file in the cache (safetensors', torch's errors)
        detail = str(e).replace("\n", " ")[:200]
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail=detail) from None
