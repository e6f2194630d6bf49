"""Receptive field, jump and start of every tensor computed from an image, followed op by op during a forward pass.

Per image axis: r is the size of the input region one unit sees, j the distance in input pixels between two
neighbouring units, and start the input coordinate of the centre of the first unit's region (pixel centres are
0, 1, 2, ...). A convolution or pooling with kernel k, stride s, padding p and dilation d maps
    r_out = r_in + (k - 1) * d * j_in,   j_out = j_in * s,   start_out = start_in + ((k - 1) * d / 2 - p) * j_in
and an element-wise op on several inputs (a residual add, a concatenation of branches) takes the union of their
regions. Refs: Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019);
Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016).

Conventions: normalisation statistics and per-channel scales broadcast over space (squeeze-and-excitation) do not
widen the field. An op that mixes all positions (global pooling, attention, a fully connected layer over flattened
features) makes the field GLOBAL. Ops whose geometry is not followed leave the tensor UNTRACKED.
This module owns the Field record, its text for the layer table and the tracker; the per-op rules live in
receptive_field_windows (windows, global mixing) and receptive_field_layout (axes moved, regrouped or selected).
It imports no gradio and no playground module but those two.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

ATTR = "_pg_field"
GLOBAL = "global"        # every unit depends on the whole input
UNTRACKED = "untracked"  # depends on the input, but its geometry is not followed
FLAT = "flat"            # positions were folded into the feature axis (flatten before a classifier)


@dataclass(frozen=True)
class Field:
    """Receptive field of a spatial map. `axes` are the tensor dims that index positions; a single axis holds
    tokens flattened from H x W. size, jump and start have one entry per image axis."""
    axes: tuple[int, ...]
    size: tuple[float, ...]
    jump: tuple[float, ...]
    start: tuple[float, ...]

    @property
    def merged(self) -> bool:
        return len(self.axes) != len(self.size)

    def moved(self, axes) -> "Field":
        return Field(tuple(axes), self.size, self.jump, self.start)


def image_field(ndim: int = 4, n_spatial: int = 2) -> Field:
    """The field of the input image itself: every pixel sees itself."""
    axes = tuple(range(ndim - n_spatial, ndim))
    one = (1.0,) * n_spatial
    return Field(axes, one, one, (0.0,) * n_spatial)


def state_of(t) -> object | None:
    """The state marked on t (a Field, GLOBAL, UNTRACKED or FLAT), or None when t does not come from the image."""
    return getattr(t, ATTR, None) if isinstance(t, torch.Tensor) else None


def mark(t: torch.Tensor, state) -> None:
    """Attach a receptive-field state to t; the tracker follows it through every op on t."""
    setattr(t, ATTR, state)


def describe(state) -> tuple[str, str, str]:
    """(receptive field, jump, start) as short strings for a table; empty when there is nothing to show."""
    if state == GLOBAL:
        return "global", "", ""
    if not isinstance(state, Field):
        return "", "", ""

    def fmt(values):
        values = tuple(float(f"{v:.4g}") for v in values)
        return f"{values[0]:g}" if len(set(values)) == 1 else "x".join(f"{v:g}" for v in values)
    return fmt(state.size), fmt(state.jump), fmt(state.start)


def unite_fields(fields: list[Field]) -> Field | str:
    """The field of an op on several inputs at the same positions: per axis, the smallest region holding theirs."""
    first = fields[0]
    if any(f.axes != first.axes or len(f.size) != len(first.size) for f in fields):
        return UNTRACKED
    size, jump, start = [], [], []
    for a in range(len(first.size)):
        # lo, hi = outermost input coordinates any region reaches: start -/+ (r - 1) / 2
        lo = min(f.start[a] - (f.size[a] - 1) / 2 for f in fields)
        hi = max(f.start[a] + (f.size[a] - 1) / 2 for f in fields)
        # r = hi - lo + 1, start = (lo + hi) / 2, j = the coarsest input's jump
        size.append(hi - lo + 1)
        start.append((lo + hi) / 2)
        jump.append(max(f.jump[a] for f in fields))
    return Field(first.axes, tuple(size), tuple(jump), tuple(start))


def op_arg(args, kwargs, i: int, name: str, default=None):
    """An op's argument given by keyword `name` or at position i."""
    if name in kwargs:
        return kwargs[name]
    return args[i] if len(args) > i else default


def norm_dim(d: int, ndim: int) -> int:
    """A dim counted from the end (-1) as a dim counted from the start."""
    return d + ndim if d < 0 else d


def flat_tensors(obj):
    """Every tensor in a nest of tuples, lists and dicts, in order."""
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from flat_tensors(v)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from flat_tensors(v)
