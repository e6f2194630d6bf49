"""Receptive field, jump and start of every tensor computed from an image, followed op by op during a forward pass.

Per image axis: r is the size of the input region one unit sees, j the distance in input pixels between two
neighbouring units, and start the input coordinate of the centre of the first unit's region (pixel centres are
0, 1, 2, ...). A convolution or pooling with kernel k, stride s, padding p and dilation d maps
    r_out = r_in + (k - 1) * d * j_in,   j_out = j_in * s,   start_out = start_in + ((k - 1) * d / 2 - p) * j_in
and an element-wise op on several inputs (a residual add, a concatenation of branches) takes the union of their
regions. Refs: Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019);
Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016).

Conventions: normalisation statistics and per-channel scales broadcast over space (squeeze-and-excitation) do not
widen the field. An op that mixes all positions (global pooling, attention, a fully connected layer over flattened
features) makes the field GLOBAL. Ops whose geometry is not followed leave the tensor UNTRACKED.
This module imports no gradio and no other playground module.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch.overrides import TorchFunctionMode

ATTR = "_pg_field"
GLOBAL = "global"        # every unit depends on the whole input
UNTRACKED = "untracked"  # depends on the input, but its geometry is not followed
FLAT = "flat"            # positions were folded into the feature axis (flatten before a classifier)


@dataclass(frozen=True)
class Field:
    """Receptive field of a spatial map. `axes` are the tensor dims that index positions; a single axis holds
    tokens flattened from H x W. size, jump and start have one entry per image axis."""
    axes: tuple[int, ...]
    size: tuple[float, ...]
    jump: tuple[float, ...]
    start: tuple[float, ...]

    @property
    def merged(self) -> bool:
        return len(self.axes) != len(self.size)

    def moved(self, axes) -> "Field":
        return Field(tuple(axes), self.size, self.jump, self.start)


def image_field(ndim: int = 4, n_spatial: int = 2) -> Field:
    """The field of the input image itself: every pixel sees itself."""
    axes = tuple(range(ndim - n_spatial, ndim))
    one = (1.0,) * n_spatial
    return Field(axes, one, one, (0.0,) * n_spatial)


def state_of(t) -> object | None:
    return getattr(t, ATTR, None) if isinstance(t, torch.Tensor) else None


def mark(t: torch.Tensor, state) -> None:
    setattr(t, ATTR, state)


def describe(state) -> tuple[str, str, str]:
    """(receptive field, jump, start) as short strings for a table; empty when there is nothing to show."""
    if state == GLOBAL:
        return "global", "", ""
    if not isinstance(state, Field):
        return "", "", ""

    def fmt(values):
        values = tuple(float(f"{v:.4g}") for v in values)
        return f"{values[0]:g}" if len(set(values)) == 1 else "x".join(f"{v:g}" for v in values)
    return fmt(state.size), fmt(state.jump), fmt(state.start)


# ----------------------------------------------------------------------------------------------------------------
# The arithmetic

def _tuple(v, n: int) -> tuple:
    if isinstance(v, (list, tuple)):
        return tuple(v) if len(v) == n else tuple(v) * n if len(v) == 1 else tuple(v)
    return (v,) * n


def _window(f: Field, kernel, stride, padding, dilation) -> Field:
    size, jump, start = [], [], []
    for r, j, s, k, st, p, d in zip(f.size, f.jump, f.start, kernel, stride, padding, dilation):
        size.append(r + (k - 1) * d * j)
        start.append(s + ((k - 1) * d / 2 - p) * j)
        jump.append(j * st)
    return Field(f.axes, tuple(size), tuple(jump), tuple(start))


def _union(fields: list[Field]) -> Field | str:
    first = fields[0]
    if any(f.axes != first.axes or len(f.size) != len(first.size) for f in fields):
        return UNTRACKED
    size, jump, start = [], [], []
    for a in range(len(first.size)):
        lo = min(f.start[a] - (f.size[a] - 1) / 2 for f in fields)
        hi = max(f.start[a] + (f.size[a] - 1) / 2 for f in fields)
        size.append(hi - lo + 1)
        start.append((lo + hi) / 2)
        jump.append(max(f.jump[a] for f in fields))
    return Field(first.axes, tuple(size), tuple(jump), tuple(start))


def _arg(args, kwargs, i: int, name: str, default=None):
    if name in kwargs:
        return kwargs[name]
    return args[i] if len(args) > i else default


def _norm_dim(d: int, ndim: int) -> int:
    return d + ndim if d < 0 else d


def _spatial_ok(f: Field, x: torch.Tensor, n: int) -> bool:
    """True when the field's axes are the last n dims of x, unmerged: the layout a conv or pool expects."""
    return not f.merged and len(f.axes) == n and f.axes == tuple(range(x.ndim - n, x.ndim))


