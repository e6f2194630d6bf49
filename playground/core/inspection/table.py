"""Layer tables for any model and input shape, computed on PyTorch's meta device so no weights take memory.

For every module that runs: input and output shapes, parameters (a shared tensor counted once), multiply-adds
counted at the dispatch level by torch.utils.flop_counter (so attention matmuls and functional ops count), output
memory, and for image models the receptive field, jump and start (playground.receptive_field).
Core module: imports no gradio.
"""
from __future__ import annotations

import contextlib
import inspect
import math
import re
import sys
import time
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode
from torch.utils.flop_counter import conv_flop_count

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.models import ModelEntry, resolve

from .flops import FlopCounter
from .receptive_field import Field, FieldTracker, describe, flat_tensors, image_field, mark, state_of

# Errors PyTorch raises when a spatial size shrinks to nothing, and when an op has no meta implementation.
_TOO_SMALL = re.compile(r"too small|can't be greater than actual input size|non-positive|must be (at least|> ?0)|"
                        r"negative dimension|invalid output size|pad should be (smaller|at most)", re.I)
_META_ONLY = re.compile(r"meta|data-dependent|item\(\)|Cannot copy out|NotImplemented", re.I)


@dataclass(frozen=True)
class LayerRow:
    name: str                    # "layer1.0.conv1"; "" for the whole model
    depth: int                   # 0 for the whole model
    kind: str                    # class name
    input_shape: tuple | None
    output_shape: tuple | None
    n_outputs: int               # tensors the module returns
    params: int                  # inside this module, each tensor once
    trainable: int
    macs: int                    # multiply-adds over all calls
    calls: int
    output_bytes: int            # all output tensors over all calls
    field: Any = None            # receptive-field state of the first output (a Field, "global" or None)
    is_leaf: bool = True


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    input_shape: tuple[int, ...]   # with the batch dimension
    rows: tuple[LayerRow, ...]
    totals: dict

    def table(self, max_depth: int | None = None) -> list[list]:
        """Rows as plain lists (see TABLE_COLUMNS), optionally only down to max_depth."""
        return [row_values(r) for r in self.rows if max_depth is None or r.depth <= max_depth]

    @property
    def max_depth(self) -> int:
        return max((r.depth for r in self.rows), default=0)


TABLE_COLUMNS = ["layer", "type", "depth", "input shape", "output shape", "params", "trainable", "MACs", "calls",
                 "output KB", "receptive field", "jump", "start"]


def _shape_text(shape, n_outputs: int = 1) -> str:
    if shape is None:
        return ""
    text = "[" + ", ".join(str(int(s)) for s in shape) + "]"
    return text + (f" +{n_outputs - 1}" if n_outputs > 1 else "")


def row_values(r: LayerRow) -> list:
    rf, jump, start = describe(r.field)
    return [r.name or "(model)", r.kind, r.depth, _shape_text(r.input_shape), _shape_text(r.output_shape, r.n_outputs),
            r.params, r.trainable, r.macs, r.calls, round(r.output_bytes / 1024, 1), rf, jump, start]


# ----------------------------------------------------------------------------------------------------------------
# Input shapes

_SEP = re.compile(r"[x×X*,;\s]+")


def parse_shape(text: str, entry: ModelEntry) -> tuple[int, ...]:
    """'3x224x224', '3 × 224 × 224', '(1, 3, 224, 224)' -> shape with a leading batch dimension."""
    example = "x".join(map(str, entry.input_shape))
    raw = (text or "").strip().strip("()[]")
    if not raw:
        raise PlaygroundError("bad_shape", text=text or "", example=example)
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


def example_inputs(entry: ModelEntry, shape: tuple[int, ...], device="meta") -> tuple[torch.Tensor, ...]:
    """Input tensors of the right kind for a shape that includes the batch dimension."""
    if entry.input_kind == "token_pair":
        b, s, t = shape
        return (torch.zeros(b, s, dtype=torch.long, device=device), torch.zeros(b, t, dtype=torch.long, device=device))
    if entry.input_kind == "tokens":
        return (torch.zeros(shape, dtype=torch.long, device=device),)
    return (torch.zeros(shape, device=device),)


