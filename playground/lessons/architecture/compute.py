"""Convolution arithmetic and the notes' two worked comparisons, computed with real layers on the meta device.

Output size (PyTorch's formula; with dilation 1 it is the notes' (n - k + 2p) / s + 1):
    out = floor((n + 2p - d(k - 1) - 1) / s) + 1
Core module: imports no gradio.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn

from playground.core.errors import PlaygroundError
from playground.core.inspection.trace import LayerRow, trace_module
from playground.core.validate import whole

MAX_SIDE = 4096


def whole_number(value, error_key: str) -> int:
    """int(value) for whole numbers given as int, float or text; PlaygroundError(error_key) otherwise."""
    v = whole(value)
    if v is None:
        raise PlaygroundError(error_key)
    return v


@dataclass(frozen=True)
class ConvGeometry:
    size: int        # input side n
    kernel: int      # k
    stride: int      # s
    padding: int     # p
    dilation: int    # d

    @property
    def span(self) -> int:
        """Input pixels covered by one (dilated) kernel: d(k - 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1

    @property
    def output(self) -> int:
        return (self.size + 2 * self.padding - self.span) // self.stride + 1

    @property
    def skipped(self) -> int:
        """Padded rows after the last window that no window covers (0 when the windows fit exactly)."""
        return (self.size + 2 * self.padding - self.span) % self.stride

    @property
    def exact(self) -> bool:
        return self.skipped == 0

    def window(self, i: int) -> list[int]:
        """Padded-input coordinates of the kernel taps of output position i."""
        first = i * self.stride
        return [first + t * self.dilation for t in range(self.kernel)]


def conv_geometry(size, kernel, stride=1, padding=0, dilation=1) -> ConvGeometry:
    """Validate a convolution's settings along one axis; raises PlaygroundError for impossible ones."""
    n, k, s, p, d = (whole_number(v, "architecture_not_whole_number") for v in (size, kernel, stride, padding, dilation))
    if n < 1 or k < 1 or s < 1 or d < 1 or p < 0 or max(n, k, s, p, d) > MAX_SIDE:
        raise PlaygroundError("architecture_conv_out_of_range", limit=MAX_SIDE)
    g = ConvGeometry(n, k, s, p, d)
    if g.span > n + 2 * p:
        raise PlaygroundError("architecture_conv_kernel_too_big", span=g.span, padded=n + 2 * p)
    return g


# ----------------------------------------------------------------------------------------------------------------
# Worked comparisons: real layers traced on the meta device, so the numbers come from the same engine as the
# Architecture table. The notes count weights only (bias=False), as do we here.

@dataclass(frozen=True)
class StackSummary:
    name: str
    rows: tuple[LayerRow, ...]   # one per conv layer
    kernels: tuple[int, ...]     # their kernel sizes
    params: int
    macs: int
    receptive_field: float
    nonlinearities: int


def _summarise_stack(name: str, layers: list[nn.Module], channels: int, size: int) -> StackSummary:
    with torch.device("meta"):
        model = nn.Sequential(*layers)
    x = torch.zeros(1, channels, size, size, device="meta")
    rows, flops, _ = trace_module(model, (x,), track_field=True)
    convs = tuple(r for r in rows if r.kind == "Conv2d")
    last = rows[-1].field
    rf = max(last.size) if last is not None and hasattr(last, "size") else float("nan")
    kernels = tuple(m.kernel_size[0] for m in layers if isinstance(m, nn.Conv2d))
    return StackSummary(name, convs, kernels, sum(p.numel() for p in model.parameters()), flops // 2, rf,
                        sum(isinstance(m, nn.ReLU) for m in layers))


def bottleneck_vs_two_3x3(channels: int = 256, reduction: int = 4, size: int = 56) -> tuple[StackSummary, StackSummary]:
    """ResNet's bottleneck (1x1 C->C/r, 3x3, 1x1 C/r->C) against two 3x3 convolutions at C channels."""
    if channels < reduction or channels % reduction or channels > 4096 or size < 1 or size > 512:
        raise PlaygroundError("architecture_compare_bad_channels", channels=channels, reduction=reduction)
    mid = channels // reduction
    bottleneck = [nn.Conv2d(channels, mid, 1, bias=False), nn.ReLU(),
                  nn.Conv2d(mid, mid, 3, padding=1, bias=False), nn.ReLU(),
                  nn.Conv2d(mid, channels, 1, bias=False)]
    plain = [nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.ReLU(),
             nn.Conv2d(channels, channels, 3, padding=1, bias=False)]
    return (_summarise_stack("bottleneck", bottleneck, channels, size),
            _summarise_stack("two_3x3", plain, channels, size))


def stacked_vs_single(channels: int = 64, n_layers: int = 3, kernel: int = 3, size: int = 56
                      ) -> tuple[StackSummary, StackSummary]:
    """n stacked k x k convolutions against the one convolution with the same receptive field, 1 + n(k - 1)."""
    if not (1 <= channels <= 4096 and 1 <= n_layers <= 16 and kernel in (3, 5, 7) and 1 <= size <= 512):
        raise PlaygroundError("architecture_compare_bad_stack")
    big = 1 + n_layers * (kernel - 1)
    stack = []
    for _ in range(n_layers):
        stack += [nn.Conv2d(channels, channels, kernel, padding=kernel // 2, bias=False), nn.ReLU()]
    single = [nn.Conv2d(channels, channels, big, padding=big // 2, bias=False), nn.ReLU()]
    return (_summarise_stack(f"{n_layers}x{kernel}x{kernel}", stack, channels, size),
            _summarise_stack(f"{big}x{big}", single, channels, size))

