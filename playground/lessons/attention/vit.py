"""Attention over image patches in timm Vision Transformers (ViT, DeiT and any model whose attention modules look like
timm's `Attention`): per-layer, per-head softmax weights, [CLS]-to-patch maps and attention rollout. No gradio here.

Rollout: Abnar & Zuidema, "Quantifying Attention Flow in Transformers" (ACL 2020), https://arxiv.org/abs/2005.00928
Shapes: L layers, nh heads, N = n_prefix + gh * gw tokens (prefix tokens: [CLS], [DIST], registers).
"""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from functools import lru_cache

import torch
import torch.nn as nn

from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import resolve
from playground.core.probe import INSPECT_LOCK, Subject, check_view_cost, random_model, weights_from_file
from playground.core.published import PREFIX, is_published, load_published, published_for

MAX_VIT_PARAMS = 100_000_000
# Small catalog ViTs that build in about a second and run one 224 x 224 forward pass in about 0.1 s on a CPU.
VIT_CHOICES = ["timm/vit_tiny_patch16_224", "timm/deit_tiny_patch16_224", "timm/deit_tiny_distilled_patch16_224"]
PUBLISHED_VITS = [PREFIX + k for k in VIT_CHOICES]  # the same with their published ImageNet weights
_ATTENTION_ATTRS = ("num_heads", "fused_attn", "attn_drop", "qkv")


def attention_modules(model: nn.Module) -> dict[str, nn.Module]:
    """Modules shaped like timm's `Attention` (num_heads, fused_attn, attn_drop, qkv), in named_modules order."""
    found = {name: m for name, m in model.named_modules() if all(hasattr(m, a) for a in _ATTENTION_ATTRS)}
    if not found:
        raise PlaygroundError("attention_no_vit")
    return found


def patch_layout(model: nn.Module) -> tuple[int, tuple[int, int]]:
    """(number of prefix tokens, (gh, gw) patch grid) of a ViT built for its default input size."""
    grid = getattr(getattr(model, "patch_embed", None), "grid_size", None)
    if grid is None or len(grid) != 2:
        raise PlaygroundError("attention_no_vit")
    return int(getattr(model, "num_prefix_tokens", 1)), (int(grid[0]), int(grid[1]))


@contextlib.contextmanager
def _attention_recorded(modules: dict[str, nn.Module], record):
    """Within the block, each module computes its softmax explicitly (the fused scaled_dot_product_attention keeps
    the weights to itself) and record(name, attn) receives them, attn: (B, nh, N, N). Only forward passes made by
    this thread are recorded; hooks and the old `fused_attn` flags are restored on exit, even after an error."""
    thread = threading.get_ident()
    handles, old = [], {}

    def hook(name):
        def on_drop(mod, args, out):  # attn_drop's input is the softmax output, before any dropout
            if threading.get_ident() == thread:
                record(name, args[0])
        return on_drop

    with INSPECT_LOCK:  # shared models: the flags and hooks must not leak into another request's forward pass
        try:
            for name, m in modules.items():
                old[name] = m.fused_attn
                m.fused_attn = False
                handles.append(m.attn_drop.register_forward_hook(hook(name)))
            yield
        finally:
            for h in handles:
                h.remove()
            for name, flag in old.items():
                modules[name].fused_attn = flag


@dataclass
class VitCapture:
    names: list[str]  # attention modules, forward order
    weights: torch.Tensor  # (L, nh, N, N) float32 on the CPU; row q is query q's softmax over the keys
    logits: torch.Tensor  # (num_classes,)
    n_prefix: int
    grid: tuple[int, int]  # (gh, gw)


@torch.no_grad()
def capture(model: nn.Module, x: torch.Tensor) -> VitCapture:
    """Run one image (1, 3, H, W) and keep every layer's attention weights (L, nh, N, N)."""
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one image (1, C, H, W), got {tuple(x.shape)}")
    modules = attention_modules(model)
    n_prefix, (gh, gw) = patch_layout(model)
    seen: dict[str, torch.Tensor] = {}

    def keep(name, attn):
        if name not in seen:  # the first call of each module
            seen[name] = attn[0].detach().float().cpu()  # (nh, N, N)

    p = next(model.parameters(), None)
    was_training = model.training
    model.eval()
    try:
        with _attention_recorded(modules, keep):
            logits = model(x.to(p.device if p is not None else "cpu", torch.float32))
    finally:
        model.train(was_training)
    if isinstance(logits, (tuple, list)):
        logits = logits[0]
    if len(seen) != len(modules) or len({w.shape for w in seen.values()}) != 1:
        raise PlaygroundError("attention_no_vit")  # some module never ran, or layers attend over different token sets
    weights = torch.stack([seen[name] for name in modules])  # (L, nh, N, N)
    if weights.shape[-1] != n_prefix + gh * gw:
        raise PlaygroundError("attention_no_vit")  # windowed or pooled attention: tokens are not the image's patches
    return VitCapture(list(modules), weights, logits[0].detach().float().cpu().flatten(), n_prefix, (gh, gw))


