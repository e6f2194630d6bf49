"""BatchNorm versus LayerNorm: the statistics over the right axes, the output against a hand computation and against
the plain formula with NumPy statistics, the shared-statistic mask, and the errors with their keys and params."""
import numpy as np
import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.normalisation import compute as nm

EPS = 1e-5
CASES = [("batch", "image", (8, 4, 8, 8)), ("layer", "image", (8, 4, 8, 8)), ("batch", "sequence", (4, 6, 5)),
         ("layer", "sequence", (4, 6, 5)), ("batch", "image", (1, 3, 2, 1)), ("layer", "image", (3, 2, 5, 4))]
# The axes each statistic runs over, written out here rather than taken from the module.
EXPECTED_AXES = {("batch", "image"): (0, 2, 3), ("layer", "image"): (1, 2, 3), ("batch", "sequence"): (0, 1),
                 ("layer", "sequence"): (2,)}


def _error(fn, *args, **kwargs) -> PlaygroundError:
    with pytest.raises(PlaygroundError) as info:
        fn(*args, **kwargs)
    return info.value


def test_make_tensor_is_seeded_and_far_from_normalised():
    x = nm.make_tensor("image", (8, 6, 8, 8), seed=3)
    assert x.shape == (8, 6, 8, 8) and x.dtype == torch.float32
    assert torch.equal(x, nm.make_tensor("image", (8, 6, 8, 8), seed=3))
    assert not torch.equal(x, nm.make_tensor("image", (8, 6, 8, 8), seed=4))
    channel_mean, channel_std = x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3))  # (C,) each
    assert channel_mean.std() > 1.0  # offsets differ by channel
    assert channel_std.max() / channel_std.min() > 1.3  # and so do scales
    assert x.mean(dim=(1, 2, 3)).std() > 0.3  # samples differ too, so LayerNorm has something to remove
    seq = nm.make_tensor("sequence", (4, 10, 16), seed=0)
    assert seq.shape == (4, 10, 16) and seq.mean(dim=(0, 1)).std() > 1.0  # per-feature offsets
    assert nm.make_tensor("image", (2, 3, 4, 4), shift=0.0).mean(dim=(0, 2, 3)).abs().max() < 1.5


@pytest.mark.parametrize("kind,layout,shape", CASES)
def test_statistics_are_zero_mean_unit_variance_over_the_right_axes(kind, layout, shape):
    x = nm.make_tensor(layout, shape, seed=1).double()
    out = nm.normalise(x, kind, layout, eps=1e-12)
    axes = EXPECTED_AXES[kind, layout]
    assert out["axes"] == axes and out["count"] == int(np.prod([shape[a] for a in axes]))
    y = out["y"]
    assert y.shape == x.shape and y.dtype == torch.float64
    np.testing.assert_allclose(y.mean(dim=axes).numpy(), 0, atol=1e-9)
    np.testing.assert_allclose(y.var(dim=axes, unbiased=False).numpy(), 1, atol=1e-6)


@pytest.mark.parametrize("kind,layout,shape", CASES[:4])
def test_the_other_kinds_groups_are_not_normalised(kind, layout, shape):
    y = nm.normalise(nm.make_tensor(layout, shape, seed=1), kind, layout)["y"]
    other = EXPECTED_AXES["layer" if kind == "batch" else "batch", layout]
    assert y.mean(dim=other).abs().max() > 0.05


@pytest.mark.parametrize("kind,layout,shape", CASES)
def test_output_equals_the_formula_with_numpy_statistics(kind, layout, shape):
    gamma, beta = 1.7, -0.3
    x = nm.make_tensor(layout, shape, seed=2).double()
    out = nm.normalise(x, kind, layout, gamma=gamma, beta=beta, eps=EPS)
    a = x.numpy()
    axes = EXPECTED_AXES[kind, layout]
    mean = a.mean(axis=axes, keepdims=True)
    var = ((a - mean) ** 2).mean(axis=axes, keepdims=True)  # biased: divide by the count
    np.testing.assert_allclose(out["mean"].numpy(), mean, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out["var"].numpy(), var, rtol=1e-12, atol=0)
    assert out["mean"].shape == mean.shape  # reduced axes kept as size 1
    np.testing.assert_allclose(out["y"].numpy(), (a - mean) / np.sqrt(var + EPS) * gamma + beta, rtol=0, atol=1e-10)


def test_batchnorm_and_layernorm_differ_on_a_sequence():
    x = nm.make_tensor("sequence", (4, 6, 5))
    bn, ln = (nm.normalise(x, kind, "sequence")["y"] for kind in nm.KINDS)
    assert (bn - ln).abs().max() > 0.1
    assert nm.normalise(x, "layer", "sequence")["mean"].shape == (4, 6, 1)  # one statistic per token
    assert nm.normalise(x, "batch", "sequence")["mean"].shape == (1, 1, 5)  # one per feature


def test_float32_input_stays_float32_and_matches_float64_closely():
    x = nm.make_tensor("image", (8, 4, 8, 8))
    y32 = nm.normalise(x, "batch", "image")["y"]
    y64 = nm.normalise(x.double(), "batch", "image")["y"]
    assert y32.dtype == torch.float32
    np.testing.assert_allclose(y32.numpy(), y64.numpy(), atol=1e-5)


@pytest.mark.parametrize("kind,layout,shape,count", [("batch", "image", (8, 4, 8, 8), 8 * 8 * 8),
                                                     ("layer", "image", (8, 4, 8, 8), 4 * 8 * 8),
                                                     ("batch", "sequence", (4, 6, 5), 4 * 6),
                                                     ("layer", "sequence", (4, 6, 5), 5)])
