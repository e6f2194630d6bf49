"""The CNN tab on published ImageNet weights ("published/timm/..."), offline: timm's tiny test ResNet with random
weights in the hub's layout feeds every view (top-5 ImageNet names, feature maps, filters, Grad-CAM, receptive
field); with nothing cached each view says the hub's message in the visitor's language and leaves the session as it
was; a model without published weights says so; the random-weight choices keep working."""
from collections import OrderedDict

import gradio as gr
import numpy as np
import pytest
import timm
import torch

from playground.core import probe, published
from playground.core.session import Session
from playground.lessons.cnn import callbacks
from playground.lessons.cnn.tab import model_choices
from tests.core.test_published import TIMM_NAME, write_timm_repo

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
CHOICE = "published/timm/test_resnet"


def picture(model=CHOICE, layer="conv1"):
    return (model, "sample", "shapes", 3, None, None, True, layer)


@pytest.fixture
def caches(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(probe, "_MODELS", OrderedDict())
    return tmp_path


def test_every_view_works_on_the_published_weights(caches):
    written = write_timm_repo(caches, TIMM_NAME)
    info, inp, top, strip, layers, row, col = callbacks.on_predict(*picture(layer=None), Session(), EN)
    assert "timm/test_resnet" in info and TIMM_NAME in info and "ImageNet" in info
    subject = callbacks.subject_for(CHOICE, None)
    x, _ = callbacks.prepared(*picture(), None)[1:]
    with torch.no_grad():
        probs = written(x).softmax(-1)[0]
    expected = [published.imagenet_classes()[i] for i in probs.topk(5).indices.tolist()]
    assert list(top.layout.yaxis.ticktext)[::-1] == expected  # timm's own model's top-5, most likely on top
    assert subject.preprocess == published.published_for(CHOICE).preprocess and x.shape == (1, 3, 160, 160)
    maps = callbacks.on_feature_maps(*picture(layer=layers["value"]), 8, "channel", Session(), EN)
    filters = callbacks.on_filters(CHOICE, layers["value"], Session(), EN)
    cam, cam_text = callbacks.on_grad_cam(*picture(layer=layers["choices"][-2]), -1, Session(), EN)
    rf, rf_text = callbacks.on_receptive_field(*picture(layer=layers["value"]), 3, 4, Session(), EN)
    assert len(maps.data) == 1 and filters is not None and expected[0] in cam_text
    assert np.asarray(cam.data[1].z).shape == (160, 160) and "3" in rf_text


@pytest.mark.parametrize("request_, words", [(EN, "downloads are switched off"), (ZH, "下载已关闭")])
def test_offline_and_not_cached_is_the_hub_message_and_the_session_is_kept(caches, request_, words):
    session = Session()
    session.viewed = marker = object()
    for call in (lambda: callbacks.on_predict(*picture(), session, request_),
                 lambda: callbacks.on_grad_cam(*picture(), -1, session, request_),
                 lambda: callbacks.on_filters("published/torchvision/resnet18", "conv1", session, request_)):
        with pytest.raises(gr.Error) as e:
            call()
        assert words in e.value.message and "Traceback" not in e.value.message
    assert session.viewed is marker
    top = callbacks.on_predict(*picture("timm/test_resnet"), Session(), request_)[2]  # random weights still work
    assert len(top.data[0].y) == 5


def test_a_model_without_published_weights_says_so():
    with pytest.raises(gr.Error) as e:
        callbacks.on_predict(*picture("published/lenet5"), Session(), ZH)
    assert "lenet5" in e.value.message and "已发布" in e.value.message


def test_choosing_published_weights_loads_nothing_until_the_views_run(caches):
    update = callbacks.on_model_invert(CHOICE, Session(), EN)  # offline and not cached: no message here either
    assert update["value"] is False and update["interactive"] is False
    assert not probe._MODELS


def test_the_menu_offers_the_suggested_published_cnns():
    values = [v for _, v in model_choices()]
    for key in published.SUGGESTED_CNNS:
        assert "published/" + key in values
        pub = published.published_for("published/" + key)
        assert len(pub.classes) == 1000 and pub.input_shape == (3, 224, 224)
        assert timm.get_pretrained_cfg(pub.weights) is not None if pub.source == "timm" else pub.size > 0
