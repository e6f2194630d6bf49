"""The runtime every view shares: the lock that makes forward passes with hooks take turns on shared models, the
cache of random-weight models, what a view looks inside (Subject), the check that a model is light enough to run
for a view, and a plain state dict loaded into a fresh model. Hooks exist only inside `hooked()`, which removes
them in `finally`. No gradio here."""
from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import torch.nn as nn
from safetensors.torch import load_file

from playground.core import config
from playground.core.data.preprocess import Preprocess, preprocess_for
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import inspect_model
from playground.core.models import resolve
from playground.core.train.build import build_model

# Shipped and random-weight models are shared by every visitor: a hook registered by one request would also fire
# in another request's forward pass, so forward passes that hook or record take turns (they take milliseconds).
INSPECT_LOCK = threading.RLock()


@contextlib.contextmanager
def hooked(modules: dict[str, nn.Module], hook):
    """Register hook(name, module, inputs, output) as a forward hook on each module; always removed on exit.
    Holds INSPECT_LOCK meanwhile, so concurrent requests on a shared model never see each other's hooks."""
    handles = []
    with INSPECT_LOCK:
        try:
            for name, m in modules.items():
                handles.append(m.register_forward_hook(lambda mod, args, out, name=name: hook(name, mod, args, out)))
            yield
        finally:
            for h in handles:
                h.remove()


@dataclass
class Subject:
    model: nn.Module
    key: str  # registry or catalog key
    input_shape: tuple[int, int, int]
    mean: float = 0.0
    std: float = 1.0
    classes: tuple[str, ...] = ()
    via: int | None = None  # drawings and uploads are shrunk to this size first (the 8x8 digits)
    dataset: str | None = None  # trained on it: pictures take its mean / std; else the model's own transform
    transform: Preprocess | None = None  # published weights: their own evaluation transform (core.published)
    weights: str = ""  # published weights: their name ("resnet50.a1_in1k"); "" for random or trained ones

    @property
    def preprocess(self) -> Preprocess:
        """How this model's pictures are prepared (its evaluation transform; see preprocess_for)."""
        if self.transform is not None:
            return self.transform
        return preprocess_for(self.key, tuple(self.input_shape), self.mean, self.std, self.dataset)


_MODELS: OrderedDict[tuple, nn.Module] = OrderedDict()  # random_model's cache, least recently used first


_MODELS_LOCK = threading.Lock()


def random_model(key: str, kwargs: tuple = ()) -> nn.Module:
    """A registry or catalog model with seeded random weights (builder arguments as (name, value) pairs), in eval
    mode and cached: shared read-only by every visitor and every tab (see shared_model)."""
    return shared_model((key, kwargs), lambda: build_model(resolve(key), dict(kwargs), seed=0).eval())


def shared_model(cache_key: tuple, build: Callable[[], nn.Module]) -> nn.Module:
    """The model cached under cache_key, built by build() on a miss: random-weight models and loaded published
    weights share one cache that keeps the most recently used models up to config.MAX_CACHED_MODEL_BYTES of
    weights together (and the last one whatever its size). Models in it are read-only for every visitor."""
    with _MODELS_LOCK:
        if cache_key in _MODELS:
            _MODELS.move_to_end(cache_key)
            return _MODELS[cache_key]
    model = build()
    with _MODELS_LOCK:
        model = _MODELS.setdefault(cache_key, model)  # another visitor may have built it meanwhile
        _MODELS.move_to_end(cache_key)
        while len(_MODELS) > 1 and (len(_MODELS) > config.MAX_CACHED_MODELS or
                                    sum(map(weight_bytes, _MODELS.values())) > config.MAX_CACHED_MODEL_BYTES):
            _MODELS.popitem(last=False)
    return model


def weight_bytes(model: nn.Module) -> int:
    return sum(t.numel() * t.element_size() for t in (*model.parameters(), *model.buffers()))


@lru_cache(maxsize=64)
def view_cost(key: str) -> tuple[int, int]:
    """(multiply-accumulates, stored activation bytes) of one forward pass of a registry or catalog model at its
    default input, from its inspection on the meta device (no weights, no arithmetic)."""
    totals = inspect_model(key).totals
    return int(totals.macs), int(totals.activation_bytes)


def check_view_cost(key: str) -> None:
    """Refuse, with a message, to run a model for a view when one forward pass is too heavy for this host
    (config.MAX_VIEW_MACS, config.MAX_VIEW_ACTIVATION_BYTES): a Grad-CAM of such a model would hold the CPU for
    tens of seconds and gigabytes of memory while other visitors wait. Its layer table still works."""
    macs, stored = view_cost(key)
    if macs > config.MAX_VIEW_MACS or stored > config.MAX_VIEW_ACTIVATION_BYTES:
        raise PlaygroundError("view_too_heavy", model=key, gmacs=f"{macs / 1e9:.1f}",
                              limit=f"{config.MAX_VIEW_MACS / 1e9:.0f}", memory=f"{stored / 2**30:.1f}",
                              memory_limit=f"{config.MAX_VIEW_ACTIVATION_BYTES / 2**30:.0f}")


def weights_from_file(entry, path) -> nn.Module:
    """A fresh model for `entry` with the weights of a plain safetensors state dict (e.g. timm's own files) whose
    names and shapes match exactly; anything else is refused with a message naming the file."""
    path = Path(path)
    if path.suffix.lower() != ".safetensors":
        raise PlaygroundError("checkpoint_not_safetensors", name=path.name)
    model = build_model(entry, {}, seed=0).eval()
    try:
        model.load_state_dict(load_file(str(path)), strict=True)
    except Exception as e:  # noqa: BLE001 - missing or unexpected names, wrong shapes, a bad file
        detail = str(e).replace("\n", " ")[:200]
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail=detail) from None
    return model
