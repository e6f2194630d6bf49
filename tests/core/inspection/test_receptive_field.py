"""Unit rules of the receptive-field tracker on small tensors (real CPU tensors, no model)."""
import torch
import torch.nn.functional as F

from playground.core.inspection.receptive_field import (
    FLAT,
    GLOBAL,
    UNTRACKED,
    Field,
    describe,
    image_field,
    mark,
    state_of,
)
from playground.core.inspection.receptive_field_layout import _groups
from playground.core.inspection.receptive_field_tracker import FieldTracker


def _run(fn, shape=(1, 2, 8, 8)):
    x = torch.randn(shape)
    mark(x, image_field(x.ndim, 2))
    with FieldTracker():
        y = fn(x)
    return state_of(y)


def test_conv_then_pool_arithmetic():
    w = torch.randn(2, 2, 3, 3)
    f = _run(lambda x: F.max_pool2d(F.conv2d(x, w, padding=1), 2))
    assert f == Field((2, 3), (4.0, 4.0), (2, 2), (0.5, 0.5))


def test_same_padding_string_and_avg_pool_defaults():
    w = torch.randn(2, 2, 5, 5)
    f = _run(lambda x: F.avg_pool2d(F.conv2d(x, w, padding="same"), kernel_size=2))
    assert f.size == (6, 6) and f.jump == (2, 2) and f.start == (0.5, 0.5)


def test_tokens_from_a_patch_embedding_keep_their_field_until_attention():
    w = torch.randn(4, 2, 4, 4)

    def vit_like(x):
        t = F.conv2d(x, w, stride=4).flatten(2).transpose(1, 2)  # (B, 4, 4) tokens x dims
        t = F.layer_norm(t, (4,))
        return t

    f = _run(vit_like)
    assert f.axes == (1,) and f.merged and f.size == (4, 4) and f.jump == (4, 4)
    attn = _run(lambda x: F.scaled_dot_product_attention(*(F.conv2d(x, w, stride=4).flatten(2).transpose(1, 2),) * 3))
    assert attn == GLOBAL


def test_flatten_with_channels_then_linear_is_global():
    w = torch.randn(3, 2 * 8 * 8)
    assert _run(lambda x: x.flatten(1)) == FLAT
    assert _run(lambda x: F.linear(x.flatten(1), w)) == GLOBAL


def test_channels_last_linear_keeps_field():
    w = torch.randn(5, 2)
    f = _run(lambda x: F.linear(x.permute(0, 2, 3, 1), w).permute(0, 3, 1, 2))
    assert f == image_field()


def test_squeeze_excitation_scale_does_not_widen_the_field():
    def se(x):
        s = torch.sigmoid(x.mean((2, 3), keepdim=True))  # (B, C, 1, 1), global
        return x * s
    assert _run(se) == image_field()
    assert _run(lambda x: x.mean((2, 3), keepdim=True)) == GLOBAL


def test_slicing_shifts_start_and_scales_jump():
    f = _run(lambda x: x[:, :, 2:, ::2])
    assert f.start == (2, 0) and f.jump == (1, 2)
    assert _run(lambda x: x[:, :, 0]) == UNTRACKED


def test_upsampling_divides_the_jump():
    f = _run(lambda x: F.interpolate(F.max_pool2d(x, 2), scale_factor=2, mode="nearest"))
    assert f.jump == (1, 1) and f.size == (2, 2)


def test_channel_concat_is_a_union_and_spatial_concat_is_untracked():
    w = torch.randn(2, 2, 3, 3)
    f = _run(lambda x: torch.cat([x, F.conv2d(x, w, padding=1)], dim=1))
    assert f.size == (3, 3)
    assert _run(lambda x: torch.cat([x, x], dim=2)) == UNTRACKED


def test_reshape_groups():
    assert _groups((1, 768, 14, 14), (1, 768, 196)) == [([0], [0]), ([1], [1]), ([2, 3], [2])]
    assert _groups((2, 6), (3, 4)) is None or _groups((2, 6), (3, 4)) == [([0, 1], [0, 1])]
    assert _groups((4, 1), (4,)) == [([0, 1], [0])]


def test_describe():
    assert describe(GLOBAL) == ("global", "", "")
    assert describe(None) == ("", "", "")
    assert describe(Field((2, 3), (7.0, 3.0), (2.0, 2.0), (0.5, 0.5))) == ("7x3", "2", "0.5")
