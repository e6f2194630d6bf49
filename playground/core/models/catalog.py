"""timm and torchvision models as catalog entries ("timm/<name>", "torchvision/<name>"), always random weights.

Nothing is downloaded: builders are called with pretrained=False / weights=None (and weights_backbone=None for
torchvision's detectors), and default input sizes come from the libraries' own metadata, which ships with the packages.
"""
from __future__ import annotations

from functools import lru_cache

import torch
import torch.nn as nn

from .registry import ModelEntry

TIMM_PREFIX = "timm/"
TV_PREFIX = "torchvision/"

# torchvision builders that add training-only auxiliary heads unless told otherwise.
TV_NO_AUX = {"googlenet", "inception_v3"}


@lru_cache(maxsize=1)
def timm_names() -> tuple[str, ...]:
    import timm
    return tuple(timm.list_models())


@lru_cache(maxsize=1)
def torchvision_names() -> tuple[str, ...]:
    """torchvision's image classification builders (detection, segmentation and video are other modules)."""
    import torchvision
    return tuple(torchvision.models.list_models(module=torchvision.models))


@lru_cache(maxsize=1)
def torchvision_detection_names() -> tuple[str, ...]:
    """torchvision's object detection builders (Faster / Mask / Keypoint R-CNN, RetinaNet, FCOS, SSD, SSDlite)."""
    import torchvision
    return tuple(torchvision.models.list_models(module=torchvision.models.detection))


def list_catalog(source: str) -> list[str]:
    """Catalog keys of a source; torchvision's are its classification models, then its detectors."""
    if source == "timm":
        return [TIMM_PREFIX + n for n in timm_names()]
    if source == "torchvision":
        return [TV_PREFIX + n for n in torchvision_names() + torchvision_detection_names()]
    raise ValueError(f"unknown catalog {source!r}")


def is_catalog_key(key: str) -> bool:
    return key.startswith((TIMM_PREFIX, TV_PREFIX))


def is_detector(key: str) -> bool:
    """True for torchvision's detectors ("torchvision/fasterrcnn_resnet50_fpn", ...): image in, a list of dicts of
    boxes out, so they cannot be trained as classifiers."""
    return key.startswith(TV_PREFIX) and key[len(TV_PREFIX):] in torchvision_detection_names()


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
        if name in torchvision_detection_names():
            return _detector_entry(key, name)
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
    if name in TV_NO_AUX:
        kwargs = {"aux_logits": False, "init_weights": False, **kwargs}
    if name.startswith("vit_"):  # fixed-size models: build them for the input their default weights expect
        kwargs = {"image_size": _torchvision_shape(name)[-1], **kwargs}
    return torchvision.models.get_model(name, weights=None, **kwargs)


# ----------------------------------------------------------------------------------------------------------------
# Detectors

_FASTER = "https://arxiv.org/abs/1506.01497"
_MASK = "https://arxiv.org/abs/1703.06870"
_V2 = "https://arxiv.org/abs/2111.11429"  # Li et al. 2021, the "v2" recipe: BatchNorm in FPN and heads, 4conv1fc head
_HOW_RCNN = (
    "a CNN backbone with an FPN computes features of the whole image once; a learned region proposal network (RPN) "
    "scores and refines anchor boxes into proposals; RoI align cuts each proposal's features into a fixed 7×7 grid, "
    "and fully connected layers predict its class and refine its box",
    "CNN 主干网络加 FPN 对整幅图像只提取一次特征；可学习的区域提议网络（RPN）"
    "给锚框打分并修正，得到提议区域；RoI align 把每个提议区域的特征切成固定的 7×7 网格，"
    "再由全连接层预测类别并修正边框")
_BRANCHES = {
    "mask": ("; when the data has pixel-level labels, a mask branch (a small FCN on 14×14 RoI features) learns from "
             "them and predicts a 28×28 mask per detection",
             "；当数据有像素级标注时，掩码分支（作用于 14×14 RoI 特征的小型 FCN）"
             "用它们学习，为每个检测框预测 28×28 掩码"),
    "keypoint": ("; a keypoint branch (eight 3×3 convolutions and a transposed convolution on 14×14 RoI features) "
                 "predicts a heat map for each of 17 body keypoints",
                 "；关键点分支（作用于 14×14 RoI 特征的 8 个 3×3 卷积和一个转置卷积）"
                 "为 17 个人体关键点各预测一张热图"),
}
_ONE_STAGE = {
    "retinanet": ("a one-stage detector: after an FPN backbone, two small convolutional heads slide over every level "
                  "and predict, for every anchor box, class scores (trained with the focal loss) and box offsets; "
                  "no proposal or RoI step",
                  "单阶段检测器：FPN 主干网络之后，两个小型卷积头在每一层特征上滑动，"
                  "为每个锚框预测类别分数（用 focal loss 训练）和边框偏移；没有提议区域和 RoI 步骤"),
    "fcos": ("a one-stage, anchor-free detector: at every location of every FPN level it predicts class scores, the "
             "distances to the four sides of a box and a centre-ness score; no anchors, proposals or RoI step",
             "单阶段、无锚框检测器：在每层 FPN 特征的每个位置预测类别分数、"
             "到边框四边的距离和中心度；没有锚框、提议区域和 RoI 步骤"),
    "ssd": ("a one-stage detector (Single Shot MultiBox Detector): convolutional heads on six feature maps of falling "
            "resolution predict class scores and box offsets for a fixed set of default boxes",
            "单阶段检测器（SSD）：在分辨率逐级降低的 6 张特征图上，"
            "用卷积头为一组固定的默认框预测类别分数和边框偏移"),
}
_OUTPUTS = {"rcnn": "boxes, labels, scores", "mask": "boxes, labels, scores, masks",
            "keypoint": "boxes, labels, scores, keypoints, keypoints_scores"}
