"""The GAN lab's real data: 2-D toy distributions inside [-1.5, 1.5]^2 (Gaussian mixtures, rings, a spiral, a line),
sampled from a given generator, and the mixtures' mode centres. Plain PyTorch, no gradio."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from playground.core.errors import PlaygroundError
from playground.core.validate import whole


@dataclass(frozen=True)
class Distribution:
    """A 2-D toy distribution inside [-1.5, 1.5]^2. sample(n, generator) -> (n, 2) float32. A mixture of equal
    isotropic Gaussians lists its mode centres (k, 2) and their common sigma; other shapes have no centres."""
    sample: Callable[[int, torch.Generator], torch.Tensor]
    centres: tuple[tuple[float, float], ...] = ()
    sigma: float = 0.0


def _mixture(centres: tuple[tuple[float, float], ...], sigma: float) -> Callable:
    c = torch.tensor(centres, dtype=torch.float32)  # (k, 2)

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        which = torch.randint(len(c), (n,), generator=generator)  # (n,)
        return c[which] + sigma * torch.randn(n, 2, generator=generator)  # (n, 2)
    return sample


def _rings(n: int, generator: torch.Generator) -> torch.Tensor:
    # two concentric rings, radii 0.5 and 1.2; each point picks a ring in proportion to its length
    radius = torch.where(torch.rand(n, generator=generator) < 0.5 / 1.7, 0.5, 1.2)  # (n,)
    angle = 2 * math.pi * torch.rand(n, generator=generator)  # (n,)
    r = radius + 0.03 * torch.randn(n, generator=generator)
    return torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)  # (n, 2)


def _spiral(n: int, generator: torch.Generator) -> torch.Tensor:
    # r = 0.15 + 1.15 t, angle = 3 pi t, t uniform in [0, 1]: one and a half turns outwards
    t = torch.rand(n, generator=generator)  # (n,)
    r, angle = 0.15 + 1.15 * t, 3 * math.pi * t
    xy = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)  # (n, 2)
    return xy + 0.03 * torch.randn(n, 2, generator=generator)


def _line(n: int, generator: torch.Generator) -> torch.Tensor:
    # the segment from (-1, -0.6) to (1, 0.6), uniform along it, with a little noise across
    t = 2 * torch.rand(n, 1, generator=generator) - 1  # (n, 1)
    return t * torch.tensor([1.0, 0.6]) + 0.02 * torch.randn(n, 2, generator=generator)  # (n, 2)


_RING = tuple((round(math.cos(2 * math.pi * k / 8), 6), round(math.sin(2 * math.pi * k / 8), 6)) for k in range(8))
_GRID = tuple((x, y) for y in (-1.0, -0.5, 0.0, 0.5, 1.0) for x in (-1.0, -0.5, 0.0, 0.5, 1.0))
_GAUSSIAN = ((0.5, 0.5),)

DISTRIBUTIONS: dict[str, Distribution] = {
    "ring": Distribution(_mixture(_RING, 0.05), _RING, 0.05),  # 8 modes on the unit circle: mode collapse
    "grid": Distribution(_mixture(_GRID, 0.05), _GRID, 0.05),  # 25 modes, 0.5 apart
    "rings": Distribution(_rings),
    "spiral": Distribution(_spiral),
    "line": Distribution(_line),
    "gaussian": Distribution(_mixture(_GAUSSIAN, 0.2), _GAUSSIAN, 0.2),  # the easy case: one blob off the origin
}


def find_distribution(kind) -> Distribution:
    """The named distribution, or PlaygroundError("gan_bad_distribution")."""
    if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
        raise PlaygroundError("gan_bad_distribution", name=kind, allowed=", ".join(DISTRIBUTIONS))
    return DISTRIBUTIONS[kind]


def sample_real(kind: str, n: int, generator: torch.Generator) -> torch.Tensor:
    """n samples (n, 2) float32 of the named distribution, drawn with `generator`."""
    dist = find_distribution(kind)
    if whole(n) is None or n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    return dist.sample(int(n), generator)


def mode_centres(kind: str) -> np.ndarray:
    """The mode centres (k, 2) float32 of a mixture; (0, 2) for a distribution without modes."""
    return np.asarray(find_distribution(kind).centres, dtype=np.float32).reshape(-1, 2)  # (k, 2)
