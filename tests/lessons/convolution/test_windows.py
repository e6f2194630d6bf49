"""Pooling and one convolution output, against PyTorch: F.max_pool2d, F.avg_pool2d (ceil_mode included) and
F.conv2d; the typed grids and their messages."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.lessons.convolution import windows as wn

RNG = np.random.default_rng(0)
POOL_CASES = [(h, w, k, s, ceil) for h, w in ((4, 4), (5, 5), (4, 7), (9, 6), (10, 10)) for k in (1, 2, 3)
              for s in (1, 2, 3) for ceil in (False, True)]


def _torch(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(x)[None, None]  # (1, 1, H, W)


@pytest.mark.parametrize("h, w, k, s, ceil", POOL_CASES)
def test_pooling_matches_pytorch(h, w, k, s, ceil):
    x = RNG.integers(-9, 10, size=(h, w)).astype(np.float64)
    pooled = wn.pool(x, k, s, ceil)
    want_max = F.max_pool2d(_torch(x), k, s, ceil_mode=ceil)[0, 0].numpy()
    want_avg = F.avg_pool2d(_torch(x), k, s, ceil_mode=ceil)[0, 0].numpy()
    np.testing.assert_allclose(pooled.maximum, want_max)
    np.testing.assert_allclose(pooled.average, want_avg)
    assert pooled.maximum.shape == (wn.pool_output_size(h, k, s, ceil), wn.pool_output_size(w, k, s, ceil))
    assert len(pooled.windows) == pooled.maximum.size
    for (i, j, rows, cols, values), (r, c) in zip(pooled.windows, pooled.winners):
        assert x[r, c] == pooled.maximum[i, j] and r in rows and c in cols and values.size == len(rows) * len(cols)


def test_the_notes_pooling_example_and_ceil_mode():
    x = wn.read_grid(wn.POOL_EXAMPLE, "input")
    pooled = wn.pool(x, 2, 2, False)
    assert pooled.maximum.tolist() == [[6, 8], [3, 4]] and pooled.average.tolist() == [[3.25, 5.25], [2, 2]]
    down, up = wn.pool(x, 3, 2, False), wn.pool(x, 3, 2, True)
    assert down.maximum.shape == (1, 1) and up.maximum.shape == (2, 2)
    assert up.average[1, 1] == pytest.approx((1 + 0 + 3 + 4) / 4)  # the partial window divides by its 4 cells


def test_output_sizes_follow_pytorch_for_googlenets_pools():
    for n, want in ((112, 56), (56, 28), (28, 14)):
        assert wn.pool_output_size(n, 3, 2, True) == want
        assert F.max_pool2d(torch.zeros(1, 1, n, n), 3, 2, ceil_mode=True).shape[-1] == want
    assert [wn.pool_output_size(n, 3, 2, False) for n in (56, 28, 14)] == [27, 13, 6]
    assert wn.pool_output_size(5, 1, 3, True) == 2  # a window that would start past the input is dropped


@pytest.mark.parametrize("h, w, kh, kw, s, p", [(5, 5, 3, 3, 1, 0), (5, 5, 3, 3, 2, 1), (7, 4, 2, 3, 1, 2),
                                                 (6, 6, 1, 1, 3, 0), (4, 5, 4, 4, 1, 0), (3, 3, 5, 5, 1, 1)])
def test_conv_step_matches_conv2d(h, w, kh, kw, s, p):
    x = RNG.normal(size=(h, w))
    kernel = RNG.normal(size=(kh, kw))
    want = F.conv2d(_torch(x), _torch(kernel), torch.tensor([0.5], dtype=torch.float64), stride=s, padding=p)
    step = wn.conv_step(x, kernel, 0.5, s, p, 1, 1)
    np.testing.assert_allclose(step.output, want[0, 0].numpy(), rtol=1e-12, atol=1e-12)
    assert step.value == pytest.approx(float(want[0, 0, step.row, step.col]))
    assert step.value == pytest.approx(wn.torch_value(step))
    assert step.products.sum() + 0.5 == pytest.approx(step.value)
    assert step.output.shape == (wn.conv_output_size(h, kh, s, p), wn.conv_output_size(w, kw, s, p))


def test_the_default_step_and_its_clamped_position():
    x, k = wn.read_grid(wn.CONV_INPUT_EXAMPLE, "input"), wn.read_grid(wn.CONV_KERNEL_EXAMPLE, "kernel")
    step = wn.conv_step(x, k, 0, 1, 0, 1, 1)
    # rows 1-3, columns 1-3 of the input: (5 + 7 + 1) - (9 + 5 + 1)
    assert step.patch.tolist() == [[5, 8, 9], [7, 2, 5], [1, 3, 1]] and step.value == -2
    far = wn.conv_step(x, k, 0, 1, 0, 99, -3)
    assert (far.row, far.col) == (2, 0)


@pytest.mark.parametrize("text", ["", "1 2; 3", "a b", "1 2; 3 nan", " ; ", "1e7", "; ".join(["1 " * 11] * 2)])
def test_bad_grids_are_messages(text):
    with pytest.raises(PlaygroundError) as e:
        wn.read_grid(text, "input")
    assert e.value.key == "convolution_bad_grid"


def test_grids_read_with_any_separator():
    assert wn.read_grid("1,2\n3  4", "x").tolist() == [[1, 2], [3, 4]]
    assert wn.read_grid("1 2;\n;3 4;", "x").shape == (2, 2)


@pytest.mark.parametrize("call, key", [
    (lambda x: wn.pool(x, 5, 1, False), "convolution_bad_pool_kernel"),
    (lambda x: wn.pool(x, 2, 0, False), "convolution_bad_stride"),
    (lambda x: wn.conv_step(x, np.ones((2, 2)), 0, 1, 9, 0, 0), "convolution_bad_padding"),
    (lambda x: wn.conv_step(x, np.ones((2, 2)), float("inf"), 1, 0, 0, 0), "convolution_bad_bias"),
    (lambda x: wn.conv_step(x, np.ones((6, 6)), 0, 1, 0, 0, 0), "convolution_kernel_too_big"),
])
def test_bad_settings_are_messages(call, key):
    with pytest.raises(PlaygroundError) as e:
        call(np.zeros((4, 4)))
    assert e.value.key == key
