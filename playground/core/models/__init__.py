"""From-scratch models, one family per file, plus the timm / torchvision catalog.

Dimension letters used in shape comments throughout: B batch, C channels, H height, W width, T (or S) sequence
length, F features, D model width (d_model), E embedding width, V vocabulary, nh heads, hs head size, L layers,
G gates.
"""
from __future__ import annotations

# Explicit imports: each module registers its models when imported, in this order, which is the order of the
# model menus (keep it: an import sorter would reorder them).
from . import mlp, lenet, alexnet, vgg, googlenet, resnet, densenet, recurrent, seq2seq, transformer, bert, gpt  # noqa: F401
from . import captioner  # noqa: F401
from .catalog import catalog_entry, is_catalog_key, list_catalog
from .registry import INPUT_KINDS, ModelEntry, create_model, get_entry, list_models

__all__ = ["INPUT_KINDS", "ModelEntry", "create_model", "get_entry", "list_models", "list_catalog", "resolve",
           "GROUPS"]

# Groups shown in the UI, registry groups first.
GROUPS = ("mlp", "cnn", "rnn", "transformer", "timm", "torchvision")


def resolve(key: str) -> ModelEntry | None:
    """The entry for a registry or catalog key, or None."""
    key = key.strip() if isinstance(key, str) else ""  # a typed key; an API call may send anything
    return get_entry(key) or (catalog_entry(key) if is_catalog_key(key) else None)


def models_in_group(group: str) -> list[str]:
    if group in ("timm", "torchvision"):
        return list_catalog(group)
    return list_models(group=group)
