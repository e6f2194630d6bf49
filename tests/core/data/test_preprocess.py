"""Our preprocessing against the libraries' own: timm's create_transform on its data config and torchvision's
weights.transforms(), applied to the same non-square PIL photo, give the same tensor (random-initialised models;
nothing is downloaded)."""
import numpy as np
import pytest
import timm
import torch
import torchvision
from PIL import Image, ImageDraw
from timm.data import create_transform, resolve_model_data_config

from playground.core.data.images import to_model_input
from playground.core.data.preprocess import from_timm_config, preprocess_for
from playground.core.models import resolve

# PIL rounds to whole grey levels after each resize pass; one grey level is 1 / (255 * std) ~ 0.017 once normalised
TOLERANCE = 0.025
MEAN_TOLERANCE = 0.005


def photo(height: int, width: int) -> Image.Image:
    """A smooth colour photo with a hard-edged red disc: gradients, a sine pattern and saturated edges."""
    yy, xx = np.mgrid[0:height, 0:width]
    rgb = np.stack([xx / width, yy / height, 0.5 + 0.5 * np.sin(xx / 17 + yy / 23)], axis=-1)
    im = Image.fromarray((rgb * 255).astype(np.uint8))
    ImageDraw.Draw(im).ellipse((width * 0.3, height * 0.25, width * 0.7, height * 0.8), fill=(220, 20, 30))
    return im


def _assert_close(ours: torch.Tensor, reference: torch.Tensor):
    assert ours.shape == reference.shape
    diff = (ours - reference).abs()
    assert float(diff.max()) < TOLERANCE and float(diff.mean()) < MEAN_TOLERANCE, (float(diff.max()),
                                                                                     float(diff.mean()))


@pytest.mark.parametrize("size", [(300, 400), (400, 300)])
@pytest.mark.parametrize("name", ["resnet18", "vit_tiny_patch16_224"])
def test_timm_models_match_timms_own_transform(name, size):
    model = timm.create_model(name, pretrained=False)
    config = resolve_model_data_config(model)
    image = photo(*size)
    reference = create_transform(**config)(image)[None]  # (1, 3, H, W)
    prep = preprocess_for("timm/" + name, resolve("timm/" + name).input_shape)
    assert prep == from_timm_config(config)
    _assert_close(to_model_input(image, prep, background="white")[0], reference)


@pytest.mark.parametrize("mode", ["center", "squash", "border"])
@pytest.mark.parametrize("input_size", [(3, 224, 224), (3, 192, 256)])
def test_every_timm_crop_mode(mode, input_size):
    config = dict(input_size=input_size, crop_mode=mode, crop_pct=0.9, interpolation="bilinear",
                  mean=(0.5, 0.4, 0.3), std=(0.2, 0.25, 0.3))
    image = photo(300, 400)
    _assert_close(to_model_input(image, from_timm_config(config), background="white")[0],
                  create_transform(**config)(image)[None])


@pytest.mark.parametrize("size", [(300, 400), (400, 300)])
@pytest.mark.parametrize("key", ["torchvision/resnet18", "resnet18"])
def test_torchvision_resnet18_matches_its_weights_transforms(key, size):
    model = torchvision.models.resnet18(weights=None)  # random weights: only the transform's metadata is read
    reference_transform = torchvision.models.ResNet18_Weights.DEFAULT.transforms()
    image = photo(*size)
    reference = reference_transform(image)[None]
    x = to_model_input(image, preprocess_for(key, resolve(key).input_shape), background="white")[0]
    _assert_close(x, reference)
    with torch.no_grad():
        assert model(x).shape == (1, 1000)
