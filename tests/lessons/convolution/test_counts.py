"""Connection and weight counts against real PyTorch layers (nn.Linear, nn.Conv2d, a locally connected layer built
from nn.Unfold), the notes' 1000 x 1000 example, and a fully connected layer as a convolution."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.i18n import EN, ZH
from playground.lessons.convolution.counts import NOTES_EXAMPLE, LocallyConnected2d, fc_as_conv, layer_counts


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_convolution_differs_local():
    """001_... says local connection cuts the weights to 1/1000; recomputed with real layers it is 1/10**4."""
    with torch.device("meta"):
        full = nn.Linear(1000 * 1000, 1000 * 1000).weight.numel()                  # every unit sees every pixel
        local = LocallyConnected2d(1, 1, 1000 + 9, 10).weight.numel()             # padded so 1000 x 1000 units
        shared = nn.Conv2d(1, 1, 10, padding="same").weight.numel()
    assert (full, local, shared) == (10 ** 12, 10 ** 8, 100)
    assert full // local == 10_000 and full % local == 0 and full // local != 1000
    full_c, local_c, shared_c = layer_counts(**NOTES_EXAMPLE)
    assert (full_c.weights, local_c.weights, shared_c.weights) == (full, local, shared)
    assert "1/10,000" in EN["convolution_differs_local"] and "万分之一" in ZH["convolution_differs_local"]
    assert "10¹²" in EN["convolution_differs_local"] and "10⁸" in EN["convolution_differs_local"]


@pytest.mark.parametrize("size, field, channels, maps", [(28, 5, 1, 6), (32, 3, 3, 16), (7, 7, 2, 3), (8, 4, 1, 1)])
def test_counts_equal_the_real_layers(size, field, channels, maps):
    full, local, shared = layer_counts(size, field, channels, maps)
    fc = nn.Linear(channels * size * size, maps * size * size)
    conv = nn.Conv2d(channels, maps, field, padding="same")
    lc = LocallyConnected2d(channels, maps, size + field - 1, field)
    assert full.weights + full.biases == _params(fc)
    assert shared.weights + shared.biases == _params(conv)
    assert local.weights + local.biases == _params(lc)
    assert local.weights == maps * size * size * channels * field * field  # the formula, written out again
    assert full.pytorch == full.weights and local.pytorch == local.weights and shared.pytorch == shared.weights
    assert local.connections == shared.connections == maps * size * size * channels * field * field
    x = torch.randn(2, channels, size, size)
    assert conv(x).shape == (2, maps, size, size)  # each map keeps the image's size, as the counts assume


def test_a_locally_connected_layer_with_tied_weights_is_a_convolution():
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 4, 3, padding=1)
    lc = LocallyConnected2d(3, 4, 6, 3, padding=1)
    with torch.no_grad():
        lc.weight.copy_(conv.weight.reshape(4, -1).expand(lc.weight.shape))  # every position: the same kernel
        lc.bias.copy_(conv.bias.view(4, 1, 1).expand(lc.bias.shape))
    x = torch.randn(2, 3, 6, 6)
    torch.testing.assert_close(lc(x), conv(x), rtol=1e-5, atol=1e-5)
    with torch.no_grad():
        lc.weight[5].add_(1.0)  # untie one position: only its output changes
    changed = (lc(x) - conv(x)).abs().amax(dim=(0, 1)).flatten() > 1e-4
    assert changed.nonzero().flatten().tolist() == [5]


def test_fc_equals_conv_with_the_same_weights():
    whole, pixel = fc_as_conv(3, 4, 5, 7, seed=1)
    assert whole.fc_params == whole.conv_params == 3 * 4 * 5 * 7 + 7
    assert pixel.fc_params == pixel.conv_params == 3 * 7 + 7
    assert whole.fc_out.shape == (7,) and pixel.fc_out.shape == (7 * 4 * 5,)
    assert whole.difference < 1e-5 and pixel.difference < 1e-5
    # an independent oracle: the conv output computed by F.conv2d from the FC weights reshaped
    g = torch.Generator().manual_seed(1)
    x = torch.randn(1, 3, 4, 5, generator=g)
    weight = torch.randn(7, 60, generator=g) / 60 ** 0.5
    bias = torch.randn(7, generator=g) * 0.1
    torch.testing.assert_close(F.conv2d(x, weight.view(7, 3, 4, 5), bias).flatten(), whole.conv_out)
    torch.testing.assert_close(F.linear(x.flatten(1), weight, bias).flatten(), whole.fc_out)


@pytest.mark.parametrize("args, key", [((0, 3), "convolution_bad_counts"), ((5000, 3), "convolution_bad_counts"),
                                       ((8, 9), "convolution_field_too_big"), ((8, 3, 0), "convolution_bad_counts"),
                                       ((8, 3, 1, 65), "convolution_bad_counts")])
def test_bad_counts_are_messages(args, key):
    with pytest.raises(PlaygroundError) as e:
        layer_counts(*args)
    assert e.value.key == key


def test_bad_fc_sizes_are_messages():
    with pytest.raises(PlaygroundError) as e:
        fc_as_conv(0, 3, 3, 3)
    assert e.value.key == "convolution_bad_fc"
    with pytest.raises(PlaygroundError):
        fc_as_conv(3, 3, 3, 1000)
