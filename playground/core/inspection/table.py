"""Layer tables for any model and input shape: inspect_model builds the model on the meta device (meta.py), traces
one forward pass (trace.py) and sums the rows into typed Totals; TABLE_COLUMNS and row_values give the table's text.
Multiply-adds are counted at the dispatch level by torch.utils.flop_counter. Core module: imports no gradio."""
from __future__ import annotations

import dataclasses
import math
import re
import time
from dataclasses import dataclass

import torch
import torch.nn as nn

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.models import ModelEntry, resolve

from .meta import build_on_meta
from .receptive_field import Field, describe, flat_tensors
from .trace import LayerRow, TraceError, trace_module

# Errors PyTorch raises when a spatial size shrinks to nothing, and when an op has no meta implementation.
_TOO_SMALL = re.compile(r"too small|can't be greater than actual input size|non-positive|must be (at least|> ?0)|"
                        r"negative dimension|invalid output size|pad should be (smaller|at most)", re.I)
_META_ONLY = re.compile(r"meta|data-dependent|item\(\)|Cannot copy out|NotImplemented", re.I)


@dataclass(frozen=True)
class Totals:
    """The headline numbers of one inspection; as_dict() is what the API returns and the Architecture tab shows."""
    model: str                       # the model's key
    input_shape: list[int]           # with the batch dimension
    output_shape: list[int] | None   # of the first output tensor
    outputs: list[list]              # [name, shape] of every output tensor (detectors return dicts of them)
    total_params: int                # each tensor once
    trainable_params: int
    non_trainable_params: int
    macs: int                        # multiply-adds
    flops: int
    param_bytes: int
    buffer_bytes: int
    input_bytes: int
    activation_bytes: int            # outputs of the leaf modules over all calls
    layers: int                      # leaf modules with parameters
    modules: int                     # modules that ran
    receptive_field: str | None      # the largest, of image models
    executed_on: str                 # "meta", or "cpu" when some op read tensor values
    seconds: float

    def as_dict(self) -> dict:
        """The totals as JSON-ready values, keys in field order (the API's and the Totals tab's format)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Report:
    """One inspection: a row per module that ran, in execution order, and their totals."""
    key: str
    title: str
    input_shape: tuple[int, ...]   # with the batch dimension
    rows: tuple[LayerRow, ...]
    totals: Totals

    def table(self, max_depth: int | None = None) -> list[list]:
        """Rows as plain lists (see TABLE_COLUMNS), optionally only down to max_depth."""
        return [row_values(r) for r in self.rows if max_depth is None or r.depth <= max_depth]

    @property
    def max_depth(self) -> int:
        return max((r.depth for r in self.rows), default=0)


TABLE_COLUMNS = ["layer", "type", "depth", "input shape", "output shape", "params", "trainable", "MACs", "calls",
                 "output KB", "receptive field", "jump", "start", "kernel", "stride", "padding", "ceil mode"]


def format_shape(shape, n_outputs: int = 1) -> str:
    """(1, 3, 224, 224) -> '[1, 3, 224, 224]', with ' +k' when the module returns k more tensors; '' for None."""
    if shape is None:
        return ""
    text = "[" + ", ".join(str(int(s)) for s in shape) + "]"
    return text + (f" +{n_outputs - 1}" if n_outputs > 1 else "")


def row_values(r: LayerRow) -> list:
    """One row as a plain list, in TABLE_COLUMNS order."""
    rf, jump, start = describe(r.field)
    return [r.name or "(model)", r.kind, r.depth, format_shape(r.input_shape), format_shape(r.output_shape, r.n_outputs),
            r.params, r.trainable, r.macs, r.calls, round(r.output_bytes / 1024, 1), rf, jump, start,
            r.kernel, r.stride, r.padding, r.ceil_mode]


# ----------------------------------------------------------------------------------------------------------------
# Input shapes

_SEP = re.compile(r"[x×X*,;\s]+")


def parse_shape(text: str, entry: ModelEntry) -> tuple[int, ...]:
    """'3x224x224', '3 × 224 × 224', '(1, 3, 224, 224)' -> shape with a leading batch dimension. The rule: a shape
    has the model's rank (C x H x W for images); with exactly one number more, the first is the batch."""
    example = "x".join(map(str, entry.input_shape))
    raw = (text or "").strip().strip("()[]")
    if not raw:
        raise PlaygroundError("empty_shape", example=example)
    parts = [p for p in _SEP.split(raw) if p]
    try:
        dims = [int(p) for p in parts]
    except ValueError:
        raise PlaygroundError("bad_shape", text=text, example=example) from None
    n = len(entry.input_shape)
    if len(dims) == n:
        dims = [1] + dims
    elif len(dims) != n + 1:
        raise PlaygroundError("wrong_rank", text=text, expected=n, example=example)
    if any(d < 1 for d in dims):
        raise PlaygroundError("nonpositive_shape", text=text, example=example)
    if entry.input_kind in ("tokens", "token_pair", "series"):
        longest = max(dims[1:]) if entry.input_kind == "token_pair" else dims[1]
        if longest > config.MAX_SEQUENCE_LENGTH:
            raise PlaygroundError("too_long", length=longest, limit=config.MAX_SEQUENCE_LENGTH)
    elements = math.prod(dims) if entry.input_kind != "token_pair" else dims[0] * sum(dims[1:])
    if elements > config.MAX_INPUT_ELEMENTS:
        raise PlaygroundError("too_much_memory", need_mb=round(elements * 4 / 2**20),
                              limit_mb=round(config.MAX_INPUT_ELEMENTS * 4 / 2**20))
    return tuple(dims)


