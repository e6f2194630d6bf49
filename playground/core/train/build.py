"""Building a model for a dataset: the builder arguments that size its input and output, the input shape it is
fed, its parameter count, and the seeded build itself. No gradio here."""
from __future__ import annotations

import inspect as pyinspect
import threading

import torch
import torch.nn as nn

from playground.core.data.datasets import Dataset
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import ModelEntry

CATALOG_IMAGE_SIZE = 32  # ImageNet-size models (catalog, full registry CNNs) train at this size


def accepted_kwargs(entry: ModelEntry) -> set[str] | None:
    """Keyword arguments the builder takes; None when it takes anything (catalog builders)."""
    params = pyinspect.signature(entry.build).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params}


def model_kwargs(entry: ModelEntry, data: Dataset, loss: str, model_options: dict | None = None) -> dict:
    """Builder arguments that size the model's input and output to the dataset."""
    n_out = 1 if loss == "bce" else data.n_classes
    if entry.source == "timm":
        return {"num_classes": n_out, "in_chans": 3}
    if entry.source == "torchvision":
        return {"num_classes": n_out}
    wanted = {"n_classes": n_out, "n_outputs": n_out, "in_channels": entry.input_shape[0] if data.input_kind ==
              "image" else None, "in_features": 2 if data.input_kind == "vector" else None,
              "n_features": 1 if data.input_kind == "series" else None}
    if data.input_kind == "token_pair":
        wanted.update(src_vocab=data.vocab_size, tgt_vocab=data.n_classes, vocab_size=data.n_classes)
    elif entry.family == "gpt":  # one vocabulary for what it reads and what it predicts
        wanted["vocab_size"] = max(data.vocab_size or 0, data.n_classes)
    else:
        wanted["vocab_size"] = data.vocab_size
    accepted = accepted_kwargs(entry) or set()
    kwargs = {k: v for k, v in wanted.items() if v is not None and k in accepted}
    for k, v in (model_options or {}).items():
        if k not in accepted or k in wanted:
            raise PlaygroundError("train_model_option", option=k, model=entry.key)
        kwargs[k] = tuple(v) if isinstance(v, list) else v
    return kwargs


def input_shape_for(entry: ModelEntry, data: Dataset) -> tuple[int, ...]:
    """The per-sample input the model is fed: images are resized and their channels matched to the model."""
    if data.input_kind != "image":
        return tuple(data.x_train.shape[1:])
    c, h, w = entry.input_shape if entry.source == "registry" else (3, 0, 0)
    if entry.source != "registry" or max(h, w) > 64:  # ImageNet-size models train on small images here
        h = w = CATALOG_IMAGE_SIZE
    return (c, h, w)


def count_parameters(model: nn.Module) -> int:
    """Parameters of a built model."""
    return sum(p.numel() for p in model.parameters())  # tied weights are counted once


def meta_parameters(entry: ModelEntry, kwargs: dict) -> int:
    """Parameters of the model these arguments build, counted on the meta device (no weights allocated)."""
    try:
        return count_parameters(build_on_meta(entry, **kwargs))
    except (TypeError, ValueError, KeyError, RuntimeError) as e:
        raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e)[:200]) from None


_BUILD_LOCK = threading.Lock()  # seeding and building use torch's global generator; one build at a time


def build_model(entry: ModelEntry, kwargs: dict, seed: int) -> nn.Module:
    """The model with its initial weights drawn from `seed`; a builder that refuses the arguments says why."""
    with _BUILD_LOCK:
        torch.manual_seed(seed)
        try:
            return entry.build(**kwargs)
        except (TypeError, ValueError, KeyError, RuntimeError) as e:
            raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e)[:200]) from None
