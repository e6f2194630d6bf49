"""Inside a CNN on one input: any user image turned into the model's input, every spatial layer's output, top-k
predictions, Grad-CAM, and the input region behind one feature-map position. Forward hooks exist only inside
`hooked()`, which removes them in `finally`. No gradio here.

Grad-CAM: Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"
(ICCV 2017): weights a_c = mean over (h, w) of dy/dA_c, map = relu(sum_c a_c A_c), upsampled to the input.
"""
from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import LUMA
from .errors import PlaygroundError
from .receptive_field import Field

MAX_IMAGE_PIXELS = 40_000_000  # larger uploads are refused before any resizing
MAX_CAPTURE_BYTES = 512 * 2**20  # stored feature maps of one forward pass
POOLS = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)


# ---------------------------------------------------------------------------------------------------------------
# Images in

def read_image_file(path) -> np.ndarray:
    """An image file (PNG, JPEG, WebP, BMP, GIF, TIFF...) as an array in its own mode; corrupt files, files that
    are not images and decompression bombs are refused with a message."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_IMAGE_PIXELS:
                raise PlaygroundError("image_too_large", pixels=f"{im.width * im.height:,}",
                                      limit=f"{MAX_IMAGE_PIXELS:,}")
            if im.mode not in ("L", "LA", "RGB", "RGBA", "I;16", "I", "F"):
                im = im.convert("RGBA")  # palette, CMYK, ...
            return np.asarray(im)
    except PlaygroundError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PlaygroundError("image_unreadable") from None


def image_to_array(image) -> np.ndarray:
    """Any picture as float32 (H, W, C) in [0, 1] with C = 1 or 3: grey, grey+alpha, RGB and RGBA (composited
    over white, as a drawing on paper), uint8 / uint16 / float, a PIL image, or the path of an image file."""
    if image is None:
        raise PlaygroundError("image_missing")
    if isinstance(image, (str, bytes)) or hasattr(image, "__fspath__"):
        image = read_image_file(image)
    try:
        a = np.asarray(image)
    except Exception:  # noqa: BLE001 - whatever the upload was, it is not a picture
        raise PlaygroundError("image_unreadable") from None
    if a.dtype == object or a.ndim not in (2, 3) or a.size == 0 or (a.ndim == 3 and a.shape[2] not in (1, 2, 3, 4)):
        raise PlaygroundError("image_unreadable")
    if a.shape[0] * a.shape[1] > MAX_IMAGE_PIXELS:
        raise PlaygroundError("image_too_large", pixels=f"{a.shape[0] * a.shape[1]:,}",
                              limit=f"{MAX_IMAGE_PIXELS:,}")
    if a.dtype == np.bool_:
        a = a.astype(np.float32)
    elif np.issubdtype(a.dtype, np.integer):
        a = a.astype(np.float32) / float(np.iinfo(a.dtype).max)
    else:
        a = np.nan_to_num(a.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
        if a.max(initial=0) > 1.0:  # floats on a 0-255 scale
            a = a / 255.0
    a = np.clip(a, 0.0, 1.0)
    if a.ndim == 2:
        a = a[:, :, None]                          # (H, W, 1)
    if a.shape[2] in (2, 4):                       # composite over white: c * alpha + 1 * (1 - alpha)
        alpha = a[:, :, -1:]
        a = a[:, :, :-1] * alpha + (1.0 - alpha)
    return a


def to_model_input(image, shape: tuple[int, int, int], mean: float = 0.0, std: float = 1.0,
                   invert: bool = False, via: int | None = None) -> tuple[torch.Tensor, np.ndarray]:
    """A picture -> ((1, C, H, W) normalised input, (H, W, C) preview in [0, 1] of what the model sees).

    invert: dark ink on light paper becomes light on dark (the digits datasets). via: shrink to via x via first
    and then enlarge, as the 8x8 digits were made.
    """
    a = image_to_array(image)
    if invert:
        a = 1.0 - a
    c, h, w = shape
    x = torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]  # (1, C0, H0, W0)
    if x.shape[1] != c:
        x = x.expand(-1, c, -1, -1) if x.shape[1] == 1 else \
            (x * torch.tensor(LUMA).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)  # RGB -> grey by luminance
    if via:
        x = F.interpolate(x, size=(via, via), mode="area")
    x = F.interpolate(x, size=(h, w), mode="bilinear", antialias=x.shape[-1] > w, align_corners=False)
    x = x.clamp(0, 1)
    preview = x[0].permute(1, 2, 0).numpy()  # (H, W, C)
    return (x - mean) / std, preview


# ---------------------------------------------------------------------------------------------------------------
# Layers and their outputs

# Shipped and random-weight models are shared by every visitor: a hook registered by one request would also fire
# in another request's forward pass, so forward passes that hook or record take turns (they take milliseconds).
INSPECT_LOCK = threading.RLock()


@contextlib.contextmanager
def hooked(modules: dict[str, nn.Module], hook):
    """Register hook(name, module, inputs, output) as a forward hook on each module; always removed on exit.
    Holds INSPECT_LOCK meanwhile, so concurrent requests on a shared model never see each other's hooks."""
    handles = []
    with INSPECT_LOCK:
        try:
            for name, m in modules.items():
                handles.append(m.register_forward_hook(lambda mod, args, out, name=name: hook(name, mod, args, out)))
            yield
        finally:
            for h in handles:
                h.remove()


