"""The model registry: register(), list_models(), get_entry(), create_model(). Imports no other package module.

Each entry is a from-scratch builder with a stable key, its family, the kind of input it reads and a default
input shape (without the batch dimension).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import torch.nn as nn

# What an input kind means; shapes never include the batch dimension.
#   image      (C, H, W) float
#   vector     (F,) float
#   series     (T, F) float
#   tokens     (T,) integer ids
#   token_pair (T_src, T_tgt) integer ids for an encoder and a decoder
INPUT_KINDS = ("image", "vector", "series", "tokens", "token_pair")


@dataclass(frozen=True)
class ModelEntry:
    key: str
    build: Callable[..., nn.Module] = field(repr=False, compare=False)
    family: str  # architecture family: "resnet", "lstm", ...
    group: str  # "mlp", "cnn", "rnn" or "transformer"
    input_kind: str
    input_shape: tuple[int, ...]
    title: str
    paper: str
    description: dict[str, str] = field(repr=False, compare=False)  # {"en": ..., "zh-CN": ...}
    note: dict[str, str] | None = field(default=None, repr=False, compare=False)
    teaching: bool = False  # small enough to train in seconds on a CPU
    source: str = "registry"  # "registry", "timm" or "torchvision"


_ENTRIES: dict[str, ModelEntry] = {}


def register(*, family: str, group: str, input_kind: str, input_shape: tuple[int, ...], title: str, paper: str,
             en: str, zh: str, note_en: str | None = None, note_zh: str | None = None, teaching: bool = False):
    """Decorator that registers a builder under its function name."""
    if input_kind not in INPUT_KINDS:
        raise ValueError(f"unknown input kind {input_kind!r}")

    def wrap(build: Callable[..., nn.Module]) -> Callable[..., nn.Module]:
        key = build.__name__
        if key in _ENTRIES:
            raise ValueError(f"model {key!r} registered twice")
        note = {"en": note_en, "zh-CN": note_zh} if note_en else None
        _ENTRIES[key] = ModelEntry(key=key, build=build, family=family, group=group, input_kind=input_kind,
                                   input_shape=tuple(input_shape), title=title, paper=paper,
                                   description={"en": en, "zh-CN": zh}, note=note, teaching=teaching)
        return build
    return wrap


def list_models(group: str | None = None, teaching: bool | None = None) -> list[str]:
    """Registry keys in registration order, optionally filtered by group or teaching flag."""
    return [k for k, e in _ENTRIES.items()
            if (group is None or e.group == group) and (teaching is None or e.teaching == teaching)]


def get_entry(key: str) -> ModelEntry | None:
    return _ENTRIES.get(key)


def create_model(key: str, **kwargs) -> nn.Module:
    """Build a registry model with fresh random weights (on the current default device)."""
    entry = _ENTRIES.get(key)
    if entry is None:
        raise KeyError(key)
    return entry.build(**kwargs)
