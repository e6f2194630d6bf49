"""Trained models on disk: one safetensors file holds the weights and, in its header, the JSON that rebuilds the
model (registry key, builder arguments, data description, metrics). Only safetensors is read: no pickle, ever."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_model, save_model

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.models import resolve

from .build import accepted_kwargs, build_model
from .spec import TrainSpec
from .trained import DataSummary, History, TrainedModel

FORMAT = "playground-checkpoint/1"
METADATA_KEY = "playground"


def describe(trained: TrainedModel) -> dict:
    """The JSON-ready description stored next to the weights."""
    return {"format": FORMAT, "model": trained.spec.model, "kwargs": trained.kwargs, "spec": trained.spec.to_dict(),
            "data": trained.data.to_dict(), "metrics": trained.metrics, "history": trained.history.to_dict()}


def save_checkpoint(trained: TrainedModel, path: str | os.PathLike, side_json: bool = True) -> Path:
    """Write weights + description to `path` (.safetensors); also the description as `path`.json if asked."""
    path = Path(path)
    meta = describe(trained)
    text = json.dumps(meta, default=_jsonable)
    model = trained.model
    if any(t.device.type != "cpu" for t in model.state_dict().values()):
        model = copy.deepcopy(model).cpu()  # the session's copy stays where it trains
    save_model(model, str(path), metadata={METADATA_KEY: text})  # tied weights are stored once
    if side_json:
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, default=_jsonable))
    return path


def _jsonable(v):
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, torch.Tensor):
        return v.tolist()
    return str(v)


def read_description(path: str | os.PathLike) -> dict:
    """The description in a checkpoint's header; refuses anything that is not one of ours."""
    path = Path(path)
    if path.suffix.lower() != ".safetensors":
        raise PlaygroundError("checkpoint_not_safetensors", name=path.name)
    try:
        size = path.stat().st_size
    except OSError:
        raise PlaygroundError("checkpoint_corrupt", name=path.name) from None
    if size > config.MAX_CHECKPOINT_BYTES:
        raise PlaygroundError("checkpoint_too_large", name=path.name, limit=config.MAX_CHECKPOINT_BYTES // 2**20)
    try:
        with safe_open(str(path), framework="pt") as f:
            metadata = f.metadata() or {}
    except Exception:  # noqa: BLE001 - safetensors raises several types for a bad header
        raise PlaygroundError("checkpoint_corrupt", name=path.name) from None
    try:
        meta = json.loads(metadata[METADATA_KEY])
    except (KeyError, ValueError):
        raise PlaygroundError("checkpoint_foreign", name=path.name) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise PlaygroundError("checkpoint_foreign", name=path.name)
    return meta


def load_checkpoint(path: str | os.PathLike) -> TrainedModel:
    """Rebuild a registry model from a checkpoint, validated: known key, known arguments, every tensor matching."""
    path = Path(path)
    meta = read_description(path)
    entry = resolve(str(meta.get("model", "")))
    if entry is None:
        raise PlaygroundError("checkpoint_unknown_model", name=path.name, model=meta.get("model"))
    kwargs = meta.get("kwargs") or {}
    accepted = accepted_kwargs(entry)
    if not isinstance(kwargs, dict) or (accepted is not None and not set(kwargs) <= accepted):
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail="builder arguments")
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    model = build_model(entry, kwargs, seed=0)
    try:
        missing, unexpected = load_model(model, str(path), strict=False)
    except Exception as e:  # noqa: BLE001 - wrong shapes or dtypes
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail=str(e).splitlines()[0][:160]) from None
    if missing or unexpected:
        detail = ", ".join(list(missing)[:3] + list(unexpected)[:3])
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail=detail)
    model.eval()
    history = History(**{k: v for k, v in (meta.get("history") or {}).items() if k in History.__dataclass_fields__})
    try:
        data = DataSummary.from_dict(meta.get("data") or {})
    except (AttributeError, TypeError, ValueError):  # a description that is not one of ours after all
        raise PlaygroundError("checkpoint_mismatch", name=path.name, detail="data description") from None
    return TrainedModel(model, TrainSpec.from_dict(meta.get("spec") or {"model": entry.key, "dataset": ""}),
                        kwargs, data, meta.get("metrics") or {}, history)