def spatial_layers(model: nn.Module) -> dict[str, nn.Module]:
    """Convolutions and poolings (where a CNN's feature maps change), in registration order."""
    layers = {n: m for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, *POOLS))}
    if not layers:
        raise PlaygroundError("no_conv_layers")
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


def grad_cam(model: nn.Module, x: torch.Tensor, layer: str, target: int | None = None) -> tuple[np.ndarray, int]:
    """Grad-CAM map (H, W) in [0, 1] at the input's size for `target` (default: the predicted class) at `layer`."""
    layers = spatial_layers(model)
    if layer not in layers:
        raise PlaygroundError("unknown_layer", layer=layer)
    kept: dict[str, torch.Tensor] = {}

    def keep(name, mod, args, out):
        if name not in kept:
            kept[name] = out

    was_training = model.training
    model.eval()
    try:
        with hooked({layer: layers[layer]}, keep):
            x = x.to(_device_of(model)).requires_grad_(False)
            logits = model(x)
            if isinstance(logits, (tuple, list)):
                logits = logits[0]
            target = int(logits[0].argmax()) if target is None else int(target)
            if not 0 <= target < logits.shape[-1]:
                raise PlaygroundError("unknown_class", index=target, n=logits.shape[-1])
            a = kept[layer]  # (1, C, h, w)
            (grads,) = torch.autograd.grad(logits[0, target], a)
    finally:
        model.train(was_training)
    weights = grads.mean(dim=(2, 3), keepdim=True)          # (1, C, 1, 1): a_c
    cam = (weights * a).sum(dim=1, keepdim=True).relu()     # (1, 1, h, w)
    cam = F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0]
    cam = cam / cam.max() if cam.max() > 0 else cam
    return cam.detach().cpu().numpy(), target


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

@dataclass
class Subject:
    model: nn.Module
    key: str  # registry or catalog key
    input_shape: tuple[int, int, int]
    mean: float = 0.0
    std: float = 1.0
    classes: tuple[str, ...] = ()
    via: int | None = None  # drawings and uploads are shrunk to this size first (the 8x8 digits)
    dataset: str | None = None


NATIVE_SIZE = {"digits": 8}  # datasets whose images were made small and then enlarged


def subject_from_trained(model: nn.Module, key: str, data: dict) -> Subject:
    """A trained model (its data description as in TrainedModel.data) as something to look inside."""
    if data.get("input_kind") != "image":
        raise PlaygroundError("no_conv_layers")
    spatial_layers(model)
    c, h, w = data["input_shape"]
    return Subject(model, key, (c, h, w), data.get("mean", 0.0), data.get("std", 1.0), tuple(data.get("classes", ())),
                   NATIVE_SIZE.get(data.get("key")), data.get("key"))


_MODELS: OrderedDict[tuple, nn.Module] = OrderedDict()  # random_model's cache, least recently used first
_MODELS_LOCK = threading.Lock()


