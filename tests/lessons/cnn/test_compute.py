"""Inside a CNN: image conversion of odd inputs, activation capture (and hooks removed even after an error),
top-k softmax, Grad-CAM on a hand-checked case, receptive-field regions, and the pure figure builders."""
import json
from collections import OrderedDict

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core.data.images import read_image, to_model_input
from playground.core.data.preprocess import plain
from playground.core.errors import PlaygroundError
from playground.core.inspection.receptive_field import Field
from playground.core.models import create_model
from playground.figures.grid import tile
from playground.lessons.cnn.compute import capture, grad_cam, input_region, spatial_layers, strongest_channels, top_k
from playground.lessons.cnn.figures import plot_feature_maps, plot_filters, plot_grad_cam, plot_overview, plot_top_k

LABELS = dict(channel="channel", scale="scale", weight="weight", **{"in": "in", "out": "out"}, title="stages",
              probability="probability", importance="importance")


@pytest.mark.parametrize("image, expected", [
    (np.zeros((4, 5), np.uint8), (4, 5, 1)),                      # grey
    (np.full((4, 5, 3), 65535, np.uint16), (4, 5, 3)),            # 16-bit RGB
    (np.full((4, 5, 4), 255.0, np.float32), (4, 5, 3)),           # floats on a 0-255 scale, RGBA
    (np.ones((4, 5, 2), bool), (4, 5, 1)),                         # grey + alpha
])
def test_odd_images_become_floats_in_0_1(image, expected):
    a = read_image(image, background="white")
    assert a.shape == expected and a.dtype == np.float32 and 0 <= a.min() <= a.max() <= 1


def test_transparent_pixels_are_white_paper():
    rgba = np.zeros((2, 2, 4), np.uint8)  # black, fully transparent
    rgba[0, 0] = [0, 0, 0, 255]           # one opaque black pixel
    a = read_image(rgba, background="white")
    assert a[0, 0].tolist() == [0, 0, 0] and a[1, 1].tolist() == [1, 1, 1]


@pytest.mark.parametrize("image, key", [
    (None, "image_missing"), (np.zeros((5, 6, 7)), "image_bad_shape"), (np.zeros(5), "image_bad_shape"),
    (np.array([{"a": 1}]), "image_unreadable"),
    (np.broadcast_to(np.uint8(0), (8000, 6000)), "image_too_large"),  # 48 M pixels, no memory used
])
def test_bad_images_are_named(image, key):
    with pytest.raises(PlaygroundError) as e:
        read_image(image, background="white")
    assert e.value.key == key


def test_model_input_matches_channels_size_and_normalisation():
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[70:210, 105:175] = 0  # a dark stroke on white paper, two 35-px cells wide
    digits = plain((1, 32, 32), mean=0.5, std=0.25, light_on_dark=True)
    x, preview = to_model_input(drawing, digits, invert=True, via=8, background="white")
    assert x.shape == (1, 1, 32, 32) and preview.shape == (32, 32, 1)
    assert preview[16, 16, 0] > 0.5 > preview[2, 2, 0]  # the stroke is bright after inverting
    assert torch.allclose(x[0, 0], (torch.from_numpy(preview[:, :, 0]) - 0.5) / 0.25)
    rgb, _ = to_model_input(np.zeros((10, 20, 3), np.uint8), plain((3, 32, 32)), background="white")
    grey, _ = to_model_input(np.zeros((10, 20, 3), np.uint8), plain((1, 28, 28)), background="white")
    assert rgb.shape == (1, 3, 32, 32) and grey.shape == (1, 1, 28, 28)


def test_capture_keeps_every_conv_and_pool_output_in_order():
    model = create_model("lenet5")
    cap = capture(model, torch.randn(1, 1, 32, 32))
    assert [(m.name, tuple(m.maps.shape)) for m in cap.layers] == [
        ("conv1", (6, 28, 28)), ("pool1", (6, 14, 14)), ("conv2", (16, 10, 10)), ("pool2", (16, 5, 5))]
    assert cap.logits.shape == (10,) and model.training  # the model's mode is restored
    assert all(not m._forward_hooks for m in model.modules())


def test_hooks_are_removed_after_an_exception():
    model = create_model("lenet5")
    with pytest.raises(RuntimeError):
        capture(model, torch.randn(1, 3, 32, 32))  # wrong channel count fails inside the forward
    assert all(not m._forward_hooks for m in model.modules())


def test_models_without_convolutions_are_explained():
    with pytest.raises(PlaygroundError) as e:
        spatial_layers(create_model("mlp"))
    assert e.value.key == "cnn_no_conv_layers"