def _from_cls(attn: torch.Tensor, n_prefix: int) -> torch.Tensor:
    """(..., N, N) -> (..., n_patches): the first prefix token's row over the patch keys. Models without a prefix
    token (global average pooling) read every token equally, so their rows are averaged instead."""
    if n_prefix == 0:
        return attn.mean(dim=-2)
    return attn[..., 0, n_prefix:]


def cls_maps(cap: VitCapture) -> torch.Tensor:
    """Attention from [CLS] to each patch for every layer and head: (L, nh, gh, gw)."""
    gh, gw = cap.grid
    n_layers, n_heads = cap.weights.shape[:2]
    return _from_cls(cap.weights, cap.n_prefix).reshape(n_layers, n_heads, gh, gw)  # (L, nh, gh, gw)


def rollout(cap: VitCapture, keep_residual: float = 0.5) -> torch.Tensor:
    """Attention rollout (gh, gw) in [0, 1]: how much of [CLS] at the last layer flows from each input patch."""
    a = cap.weights.double().mean(dim=1)  # (L, N, N): heads averaged
    eye = torch.eye(a.shape[-1], dtype=a.dtype)
    # A' = (1 - r) A + r I for the residual connection, rows renormalised to sum to 1
    a = (1 - keep_residual) * a + keep_residual * eye
    a = a / a.sum(dim=-1, keepdim=True)
    joint = eye
    for layer in a:  # joint_l = A'_l @ joint_(l-1): later layers mix what earlier layers already mixed
        joint = layer @ joint
    gh, gw = cap.grid
    flow = _from_cls(joint, cap.n_prefix).reshape(gh, gw)  # (gh, gw)
    return (flow / flow.max().clamp_min(1e-12)).float()  # scaled by the peak: ratios between patches are kept


# ---------------------------------------------------------------------------------------------------------------
# What to look inside: a ViT and how to feed it

@lru_cache(maxsize=64)
def _checked(key: str) -> int:
    """Parameter count of a ViT, from a weightless copy: refuses models without patch attention or too large."""
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    if entry.input_kind != "image":
        raise PlaygroundError("attention_no_vit")
    model = build_on_meta(entry).eval()
    modules = attention_modules(model)
    n_prefix, (gh, gw) = patch_layout(model)
    tokens: set[int] = set()
    with _attention_recorded(modules, lambda name, attn: tokens.add(attn.shape[-1])), torch.no_grad():
        model(torch.empty((1, *entry.input_shape), device="meta"))  # shapes only: no arithmetic on meta tensors
    if tokens != {n_prefix + gh * gw}:
        raise PlaygroundError("attention_no_vit")  # e.g. Swin: its attention runs over windows, not the whole image
    params = sum(p.numel() for p in model.parameters())
    if params > MAX_VIT_PARAMS:
        raise PlaygroundError("view_too_many_params", params=f"{params:,}", limit=f"{MAX_VIT_PARAMS:,}")
    return params


def architecture_key(choice: str) -> str:
    """The catalog key of a ViT choice: "published/timm/vit_tiny_patch16_224.augreg_in21k" -> its architecture's."""
    key = str(choice or "").strip()
    return key[len(PREFIX):].split(".")[0] if key.startswith(PREFIX) else key


def vit_subject(key: str, weights_path=None, on_download=None) -> Subject:
    """A catalog ViT with random (seeded) weights shared read-only between visitors, its published ImageNet weights
    ("published/timm/..."; fetched once when the network allows, on_download: see load_published), or its own copy
    with weights from a plain safetensors state dict (e.g. timm's `model.safetensors`) whose names and shapes match."""
    if is_published(key) and not weights_path:
        pub = published_for(key)
        _checked(pub.key)  # a patch-attention ViT light enough to run, checked before anything is downloaded
        check_view_cost(pub.key)
        return Subject(load_published(pub, on_download), pub.key, pub.input_shape, classes=pub.classes,
                       transform=pub.preprocess, weights=pub.weights)
    key = architecture_key(key)
    _checked(key)
    entry = resolve(key)
    check_view_cost(entry.key)
    model = random_model(entry.key) if weights_path is None else _from_file(entry.key, str(weights_path),
                                                                             _mtime(weights_path))
    return Subject(model, entry.key, tuple(entry.input_shape))  # pictures: timm's data config (Subject.preprocess)


def _mtime(path) -> float:
    import os
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


@lru_cache(maxsize=2)
def _from_file(key: str, path: str, mtime: float) -> nn.Module:
    """Weights from an uploaded file, loaded once per file (each view of the tab would otherwise reload them)."""
    return weights_from_file(resolve(key), path)