# name -> (family, default side (and the side torchvision measured its GFLOPS at), paper, kind, backbone)
_DETECTORS = {
    "fasterrcnn_resnet50_fpn": ("faster_rcnn", 800, _FASTER, "rcnn", "ResNet-50"),
    "fasterrcnn_resnet50_fpn_v2": ("faster_rcnn", 800, _V2, "rcnn", "ResNet-50"),
    "fasterrcnn_mobilenet_v3_large_fpn": ("faster_rcnn", 800, _FASTER, "rcnn", "MobileNetV3-Large"),
    "fasterrcnn_mobilenet_v3_large_320_fpn": ("faster_rcnn", 320, _FASTER, "rcnn", "MobileNetV3-Large"),
    "maskrcnn_resnet50_fpn": ("mask_rcnn", 800, _MASK, "mask", "ResNet-50"),
    "maskrcnn_resnet50_fpn_v2": ("mask_rcnn", 800, _V2, "mask", "ResNet-50"),
    "keypointrcnn_resnet50_fpn": ("keypoint_rcnn", 800, _MASK, "keypoint", "ResNet-50"),
    "retinanet_resnet50_fpn": ("retinanet", 800, "https://arxiv.org/abs/1708.02002", "retinanet", "ResNet-50"),
    "retinanet_resnet50_fpn_v2": ("retinanet", 800, "https://arxiv.org/abs/1912.02424", "retinanet", "ResNet-50"),
    "fcos_resnet50_fpn": ("fcos", 800, "https://arxiv.org/abs/1904.01355", "fcos", "ResNet-50"),
    "ssd300_vgg16": ("ssd", 300, "https://arxiv.org/abs/1512.02325", "ssd", "VGG-16"),
    "ssdlite320_mobilenet_v3_large": ("ssd", 320, "https://arxiv.org/abs/1905.02244", "ssd", "MobileNetV3-Large"),
}
_LONGEST = {800: 1333, 320: 640}  # GeneralizedRCNNTransform's max_size for each min_size
# Builders that put FrozenBatchNorm2d (statistics and affine as fixed buffers, no parameters) in the backbone when
# they load weights, and plain BatchNorm2d when they build from scratch; the others use one or the other always.
_FROZEN_BN = {"fasterrcnn_resnet50_fpn", "fasterrcnn_mobilenet_v3_large_fpn", "fasterrcnn_mobilenet_v3_large_320_fpn",
              "maskrcnn_resnet50_fpn", "keypointrcnn_resnet50_fpn", "retinanet_resnet50_fpn", "fcos_resnet50_fpn"}
# How many backbone stages torchvision leaves trainable when it loads weights (trainable_backbone_layers' default);
# the stages before them are frozen (requires_grad False). From scratch it trains them all.
_TRAINABLE_STAGES = {"ssd300_vgg16": 4, "ssdlite320_mobilenet_v3_large": 6}


# Parameters: these builders give exactly torchvision's published weights.meta["num_params"]
# (tests/lessons/detection/test_compute.py). MACs: inspection counts multiply-adds of convolutions and matrix
# products, as torchvision's own
# counter did for weights.meta["_ops"] (test/common_extended_utils.py: one N(0, 1) image, 800 x 800 for the R50 models,
# 320 for the MobileNet 320 and SSDlite, 300 for SSD; 1333 for Keypoint R-CNN, which resizes it to 800), and the
# one-stage detectors (RetinaNet, FCOS, SSD, SSDlite) match to the last digit. The two-stage ones cannot match at
# random weights: their box head runs once per proposal that survives the RPN's score threshold and NMS, and the mask
# / keypoint heads once per detection above the score threshold, and those counts depend on the weights. torchvision
# measured with its COCO weights: 1000 proposals and no detection for Faster / Mask R-CNN R50, 100 detections for
# Mask R-CNN v2, one for Keypoint R-CNN (COCO_V1; none for COCO_LEGACY, whence its 133.924), and no proposal at all for
# the MobileNet Faster R-CNNs (0.719 and 4.494 are their backbone, FPN and RPN alone). Forced to those counts, our
# builders reproduce every published figure (test_published_gflops_under_the_counts_torchvision_measured_with).