def test_top_k_is_the_notes_softmax_example():
    pairs = top_k(torch.tensor([3.0, 1.0, -1.0]), ["cat", "dog", "bird"], k=3)
    assert [n for n, _ in pairs] == ["cat", "dog", "bird"]
    assert [round(p, 4) for _, p in pairs] == [0.8668, 0.1173, 0.0159]


def _tiny_cam_model():
    conv = nn.Conv2d(1, 2, 1, bias=False)
    conv.weight.data = torch.tensor([1.0, -1.0]).view(2, 1, 1, 1)  # channel 0 = x, channel 1 = -x
    fc = nn.Linear(2, 2, bias=False)
    fc.weight.data = torch.eye(2)                                     # logit c = mean of channel c
    return nn.Sequential(conv, nn.AdaptiveAvgPool2d(1), nn.Flatten(), fc)


def test_grad_cam_by_hand():
    # y0 = mean(A0) so dy0/dA0 = 1/4 at each of the 4 positions and dy0/dA1 = 0: cam = relu(x / 4) / max = x / 4
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).view(1, 1, 2, 2)
    cam, target, predicted = grad_cam(_tiny_cam_model(), x, "0")
    assert target == 0 and np.allclose(cam, [[0.25, 0.5], [0.75, 1.0]])
    cam, target, predicted = grad_cam(_tiny_cam_model(), x, "0", target=1)  # class 1 sees -x: nothing positive
    assert target == 1 and np.allclose(cam, 0)
    with pytest.raises(PlaygroundError):
        grad_cam(_tiny_cam_model(), x, "0", target=5)


def test_input_region_of_a_unit():
    field = Field(axes=(2, 3), size=(5.0, 5.0), jump=(2.0, 2.0), start=(2.0, 2.0))  # conv 5x5, then stride 2
    assert input_region(field, 0, 0, 32, 32) == (0, 0, 4, 4)
    assert input_region(field, 3, 1, 32, 32) == (6, 2, 10, 6)
    assert input_region(Field((2, 3), (9.0, 9.0), (1.0, 1.0), (0.0, 0.0)), 0, 0, 32, 32) == (0, 0, 4, 4)  # clipped


def test_strongest_channels():
    maps = torch.zeros(4, 2, 2)
    maps[2] = -3.0
    maps[1] = 1.0
    assert strongest_channels(maps, 2) == [2, 1]


def test_tile_leaves_gaps():
    z = tile(np.ones((5, 3, 3)), cols=2)
    assert z.shape == (3 * 4 - 1, 2 * 4 - 1) and np.isnan(z[3, 0]) and np.isnan(z[-3:, -3:]).all()


def test_feature_maps_figure_is_one_compact_heatmap():
    maps = np.random.default_rng(0).standard_normal((64, 28, 28)).astype(np.float32)
    fig = plot_feature_maps(maps, list(range(64)), LABELS, scale="layer")
    assert len(fig.data) == 1 and fig.data[0].zmid == 0  # signed values: diverging, centred
    assert len(fig.to_json()) < 1_000_000
    positive = plot_feature_maps(np.abs(maps[:4]), [0, 1, 2, 3], LABELS, scale="channel")
    assert positive.data[0].zmin == 0 and np.nanmax(positive.data[0].z) == pytest.approx(1)


def test_filter_overview_top_k_and_cam_figures():
    rgb = plot_filters(np.random.default_rng(0).standard_normal((16, 3, 5, 5)), LABELS)
    assert isinstance(rgb.data[0], go.Image)
    deep = plot_filters(np.random.default_rng(0).standard_normal((16, 6, 5, 5)), LABELS)
    assert isinstance(deep.data[0], go.Heatmap) and deep.data[0].z.shape == (16 * 6 - 1, 6 * 6 - 1)
    strip = plot_overview([("conv1", np.ones((3, 28, 28))), ("pool1", np.ones((2, 14, 14)))], LABELS)
    assert len(strip.data) == 1 and list(strip.layout.xaxis.ticktext) == ["conv1", "pool1"]
    bars = plot_top_k([("7", 0.9), ("1", 0.1)], LABELS)
    assert list(bars.layout.yaxis.ticktext) == ["1", "7"]
    cam = plot_grad_cam(np.ones((8, 8, 1)), np.zeros((8, 8)), LABELS)
    assert len(cam.data) == 2 and json.loads(cam.to_json())


