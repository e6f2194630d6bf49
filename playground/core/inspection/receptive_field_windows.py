"""Receptive-field rules for ops that see a window of positions or all of them: convolution, pooling, padding,
interpolation, reductions, linear, matmul, attention, softmax. Each maps (args, kwargs, outputs, main state) to the
outputs' state (None: element-wise). Refs: Araujo et al., Distill 2019; Dumoulin & Visin, arXiv:1603.07285."""
from __future__ import annotations

import math

import torch

from .receptive_field import FLAT, GLOBAL, UNTRACKED, Field, norm_dim, op_arg


def _tuple(v, n: int) -> tuple:
    if isinstance(v, (list, tuple)):
        return tuple(v) if len(v) == n else tuple(v) * n if len(v) == 1 else tuple(v)
    return (v,) * n


def _window(f: Field, kernel, stride, padding, dilation) -> Field:
    """The field after a window of kernel k, stride s, padding p and dilation d slides over f, per axis."""
    size, jump, start = [], [], []
    for r, j, s, k, st, p, d in zip(f.size, f.jump, f.start, kernel, stride, padding, dilation):
        # r_out = r_in + (k - 1) * d * j_in
        size.append(r + (k - 1) * d * j)
        # start_out = start_in + ((k - 1) * d / 2 - p) * j_in
        start.append(s + ((k - 1) * d / 2 - p) * j)
        # j_out = j_in * s
        jump.append(j * st)
    return Field(f.axes, tuple(size), tuple(jump), tuple(start))


def _spatial_ok(f: Field, x: torch.Tensor, n: int) -> bool:
    """True when the field's axes are the last n dims of x, unmerged: the layout a conv or pool expects."""
    return not f.merged and len(f.axes) == n and f.axes == tuple(range(x.ndim - n, x.ndim))


def _rule_conv(args, kwargs, outs, s0):
    x, w = args[0], op_arg(args, kwargs, 1, "weight")
    if not isinstance(s0, Field):
        return s0 if s0 == GLOBAL else UNTRACKED
    n = w.ndim - 2
    if not _spatial_ok(s0, x, n):
        return UNTRACKED
    kernel = tuple(w.shape[2:])
    stride = _tuple(op_arg(args, kwargs, 3, "stride", 1), n)
    dilation = _tuple(op_arg(args, kwargs, 5, "dilation", 1), n)
    padding = op_arg(args, kwargs, 4, "padding", 0)
    if padding == "valid":
        padding = 0
    if padding == "same":
        padding = tuple((k - 1) * d / 2 for k, d in zip(kernel, dilation))
    return _window(s0, kernel, stride, _tuple(padding, n), dilation)


def _pool_rule(n: int, has_dilation: bool):
    def rule(args, kwargs, outs, s0):
        x = args[0]
        if not isinstance(s0, Field):
            return s0 if s0 == GLOBAL else UNTRACKED
        if not _spatial_ok(s0, x, n):
            return UNTRACKED
        kernel = _tuple(op_arg(args, kwargs, 1, "kernel_size"), n)
        stride = op_arg(args, kwargs, 2, "stride", None)
        stride = kernel if stride is None or stride == [] or stride == () else _tuple(stride, n)
        padding = _tuple(op_arg(args, kwargs, 3, "padding", 0), n)
        dilation = _tuple(op_arg(args, kwargs, 4, "dilation", 1), n) if has_dilation else (1,) * n
        return _window(s0, kernel, stride, padding, dilation)
    return rule