# ----------------------------------------------------------------------------------------------------------------
# Rules: each takes (args, kwargs, outputs, main_state) and returns the state of the outputs, or None to fall back
# to the element-wise rule.

def _rule_conv(args, kwargs, outs, s0):
    x, w = args[0], _arg(args, kwargs, 1, "weight")
    if not isinstance(s0, Field):
        return s0 if s0 == GLOBAL else UNTRACKED
    n = w.ndim - 2
    if not _spatial_ok(s0, x, n):
        return UNTRACKED
    kernel = tuple(w.shape[2:])
    stride = _tuple(_arg(args, kwargs, 3, "stride", 1), n)
    dilation = _tuple(_arg(args, kwargs, 5, "dilation", 1), n)
    padding = _arg(args, kwargs, 4, "padding", 0)
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
        kernel = _tuple(_arg(args, kwargs, 1, "kernel_size"), n)
        stride = _arg(args, kwargs, 2, "stride", None)
        stride = kernel if stride is None or stride == [] or stride == () else _tuple(stride, n)
        padding = _tuple(_arg(args, kwargs, 3, "padding", 0), n)
        dilation = _tuple(_arg(args, kwargs, 4, "dilation", 1), n) if has_dilation else (1,) * n
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
    dims = {_norm_dim(d, x.ndim) for d in (dim if isinstance(dim, (list, tuple)) else (dim,))}
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
    dim = _arg(args, kwargs, 1, "dim", None)
    if isinstance(s0, Field) and dim is not None and _norm_dim(dim, x.ndim) in s0.axes:
        return GLOBAL
    return None


def _rule_permute(args, kwargs, outs, s0):
    x = args[0]
    dims = args[1:] if len(args) > 1 else kwargs.get("dims")
    if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
        dims = dims[0]
    dims = [_norm_dim(d, x.ndim) for d in dims]
    if not isinstance(s0, Field):
        return s0
    return s0.moved(dims.index(a) for a in s0.axes)


