"""Inside a CNN on one input: any user image turned into the model's input, every spatial layer's output, top-k
predictions, Grad-CAM, and the input region behind one feature-map position. Forward hooks exist only inside
`hooked()`, which removes them in `finally`. No gradio here.

Grad-CAM: Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"
(ICCV 2017): weights a_c = mean over (h, w) of dy/dA_c, map = relu(sum_c a_c A_c), upsampled to the input.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.inspection.receptive_field import Field
from playground.core.inspection.table import build_on_meta, inspect_model
from playground.core.models import resolve
from playground.core.probe import Subject, check_view_cost, hooked, random_model, weights_from_file
from playground.core.published import load_published, published_for
from playground.core.train.checkpoint import load_checkpoint, read_description
from playground.core.train.trained import DataSummary

MAX_CAPTURE_BYTES = 512 * 2**20  # stored feature maps of one forward pass
POOLS = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)


# ---------------------------------------------------------------------------------------------------------------
# Images in


# ---------------------------------------------------------------------------------------------------------------
# Layers and their outputs


def spatial_layers(model: nn.Module) -> dict[str, nn.Module]:
    """Convolutions and poolings (where a CNN's feature maps change), in registration order."""
    layers = {n: m for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, *POOLS))}
    if not layers:
        raise PlaygroundError("cnn_no_conv_layers")
    return layers


@dataclass
class LayerMaps:
    name: str
    kind: str  # the module's class name
    maps: torch.Tensor  # (C, H, W) on the CPU


@dataclass
class Capture:
    layers: list[LayerMaps]  # in execution order
    logits: torch.Tensor  # (K,)


@torch.no_grad()
def capture(model: nn.Module, x: torch.Tensor) -> Capture:
    """Run one input (1, C, H, W) and keep every conv / pool output (execution order; the first call of each)."""
    layers = spatial_layers(model)
    seen: dict[str, LayerMaps] = {}
    stored = 0

    def keep(name, mod, args, out):
        nonlocal stored
        if name in seen or not isinstance(out, torch.Tensor) or out.dim() != 4:
            return
        stored += out[0].numel() * 4
        if stored <= MAX_CAPTURE_BYTES:
            seen[name] = LayerMaps(name, type(mod).__name__, out[0].detach().float().cpu())

    was_training = model.training
    model.eval()
    try:
        with hooked(layers, keep):
            logits = model(x.to(_device_of(model)))
    finally:
        model.train(was_training)
    if isinstance(logits, (tuple, list)):
        logits = logits[0]
    return Capture(list(seen.values()), logits[0].detach().float().cpu().flatten())


def _device_of(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def strongest_channels(maps: torch.Tensor, k: int) -> list[int]:
    """The k channels of (C, H, W) with the largest mean absolute activation, strongest first."""
    score = maps.abs().flatten(1).mean(dim=1)  # (C,)
    return score.argsort(descending=True)[:k].tolist()


def top_k(logits: torch.Tensor, classes, k: int = 5) -> list[tuple[str, float]]:
    """(class name, softmax probability) of the k most likely classes; p_i = exp(z_i) / sum_j exp(z_j)."""
    probs = logits.float().softmax(dim=-1)
    k = min(k, len(probs))
    values, idx = probs.topk(k)
    names = list(classes) if classes else [str(i) for i in range(len(probs))]
    return [(names[i] if i < len(names) else str(i), float(v)) for v, i in zip(values.tolist(), idx.tolist())]


def grad_cam(model: nn.Module, x: torch.Tensor, layer: str, target: int | None = None
             ) -> tuple[np.ndarray, int, int]:
    """(Grad-CAM map (H, W) in [0, 1] at the input's size, its class, the predicted class) for `target` (default:
    the predicted class) at `layer`."""
    layers = spatial_layers(model)
    if layer not in layers:
        raise PlaygroundError("cnn_unknown_layer", layer=layer)
    kept: dict[str, torch.Tensor] = {}

    def keep(name, mod, args, out):
        if name not in kept:
            # d logit / dA needs only the layers after A: record from here on (grad mode is per thread)
            torch.set_grad_enabled(True)
            # a graph node, not a leaf: what follows may work on A in place (ReLU(inplace=True)), as before
            kept[name] = out.detach().requires_grad_(True).clone()
            return kept[name]
        return None

    was_training = model.training
    model.eval()
    try:
        with hooked({layer: layers[layer]}, keep), torch.no_grad():  # the layers before A keep no graph
            x = x.to(_device_of(model)).requires_grad_(False)
            logits = model(x)
            if isinstance(logits, (tuple, list)):
                logits = logits[0]
            predicted = int(logits[0].argmax())
            target = predicted if target is None else int(target)
            if not 0 <= target < logits.shape[-1]:
                raise PlaygroundError("cnn_unknown_class", index=target, n=logits.shape[-1])
            a = kept[layer]  # (1, C, h, w)
            (grads,) = torch.autograd.grad(logits[0, target], a)
    finally:
        model.train(was_training)
    weights = grads.mean(dim=(2, 3), keepdim=True)          # (1, C, 1, 1): a_c
    cam = (weights * a).sum(dim=1, keepdim=True).relu()     # (1, 1, h, w)
    cam = F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0]
    cam = cam / cam.max() if cam.max() > 0 else cam
    return cam.detach().cpu().numpy(), target, predicted