def _adaptive_rule(n: int):
    def rule(args, kwargs, outs, s0):
        x, o = args[0], outs[0]
        if not isinstance(s0, Field):
            return s0 if s0 == GLOBAL else UNTRACKED
        if not _spatial_ok(s0, x, n):
            return UNTRACKED
        ins, outs_ = x.shape[-n:], o.shape[-n:]
        if all(int(v) == 1 for v in outs_):
            return GLOBAL
        # PyTorch's adaptive windows: start floor(i * in / out), end ceil((i + 1) * in / out); equal-sized when
        # in is a multiple of out, otherwise approximated by the largest window.
        kernel = tuple(math.ceil(int(i) / int(o_)) for i, o_ in zip(ins, outs_))
        stride = tuple(max(int(i) // int(o_), 1) for i, o_ in zip(ins, outs_))
        return _window(s0, kernel, stride, (0,) * n, (1,) * n)
    return rule


def _rule_reduce(args, kwargs, outs, s0):
    x = args[0]
    if len(args) > 1 and isinstance(args[1], torch.Tensor):
        return None  # torch.max(a, b) and friends are element-wise
    dim = kwargs.get("dim", kwargs.get("axis", args[1] if len(args) > 1 else None))
    if not isinstance(s0, Field):
        return GLOBAL if s0 in (GLOBAL, FLAT) else UNTRACKED
    if dim is None:
        return GLOBAL
    dims = {norm_dim(d, x.ndim) for d in (dim if isinstance(dim, (list, tuple)) else (dim,))}
    if dims & set(s0.axes):
        return GLOBAL
    keepdim = bool(kwargs.get("keepdim", args[2] if len(args) > 2 and isinstance(args[2], bool) else False))
    if keepdim:
        return s0
    return s0.moved(a - sum(d < a for d in dims) for a in s0.axes)


def _rule_linear(args, kwargs, outs, s0):
    x = args[0]
    if isinstance(s0, Field):
        return GLOBAL if x.ndim - 1 in s0.axes else s0
    return GLOBAL if s0 in (GLOBAL, FLAT) else UNTRACKED



def _rule_matmul(args, kwargs, outs, s0, states=()):
    if len(states) >= 2:  # data times data: attention-like mixing of positions
        return _rule_global_if_derived(args, kwargs, outs, s0, states)
    (t, s), = states
    tensors = [a for a in args if isinstance(a, torch.Tensor)]
    left = tensors[0] is t
    contracted = t.ndim - 1 if left else t.ndim - 2
    if isinstance(s, Field):
        if contracted in s.axes:
            return GLOBAL
        return s if outs[0].ndim == t.ndim else UNTRACKED
    return GLOBAL if s in (GLOBAL, FLAT) else UNTRACKED


def _rule_global_if_derived(args, kwargs, outs, s0, states=()):
    return GLOBAL if any(isinstance(s, Field) or s in (GLOBAL, FLAT) for _, s in states) else UNTRACKED


def _rule_softmax(args, kwargs, outs, s0):
    x = args[0]
    dim = op_arg(args, kwargs, 1, "dim", None)
    if isinstance(s0, Field) and dim is not None and norm_dim(dim, x.ndim) in s0.axes:
        return GLOBAL
    return None



def _rule_pad(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    if s0.merged:
        return UNTRACKED
    pad = list(op_arg(args, kwargs, 1, "pad"))
    start = list(s0.start)
    for k, a in enumerate(s0.axes):
        from_end = x.ndim - 1 - a
        if 2 * from_end < len(pad):
            # start_out = start_in - p_before * j_in  (F.pad lists (before, after) pairs from the last dim)
            start[k] -= pad[2 * from_end] * s0.jump[k]
    return Field(s0.axes, s0.size, s0.jump, tuple(start))


def _rule_interpolate(args, kwargs, outs, s0):
    x, o = args[0], outs[0]
    if not isinstance(s0, Field):
        return s0
    n = x.ndim - 2
    if not _spatial_ok(s0, x, n):
        return UNTRACKED
    mode = op_arg(args, kwargs, 3, "mode", "nearest")
    taps = {"nearest": 0, "nearest-exact": 0, "bicubic": 3}.get(mode, 1)  # neighbours mixed beyond the nearest
    size, jump, start = [], [], []
    for r, j, s, i, out in zip(s0.size, s0.jump, s0.start, x.shape[-n:], o.shape[-n:]):
        f = int(out) / int(i)
        # r_out = r_in + taps * j_in,   j_out = j_in / f,   start_out = start_in + (0.5 / f - 0.5) * j_in
        size.append(r + taps * j)
        jump.append(j / f)
        start.append(s + (0.5 / f - 0.5) * j)  # align_corners=False: output pixel centres in input coordinates
    return Field(s0.axes, tuple(size), tuple(jump), tuple(start))


def _rule_untracked(args, kwargs, outs, s0):
    return GLOBAL if s0 == GLOBAL else UNTRACKED


RULES = {name: _rule_conv for name in ("conv1d", "conv2d", "conv3d")}
for _n in (1, 2, 3):
    RULES.update({f"max_pool{_n}d": _pool_rule(_n, True), f"_max_pool{_n}d": _pool_rule(_n, True),
                  f"max_pool{_n}d_with_indices": _pool_rule(_n, True), f"avg_pool{_n}d": _pool_rule(_n, False),
                  f"adaptive_avg_pool{_n}d": _adaptive_rule(_n), f"adaptive_max_pool{_n}d": _adaptive_rule(_n),
                  f"_adaptive_max_pool{_n}d": _adaptive_rule(_n),
                  f"adaptive_max_pool{_n}d_with_indices": _adaptive_rule(_n)})
RULES.update({name: _rule_reduce for name in (
    "mean", "sum", "amax", "amin", "max", "min", "std", "var", "logsumexp", "prod", "norm", "nanmean", "median",
    "std_mean", "var_mean")})
RULES.update({"linear": _rule_linear, "softmax": _rule_softmax, "log_softmax": _rule_softmax,
              "softmin": _rule_softmax, "_softmax": _rule_softmax, "pad": _rule_pad, "_pad": _rule_pad,
              "interpolate": _rule_interpolate, "upsample": _rule_interpolate})
RULES.update({name: _rule_untracked for name in (
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "unfold", "fold", "roll", "pixel_shuffle",
    "pixel_unshuffle", "grid_sample", "flip", "cumsum", "cumprod")})
# Rules that look at every derived input.
MULTI = {"matmul": _rule_matmul, "__matmul__": _rule_matmul, "__rmatmul__": _rule_matmul, "mm": _rule_matmul,
         "bmm": _rule_matmul, "einsum": _rule_global_if_derived, "tensordot": _rule_global_if_derived,
         "scaled_dot_product_attention": _rule_global_if_derived, "multi_head_attention_forward":
         _rule_global_if_derived, "baddbmm": _rule_global_if_derived, "addmm": _rule_global_if_derived}
