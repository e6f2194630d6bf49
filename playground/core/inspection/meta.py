"""The meta device: building a model whose weights take no memory, and answering common ops on meta tensors from
their arithmetic (shapes and FLOPs) instead of PyTorch's slow meta implementations.
Core module: imports no gradio."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode
from torch.utils.flop_counter import conv_flop_count

from playground.core.models import ModelEntry

from .flops import FlopCounter

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


class MetaShortcuts(TorchFunctionMode):
    """On the meta device, answer common ops from their arithmetic instead of PyTorch's Python-level meta
    implementations: shape-preserving ops (normalisation, activations, dropout in eval) return an empty tensor of
    their input's shape, and convolutions and linear layers compute their output shape and add their FLOPs (by
    torch.utils.flop_counter's formula) to `counter`. Whenever an argument check would fail, the real op runs
    and raises its own error. tests/core/inspection/test_flops.py checks that rows are identical with and without this."""

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