def test_image_files_of_any_kind_and_corrupt_ones(tmp_path):
    from PIL import Image
    Image.new("P", (40, 30), 3).save(tmp_path / "palette.gif")
    Image.new("I;16", (40, 30), 4000).save(tmp_path / "deep.png")
    Image.new("RGBA", (40, 30), (255, 0, 0, 128)).save(tmp_path / "half.webp")
    for name in ("palette.gif", "deep.png", "half.webp"):
        a = read_image(str(tmp_path / name), background="white")
        assert a.shape[:2] == (30, 40) and 0 <= a.min() <= a.max() <= 1, name
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (tmp_path / "notes.png").write_text("not an image")
    for name in ("broken.png", "notes.png", "missing.png"):
        with pytest.raises(PlaygroundError) as e:
            read_image(str(tmp_path / name), background="white")
        assert e.value.key == "image_unreadable", name


# ---------------------------------------------------------------------------------------------------------------
# Limits that protect the host

def test_views_refuse_models_too_heavy_for_one_forward_pass(monkeypatch):
    from playground.core import config
    from playground.core import probe as activations
    from playground.lessons.cnn.compute import subject_from_key
    assert activations.view_cost("vgg16") == (15_470_264_320, activations.view_cost("vgg16")[1])  # torchvision's
    with pytest.raises(PlaygroundError) as e:
        subject_from_key("timm/efficientnet_b7")  # 37.7 G MACs at 600 x 600
    assert e.value.key == "view_too_heavy" and e.value.params["gmacs"] == "37.7" and e.value.params["limit"] == "20"
    monkeypatch.setattr(config, "MAX_VIEW_MACS", 1e9)  # a smaller host: LeNet-5 fits, VGG-11 (7.6 G) does not
    activations.check_view_cost("lenet5")
    with pytest.raises(PlaygroundError):
        activations.check_view_cost("vgg11")
    monkeypatch.setattr(config, "MAX_VIEW_ACTIVATION_BYTES", 1)  # and memory counts on its own
    with pytest.raises(PlaygroundError) as e:
        activations.check_view_cost("lenet5")
    assert e.value.params["memory_limit"] == "0"


def test_model_cache_keeps_recent_models_within_its_byte_budget(monkeypatch):
    from playground.core import config
    from playground.core import probe as activations
    monkeypatch.setattr(activations, "_MODELS", type(activations._MODELS)())
    lenet = activations.random_model("lenet5")
    assert activations.random_model("lenet5") is lenet  # shared, not rebuilt
    small = activations.weight_bytes(lenet)
    monkeypatch.setattr(config, "MAX_CACHED_MODEL_BYTES", 3 * small)
    for key in ("tiny_mlp", "tiny_lstm", "tiny_gru"):
        activations.random_model(key)
    kept = [k for k, _ in activations._MODELS]
    assert kept[-1] == "tiny_gru" and sum(map(activations.weight_bytes, activations._MODELS.values())) <= 3 * small
    monkeypatch.setattr(config, "MAX_CACHED_MODEL_BYTES", 1)  # the newest model stays whatever its size
    activations.random_model("tiny_rnn")
    assert [k for k, _ in activations._MODELS] == ["tiny_rnn"]
    monkeypatch.setattr(config, "MAX_CACHED_MODEL_BYTES", 2**40)
    monkeypatch.setattr(config, "MAX_CACHED_MODELS", 2)  # and never more than this many
    for key in ("tiny_mlp", "tiny_lstm", "tiny_gru"):
        activations.random_model(key)
    assert [k for k, _ in activations._MODELS] == ["tiny_lstm", "tiny_gru"]


@pytest.mark.parametrize("layer", ["features.0", "features.2", "features.3"])
def test_grad_cam_equals_the_full_graph_computation(layer):
    """Grad-CAM records only the layers after A; its map equals the textbook one computed with the whole graph,
    also where an in-place ReLU follows A (VGG's layout)."""
    torch.manual_seed(0)
    model = nn.Sequential(OrderedDict(features=nn.Sequential(
        nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(inplace=True), nn.Conv2d(6, 8, 3, padding=1), nn.MaxPool2d(2),
        nn.ReLU(inplace=True)), pool=nn.AdaptiveAvgPool2d(1), flat=nn.Flatten(), fc=nn.Linear(8, 4))).eval()
    x = torch.randn(1, 3, 12, 12)
    kept = {}
    handle = model.get_submodule(layer).register_forward_hook(lambda m, a, out: kept.setdefault("a", out))
    logits = model(x)
    handle.remove()
    target = int(logits[0].argmax())
    (g,) = torch.autograd.grad(logits[0, target], kept["a"])
    cam = (g.mean(dim=(2, 3), keepdim=True) * kept["a"]).sum(dim=1, keepdim=True).relu()
    cam = F.interpolate(cam, size=(12, 12), mode="bilinear", align_corners=False)[0, 0]
    ours, t, predicted = grad_cam(model, x, layer)
    assert t == predicted == target
    np.testing.assert_allclose(ours, (cam / cam.max()).detach().numpy(), atol=1e-6)
    assert all(p.grad is None for p in model.parameters())