def test_mask_counts_and_marks_exactly_the_elements_of_one_statistic(kind, layout, shape, count):
    mask = nm.axes_mask(layout, kind, shape)
    assert mask.shape == shape and mask.dtype == bool
    assert mask.sum() == count and mask.flat[0]
    # Changing any value outside the mask leaves the first statistic alone; changing one inside moves it.
    x = nm.make_tensor(layout, shape).double()
    first = (0,) * len(shape)
    mean = nm.normalise(x, kind, layout)["mean"][first].item()
    outside = x.clone()
    outside[torch.from_numpy(~mask)] += 5.0
    assert nm.normalise(outside, kind, layout)["mean"][first].item() == pytest.approx(mean, abs=1e-12)
    inside = x.clone()
    inside[tuple(int(i) for i in np.argwhere(mask)[-1])] += 5.0
    assert nm.normalise(inside, kind, layout)["mean"][first].item() == pytest.approx(mean + 5.0 / count)


def test_image_masks_by_hand():
    bn = nm.axes_mask("image", "batch", (2, 3, 2, 2))
    assert bn[:, 0].all() and not bn[:, 1:].any()  # channel 0 in every sample
    ln = nm.axes_mask("image", "layer", (2, 3, 2, 2))
    assert ln[0].all() and not ln[1:].any()  # all of sample 0


@pytest.mark.parametrize("kind,layout", [("instance", "image"), ("batch", "video"), ("", "sequence")])
def test_unknown_kind_or_layout(kind, layout):
    for call in (lambda: nm.normalise(torch.zeros(2, 2, 2, 2), kind, layout),
                 lambda: nm.axes_mask(layout, kind, (2, 2, 2, 2))):
        err = _error(call)
        assert err.key == "normalisation_bad_norm" and err.params["kind"] == kind and err.params["layout"] == layout


@pytest.mark.parametrize("layout,shape,text", [
    ("image", (0, 3, 8, 8), "0x3x8x8"), ("image", (65, 1, 1, 1), "65x1x1x1"), ("image", (64, 64, 4, 8), "64x64x4x8"),
    ("image", (2, 3, 8), "2x3x8"), ("sequence", (2, 3, 8, 8), "2x3x8x8"), ("sequence", (2, 2.5, 3), "2x2.5x3"),
    ("sequence", (2, "a", 3), "2xax3")])
def test_bad_shapes(layout, shape, text):
    err = _error(nm.make_tensor, layout, shape)
    assert err.key == "normalisation_bad_shape"
    assert err.params == dict(shape=text, limit=nm.MAX_DIM, max_elements=nm.MAX_ELEMENTS)


def test_largest_shape_is_allowed_and_normalise_checks_the_rank():
    assert nm.make_tensor("image", (64, 64, 4, 4)).numel() == nm.MAX_ELEMENTS
    err = _error(nm.normalise, torch.zeros(2, 3, 4), "batch", "image")
    assert err.key == "normalisation_bad_shape" and err.params["shape"] == "2x3x4"


@pytest.mark.parametrize("layout,shape", [("image", (1, 3, 1, 1)), ("sequence", (1, 1, 8))])
def test_batchnorm_over_a_single_value(layout, shape):
    x = torch.randn(shape)
    err = _error(nm.normalise, x, "batch", layout)
    assert err.key == "normalisation_bn_batch_one" and err.params == {}
    with pytest.raises(ValueError, match="more than 1 value"):  # why: PyTorch refuses the same input
        torch.nn.BatchNorm2d(3)(x) if layout == "image" else torch.nn.BatchNorm1d(8)(x.transpose(1, 2))
    # LayerNorm on the same tensor is fine; one sample is fine for BatchNorm when H * W or T > 1.
    assert nm.normalise(x, "layer", layout)["y"].shape == shape
    assert nm.normalise(torch.randn(1, 3, 2, 1), "batch", "image")["count"] == 2
    assert nm.normalise(torch.randn(1, 2, 8), "batch", "sequence")["count"] == 2


def test_layernorm_over_a_single_value_gives_beta():
    out = nm.normalise(torch.randn(2, 3, 1), "layer", "sequence", beta=0.25)
    np.testing.assert_allclose(out["y"].numpy(), 0.25)


def test_make_tensor_with_an_unknown_layout():
    err = _error(nm.make_tensor, "video", (2, 2, 2, 2))
    assert err.key == "normalisation_bad_norm" and err.params == dict(kind=None, layout="video")


@pytest.mark.parametrize("gamma,beta", [(1e308, 0.0), (1.0, -1e308), (float("nan"), 0.0), (101.0, 0.0)])
def test_gamma_and_beta_must_be_finite_and_moderate(gamma, beta):
    """1e308 overflowed inside torch (RuntimeError) and nan was a ValueError (found by the fuzz suite)."""
    with pytest.raises(PlaygroundError) as info:
        nm.normalise(nm.make_tensor("image", (4, 2, 3, 3)), "batch", "image", gamma=gamma, beta=beta)
    assert info.value.key == "normalisation_bad_affine"


def test_normalise_needs_a_kind():
    with pytest.raises(PlaygroundError) as info:
        nm.normalise(nm.make_tensor("image", (4, 2, 3, 3)), None, "image")
    assert info.value.key == "normalisation_bad_norm"
