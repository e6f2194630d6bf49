"""BatchNorm versus LayerNorm on one tensor: which axes share a mean and variance, and what the normalised values
are, computed by torch.nn.BatchNorm1d/2d and torch.nn.LayerNorm themselves. No gradio.
Refs: Ioffe & Szegedy 2015, https://arxiv.org/abs/1502.03167; Ba et al. 2016, https://arxiv.org/abs/1607.06450.

Layouts: "image" tensors are (B, C, H, W), "sequence" tensors are (B, T, D).
  BatchNorm, image:    one statistic per channel c, over (B, H, W)   (axes 0, 2, 3)
  BatchNorm, sequence: one statistic per feature d, over (B, T)      (axes 0, 1)
  LayerNorm, image:    one statistic per sample b, over (C, H, W)    (axes 1, 2, 3), nn.LayerNorm((C, H, W)): the
                       convention drawn in the GroupNorm paper (Wu & He 2018, fig. 2), where GroupNorm with one
                       group is this LayerNorm. ConvNeXt instead normalises over C alone at each pixel.
  LayerNorm, sequence: one statistic per token (b, t), over D       (axis 2), as Transformers do.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from playground.core.errors import PlaygroundError

KINDS = ("batch", "layer")
LAYOUTS = ("image", "sequence")
MAX_DIM = 64  # longest side of any axis
MAX_ELEMENTS = 2 ** 16  # largest tensor the view builds
MAX_AFFINE = 100.0  # largest |gamma| and |beta|: far past the view's sliders, far from float overflow
NDIM = {"image": 4, "sequence": 3}
# Axes reduced to one mean and variance, per (kind, layout).
AXES = {("batch", "image"): (0, 2, 3), ("layer", "image"): (1, 2, 3),
        ("batch", "sequence"): (0, 1), ("layer", "sequence"): (2,)}


def _check_kind(kind: str | None, layout: str) -> None:
    """Raise normalisation_bad_norm unless kind is in KINDS (or None: not asked) and layout in LAYOUTS."""
    if kind not in KINDS + (None,) or layout not in LAYOUTS:
        raise PlaygroundError("normalisation_bad_norm", kind=kind, layout=layout)


def check_shape(layout: str, shape) -> tuple[int, ...]:
    """The shape as a tuple of ints; raises normalisation_bad_shape unless it has the layout's rank, every side is in
    [1, MAX_DIM] and there are at most MAX_ELEMENTS elements."""
    _check_kind(None, layout)
    shape = tuple(shape)
    try:
        ok = all(v == int(v) and 1 <= v <= MAX_DIM for v in shape)
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or len(shape) != NDIM[layout] or math.prod(int(v) for v in shape) > MAX_ELEMENTS:
        raise PlaygroundError("normalisation_bad_shape", shape="x".join(str(v) for v in shape), limit=MAX_DIM,
                              max_elements=MAX_ELEMENTS)
    return tuple(int(v) for v in shape)


def reduced_axes(kind: str, layout: str) -> tuple[int, ...]:
    """The axes averaged into one statistic: (0, 2, 3) for BatchNorm on images, (1, 2, 3) for LayerNorm on
    images, (0, 1) for BatchNorm on sequences, (2,) for LayerNorm on sequences."""
    _check_kind(kind, layout)
    return AXES[kind, layout]


def make_tensor(layout: str, shape: tuple, seed: int = 0, shift: float = 3.0) -> torch.Tensor:
    """A seeded float32 tensor of `shape`, (B, C, H, W) or (B, T, D), far from normalised.

    Every channel (image) or feature (sequence) gets its own offset shift * o_c and scale s_c = exp(0.6 n_c), and
    every sample (image) or token (sequence) a smaller offset 0.5 * shift * o_b, so both BatchNorm and LayerNorm
    visibly move the values:  x = shift * (o_c + 0.5 o_b) + s_c * noise, with o, n, noise ~ N(0, 1).
    """
    shape = check_shape(layout, shape)
    if not math.isfinite(shift):
        raise ValueError(f"shift must be finite, got {shift}")
    g = torch.Generator().manual_seed(int(seed))
    noise = torch.randn(shape, generator=g)
    if layout == "image":
        b, c = shape[:2]
        offset = torch.randn(1, c, 1, 1, generator=g)  # (1, C, 1, 1): per channel
        scale = torch.exp(0.6 * torch.randn(1, c, 1, 1, generator=g))
        group = torch.randn(b, 1, 1, 1, generator=g)  # (B, 1, 1, 1): per sample
    else:
        b, t, d = shape
        offset = torch.randn(1, 1, d, generator=g)  # (1, 1, D): per feature
        scale = torch.exp(0.6 * torch.randn(1, 1, d, generator=g))
        group = torch.randn(b, t, 1, generator=g)  # (B, T, 1): per token
    return shift * (offset + 0.5 * group) + scale * noise


def _module(kind: str, layout: str, shape: tuple[int, ...], eps: float, dtype: torch.dtype) -> nn.Module:
    """The torch.nn layer that normalises `shape` as kind and layout say, in training mode."""
    if kind == "batch":
        features = shape[1] if layout == "image" else shape[2]
        cls = nn.BatchNorm2d if layout == "image" else nn.BatchNorm1d
        return cls(features, eps=eps, dtype=dtype).train()
    return nn.LayerNorm(shape[1:] if layout == "image" else shape[2:], eps=eps, dtype=dtype)


def normalise(x: torch.Tensor, kind: str, layout: str, gamma: float = 1.0, beta: float = 0.0,
              eps: float = 1e-5) -> dict:
    """x (B, C, H, W) or (B, T, D) -> dict with y (same shape, from the torch.nn layer with weight = gamma and
    bias = beta), mean and var (the batch statistics, biased variance, reduced axes kept as size 1), axes (the
    reduced axes) and count (values per statistic).

    y = (x - mean) / sqrt(var + eps) * gamma + beta. BatchNorm runs in training mode, so it uses the statistics of
    this batch, not running averages.
    """
    _check_kind(kind, layout)
    if kind is None:
        raise PlaygroundError("normalisation_bad_norm", kind=kind, layout=layout)
    x = torch.as_tensor(x)
    shape = check_shape(layout, x.shape)
    if not all(math.isfinite(v) and abs(v) <= MAX_AFFINE for v in (gamma, beta)):
        raise PlaygroundError("normalisation_bad_affine", gamma=gamma, beta=beta, limit=f"{MAX_AFFINE:g}")
    if not math.isfinite(eps) or eps <= 0:
        raise ValueError(f"eps must be finite and > 0, got {eps}")
    axes = AXES[kind, layout]
    count = math.prod(shape[a] for a in axes)
    if kind == "batch" and count == 1:
        # PyTorch refuses too: the variance of one value is 0 and says nothing about the batch.
        raise PlaygroundError("normalisation_bn_batch_one")
    if not x.is_floating_point():
        x = x.float()
    layer = _module(kind, layout, shape, eps, x.dtype)
    with torch.no_grad():
        layer.weight.fill_(gamma)
        layer.bias.fill_(beta)
        if kind == "batch" and layout == "sequence":
            # BatchNorm1d wants channels second: (B, D, T), one statistic per feature over B and T.
            y = layer(x.transpose(1, 2)).transpose(1, 2)  # (B, D, T) -> (B, T, D)
        else:
            y = layer(x)
        mean = x.mean(dim=axes, keepdim=True)
        var = x.var(dim=axes, unbiased=False, keepdim=True)  # biased (divide by count), as both layers use
    return dict(y=y, mean=mean, var=var, axes=axes, count=count)


def axes_mask(layout: str, kind: str, shape) -> np.ndarray:
    """bool array of `shape`: True where an element shares its mean and variance with element [0, 0, ...]."""
    _check_kind(kind, layout)
    shape = check_shape(layout, shape)
    mask = np.zeros(shape, dtype=bool)
    axes = AXES[kind, layout]
    # Reduced axes run over everything, the kept ones stay at index 0.
    mask[tuple(slice(None) if a in axes else 0 for a in range(len(shape)))] = True
    return mask
