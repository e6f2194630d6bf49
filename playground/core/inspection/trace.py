"""Tracing: one forward pass with hooks on every module, giving one LayerRow per module that ran (shapes,
parameters, multiply-adds, output memory, receptive field). Core module: imports no gradio."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn as nn

from .flops import FlopCounter
from .meta import MetaShortcuts
from .receptive_field import flat_tensors, image_field, mark, state_of
from .receptive_field_tracker import FieldTracker


@dataclass(frozen=True)
class LayerRow:
    """One module's line of the layer table."""
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
    kernel: str = ""             # a convolution's or pooling's window, "3×3"; "" for other modules
    stride: str = ""             # "2" (the same along every axis) or "2, 1"
    padding: str = ""            # "1", "0, 3", or PyTorch's "same" / "valid"
    ceil_mode: str = ""          # a pooling's "True" / "False": rounds its output size up or down


class TraceError(Exception):
    """The forward pass failed inside `layer` (a module name) whose input had `shape`."""

    def __init__(self, cause: BaseException, layer: str, kind: str, shape):
        super().__init__(str(cause))
        self.cause, self.layer, self.kind, self.shape = cause, layer, kind, shape


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


class _Recorder:
    """What the hooks see of one forward pass: per module its calls, first shapes, FLOPs and output bytes, and the
    stack of modules running now (the innermost one names a failure)."""

    def __init__(self, model: nn.Module):
        self.model = model
        self.names = {m: n for n, m in model.named_modules()}
        self.stats: dict[nn.Module, _Acc] = {}
        self.stack: list[tuple[nn.Module, int]] = []
        self.counter = FlopCounter()

    def pre(self, mod, args, kwargs):
        acc = self.stats.get(mod)
        if acc is None:
            acc = self.stats[mod] = _Acc(order=len(self.stats))
        acc.calls += 1
        if acc.input_shape is None:
            first = next(flat_tensors((args, kwargs)), None)
            acc.input_shape = tuple(first.shape) if first is not None else None
        self.stack.append((mod, self.counter.total))

    def post(self, mod, args, kwargs, output):
        _, flops_before = self.stack.pop()
        acc = self.stats[mod]
        acc.flops += self.counter.total - flops_before
        outs = list(flat_tensors(output))
        acc.output_bytes += sum(t.numel() * t.element_size() for t in outs)
        if acc.output_shape is None and outs:
            acc.output_shape, acc.n_outputs = tuple(outs[0].shape), len(outs)
            acc.field = state_of(outs[0])

    def error(self, cause: BaseException) -> TraceError:
        """The failure, named after the innermost module that was running."""
        mod = self.stack[-1][0] if self.stack else self.model
        acc = self.stats.get(mod)
        return TraceError(cause, self.names.get(mod, ""), type(mod).__name__, acc.input_shape if acc else None)

    def rows(self) -> list[LayerRow]:
        """One row per named module that ran, in the order they first ran."""
        owned = _parameters_below(self.model)
        rows = []
        for mod, acc in sorted(self.stats.items(), key=lambda kv: kv[1].order):
            if mod not in self.names:
                continue
            unique = owned[mod]
            name = self.names[mod]
            rows.append(LayerRow(
                name=name, depth=0 if name == "" else name.count(".") + 1, kind=type(mod).__name__,
                input_shape=acc.input_shape, output_shape=acc.output_shape, n_outputs=acc.n_outputs,
                params=sum(p.numel() for p in unique.values()),
                trainable=sum(p.numel() for p in unique.values() if p.requires_grad),
                macs=acc.flops // 2, calls=acc.calls, output_bytes=acc.output_bytes, field=acc.field,
                is_leaf=not mod._modules, **window_geometry(mod)))
        return rows