def input_region(field: Field, row: int, col: int, height: int, width: int) -> tuple[int, int, int, int]:
    """Input pixels (top, left, bottom, right; inclusive, clipped to the image) seen by the unit at (row, col)."""
    (rh, rw), (jh, jw), (sh, sw) = field.size, field.jump, field.start
    cy, cx = sh + row * jh, sw + col * jw  # centre of the unit's region, in input pixel coordinates
    top, bottom = cy - (rh - 1) / 2, cy + (rh - 1) / 2
    left, right = cx - (rw - 1) / 2, cx + (rw - 1) / 2
    return (max(0, int(np.ceil(top))), max(0, int(np.ceil(left))),
            min(height - 1, int(np.floor(bottom))), min(width - 1, int(np.floor(right))))


# ---------------------------------------------------------------------------------------------------------------
# What to look inside: a CNN and how to feed it


NATIVE_SIZE = {"digits": 8}  # datasets whose images were made small and then enlarged


def subject_from_trained(model: nn.Module, key: str, data: DataSummary) -> Subject:
    """A trained model (its data description, TrainedModel.data) as something to look inside."""
    if data.input_kind != "image":
        raise PlaygroundError("cnn_no_conv_layers")
    spatial_layers(model)
    c, h, w = data.input_shape
    return Subject(model, key, (c, h, w), data.mean, data.std, data.classes, NATIVE_SIZE.get(data.key), data.key)


def subject_from_key(key: str) -> Subject:
    """A registry or catalog CNN with random (seeded) weights, shared read-only between visitors."""
    entry = _viewable(key)
    model = random_model(entry.key)
    spatial_layers(model)
    return Subject(model, entry.key, tuple(entry.input_shape))


def _viewable(key: str):
    """The registry or catalog entry of an image model light enough to run for a view; else a message."""
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    if entry.input_kind != "image":
        raise PlaygroundError("cnn_no_conv_layers")
    params = sum(p.numel() for p in build_on_meta(entry).parameters())
    if params > config.MAX_REAL_FALLBACK_PARAMS:
        raise PlaygroundError("view_too_many_params", params=f"{params:,}", limit=f"{config.MAX_REAL_FALLBACK_PARAMS:,}")
    check_view_cost(entry.key)
    return entry


def subject_from_published(choice: str, on_download=None) -> Subject:
    """A catalog CNN with its published ImageNet weights ("published/timm/resnet50"), checked before anything is
    downloaded, fetched once when the network allows (on_download: see load_published), shared read-only."""
    pub = published_for(choice)
    _viewable(pub.key)
    model = load_published(pub, on_download)
    spatial_layers(model)
    return Subject(model, pub.key, pub.input_shape, classes=pub.classes, transform=pub.preprocess,
                   weights=pub.weights)


@lru_cache(maxsize=16)
def layer_fields(key: str, shape: tuple[int, int, int]) -> dict[str, Field]:
    """Receptive field of every layer's output (by module name) for this model at this input size."""
    report = inspect_model(key, "x".join(map(str, shape)))
    return {r.name: r.field for r in report.rows if isinstance(r.field, Field) and not r.field.merged}


def subject_with_weights(key: str, path) -> Subject:
    """A registry or catalog CNN with weights from a local safetensors file: a checkpoint saved by this app, or a
    plain state dict (e.g. timm's own safetensors) whose names and shapes match the model exactly."""
    from pathlib import Path

    path = Path(path)
    if path.suffix.lower() != ".safetensors":
        raise PlaygroundError("checkpoint_not_safetensors", name=path.name)
    try:
        read_description(path)
        ours = True
    except PlaygroundError as e:
        if e.key != "checkpoint_foreign":
            raise
        ours = False
    if ours:
        t = load_checkpoint(path)
        return subject_from_trained(t.model, t.spec.model, t.data)
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    subject_from_key(key)  # the same checks as with random weights (an image CNN, not too large)
    return Subject(weights_from_file(entry, path), entry.key, tuple(entry.input_shape))
