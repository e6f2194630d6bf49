"""The output-size formula against PyTorch itself, its errors, and the notes' worked comparisons."""
import itertools

import pytest
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.lessons.architecture.compute import bottleneck_vs_two_3x3, conv_geometry, stacked_vs_single


def test_formula_equals_pytorch_on_a_grid():
    for n, k, s, p, d in itertools.product(range(1, 11), range(1, 5), range(1, 4), range(0, 3), range(1, 3)):
        if d * (k - 1) + 1 > n + 2 * p:
            continue
        out = F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]
        assert conv_geometry(n, k, s, p, d).output == out, (n, k, s, p, d)


def test_notes_examples():
    assert conv_geometry(224, 7, 2, 3).output == 112   # ResNet's first layer
    assert conv_geometry(227, 11, 4, 0).output == 55   # AlexNet conv1
    assert conv_geometry(32, 5).output == 28           # LeNet conv1


def test_windows_and_exactness():
    g = conv_geometry(7, 3, 2, 1)
    assert g.output == 4 and g.exact and g.window(3) == [6, 7, 8]
    g = conv_geometry(8, 3, 2, 0)
    assert g.output == 3 and not g.exact
    assert conv_geometry(9, 3, 1, 0, dilation=3).window(0) == [0, 3, 6]


@pytest.mark.parametrize("args,key", [
    ((0, 3, 1, 0, 1), "architecture_conv_out_of_range"), ((5, 3, 0, 0, 1), "architecture_conv_out_of_range"),
    ((5, 3, 1, -1, 1), "architecture_conv_out_of_range"), ((5, 7, 1, 0, 1), "architecture_conv_kernel_too_big"),
    (("five", 3, 1, 0, 1), "architecture_not_whole_number"), ((5.5, 3, 1, 0, 1), "architecture_not_whole_number"),
    ((None, 3, 1, 0, 1), "architecture_not_whole_number"), ((float("inf"), 3, 1, 0, 1), "architecture_not_whole_number"),
    ((10**9, 3, 1, 0, 1), "architecture_conv_out_of_range"),
])
def test_bad_settings(args, key):
    with pytest.raises(PlaygroundError) as info:
        conv_geometry(*args)
    assert info.value.key == key


def test_bottleneck_saves_16_9x_as_in_the_notes():
    bottleneck, plain = bottleneck_vs_two_3x3(256)
    assert bottleneck.params == 1 * 1 * 256 * 64 + 3 * 3 * 64 * 64 + 1 * 1 * 64 * 256 == 69_632
    assert plain.params == 3 * 3 * 256 * 256 * 2 == 1_179_648
    assert round(plain.params / bottleneck.params, 2) == 16.94
    assert bottleneck.kernels == (1, 3, 1) and plain.kernels == (3, 3)
    assert bottleneck.macs == bottleneck.params * 56 * 56  # stride 1, 'same' padding: one MAC per weight per pixel


def test_three_3x3_vs_one_7x7():
    stack, single = stacked_vs_single(64, 3, 3)
    assert stack.receptive_field == single.receptive_field == 7
    assert stack.params == 27 * 64 * 64 and single.params == 49 * 64 * 64
    assert (stack.nonlinearities, single.nonlinearities) == (3, 1)


@pytest.mark.parametrize("call", [lambda: bottleneck_vs_two_3x3(255), lambda: bottleneck_vs_two_3x3(0),
                                  lambda: stacked_vs_single(64, 0, 3), lambda: stacked_vs_single(64, 3, 4)])
def test_bad_comparisons(call):
    with pytest.raises(PlaygroundError):
        call()


def test_skipped_rows():
    assert conv_geometry(8, 3, 2, 0).skipped == 1 and conv_geometry(7, 3, 2, 1).skipped == 0