# Modules that slide a window, with the number of spatial axes it has (an int kernel_size means that many).
_WINDOWED = ((nn.Conv1d, 1), (nn.Conv2d, 2), (nn.Conv3d, 3), (nn.ConvTranspose1d, 1), (nn.ConvTranspose2d, 2),
             (nn.ConvTranspose3d, 3), (nn.MaxPool1d, 1), (nn.MaxPool2d, 2), (nn.MaxPool3d, 3), (nn.AvgPool1d, 1),
             (nn.AvgPool2d, 2), (nn.AvgPool3d, 3), (nn.LPPool1d, 1), (nn.LPPool2d, 2))


def _per_axis(value, axes: int) -> tuple | str:
    """An int, a tuple or PyTorch's 'same' / 'valid' as one entry per spatial axis (the text kept as it is)."""
    if isinstance(value, str):
        return value
    return tuple(int(v) for v in value) if isinstance(value, (tuple, list)) else (int(value),) * axes


def window_geometry(mod: nn.Module) -> dict[str, str]:
    """kernel / stride / padding / ceil_mode of a convolution or pooling module as the layer table shows them:
    MaxPool2d(3, stride=2, ceil_mode=True) -> {"kernel": "3×3", "stride": "2", "padding": "0", "ceil_mode": "True"};
    {} for any other module (LPPool has no padding: "0")."""
    axes = next((n for cls, n in _WINDOWED if isinstance(mod, cls)), None)
    if axes is None:
        return {}

    def text(value, joiner: str) -> str:
        entries = _per_axis(value, axes)
        if isinstance(entries, str):
            return entries
        return str(entries[0]) if joiner == ", " and len(set(entries)) == 1 else joiner.join(map(str, entries))
    ceil = getattr(mod, "ceil_mode", None)
    stride = mod.kernel_size if mod.stride is None else mod.stride  # LPPool keeps None: a stride of its kernel
    return {"kernel": text(mod.kernel_size, "×"), "stride": text(stride, ", "),
            "padding": text(getattr(mod, "padding", 0), ", "), "ceil_mode": "" if ceil is None else str(bool(ceil))}


@contextlib.contextmanager
def _hooked(recorder: _Recorder) -> Iterator[None]:
    """Hooks on every module and gradients off while inside; both undone in finally."""
    model, handles = recorder.model, []
    # Nothing here needs gradients; switching them off also keeps autograd bookkeeping out of the trace.
    requires = {p: p.requires_grad for p in model.parameters()}
    try:
        for p in requires:
            p.requires_grad_(False)
        for m in recorder.names:
            handles.append(m.register_forward_pre_hook(recorder.pre, with_kwargs=True))
            handles.append(m.register_forward_hook(recorder.post, with_kwargs=True))
        yield
    finally:
        for h in handles:
            h.remove()
        for p, flag in requires.items():
            p.requires_grad_(flag)


def trace_module(model: nn.Module, inputs: tuple[torch.Tensor, ...], track_field: bool = False,
                 shortcuts: bool = True) -> tuple[list[LayerRow], int, Any]:
    """Run one forward pass with hooks on every module.

    Returns (rows in the order modules first ran, total FLOPs, the output). Raises TraceError naming the
    innermost module that was running when the forward failed. `shortcuts` (meta inputs only) skips PyTorch's
    slow meta implementations of shape-preserving ops; the results are the same either way.
    """
    recorder = _Recorder(model)
    with _hooked(recorder):
        try:
            if track_field:
                mark(inputs[0], image_field(inputs[0].ndim, inputs[0].ndim - 2))
            # Function modes: the last one entered sees each call first, so the field tracker wraps the shortcuts.
            with contextlib.ExitStack() as modes:
                modes.enter_context(torch.no_grad())
                modes.enter_context(recorder.counter)
                if shortcuts and inputs[0].is_meta:
                    modes.enter_context(MetaShortcuts(recorder.counter))
                if track_field:
                    modes.enter_context(FieldTracker())
                output = model(*inputs)
        except Exception as e:  # noqa: BLE001 - any failure inside the user's model is reported with its layer
            raise recorder.error(e) from e
    return recorder.rows(), recorder.counter.total, output


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