def check_channels(entry: ModelEntry, model: nn.Module, shape: tuple[int, ...], text: str | None) -> None:
    """An image model's first convolution against the shape's channels (shape[1]): a mismatch is said in our
    words before anything runs, with the rule that read the shape. Only where that convolution takes the model's
    own default channels: one listed first need not run first."""
    first = next((m for m in model.modules() if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d))), None)
    if entry.input_kind != "image" or first is None or first.in_channels == shape[1]:
        return
    if entry.input_shape and first.in_channels != entry.input_shape[0]:
        return  # the model makes its own channels before its first convolution (coordinates, say): PyTorch decides
    batched = text is not None and len([p for p in _SEP.split(text.strip().strip("()[]")) if p]) == len(shape)
    raise PlaygroundError("wrong_channels_batch" if batched else "wrong_channels", model=entry.key,
                          need=first.in_channels, got=shape[1],
                          text=text if text is not None else "", read="x".join(map(str, shape[1:])),
                          batch=shape[0], example="x".join(map(str, entry.input_shape)))


def example_inputs(entry: ModelEntry, shape: tuple[int, ...], device="meta") -> tuple[torch.Tensor, ...]:
    """Input tensors of the right kind for a shape that includes the batch dimension."""
    if entry.input_kind == "token_pair":
        b, s, t = shape
        return (torch.zeros(b, s, dtype=torch.long, device=device), torch.zeros(b, t, dtype=torch.long, device=device))
    if entry.input_kind == "tokens":
        return (torch.zeros(shape, dtype=torch.long, device=device),)
    return (torch.zeros(shape, device=device),)


# ----------------------------------------------------------------------------------------------------------------
# Totals

def _named_shapes(obj, name: str = "") -> list[list]:
    """[name, shape] of every tensor in a nest of tuples, lists and dicts: dict keys and list positions (left out
    for one-element lists) joined by dots; "" for a bare tensor. A detector's [{"boxes": ..., "labels": ...}]
    gives [["boxes", [100, 4]], ["labels", [100]], ...]."""
    if isinstance(obj, torch.Tensor):
        return [[name, list(obj.shape)]]
    join = (lambda k: f"{name}.{k}" if name else str(k))  # noqa: E731
    if isinstance(obj, dict):
        return [part for k, v in obj.items() for part in _named_shapes(v, join(k))]
    if isinstance(obj, (list, tuple)):
        if len(obj) == 1:
            return _named_shapes(obj[0], name)
        return [part for i, v in enumerate(obj) for part in _named_shapes(v, join(i))]
    return []


