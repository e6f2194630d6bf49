"""The GAN lab's two networks: multi-layer perceptrons shaped by a GanSpec, initialised as nn.Linear is but from the
lab's own generator (the global one is neither read nor moved). Plain PyTorch, no gradio."""
from __future__ import annotations

import math

import torch
from torch import nn

from .spec import GanSpec

LEAKY_SLOPE = 0.2


def _activation(name: str) -> nn.Module:
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "elu": nn.ELU}.get(name, lambda: nn.LeakyReLU(LEAKY_SLOPE))()


class _Linear(nn.Linear):
    """nn.Linear that leaves its fresh weights uninitialised: build_mlp fills them from the lab's own generator (and
    the global generator is neither read nor moved)."""

    def reset_parameters(self) -> None:
        pass


def build_mlp(n_in: int, n_out: int, spec: GanSpec, generator: torch.Generator) -> nn.Sequential:
    """n_in -> spec.layers x (Linear(hidden), activation) -> Linear(n_out), initialised as nn.Linear is (Kaiming
    uniform, a = sqrt(5)) but from `generator`."""
    sizes = [n_in] + [spec.hidden] * spec.layers
    mods: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        mods += [_Linear(a, b), _activation(spec.activation)]
    mods.append(_Linear(sizes[-1], n_out))
    net = nn.Sequential(*mods)
    with torch.no_grad():
        for m in net:
            if isinstance(m, nn.Linear):
                nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(m.in_features)
                m.bias.uniform_(-bound, bound, generator=generator)
    return net
