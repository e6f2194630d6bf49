"""The tracker that follows receptive fields through a forward pass: while active, every op on a marked tensor
marks its outputs with the Field its rule gives (receptive_field_windows for ops over windows of positions,
receptive_field_layout for ops that move axes, the element-wise union otherwise)."""
from __future__ import annotations

import torch
from torch.overrides import TorchFunctionMode

from . import receptive_field_layout as layout
from . import receptive_field_windows as windows
from .receptive_field import ATTR, FLAT, GLOBAL, UNTRACKED, Field, flat_tensors, mark, state_of, unite_fields

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
        verdict = unite_fields(fields)
        for t, s, shift in others:
            dims = [a - shift for a in spatial if 0 <= a - shift < t.ndim]
            broadcast = all(int(t.shape[d]) == 1 for d in dims)
            if broadcast and s != FLAT:
                continue
            verdict = GLOBAL if s == GLOBAL else UNTRACKED
            break
        results.append(verdict)
    return results


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
        multi = windows.MULTI.get(name) or layout.MULTI.get(name)
        if multi is not None:
            return [multi(args, kwargs, outs, None, states=states)] * len(outs)
        rule = windows.RULES.get(name) or layout.RULES.get(name)
        if rule is not None:
            main = next((s for t, s in states if t is args[0]), None) if args else None
            if main is not None:
                v = rule(args, kwargs, outs, main)
                if v is not None:
                    return [v] * len(outs)
        return _elementwise(states, outs)
