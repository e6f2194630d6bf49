"""Receptive-field rules for ops that move, regroup or select positions without mixing them: permute, transpose,
reshape, indexing, concatenation, stacking and splitting. Each rule takes (args, kwargs, outputs, main_state) and
returns the outputs' state; `cat` and `stack` look at every derived input. Core module: imports no gradio."""
from __future__ import annotations

import torch

from .receptive_field import (
    FLAT,
    GLOBAL,
    UNTRACKED,
    Field,
    norm_dim,
    op_arg,
    unite_fields,
)


def _rule_permute(args, kwargs, outs, s0):
    x = args[0]
    dims = args[1:] if len(args) > 1 else kwargs.get("dims")
    if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
        dims = dims[0]
    dims = [norm_dim(d, x.ndim) for d in dims]
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
        d0 = norm_dim(op_arg(args, kwargs, 1, "dim0"), x.ndim)
        d1 = norm_dim(op_arg(args, kwargs, 2, "dim1"), x.ndim)
    swap = {d0: d1, d1: d0}
    return s0.moved(swap.get(a, a) for a in s0.axes)


def _rule_movedim(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    src = op_arg(args, kwargs, 1, "source")
    dst = op_arg(args, kwargs, 2, "destination")
    src = [norm_dim(d, x.ndim) for d in (src if isinstance(src, (list, tuple)) else [src])]
    dst = [norm_dim(d, x.ndim) for d in (dst if isinstance(dst, (list, tuple)) else [dst])]
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
                    # start_out = start_in + lo * j_in,   j_out = j_in * step
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
    tensors = op_arg(args, kwargs, 0, "tensors")
    dim = op_arg(args, kwargs, 1, "dim", 0)
    o = outs[0]
    dim = norm_dim(dim, o.ndim)
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
    return unite_fields(fields)


def _rule_stack(args, kwargs, outs, s0, states=()):
    dim = op_arg(args, kwargs, 1, "dim", 0)
    fields = [s for _, s in states if isinstance(s, Field)]
    if not fields or len(fields) != len(states):
        return GLOBAL if any(s == GLOBAL for _, s in states) else UNTRACKED
    dim = norm_dim(dim, outs[0].ndim)
    u = unite_fields(fields)
    return u.moved(a + (a >= dim) for a in u.axes) if isinstance(u, Field) else u


def _rule_split(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    dim = op_arg(args, kwargs, 2, "dim", 0)
    dim = norm_dim(dim, x.ndim)
    return UNTRACKED if dim in s0.axes else s0


def _rule_unbind(args, kwargs, outs, s0):
    x = args[0]
    if not isinstance(s0, Field):
        return s0
    dim = norm_dim(op_arg(args, kwargs, 1, "dim", 0), x.ndim)
    if dim in s0.axes:
        return UNTRACKED
    return s0.moved(a - (a > dim) for a in s0.axes)


RULES = {"permute": _rule_permute, "transpose": _rule_transpose, "swapaxes": _rule_transpose,
         "swapdims": _rule_transpose, "t": _rule_transpose, "movedim": _rule_movedim, "moveaxis": _rule_movedim,
         "__getitem__": _rule_getitem, "split": _rule_split, "chunk": _rule_split, "tensor_split": _rule_split,
         "unbind": _rule_unbind}
RULES.update({name: _rule_reshape for name in (
    "view", "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as")})
# Rules that look at every derived input.
MULTI = {"cat": _rule_cat, "concat": _rule_cat, "concatenate": _rule_cat, "stack": _rule_stack}
