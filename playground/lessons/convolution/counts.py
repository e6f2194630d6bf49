"""Connections and weights of a fully connected, a locally connected and a convolutional layer on an n x n image
(the notes' 1000 x 1000 example, 001_...), checked against real PyTorch layers built on the meta device; the locally
connected layer itself (nn.Unfold, a weight per position); and a fully connected layer rebuilt as a convolution."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn.utils import skip_init

from playground.core.errors import PlaygroundError

# 001_...: a 1000 x 1000 image, as many hidden units as pixels, each unit seeing a 10 x 10 patch.
NOTES_EXAMPLE = dict(size=1000, field=10, channels=1, maps=1)
LIMITS = dict(size=2048, field=64, channels=64, maps=64)  # a full layer's weights stay below 2**63 (meta numel)
KINDS = ("full", "local", "shared")
FC_LIMITS = dict(channels=16, height=16, width=16, outputs=32)  # a live update stays well under 200 ms


@dataclass(frozen=True)
class LayerCount:
    """One way to connect the image to the hidden units. `connections`: input-to-unit links (each unit's fan-in,
    summed); `weights`: the distinct numbers that learn; `pytorch`: the weights of the real layer, or None."""
    kind: str
    connections: int
    weights: int
    biases: int
    pytorch: int | None = None


class LocallyConnected2d(nn.Module):
    """A convolution's windows, each output position with weights of its own (nothing shared):
    (B, C, H, W) -> (B, M, OH, OW). The unshared layer of the notes, built from nn.Unfold."""

    def __init__(self, channels: int, maps: int, size: int, field: int, padding: int = 0, device=None):
        super().__init__()
        self.out = size + 2 * padding - field + 1  # stride 1
        self.unfold = nn.Unfold(field, padding=padding)
        positions, fan_in = self.out * self.out, channels * field * field
        self.weight = nn.Parameter(torch.empty(positions, maps, fan_in, device=device))  # (P, M, C·k·k)
        self.bias = nn.Parameter(torch.zeros(maps, self.out, self.out, device=device))   # one per unit
        nn.init.normal_(self.weight, std=1 / math.sqrt(fan_in))

    def forward(self, x):
        cols = self.unfold(x)                                   # (B, C·k·k, P): one column per window
        y = torch.einsum("bkp,pmk->bmp", cols, self.weight)     # (B, M, P): each position its own weights
        return y.reshape(x.shape[0], -1, self.out, self.out) + self.bias  # (B, M, OH, OW)


def _check(values: dict, limits: dict, key: str) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limits[name]:
            maxima = {f"max_{k}": v for k, v in limits.items()}
            raise PlaygroundError(key, name=name, value=str(value)[:20], **maxima)


def _weights(module: nn.Module) -> int:
    return module.weight.numel()


def layer_counts(size: int, field: int, channels: int = 1, maps: int = 1, check: bool = True) -> list[LayerCount]:
    """Fully connected, locally connected and convolutional, on a channels x size x size image with `maps` maps of
    size x size units (stride 1, padded so that each map keeps the image's size, as in the notes). With `check`,
    each count also comes from a real layer on the meta device (nn.Linear, LocallyConnected2d, nn.Conv2d)."""
    _check(dict(size=size, field=field, channels=channels, maps=maps), LIMITS, "convolution_bad_counts")
    if field > size:
        raise PlaygroundError("convolution_field_too_big", field=field, size=size)
    inputs = channels * size * size   # the image's values
    units = maps * size * size        # hidden units
    fan_in = channels * field * field  # what one unit of a local layer sees
    real = [None, None, None]
    if check:
        with torch.device("meta"):  # shapes only: 10**12 weights cost nothing here
            real = [_weights(nn.Linear(inputs, units)),
                    _weights(LocallyConnected2d(channels, maps, size + field - 1, field)),  # padded to keep n x n
                    _weights(nn.Conv2d(channels, maps, field, padding="same"))]
    return [LayerCount("full", inputs * units, inputs * units, units, real[0]),
            LayerCount("local", units * fan_in, units * fan_in, units, real[1]),
            LayerCount("shared", units * fan_in, maps * fan_in, maps, real[2])]


@dataclass(frozen=True)
class FcAsConv:
    """A fully connected layer and the convolution that equals it, on one random input: their parameters, their
    outputs (flattened) and the largest difference between them."""
    fc_params: int
    conv_params: int
    fc_out: torch.Tensor
    conv_out: torch.Tensor

    @property
    def difference(self) -> float:
        return float((self.fc_out - self.conv_out).abs().max())


def fc_as_conv(channels: int, height: int, width: int, outputs: int, seed: int = 0) -> tuple[FcAsConv, FcAsConv]:
    """(an FC layer on the flattened C x H x W input vs a conv with an H x W kernel; an FC layer on the C channels
    at every position vs a 1 x 1 conv), the same weights in each pair."""
    _check(dict(channels=channels, height=height, width=width, outputs=outputs), FC_LIMITS, "convolution_bad_fc")
    g = torch.Generator().manual_seed(int(seed))
    x = torch.randn(1, channels, height, width, generator=g)  # (1, C, H, W)
    flat = channels * height * width
    # skip_init: every weight is overwritten below, so PyTorch's own initialisation would be wasted time
    fc, conv = skip_init(nn.Linear, flat, outputs), skip_init(nn.Conv2d, channels, outputs, (height, width))
    fc1, conv1 = skip_init(nn.Linear, channels, outputs), skip_init(nn.Conv2d, channels, outputs, 1)
    with torch.no_grad():
        fc.weight.copy_(torch.randn(outputs, flat, generator=g) / math.sqrt(flat))
        fc.bias.copy_(torch.randn(outputs, generator=g) * 0.1)
        conv.weight.copy_(fc.weight.view(outputs, channels, height, width))  # row o of W is kernel o
        conv.bias.copy_(fc.bias)
        fc1.weight.copy_(torch.randn(outputs, channels, generator=g) / math.sqrt(channels))
        fc1.bias.copy_(torch.randn(outputs, generator=g) * 0.1)
        conv1.weight.copy_(fc1.weight.view(outputs, channels, 1, 1))
        conv1.bias.copy_(fc1.bias)
        whole = (fc(x.flatten(1)), conv(x).flatten(1))                       # (1, O) each; the conv gives 1 x 1
        per_pixel = (fc1(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2), conv1(x))  # (1, O, H, W) each
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    return (FcAsConv(count(fc), count(conv), whole[0].flatten(), whole[1].flatten()),
            FcAsConv(count(fc1), count(conv1), per_pixel[0].flatten(), per_pixel[1].flatten()))
