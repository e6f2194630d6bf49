"""The CNN internals endpoints through a real gradio_client: an uploaded file in, figures out; a corrupt file is a
message."""
import json

import numpy as np
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_upload_predict_and_feature_maps(client, tmp_path):
    img = np.full((300, 200), 255, np.uint8)
    img[40:260, 85:115] = 0  # a dark "1" on white paper
    Image.fromarray(img).save(tmp_path / "one.png")
    picture = ["pretrained/lenet5_digits", "upload", "digits", 0, handle_file(str(tmp_path / "one.png")), None,
               True, "conv2"]
    info, _inp, top, _strip, layers, _row, _col = client.predict(*picture, api_name="/predict")
    assert "lenet5" in info and json.loads(top["plot"])["layout"]["yaxis"]["ticktext"][-1] == "1"
    maps = client.predict(*picture, 8, "layer", api_name="/feature_maps")
    assert json.loads(maps["plot"])["data"][0]["type"] == "heatmap"
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    picture[4] = handle_file(str(tmp_path / "bad.png"))
    with pytest.raises(AppError) as e:
        client.predict(*picture, api_name="/predict")
    assert "not an image" in str(e.value)


def test_published_weights_offline_are_a_message_and_random_weights_still_work(client, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))  # the server runs in this process: nothing cached
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    picture = ["published/timm/resnet50", "sample", "shapes", 0, None, None, True, "conv1"]
    for model in ("published/timm/resnet50", "published/torchvision/resnet50"):
        picture[0] = model
        with pytest.raises(AppError) as e:
            client.predict(*picture, api_name="/predict")
        assert "not on this machine" in str(e.value) and "Traceback" not in str(e.value)
    picture[0] = "published/lenet5"
    with pytest.raises(AppError) as e:
        client.predict(*picture, 8, "layer", api_name="/feature_maps")
    assert "no published ImageNet weights" in str(e.value)
    picture[0] = "timm/resnet18"
    info, *_ = client.predict(*picture, api_name="/predict")
    assert "timm/resnet18" in info and "random weights" in info


def test_a_sample_photo_through_the_api_and_an_unknown_one_in_chinese(client):
    picture = ["resnet18", "photo", "rocket", 0, None, None, True, "conv1"]
    info, _inp, top, *_ = client.predict(*picture, api_name="/predict")
    assert "resnet18" in info and len(json.loads(top["plot"])["data"][0]["y"]) == 5
    zh = Client(client.src, verbose=False, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    picture[2] = "eagle"
    with pytest.raises(AppError) as e:
        zh.predict(*picture, api_name="/predict")
    assert "没有名为 “eagle” 的示例照片" in str(e.value)
