"""The plain and residual networks of the degradation lab: fully connected layers with batch norm and ReLU on the
flattened 8 x 8 digits, counted as He et al. count theirs (every weighted layer, head included). Torch only.

Ref: He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition" (CVPR 2016), Sec. 3-4, Fig. 1 and 6.
"""
from __future__ import annotations

import torch
import torch.nn as nn

KINDS = ("plain", "residual")
MIN_DEPTH, MAX_DEPTH = 4, 56


def _layer(width: int) -> list[nn.Module]:
    return [nn.Linear(width, width), nn.BatchNorm1d(width)]


class Block(nn.Module):
    """Two weighted layers and an identity shortcut, as the paper's basic block: y = relu(x + BN(W2 relu(BN(W1 x))))."""

    def __init__(self, width: int):
        super().__init__()
        self.f = nn.Sequential(*_layer(width), nn.ReLU(), *_layer(width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + self.f(x))  # (B, width)


def build_net(kind: str, depth: int, width: int, n_in: int, n_classes: int, generator: torch.Generator) -> nn.Module:
    """A `depth`-layer net: a stem layer, depth - 2 hidden layers (plain) or (depth - 2) / 2 blocks (residual), and
    the classifier. Weights He-normal from `generator`, biases 0, so one seed gives the same start everywhere."""
    stem = [nn.Linear(n_in, width), nn.BatchNorm1d(width), nn.ReLU()]
    if kind == "plain":
        body = [m for _ in range(depth - 2) for m in (*_layer(width), nn.ReLU())]
    else:
        body = [Block(width) for _ in range((depth - 2) // 2)]
    net = nn.Sequential(*stem, *body, nn.Linear(width, n_classes))
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu", generator=generator)  # std = sqrt(2 / fan_in)
                m.bias.zero_()
    return net


def weighted_layers(net: nn.Module) -> int:
    """The depth as the paper counts it: the number of Linear layers."""
    return sum(isinstance(m, nn.Linear) for m in net.modules())