def random_model(key: str, kwargs: tuple = ()) -> nn.Module:
    """A registry or catalog model with seeded random weights (builder arguments as (name, value) pairs), in eval
    mode and cached: shared read-only by every visitor and every tab. The cache keeps the most recently used
    models up to config.MAX_CACHED_MODEL_BYTES of weights together (and the last one whatever its size)."""
    from .config import MAX_CACHED_MODEL_BYTES, MAX_CACHED_MODELS
    from .models import resolve
    from .training import build_model
    with _MODELS_LOCK:
        if (key, kwargs) in _MODELS:
            _MODELS.move_to_end((key, kwargs))
            return _MODELS[(key, kwargs)]
    model = build_model(resolve(key), dict(kwargs), seed=0).eval()
    with _MODELS_LOCK:
        model = _MODELS.setdefault((key, kwargs), model)  # another visitor may have built it meanwhile
        _MODELS.move_to_end((key, kwargs))
        while len(_MODELS) > 1 and (len(_MODELS) > MAX_CACHED_MODELS or
                                    sum(map(weight_bytes, _MODELS.values())) > MAX_CACHED_MODEL_BYTES):
            _MODELS.popitem(last=False)
    return model


def weight_bytes(model: nn.Module) -> int:
    return sum(t.numel() * t.element_size() for t in (*model.parameters(), *model.buffers()))


@lru_cache(maxsize=64)
def view_cost(key: str) -> tuple[int, int]:
    """(multiply-accumulates, stored activation bytes) of one forward pass of a registry or catalog model at its
    default input, from its inspection on the meta device (no weights, no arithmetic)."""
    from .inspection import inspect_model
    totals = inspect_model(key).totals
    return int(totals["macs"]), int(totals["activation_bytes"])


def check_view_cost(key: str) -> None:
    """Refuse, with a message, to run a model for a view when one forward pass is too heavy for this host
    (config.MAX_VIEW_MACS, config.MAX_VIEW_ACTIVATION_BYTES): a Grad-CAM of such a model would hold the CPU for
    tens of seconds and gigabytes of memory while other visitors wait. Its layer table still works."""
    from .config import MAX_VIEW_ACTIVATION_BYTES, MAX_VIEW_MACS
    macs, stored = view_cost(key)
    if macs > MAX_VIEW_MACS or stored > MAX_VIEW_ACTIVATION_BYTES:
        raise PlaygroundError("view_too_heavy", model=key, gmacs=f"{macs / 1e9:.1f}",
                              limit=f"{MAX_VIEW_MACS / 1e9:.0f}", memory=f"{stored / 2**30:.1f}",
                              memory_limit=f"{MAX_VIEW_ACTIVATION_BYTES / 2**30:.0f}")


def weights_from_file(entry, path) -> nn.Module:
    """A fresh model for `entry` with the weights of a plain safetensors state dict (e.g. timm's own files) whose
    names and shapes match exactly; anything else is refused with a message naming the file."""
    from pathlib import Path

    from safetensors.torch import load_file

    from .training import build_model
    path = Path(path)
    if path.suffix.lower() != ".safetensors":
        raise PlaygroundError("checkpoint_not_safetensors", name=path.name)
    model = build_model(entry, {}, seed=0).eval()
    try:
        model.load_state_dict(load_file(str(path)), strict=True)
    except Exception as e:  # noqa: BLE001 - missing or unexpected names, wrong shapes, a bad file
        detail = str(e).replace("\n", " ")[:200]
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail=detail) from None
    return model


def subject_from_key(key: str) -> Subject:
    """A registry or catalog CNN with random (seeded) weights, shared read-only between visitors."""
    from .config import MAX_REAL_FALLBACK_PARAMS
    from .inspection import build_on_meta
    from .models import resolve
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    if entry.input_kind != "image":
        raise PlaygroundError("no_conv_layers")
    params = sum(p.numel() for p in build_on_meta(entry).parameters())
    if params > MAX_REAL_FALLBACK_PARAMS:
        raise PlaygroundError("view_too_many_params", params=f"{params:,}", limit=f"{MAX_REAL_FALLBACK_PARAMS:,}")
    check_view_cost(entry.key)
    model = random_model(entry.key)
    spatial_layers(model)
    return Subject(model, entry.key, tuple(entry.input_shape))


@lru_cache(maxsize=16)
def layer_fields(key: str, shape: tuple[int, int, int]) -> dict[str, Field]:
    """Receptive field of every layer's output (by module name) for this model at this input size."""
    from .inspection import inspect_model
    report = inspect_model(key, "x".join(map(str, shape)))
    return {r.name: r.field for r in report.rows if isinstance(r.field, Field) and not r.field.merged}


def subject_with_weights(key: str, path) -> Subject:
    """A registry or catalog CNN with weights from a local safetensors file: a checkpoint saved by this app, or a
    plain state dict (e.g. timm's own safetensors) whose names and shapes match the model exactly."""
    from pathlib import Path

    from .checkpoint import load_checkpoint, read_description
    from .models import resolve
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