def _detector_entry(key: str, name: str) -> ModelEntry:
    family, side, paper, kind, backbone = _DETECTORS.get(name, (name.split("_")[0], 800, "", "rcnn", "CNN"))
    if kind in _ONE_STAGE:
        how_en, how_zh = _ONE_STAGE[kind]
    else:
        how_en, how_zh = (a + b for a, b in zip(_HOW_RCNN, _BRANCHES.get(kind, ("", ""))))
    outputs = _OUTPUTS.get(kind, _OUTPUTS["rcnn"])
    if kind == "ssd":
        size_en = f"It resizes every image to {side}×{side} (the default input)."
        size_zh = f"它把每张图像缩放到 {side}×{side}（即默认输入）。"
    else:
        longest = _LONGEST.get(side, side)
        size_en = (f"It resizes every image so the shorter side is {side} pixels (the longer at most {longest}), so "
                   f"the default {side}×{side} input, the size torchvision measured its GFLOPS at, is used as it is.")
        size_zh = (f"它把每张图像缩放到短边 {side} 像素（长边至多 {longest}），"
                   f"所以默认输入 {side}×{side}（torchvision 测量 GFLOPS 时的尺寸）保持原样。")
    en = (f"torchvision's `{name}`, an **object detector** with a {backbone} backbone: {how_en}. In eval mode it "
          f"returns a list with one dict per image ({outputs}). How many boxes survive NMS and the score thresholds "
          f"depends on the values, so the layer table comes from a real CPU run. {size_en} Built as torchvision "
          "builds it for its published COCO weights (91 classes), but with random weights: nothing is downloaded.")
    zh = (f"torchvision 的 `{name}`，以 {backbone} 为主干网络的**目标检测器**：{how_zh}。"
          f"评估模式下它返回一个列表，每张图像一个字典（{outputs}）。"
          "经过非极大值抑制和分数阈值后留下多少个框取决于数值，所以层表来自一次真实的 CPU 运行。"
          f"{size_zh}按 torchvision 为其发布的 COCO 权重（91 类）所用的结构搭建，"
          "但使用随机权重：不下载任何文件。")
    return ModelEntry(
        key=key, build=lambda **kw: _build_detector(name, **kw), family=family, group="torchvision",
        input_kind="image", input_shape=(3, side, side), title=name, paper=paper,
        description={"en": en, "zh-CN": zh}, source="torchvision")


def _build_detector(name: str, seed: int = 0, **kwargs) -> nn.Module:
    """A torchvision detector laid out as for its published COCO weights, with random weights drawn from `seed`.

    Random values matter here: how many proposals survive NMS (and so the work done by the RoI heads) depends on
    them, so a fixed seed keeps an inspection reproducible. The global RNG is left as it was.
    """
    import torchvision
    from torchvision.ops.misc import FrozenBatchNorm2d
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = torchvision.models.get_model(name, weights=None, weights_backbone=None, **kwargs)
    if name in _FROZEN_BN:
        _swap_batchnorm(model.backbone, FrozenBatchNorm2d)
    _freeze_stages(name, model)
    return model


def _swap_batchnorm(module: nn.Module, frozen: type) -> None:
    """Replace every BatchNorm2d below `module` by a frozen one (weight 1, bias 0, running mean 0, var 1), with the
    frozen layer's own eps, as the builders pass it as norm_layer (MobileNetV3 gets 1e-5 then, not its usual 1e-3)."""
    for child_name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, child_name, frozen(child.num_features))
        else:
            _swap_batchnorm(child, frozen)


def _freeze_stages(name: str, model: nn.Module) -> None:
    """requires_grad False on the backbone stages torchvision freezes when it loads weights (its
    _resnet_fpn_extractor, _mobilenet_extractor and _vgg_extractor rules)."""
    keep = _TRAINABLE_STAGES.get(name, 3)
    backbone = model.backbone
    if hasattr(backbone, "body") and hasattr(backbone.body, "layer4"):  # ResNet: train the last `keep` of 5 stages
        trained = ("layer4", "layer3", "layer2", "layer1", "conv1")[:keep] + (("bn1",) if keep == 5 else ())
        for pname, p in backbone.body.named_parameters():
            if not pname.startswith(trained):
                p.requires_grad_(False)
        return
    if hasattr(backbone, "body"):  # MobileNet + FPN: stages start at the strided ("_is_cn") blocks, and the last
        blocks = list(backbone.body.children())
        starts = [0] + [i for i, b in enumerate(blocks) if getattr(b, "_is_cn", False)] + [len(blocks) - 1]
        n_stages = len(starts)
    elif name.startswith("ssd300"):  # VGG-16's 5 stages start at 0 and after each max-pool (up to conv4_3 kept here)
        blocks = list(backbone.features.children())
        starts = [0] + [i for i, b in enumerate(blocks) if isinstance(b, nn.MaxPool2d)]
        n_stages = 5
    else:
        return
    if keep < n_stages:
        for block in blocks[:starts[n_stages - keep]]:
            for p in block.parameters():
                p.requires_grad_(False)
