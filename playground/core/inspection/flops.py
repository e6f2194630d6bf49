"""Floating-point operations counted at the dispatch level with torch.utils.flop_counter's own formulas.

torch's FlopCounterMode decomposes every op that has no formula, looking for a matmul inside; on the meta device
that turns each batch norm into dozens of Python-level ops and makes inspection several times slower. This counter
uses the same formula registry but decomposes only ops that can hide a matmul or a convolution; element-wise ops,
views, normalisation, pooling, reductions and copies run as they are. tests/core/inspection/test_flops.py checks that the two
agree on every registry model and on a spread of timm and torchvision models.
Core module: imports no gradio.
"""
from __future__ import annotations

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry

aten = torch.ops.aten

# Ops with no matmul or convolution inside (their decompositions are element-wise, index or reduction work).
_NO_FLOPS = {
    aten._native_batch_norm_legit_no_training, aten._native_batch_norm_legit, aten.native_batch_norm,
    aten._native_batch_norm_legit_functional, aten.native_layer_norm, aten.native_group_norm,
    aten.max_pool1d, aten.max_pool2d_with_indices, aten.max_pool3d_with_indices, aten.avg_pool1d, aten.avg_pool2d,
    aten.avg_pool3d, aten._adaptive_avg_pool2d, aten._adaptive_avg_pool3d, aten.adaptive_max_pool2d,
    aten.adaptive_max_pool3d, aten.mean, aten.sum, aten.amax, aten.amin, aten.max, aten.min, aten.var_mean,
    aten.var, aten.std, aten.prod, aten.argmax, aten.argmin, aten.logsumexp, aten._softmax, aten._log_softmax,
    aten.cat, aten.stack, aten.embedding, aten.index, aten.index_select, aten.gather, aten.scatter,
    aten.constant_pad_nd, aten.reflection_pad2d, aten.replication_pad2d, aten.clone, aten.copy_, aten._to_copy,
    aten.copy, aten.zeros_like, aten.ones_like, aten.empty_like, aten.full_like, aten.zeros, aten.ones, aten.empty,
    aten.full, aten.arange, aten.fill_, aten.masked_fill, aten.masked_fill_, aten.where, aten.tril, aten.triu,
    aten.upsample_nearest2d, aten.upsample_bilinear2d, aten.upsample_bicubic2d, aten.roll, aten.flip,
    aten.repeat, aten.pixel_shuffle, aten.pixel_unshuffle, aten.native_dropout, aten.bernoulli_,
    aten.cumsum, aten.sort, aten.topk, aten.linspace, aten.lift_fresh, aten.alias, aten.detach,
    aten.im2col, aten.col2im, aten.split_with_sizes, aten.split, aten.unbind, aten.channel_shuffle,
    aten.native_channel_shuffle, aten._local_scalar_dense,
}
_direct: dict = {}


def _runs_directly(func) -> bool:
    """True when func cannot contain counted work, so it need not be decomposed."""
    verdict = _direct.get(func)
    if verdict is None:
        verdict = (func._overloadpacket in _NO_FLOPS or func.is_view or torch.Tag.pointwise in func.tags
                   or torch.Tag.view_copy in func.tags)
        _direct[func] = verdict
    return verdict


class FlopCounter(TorchDispatchMode):
    """`with FlopCounter() as c: model(x)` leaves the FLOPs (2 per multiply-add) in c.total."""

    def __init__(self):
        super().__init__()
        self.total = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if isinstance(func, torch._ops.HigherOrderOperator):
            return func(*args, **kwargs)
        formula = flop_registry.get(func._overloadpacket)
        if formula is None and not _runs_directly(func):
            with self:
                out = func.decompose(*args, **kwargs)
            if out is not NotImplemented:
                return out
        out = func(*args, **kwargs)
        if formula is not None:
            self.total += formula(*args, **kwargs, out_val=out)
        return out
