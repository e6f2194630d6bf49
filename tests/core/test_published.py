"""playground.core.published against the libraries as oracles, offline: a timm model with random weights written as
its hub repository (model.safetensors + config.json) under a temporary HF_HUB_CACHE, a torchvision model with random
weights written as its weights' file under a temporary TORCH_HOME; both loaded through our path equal the library's
own pretrained model built from the same file, and our picture preparation equals the library's transform."""
from __future__ import annotations

import json
from collections import OrderedDict

import numpy as np
import pytest
import timm
import torch
import torchvision
from PIL import Image
from safetensors.torch import save_file
from timm.data import create_transform, resolve_data_config

from playground.core import probe, published
from playground.core.data.images import to_model_input
from playground.core.errors import PlaygroundError
from playground.i18n import message
from tests.hub_layout import write_hub_repo

TIMM_NAME = "test_resnet.r160_in1k"  # timm's own tiny test model (0.47 M parameters), with a published tag
TIMM_VIT = "test_vit.r160_in1k"


@pytest.fixture
def caches(tmp_path, monkeypatch):
    """Empty hub and torch.hub caches, an empty model cache, and no network (the suite's HF_HUB_OFFLINE=1)."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(probe, "_MODELS", OrderedDict())
    return tmp_path


def write_timm_repo(cache, name: str, seed: int = 1) -> torch.nn.Module:
    """A randomly initialised timm model saved as timm saves its hub repositories; returns that model."""
    torch.manual_seed(seed)
    model = timm.create_model(name, pretrained=False).eval()
    path = cache / "weights.safetensors"
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(path))
    config = {"architecture": name.split(".")[0], "num_classes": model.num_classes,
              "pretrained_cfg": model.pretrained_cfg}
    write_hub_repo(cache / "hub", "timm/" + name, {"model.safetensors": path.read_bytes(),
                                                   "config.json": json.dumps(config, default=str).encode()})
    return model


def photo(height: int = 300, width: int = 420) -> Image.Image:
    yy, xx = np.mgrid[0:height, 0:width]
    rgb = np.stack([xx / width, yy / height, 0.5 + 0.5 * np.sin(xx / 13 + yy / 29)], axis=-1)
    return Image.fromarray((rgb * 255).astype(np.uint8))


@pytest.mark.parametrize("name", [TIMM_NAME, TIMM_VIT])
def test_timm_weights_load_as_timm_loads_them(caches, name):
    written = write_timm_repo(caches, name)
    pub = published.published_for("published/timm/" + name.split(".")[0])
    assert (pub.key, pub.weights, pub.repo, pub.file) == ("timm/" + name.split(".")[0], name, "timm/" + name,
                                                          "model.safetensors")
    ours = published.load_published(pub)
    path = published.weights_path(pub)
    reference = timm.create_model(name, pretrained=True, pretrained_cfg_overlay=dict(file=str(path))).eval()
    x = torch.randn(2, *pub.input_shape)
    with torch.no_grad():
        assert torch.equal(ours(x), reference(x))
        assert torch.equal(ours(x), written(x))  # the file's weights, not a fresh random draw
        assert not torch.equal(ours(x), timm.create_model(name, pretrained=False).eval()(x))
    assert not ours.training
    assert published.load_published(pub) is ours  # kept in the shared, byte-bounded cache


def test_an_explicit_timm_tag_names_those_weights():
    pub = published.published_for("published/timm/resnet50.tv_in1k")
    assert (pub.key, pub.weights, pub.repo) == ("timm/resnet50", "resnet50.tv_in1k", "timm/resnet50.tv_in1k")
    assert pub.preprocess.interpolation == "bilinear" and pub.preprocess.scale == (256, 256)
    assert published.published_for("published/timm/resnet50").weights == timm.get_pretrained_cfg("resnet50").hf_hub_id[5:]


def test_torchvision_weights_load_as_torchvision_loads_them(caches):
    weights = torchvision.models.MobileNet_V3_Small_Weights.DEFAULT
    torch.manual_seed(2)
    written = torchvision.models.mobilenet_v3_small(weights=None).eval()
    folder = caches / "torch" / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    torch.save(written.state_dict(), folder / weights.url.rsplit("/", 1)[-1])
    pub = published.published_for("published/torchvision/mobilenet_v3_small")
    assert pub.weights == "MobileNet_V3_Small_Weights.IMAGENET1K_V1" and pub.size > 9e6  # torchvision states it
    ours = published.load_published(pub)
    reference = torchvision.models.mobilenet_v3_small(weights=weights).eval()  # finds the same file in torch.hub's folder
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        assert torch.equal(ours(x), reference(x)) and torch.equal(ours(x), written(x))
    assert pub.classes == tuple(weights.meta["categories"])


def test_preparation_equals_the_libraries_transforms():
    image = photo()
    for choice in ("published/timm/" + TIMM_NAME, "published/timm/resnet50", "published/timm/vit_tiny_patch16_224"):
        pub = published.published_for(choice)
        cfg = timm.get_pretrained_cfg(pub.weights).to_dict()
        reference = create_transform(**resolve_data_config(pretrained_cfg=cfg))(image)[None]
        ours = to_model_input(image, pub.preprocess, background="white")[0]
        assert ours.shape == reference.shape and (ours - reference).abs().mean() < 0.005, choice
        assert (ours - reference).abs().max() < 0.03, choice  # PIL rounds to whole grey levels after each pass
    for choice, weights in (("published/torchvision/resnet50", torchvision.models.ResNet50_Weights.IMAGENET1K_V2),
                            ("published/torchvision/resnet50.IMAGENET1K_V1",
                             torchvision.models.ResNet50_Weights.IMAGENET1K_V1)):
        reference = weights.transforms()(image)[None]
        ours = to_model_input(image, published.published_for(choice).preprocess, background="white")[0]
        assert ours.shape == reference.shape and (ours - reference).abs().max() < 0.03, choice


def test_imagenet_names_are_timms_and_agree_with_torchvisions():
    ours = published.imagenet_classes(1000)
    theirs = torchvision.models.ResNet50_Weights.DEFAULT.meta["categories"]
    assert len(ours) == len(set(ours)) == 1000
    shared = [i for i, name in enumerate(ours) if "#" in name]
    assert shared == [134, 517, 638, 639]  # the two lemmas ImageNet uses twice: crane (bird, machine), maillot
    assert all(ours[i] == theirs[i] for i in range(1000) if i not in shared)
    assert all(theirs[i].startswith(ours[i].split(" #")[0]) for i in shared)


@pytest.mark.parametrize("choice", ["published/timm/resnet18", "published/torchvision/resnet18"])
def test_offline_and_not_cached_is_the_hub_message(caches, choice):
    with pytest.raises(PlaygroundError) as e:
        published.load_published(published.published_for(choice))
    assert e.value.key == "hub_offline"
    for lang in ("en", "zh-CN"):
        assert "{" not in message(e.value.key, lang, **e.value.params)


@pytest.mark.parametrize("choice, key", [("published/timm/coatnet_0_224", "published_none"),
                                         ("published/lenet5", "published_none"),
                                         ("published/torchvision/fasterrcnn_resnet50_fpn", "published_none"),
                                         ("published/timm/no_such_net", "unknown_model"),
                                         ("published/torchvision/resnet50.NO_SUCH", "published_none")])
def test_a_model_without_published_weights_says_so(choice, key):
    with pytest.raises(PlaygroundError) as e:
        published.published_for(choice)
    assert e.value.key == key
    text = message(key, "zh-CN", **e.value.params)
    assert "{" not in text and e.value.params["model"] in text


def test_a_damaged_file_is_a_message(caches):
    write_hub_repo(caches / "hub", "timm/" + TIMM_NAME, {"model.safetensors": b"not a safetensors file"})
    with pytest.raises(PlaygroundError) as e:
        published.load_published(published.published_for("published/timm/test_resnet"))
    assert e.value.key == "checkpoint_mismatch"


def test_the_download_is_announced_with_its_size_only_when_it_happens(caches, monkeypatch):
    write_timm_repo(caches, TIMM_NAME)
    told = []
    pub = published.published_for("published/timm/test_resnet")
    published.load_published(pub, lambda p, size: told.append(size))
    assert told == []  # cached: nothing to download
    monkeypatch.setattr(probe, "_MODELS", OrderedDict())
    monkeypatch.setattr(published, "is_cached", lambda p: False)
    monkeypatch.setattr(published.hub, "offline", lambda: False)
    monkeypatch.setattr(published.hub, "published_size", lambda repo, file: 1_876_543)
    published.load_published(pub, lambda p, size: told.append(size))
    assert told == [1_876_543]