def _summarise(key: str, model: nn.Module, rows: list[LayerRow], flops: int, inputs, output, shape,
               seconds: float, executed_on: str) -> Totals:
    unique = {id(p): p for p in model.parameters()}
    total = sum(p.numel() for p in unique.values())
    trainable = sum(p.numel() for p in unique.values() if p.requires_grad)
    outs = list(flat_tensors(output))
    fields = [r.field for r in rows if isinstance(r.field, Field) and not r.field.merged]
    return Totals(
        model=key,
        input_shape=list(shape),
        output_shape=list(outs[0].shape) if outs else None,
        outputs=_named_shapes(output),
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=total - trainable,
        macs=flops // 2,
        flops=flops,
        param_bytes=sum(p.numel() * p.element_size() for p in unique.values()),
        buffer_bytes=sum(b.numel() * b.element_size() for b in model.buffers()),
        input_bytes=sum(t.numel() * t.element_size() for t in inputs),
        activation_bytes=sum(r.output_bytes for r in rows if r.is_leaf),
        layers=sum(1 for r in rows if r.is_leaf and r.params),
        modules=len(rows),
        receptive_field=describe(max(fields, key=lambda f: max(f.size)))[0] if fields else None,
        executed_on=executed_on,
        seconds=round(seconds, 3),
    )


# ----------------------------------------------------------------------------------------------------------------
# Inspection

def _explain(err: TraceError, entry: ModelEntry, shape) -> PlaygroundError:
    detail = str(err.cause).strip().splitlines()[0][:300] if str(err.cause).strip() else type(err.cause).__name__
    layer = err.layer or entry.key
    in_shape = format_shape(err.shape) if err.shape else format_shape(shape)
    if _TOO_SMALL.search(detail):
        return PlaygroundError("input_too_small", model=entry.key, layer=layer, kind=err.kind, shape=in_shape,
                               detail=detail, example="x".join(map(str, entry.input_shape)))
    return PlaygroundError("shape_mismatch", model=entry.key, layer=layer, kind=err.kind, shape=in_shape,
                           detail=detail)


def _trace(key: str, entry: ModelEntry, model: nn.Module, shape: tuple[int, ...]):
    """(model, inputs, (rows, flops, output), where it ran): traced on the meta device, or for real on the CPU
    when some op reads tensor values (masks, .item()) and the model is small enough."""
    inputs = example_inputs(entry, shape)
    image = entry.input_kind == "image"
    try:
        return model, inputs, trace_module(model, inputs, track_field=image), "meta"
    except TraceError as err:
        if not (_META_ONLY.search(str(err.cause)) and not _TOO_SMALL.search(str(err.cause))):
            raise _explain(err, entry, shape) from err
        if sum(p.numel() for p in model.parameters()) > config.MAX_REAL_FALLBACK_PARAMS:
            raise PlaygroundError("cannot_build", model=key, detail=str(err.cause).splitlines()[0][:300]) from err
    model = entry.build().eval()
    inputs = example_inputs(entry, shape, device="cpu")
    try:
        return model, inputs, trace_module(model, inputs, track_field=image), "cpu"
    except TraceError as err:
        raise _explain(err, entry, shape) from err


def inspect_model(key: str, shape_text: str | None = None) -> Report:
    """The layer table and totals of a registry or catalog model for an input shape (None: the model's own; an
    empty text is no shape)."""
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    shape = parse_shape("x".join(map(str, entry.input_shape)) if shape_text is None else shape_text, entry)
    t0 = time.perf_counter()
    try:
        model = build_on_meta(entry).eval()
    except Exception as e:  # noqa: BLE001 - a catalog builder that cannot run on meta
        raise PlaygroundError("cannot_build", model=key, detail=str(e).splitlines()[0][:300]) from e
    check_channels(entry, model, shape, shape_text)
    model, inputs, (rows, flops, output), executed_on = _trace(key, entry, model, shape)
    totals = _summarise(entry.key, model, rows, flops, inputs, output, shape, time.perf_counter() - t0,
                        executed_on)
    if totals.activation_bytes > config.MAX_ACTIVATION_BYTES:
        raise PlaygroundError("too_much_memory", need_mb=round(totals.activation_bytes / 2**20),
                              limit_mb=round(config.MAX_ACTIVATION_BYTES / 2**20))
    return Report(key=entry.key, title=entry.title, input_shape=shape, rows=tuple(rows), totals=totals)