# ----------------------------------------------------------------------------------------------------------------
# Building without weights

_T = torch.Tensor
# In-place ops that only write values; on a meta tensor (which has none) they can return at once. Weight
# initialisers are made of these (timm's trunc_normal_ alone costs a tenth of a second on a ViT-B).
_VALUE_ONLY = {_T.uniform_, _T.normal_, _T.zero_, _T.fill_, _T.copy_, _T.erfinv_, _T.mul_, _T.add_, _T.sub_,
               _T.div_, _T.clamp_, _T.exponential_, _T.bernoulli_, _T.random_, _T.log_normal_}


class _EmptyOnMeta(TorchFunctionMode):
    """torch.empty without a device goes to the meta device. Layers allocate their weights this way, so weights
    cost nothing, while the small helper tensors that some builders read back with .item() or .tolist() (drop-path
    schedules made with torch.linspace, index tables) stay real. Initialisers writing into meta tensors are skipped."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is torch.empty and kwargs.get("device") is None:
            kwargs["device"] = "meta"
        elif func in _VALUE_ONLY and args and isinstance(args[0], torch.Tensor) and args[0].is_meta:
            return args[0]
        return func(*args, **kwargs)


def build_on_meta(entry: ModelEntry, **kwargs) -> nn.Module:
    """Build a model (with the builder's keyword arguments) whose parameters and buffers all live on the meta
    device."""
    try:
        with _EmptyOnMeta():
            model = entry.build(**kwargs)
    except RuntimeError:
        # Builders that run a probe forward pass in __init__ (timm's hybrid ViTs measure their backbone this
        # way) need every tensor on one device.
        with torch.device("meta"):
            model = entry.build(**kwargs)
    moved: dict[int, nn.Parameter] = {}  # a tied parameter stays one tensor
    for mod in model.modules():  # like model.to("meta"), but touching only what is not there yet
        for name, p in mod._parameters.items():
            if p is not None and not p.is_meta:
                if id(p) not in moved:
                    moved[id(p)] = nn.Parameter(p.to("meta"), requires_grad=p.requires_grad)
                mod._parameters[name] = moved[id(p)]
        for name, b in mod._buffers.items():
            if b is not None and not b.is_meta:
                mod._buffers[name] = b.to("meta")
    return model


def _arg(args, kwargs, i, name, default=None):
    return kwargs[name] if name in kwargs else args[i] if len(args) > i else default


def _norm_shortcut(channels_from):
    def rule(args, kwargs):
        x = args[0]
        if _arg(args, kwargs, 5, "training", False) is True:
            return None
        expected = channels_from(args, kwargs)
        return torch.empty_like(x) if expected is None or expected == x.shape[1] else None
    return rule


def _layer_norm(args, kwargs):
    x, shape = args[0], tuple(_arg(args, kwargs, 1, "normalized_shape"))
    return torch.empty_like(x) if tuple(x.shape[-len(shape):]) == shape else None


def _group_norm(args, kwargs):
    x, groups = args[0], _arg(args, kwargs, 1, "num_groups")
    w = _arg(args, kwargs, 2, "weight")
    ok = x.ndim >= 2 and x.shape[1] % groups == 0 and (w is None or w.numel() == x.shape[1])
    return torch.empty_like(x) if ok else None


def _activation(inplace_index: int | None):
    def rule(args, kwargs):
        inplace = inplace_index is not None and bool(_arg(args, kwargs, inplace_index, "inplace", False))
        return args[0] if inplace else torch.empty_like(args[0])
    return rule


def _dropout(args, kwargs):
    return args[0] if _arg(args, kwargs, 2, "training", True) is False else None


def _bn_channels(args, kwargs):
    for t in (_arg(args, kwargs, 1, "running_mean"), _arg(args, kwargs, 3, "weight")):
        if isinstance(t, torch.Tensor):
            return t.numel()
    return None


def _tuple(v, n):
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


def _conv(args, kwargs):
    """Output shape by the arithmetic; FLOPs by torch.utils.flop_counter.conv_flop_count."""
    x, w = args[0], _arg(args, kwargs, 1, "weight")
    groups = _arg(args, kwargs, 6, "groups", 1)
    padding = _arg(args, kwargs, 4, "padding", 0)
    n = w.ndim - 2
    if not (w.is_meta and x.ndim == n + 2 and isinstance(groups, int) and x.shape[1] == w.shape[1] * groups
            and w.shape[0] % groups == 0 and not isinstance(padding, str)):
        return None
    stride, dilation = _tuple(_arg(args, kwargs, 3, "stride", 1), n), _tuple(_arg(args, kwargs, 5, "dilation", 1), n)
    padding = _tuple(padding, n)
    sizes = [(i + 2 * p - d * (k - 1) - 1) // s + 1
             for i, k, s, p, d in zip(x.shape[2:], w.shape[2:], stride, padding, dilation)]
    if min(sizes) < 1 or len(stride) != n or len(padding) != n or len(dilation) != n:
        return None  # the real op raises its own error
    out = x.new_empty((x.shape[0], w.shape[0], *sizes))
    return out, conv_flop_count(list(x.shape), list(w.shape), list(out.shape))


def _linear(args, kwargs):
    x, w = args[0], _arg(args, kwargs, 1, "weight")
    if not (w.is_meta and w.ndim == 2 and x.ndim >= 1 and x.shape[-1] == w.shape[1]):
        return None
    return x.new_empty((*x.shape[:-1], w.shape[0])), 2 * (x.numel() // max(x.shape[-1], 1)) * w.shape[0] * w.shape[1]


def _recurrent(gates: int):
    """torch._VF.lstm / gru / rnn_* on padded (not packed) input: shapes by definition, and the FLOPs of the
    step-by-step decomposition that PyTorch's flop counter adds up: per layer, direction and step,
    2 * B * (gates * H) * (input size + H)."""
    def rule(args, kwargs):
        if len(args) != 9 or kwargs:
            return None
        x, hx, weights, has_bias, layers, _, _, bidirectional, batch_first = args
        per = (4 if has_bias else 2)
        dirs = 2 if bidirectional else 1
        if not isinstance(weights, (list, tuple)) or len(weights) != layers * dirs * per or x.ndim not in (2, 3):
            return None  # projections (proj_size) or an unusual call: let PyTorch run it
        hidden = weights[1].shape[1]
        if any(w.shape[0] != gates * hidden for w in weights[::per]):
            return None
        t_axis = 1 if batch_first and x.ndim == 3 else 0
        steps, batch = x.shape[t_axis], (x.shape[1 - t_axis] if x.ndim == 3 else 1)
        flops = 0
        for layer in range(layers):
            for d in range(dirs):
                w_ih = weights[(layer * dirs + d) * per]
                if w_ih.shape[1] != (x.shape[-1] if layer == 0 else hidden * dirs):
                    return None
                flops += 2 * steps * batch * gates * hidden * (w_ih.shape[1] + hidden)
        out = x.new_empty((*x.shape[:-1], hidden * dirs))
        state = x.new_empty((layers * dirs, *((batch,) if x.ndim == 3 else ()), hidden))
        result = (out, state, torch.empty_like(state)) if gates == 4 else (out, state)
        return result, flops
    return rule


_COUNTED = {torch.conv1d: _conv, torch.conv2d: _conv, torch.conv3d: _conv, F.linear: _linear,
            torch._VF.lstm: _recurrent(4), torch._VF.gru: _recurrent(3), torch._VF.rnn_tanh: _recurrent(1),
            torch._VF.rnn_relu: _recurrent(1)}
_SHORTCUTS = {
    F.batch_norm: _norm_shortcut(_bn_channels), F.layer_norm: _layer_norm, F.group_norm: _group_norm,
    F.relu: _activation(1), F.silu: _activation(1), F.hardswish: _activation(1), F.relu6: _activation(1),
    F.leaky_relu: _activation(2), F.elu: _activation(2), F.hardsigmoid: _activation(1), F.gelu: _activation(None),
    torch.sigmoid: _activation(None), torch.tanh: _activation(None), torch.relu: _activation(None),
    torch.Tensor.relu: _activation(None), torch.Tensor.sigmoid: _activation(None),
    torch.Tensor.tanh: _activation(None), torch.relu_: lambda a, k: a[0], torch.Tensor.relu_: lambda a, k: a[0],
    F.dropout: _dropout, F.dropout1d: _dropout, F.dropout2d: _dropout, F.dropout3d: _dropout,
}


class _MetaShortcuts(TorchFunctionMode):
    """On the meta device, answer common ops from their arithmetic instead of PyTorch's Python-level meta
    implementations: shape-preserving ops (normalisation, activations, dropout in eval) return an empty tensor of
    their input's shape, and convolutions and linear layers compute their output shape and add their FLOPs (by
    torch.utils.flop_counter's formula) to `counter`. Whenever an argument check would fail, the real op runs
    and raises its own error. tests/core/test_flops.py checks that rows are identical with and without this."""

    def __init__(self, counter: FlopCounter):
        super().__init__()
        self.counter = counter

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        rule = _SHORTCUTS.get(func)
        counted = _COUNTED.get(func) if rule is None else None
        if (rule is not None or counted is not None) and args and isinstance(args[0], torch.Tensor) \
                and args[0].is_meta:
            if rule is not None:
                out = rule(args, kwargs)
                if out is not None:
                    return out
            else:
                result = counted(args, kwargs)
                if result is not None:
                    out, flops = result
                    self.counter.total += flops
                    return out
        return func(*args, **kwargs)


# ----------------------------------------------------------------------------------------------------------------
# Tracing

@dataclass
class _Acc:
    order: int
    calls: int = 0
    flops: int = 0
    input_shape: tuple | None = None
    output_shape: tuple | None = None
    n_outputs: int = 0
    output_bytes: int = 0
    field: Any = None


class TraceError(Exception):
    """The forward pass failed inside `layer` (a module name) whose input had `shape`."""

    def __init__(self, cause: BaseException, layer: str, kind: str, shape):
        super().__init__(str(cause))
        self.cause, self.layer, self.kind, self.shape = cause, layer, kind, shape


def trace_module(model: nn.Module, inputs: tuple[torch.Tensor, ...], track_field: bool = False,
                 shortcuts: bool = True) -> tuple[list[LayerRow], int, Any]:
    """Run one forward pass with hooks on every module.

    Returns (rows in the order modules first ran, total FLOPs, the output). Raises TraceError naming the
    innermost module that was running when the forward failed. `shortcuts` (meta inputs only) skips PyTorch's
    slow meta implementations of shape-preserving ops; the results are the same either way.
    """
    names = {m: n for n, m in model.named_modules()}
    stats: dict[nn.Module, _Acc] = {}
    stack: list[tuple[nn.Module, int]] = []
    counter = FlopCounter()

    def pre(mod, args, kwargs):
        acc = stats.get(mod)
        if acc is None:
            acc = stats[mod] = _Acc(order=len(stats))
        acc.calls += 1
        if acc.input_shape is None:
            first = next(flat_tensors((args, kwargs)), None)
            acc.input_shape = tuple(first.shape) if first is not None else None
        stack.append((mod, counter.total))

    def post(mod, args, kwargs, output):
        _, flops_before = stack.pop()
        acc = stats[mod]
        acc.flops += counter.total - flops_before
        outs = list(flat_tensors(output))
        acc.output_bytes += sum(t.numel() * t.element_size() for t in outs)
        if acc.output_shape is None and outs:
            acc.output_shape, acc.n_outputs = tuple(outs[0].shape), len(outs)
            acc.field = state_of(outs[0])

    handles = []
    # Nothing here needs gradients; switching them off also keeps autograd bookkeeping out of the trace.
    requires = {p: p.requires_grad for p in model.parameters()}
    try:
        for p in requires:
            p.requires_grad_(False)
        for m in names:
            handles.append(m.register_forward_pre_hook(pre, with_kwargs=True))
            handles.append(m.register_forward_hook(post, with_kwargs=True))
        if track_field:
            mark(inputs[0], image_field(inputs[0].ndim, inputs[0].ndim - 2))
        # Function modes: the last one entered sees each call first, so the field tracker wraps the shortcuts.
        with contextlib.ExitStack() as modes:
            modes.enter_context(torch.no_grad())
            modes.enter_context(counter)
            if shortcuts and inputs[0].is_meta:
                modes.enter_context(_MetaShortcuts(counter))
            if track_field:
                modes.enter_context(FieldTracker())
            output = model(*inputs)
    except Exception as e:  # noqa: BLE001 - any failure inside the user's model is reported with its layer
        mod = stack[-1][0] if stack else model
        acc = stats.get(mod)
        raise TraceError(e, names.get(mod, ""), type(mod).__name__, acc.input_shape if acc else None) from e
    finally:
        for h in handles:
            h.remove()
        for p, flag in requires.items():
            p.requires_grad_(flag)

    owned = _parameters_below(model)
    rows = []
    for mod, acc in sorted(stats.items(), key=lambda kv: kv[1].order):
        if mod not in names:
            continue
        unique = owned[mod]
        name = names[mod]
        rows.append(LayerRow(
            name=name, depth=0 if name == "" else name.count(".") + 1, kind=type(mod).__name__,
            input_shape=acc.input_shape, output_shape=acc.output_shape, n_outputs=acc.n_outputs,
            params=sum(p.numel() for p in unique.values()),
            trainable=sum(p.numel() for p in unique.values() if p.requires_grad),
            macs=acc.flops // 2, calls=acc.calls, output_bytes=acc.output_bytes, field=acc.field,
            is_leaf=not mod._modules))
    return rows, counter.total, output


def _parameters_below(model: nn.Module) -> dict[nn.Module, dict[int, nn.Parameter]]:
    """For every module, the parameters inside it (each tensor once), built bottom-up in one pass."""
    owned: dict[nn.Module, dict[int, nn.Parameter]] = {}

    def visit(mod):
        if mod in owned:
            return owned[mod]
        mine = {id(p): p for p in mod._parameters.values() if p is not None}
        for child in mod._modules.values():
            if child is not None:
                mine.update(visit(child))
        owned[mod] = mine
        return mine
    visit(model)
    return owned


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


def _summarise(model: nn.Module, rows: list[LayerRow], flops: int, inputs, output, shape, seconds: float,
               executed_on: str) -> dict:
    unique = {id(p): p for p in model.parameters()}
    total = sum(p.numel() for p in unique.values())
    trainable = sum(p.numel() for p in unique.values() if p.requires_grad)
    outs = list(flat_tensors(output))
    fields = [r.field for r in rows if isinstance(r.field, Field) and not r.field.merged]
    return {
        "input_shape": list(shape),
        "output_shape": list(outs[0].shape) if outs else None,
        "outputs": _named_shapes(output),  # every output tensor, named (detectors return dicts of them)
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": total - trainable,
        "macs": flops // 2,
        "flops": flops,
        "param_bytes": sum(p.numel() * p.element_size() for p in unique.values()),
        "buffer_bytes": sum(b.numel() * b.element_size() for b in model.buffers()),
        "input_bytes": sum(t.numel() * t.element_size() for t in inputs),
        "activation_bytes": sum(r.output_bytes for r in rows if r.is_leaf),
        "layers": sum(1 for r in rows if r.is_leaf and r.params),
        "modules": len(rows),
        "receptive_field": describe(max(fields, key=lambda f: max(f.size)))[0] if fields else None,
        "executed_on": executed_on,
        "seconds": round(seconds, 3),
    }


def _explain(err: TraceError, entry: ModelEntry, shape) -> PlaygroundError:
    detail = str(err.cause).strip().splitlines()[0][:300] if str(err.cause).strip() else type(err.cause).__name__
    layer = err.layer or entry.key
    in_shape = _shape_text(err.shape) if err.shape else _shape_text(shape)
    if _TOO_SMALL.search(detail):
        return PlaygroundError("input_too_small", model=entry.key, layer=layer, kind=err.kind, shape=in_shape,
                               detail=detail)
    return PlaygroundError("shape_mismatch", model=entry.key, layer=layer, kind=err.kind, shape=in_shape,
                           detail=detail)


def inspect_model(key: str, shape_text: str | None = None) -> Report:
    """The layer table and totals of a registry or catalog model for an input shape (default: the model's)."""
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    shape = parse_shape(shape_text if shape_text and shape_text.strip() else
                        "x".join(map(str, entry.input_shape)), entry)
    t0 = time.perf_counter()
    try:
        model = build_on_meta(entry).eval()
    except Exception as e:  # noqa: BLE001 - a catalog builder that cannot run on meta
        raise PlaygroundError("cannot_build", model=key, detail=str(e).splitlines()[0][:300]) from e
    inputs = example_inputs(entry, shape)
    image = entry.input_kind == "image"
    executed_on = "meta"
    try:
        rows, flops, output = trace_module(model, inputs, track_field=image)
    except TraceError as err:
        if not (_META_ONLY.search(str(err.cause)) and not _TOO_SMALL.search(str(err.cause))):
            raise _explain(err, entry, shape) from err
        # Some ops read tensor values (masks, .item()); such models run for real when they are small enough.
        n_params = sum(p.numel() for p in model.parameters())
        if n_params > config.MAX_REAL_FALLBACK_PARAMS:
            raise PlaygroundError("cannot_build", model=key, detail=str(err.cause).splitlines()[0][:300]) from err
        model = entry.build().eval()
        inputs = example_inputs(entry, shape, device="cpu")
        executed_on = "cpu"
        try:
            rows, flops, output = trace_module(model, inputs, track_field=image)
        except TraceError as err2:
            raise _explain(err2, entry, shape) from err2
    totals = _summarise(model, rows, flops, inputs, output, shape, time.perf_counter() - t0, executed_on)
    if totals["activation_bytes"] > config.MAX_ACTIVATION_BYTES:
        raise PlaygroundError("too_much_memory", need_mb=round(totals["activation_bytes"] / 2**20),
                              limit_mb=round(config.MAX_ACTIVATION_BYTES / 2**20))
    totals = {"model": entry.key, **totals}
    return Report(key=entry.key, title=entry.title, input_shape=shape, rows=tuple(rows), totals=totals)


def model_source(key: str) -> str | None:
    """The Python source of a registry model's file, preceded by the playground model files it imports."""
    entry = resolve(key)
    if entry is None or entry.source != "registry":
        return None
    module = sys.modules[entry.build.__module__]
    seen: list = []

    def visit(mod):
        for name in re.findall(r"^from \.(\w+) import", inspect.getsource(mod), re.M):
            dep = sys.modules.get(f"playground.core.models.{name}")
            if dep is not None and name != "registry" and dep not in seen:
                visit(dep)
        if mod not in seen:
            seen.append(mod)
    visit(module)
    parts = [f"# ---- playground/core/models/{m.__name__.rsplit('.', 1)[-1]}.py ----\n{inspect.getsource(m)}" for m in seen]
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Stage:
    """One box of the block diagram."""
    name: str
    kind: str
    output_shape: str
    params: int


_PLUMBING = {"ReLU", "ReLU6", "GELU", "SiLU", "Tanh", "Sigmoid", "Dropout", "Identity", "Flatten", "DropPath",
             "LeakyReLU", "Hardswish", "Softmax"}


def stages(report: Report, limit: int = 40) -> list[Stage]:
    """Boxes for a block diagram, in execution order: the model's top-level parts (the children of containers
    that never run themselves, such as an nn.ModuleList of blocks, stand in for them), or one level deeper when
    there are only a few. Activations, dropout and flatten are left out."""
    ran = {r.name for r in report.rows}

    def parent(name):
        return name.rsplit(".", 1)[0] if "." in name else ""

    def level(rows, depth, under=""):
        picked = []
        for r in rows:
            if r.kind in _PLUMBING or not r.name.startswith(under):
                continue
            up = parent(r.name)
            if r.depth == depth or (r.depth == depth + 1 and up not in ran):
                picked.append(r)
        return picked

    chosen = level(report.rows, 1)
    if len(chosen) < 4 and report.max_depth >= 2:
        deeper = []
        for r in chosen:
            deeper.extend(level(report.rows, 2, r.name + ".") or [r])
        chosen = deeper
    return [Stage(r.name, r.kind, _shape_text(r.output_shape, r.n_outputs), r.params) for r in chosen[:limit]]