def _rule_transpose(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    if len(args) < 3 and "dim0" not in kwargs:  # .t() / .T on 2-D
        d0, d1 = 0, 1
    else:
        d0 = _norm_dim(_arg(args, kwargs, 1, "dim0"), x.ndim)
        d1 = _norm_dim(_arg(args, kwargs, 2, "dim1"), x.ndim)
    swap = {d0: d1, d1: d0}
    return s0.moved(swap.get(a, a) for a in s0.axes)


def _rule_movedim(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    src = _arg(args, kwargs, 1, "source")
    dst = _arg(args, kwargs, 2, "destination")
    src = [_norm_dim(d, x.ndim) for d in (src if isinstance(src, (list, tuple)) else [src])]
    dst = [_norm_dim(d, x.ndim) for d in (dst if isinstance(dst, (list, tuple)) else [dst])]
    order = [None] * x.ndim
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(x.ndim) if d not in src)
    order = [o if o is not None else next(rest) for o in order]
    return s0.moved(order.index(a) for a in s0.axes)


def _groups(a: tuple[int, ...], b: tuple[int, ...]):
    """Pair up runs of dims of shape a and shape b with equal products (how a reshape regroups memory)."""
    groups, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        gi, gj, pa, pb = [i], [j], a[i], b[j]
        while pa != pb:
            if pa < pb:
                i += 1
                if i >= len(a):
                    return None
                gi.append(i)
                pa *= a[i]
            else:
                j += 1
                if j >= len(b):
                    return None
                gj.append(j)
                pb *= b[j]
        groups.append((gi, gj))
        i, j = i + 1, j + 1
    # Trailing dims of size 1 on either side join the last group.
    if any(a[k] != 1 for k in range(i, len(a))) or any(b[k] != 1 for k in range(j, len(b))):
        return None
    if groups:
        groups[-1] = (groups[-1][0] + list(range(i, len(a))), groups[-1][1] + list(range(j, len(b))))
    return groups


def _rule_reshape(args, kwargs, outs, s0):
    x, o = args[0], outs[0]
    if not isinstance(s0, Field):
        return s0 if s0 in (GLOBAL, FLAT) else UNTRACKED
    a, b = tuple(x.shape), tuple(o.shape)
    groups = _groups(a, b)
    if groups is None:
        return UNTRACKED
    axes = set(s0.axes)
    new_axes = []
    for gi, gj in groups:
        big_i = [d for d in gi if a[d] != 1]
        big_j = [d for d in gj if b[d] != 1]
        hit = [d for d in gi if d in axes]
        if not hit:
            continue
        if len(big_i) <= 1 and len(big_j) <= 1:  # one dim kept as it is (maybe with size-1 dims around it)
            if s0.merged or len(hit) == 1:
                new_axes.append(big_j[0] if big_j else gj[0])
                continue
            return UNTRACKED
        if len(big_j) == 1 and set(big_i) <= axes and len(big_i) > 1:  # H, W flattened into tokens
            if len(big_i) != len(s0.axes):
                return UNTRACKED
            return Field((big_j[0],), s0.size, s0.jump, s0.start)
        if len(big_j) == 1:  # positions folded together with channels
            return FLAT
        if s0.merged and len(big_i) == 1 and len(big_j) == len(s0.size):  # tokens back to H x W
            return Field(tuple(big_j), s0.size, s0.jump, s0.start)
        return UNTRACKED
    return s0.moved(new_axes) if len(new_axes) == len(s0.axes) else UNTRACKED


def _index_items(index, ndim: int):
    items = list(index) if isinstance(index, tuple) else [index]
    n_used = sum(1 for it in items if it is not None and it is not Ellipsis)
    out = []
    for it in items:
        if it is Ellipsis:
            out.extend([slice(None)] * (ndim - n_used))
        else:
            out.append(it)
    while sum(1 for it in out if it is not None) < ndim:
        out.append(slice(None))
    return out


def _rule_getitem(args, kwargs, outs, s0):
    x, index = args[0], args[1]
    if not isinstance(s0, Field):
        return s0 if s0 == GLOBAL else UNTRACKED
    try:
        items = _index_items(index, x.ndim)
    except TypeError:
        return UNTRACKED
    src, dst = 0, 0
    mapping, size, jump, start = {}, list(s0.size), list(s0.jump), list(s0.start)
    for it in items:
        if it is None:
            dst += 1
            continue
        if isinstance(it, slice):
            if src in s0.axes:
                lo, _, step = it.indices(int(x.shape[src]))
                if (lo, step) != (0, 1):
                    if s0.merged:
                        return UNTRACKED
                    k = s0.axes.index(src)
                    start[k] += lo * jump[k]
                    jump[k] *= step
                mapping[src] = dst
            src, dst = src + 1, dst + 1
        elif isinstance(it, int) and not isinstance(it, bool):
            if src in s0.axes:
                return UNTRACKED
            src += 1
        else:
            return UNTRACKED  # tensor or list indexing
    return Field(tuple(mapping[a] for a in s0.axes), tuple(size), tuple(jump), tuple(start))


def _rule_cat(args, kwargs, outs, s0, states=()):
    tensors = _arg(args, kwargs, 0, "tensors")
    dim = _arg(args, kwargs, 1, "dim", 0)
    o = outs[0]
    dim = _norm_dim(dim, o.ndim)
    fields = [s for _, s in states if isinstance(s, Field)]
    if any(s == GLOBAL for _, s in states):
        return GLOBAL
    if not fields or len(fields) != len(states):
        return UNTRACKED
    parts = [t for t in tensors if isinstance(t, torch.Tensor) and t.numel() > 0]
    if any(dim in f.axes for f in fields):
        # Extra tokens (a class token) put in front of or behind a sequence of patch tokens leave the patches'
        # fields as they were; two derived sequences joined end to end do not form one map.
        return fields[0] if len(fields) == 1 and fields[0].merged else UNTRACKED
    if len(parts) != len(fields):
        return UNTRACKED  # an underived part (constant padding) joins the map
    return _union(fields)


def _rule_stack(args, kwargs, outs, s0, states=()):
    dim = _arg(args, kwargs, 1, "dim", 0)
    fields = [s for _, s in states if isinstance(s, Field)]
    if not fields or len(fields) != len(states):
        return GLOBAL if any(s == GLOBAL for _, s in states) else UNTRACKED
    dim = _norm_dim(dim, outs[0].ndim)
    u = _union(fields)
    return u.moved(a + (a >= dim) for a in u.axes) if isinstance(u, Field) else u


def _rule_split(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    dim = _arg(args, kwargs, 2, "dim", 0)
    dim = _norm_dim(dim, x.ndim)
    return UNTRACKED if dim in s0.axes else s0


def _rule_unbind(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    dim = _norm_dim(_arg(args, kwargs, 1, "dim", 0), x.ndim)
    if dim in s0.axes:
        return UNTRACKED
    return s0.moved(a - (a > dim) for a in s0.axes)


def _rule_pad(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    if s0.merged:
        return UNTRACKED
    pad = list(_arg(args, kwargs, 1, "pad"))
    start = list(s0.start)
    for k, a in enumerate(s0.axes):
        from_end = x.ndim - 1 - a
        if 2 * from_end < len(pad):
            start[k] -= pad[2 * from_end] * s0.jump[k]
    return Field(s0.axes, s0.size, s0.jump, tuple(start))


def _rule_interpolate(args, kwargs, outs, s0):
    x, o = args[0], outs[0]
    if not isinstance(s0, Field):
        return s0
    n = x.ndim - 2
    if not _spatial_ok(s0, x, n):
        return UNTRACKED
    mode = _arg(args, kwargs, 3, "mode", "nearest")
    taps = {"nearest": 0, "nearest-exact": 0, "bicubic": 3}.get(mode, 1)  # neighbours mixed beyond the nearest
    size, jump, start = [], [], []
    for r, j, s, i, out in zip(s0.size, s0.jump, s0.start, x.shape[-n:], o.shape[-n:]):
        f = int(out) / int(i)
        size.append(r + taps * j)
        jump.append(j / f)
        start.append(s + (0.5 / f - 0.5) * j)  # align_corners=False: output pixel centres in input coordinates
    return Field(s0.axes, tuple(size), tuple(jump), tuple(start))


def _rule_untracked(args, kwargs, outs, s0):
    return GLOBAL if s0 == GLOBAL else UNTRACKED


_CONV = {"conv1d": 1, "conv2d": 2, "conv3d": 3}
_RULES = {name: _rule_conv for name in _CONV}
for _n in (1, 2, 3):
    _RULES.update({f"max_pool{_n}d": _pool_rule(_n, True), f"_max_pool{_n}d": _pool_rule(_n, True),
                   f"max_pool{_n}d_with_indices": _pool_rule(_n, True), f"avg_pool{_n}d": _pool_rule(_n, False),
                   f"adaptive_avg_pool{_n}d": _adaptive_rule(_n), f"adaptive_max_pool{_n}d": _adaptive_rule(_n),
                   f"_adaptive_max_pool{_n}d": _adaptive_rule(_n),
                   f"adaptive_max_pool{_n}d_with_indices": _adaptive_rule(_n)})
_RULES.update({name: _rule_reduce for name in (
    "mean", "sum", "amax", "amin", "max", "min", "std", "var", "logsumexp", "prod", "norm", "nanmean", "median",
    "std_mean", "var_mean")})
_RULES.update({"linear": _rule_linear, "softmax": _rule_softmax, "log_softmax": _rule_softmax,
               "softmin": _rule_softmax, "_softmax": _rule_softmax,
               "permute": _rule_permute, "transpose": _rule_transpose, "swapaxes": _rule_transpose,
               "swapdims": _rule_transpose, "t": _rule_transpose, "movedim": _rule_movedim,
               "moveaxis": _rule_movedim, "__getitem__": _rule_getitem, "pad": _rule_pad, "_pad": _rule_pad,
               "interpolate": _rule_interpolate, "upsample": _rule_interpolate,
               "split": _rule_split, "chunk": _rule_split, "tensor_split": _rule_split, "unbind": _rule_unbind})
_RULES.update({name: _rule_reshape for name in (
    "view", "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as")})
_RULES.update({name: _rule_untracked for name in (
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "unfold", "fold", "roll", "pixel_shuffle",
    "pixel_unshuffle", "grid_sample", "flip", "cumsum", "cumprod")})
# Rules that look at every derived input.
_MULTI = {"matmul": _rule_matmul, "__matmul__": _rule_matmul, "__rmatmul__": _rule_matmul, "mm": _rule_matmul,
          "bmm": _rule_matmul, "einsum": _rule_global_if_derived, "tensordot": _rule_global_if_derived,
          "scaled_dot_product_attention": _rule_global_if_derived, "multi_head_attention_forward":
          _rule_global_if_derived, "baddbmm": _rule_global_if_derived, "addmm": _rule_global_if_derived,
          "cat": _rule_cat, "concat": _rule_cat, "concatenate": _rule_cat, "stack": _rule_stack}
# Calls that return metadata or are too common to be worth a look.
_SKIP = {"__get__", "__set__", "dim", "size", "numel", "element_size", "is_contiguous", "data_ptr", "stride",
         "__len__", "__format__", "__repr__", "__bool__", "__hash__", "tolist", "item", "__eq__"}


def _elementwise(states, outs):
    """Outputs with the same positions as their inputs: the union of the inputs' fields; inputs broadcast over
    space (size 1 on every spatial axis) do not count."""
    results = []
    for o in outs:
        fields, others = [], []
        for t, s in states:
            shift = o.ndim - t.ndim
            if isinstance(s, Field) and shift >= 0 and all(
                    int(t.shape[a]) == int(o.shape[a + shift]) for a in s.axes):
                fields.append(s.moved(a + shift for a in s.axes) if shift else s)
            else:
                others.append((t, s, shift))
        if not fields:
            kinds = {s for _, s, _ in others}
            results.append(GLOBAL if GLOBAL in kinds else FLAT if kinds == {FLAT} else UNTRACKED)
            continue
        spatial = set(fields[0].axes)
        verdict = _union(fields)
        for t, s, shift in others:
            dims = [a - shift for a in spatial if 0 <= a - shift < t.ndim]
            broadcast = all(int(t.shape[d]) == 1 for d in dims)
            if broadcast and s != FLAT:
                continue
            verdict = GLOBAL if s == GLOBAL else UNTRACKED
            break
        results.append(verdict)
    return results


def flat_tensors(obj):
    """Every tensor in a nest of tuples, lists and dicts, in order."""
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from flat_tensors(v)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from flat_tensors(v)


class FieldTracker(TorchFunctionMode):
    """While active, every op on a tensor marked with `mark(x, image_field())` marks its outputs too."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        name = getattr(func, "__name__", "")
        if name in _SKIP:
            return out
        if not kwargs and all(type(a) is not list and type(a) is not tuple for a in args):  # the common case
            states = [(t, s) for t in args if isinstance(t, torch.Tensor) and (s := getattr(t, ATTR, None))
                      is not None]
        else:
            states = [(t, s) for t in flat_tensors((args, kwargs)) if (s := state_of(t)) is not None]
        if not states:
            return out
        outs = list(flat_tensors(out))
        if not outs:
            return out
        try:
            verdict = self._verdict(name, args, kwargs, outs, states)
        except Exception:  # bookkeeping must never break the model's own forward
            verdict = [UNTRACKED] * len(outs)
        for t, v in zip(outs, verdict):
            mark(t, v)
        return out

    @staticmethod
    def _verdict(name, args, kwargs, outs, states):
        name = name.rstrip("_") if name.endswith("_") and not name.startswith("_") else name  # in-place variants
        if name in _MULTI:
            return [_MULTI[name](args, kwargs, outs, None, states=states)] * len(outs)
        rule = _RULES.get(name)
        if rule is not None:
            main = next((s for t, s in states if t is args[0]), None) if args else None
            if main is not None:
                v = rule(args, kwargs, outs, main)
                if v is not None:
                    return [v] * len(outs)
        return _elementwise(states, outs)
