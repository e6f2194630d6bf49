"""The CNN internals tab's callbacks as Gradio calls them: every input source, every view, the session's model
(also while it trains) and bad input."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from playground.core.session import Session
from playground.core.train.loop import Run, train
from playground.core.train.spec import TrainSpec
from playground.lessons.cnn import callbacks

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
LENET = "pretrained/lenet5_digits"


def picture(source="sample", model=LENET, dataset="digits", index=0, upload=None, drawing=None, layer="conv1"):
    return (model, source, dataset, index, upload, drawing, True, layer)


def a_one():
    d = np.full((280, 280), 255, np.uint8)
    d[50:230, 125:160] = 0  # a dark vertical stroke on white: a "1"
    return {"composite": d}


def test_predict_on_a_sample_fills_every_view():
    info, inp, top, strip, layers, row, col = callbacks.on_predict(*picture(layer=None), Session(), EN)
    assert "lenet5" in info and "Digits (8x8, scikit-learn)" in info  # the dataset by its title
    assert list(layers["choices"]) == ["conv1", "pool1", "conv2", "pool2"] and layers["value"] == "conv1"
    assert isinstance(top, go.Figure) and len(top.data[0].y) == 5 and row["maximum"] == 27
    assert list(strip.layout.xaxis.ticktext) == ["conv1", "pool1", "conv2", "pool2"]


def test_a_drawn_one_is_read_as_one():
    _, _, top, *_ = callbacks.on_predict(*picture("draw", drawing=a_one()), Session(), EN)
    assert top.layout.yaxis.ticktext[-1] == "1"  # the most likely class sits on top


def test_uploads_of_any_mode_work():
    rgba = np.zeros((600, 400, 4), np.uint8)
    rgba[100:500, 180:220] = [0, 0, 0, 255]  # a black stroke on a transparent background
    _, inp, top, *_ = callbacks.on_predict(*picture("upload", upload=rgba), Session(), EN)
    assert top.layout.yaxis.ticktext[-1] == "1"


def test_feature_maps_filters_cam_and_receptive_field():
    s = Session()
    maps = callbacks.on_feature_maps(*picture(layer="conv2"), 8, "layer", s, EN)
    assert len(maps.data) == 1 and set(np.unique(maps.data[0].customdata)) - {-1} <= set(range(16))
    filters = callbacks.on_filters(LENET, "conv2", s, EN)
    assert filters.data[0].z.shape == (16 * 6 - 1, 6 * 6 - 1)  # 16 filters x 6 input channels of 5x5
    assert callbacks.on_filters(LENET, "pool1", s, EN) is None  # pooling has no weights
    cam, text = callbacks.on_grad_cam(*picture(layer="conv2"), -1, s, EN)
    assert len(cam.data) == 2 and "Grad-CAM" in text
    _, text = callbacks.on_grad_cam(*picture(layer="conv2"), 3, s, EN)  # a chosen class, not the predicted 7
    assert "class **3**, the one you chose" in text and "predicts **7**" in text and "predicted class" not in text
    _, text = callbacks.on_grad_cam(*picture(layer="conv2"), 7, s, EN)  # the predicted one, chosen by number
    assert "predicted class **7**" in text
    region, text = callbacks.on_receptive_field(*picture(layer="pool2"), 0, 0, s, EN)
    assert "16-pixel field" in text and "rows 0–15" in text and region.layout.shapes


def test_the_sessions_model_while_it_trains_and_after():
    s = Session()
    s.live = Run(TrainSpec(model="tiny_vgg", dataset="shapes", steps=2, batch_size=4,
                           data_options={"n_train": 100, "n_test": 100}))
    info, _, _, _, layers, *_ = callbacks.on_predict(*picture(model="session", dataset="shapes", layer=None), s, EN)
    assert "tiny_vgg" in info and s.live.model.training  # looked at a copy; the training model's mode is untouched
    top, maps, filters = callbacks.on_live_tick(*picture(model="session", dataset="shapes", layer=layers["value"]), 4,
                                          "channel", s, EN)
    assert isinstance(maps, go.Figure) and isinstance(filters.data[0], go.Image)  # first layer on RGB
    s.live = None
    s.trained = train(TrainSpec(model="lenet5", dataset="digits", steps=5))
    info, *_ = callbacks.on_predict(*picture(model="session", layer=None), s, EN)
    assert "lenet5" in info
    assert callbacks.on_live_tick(*picture(model="session"), 4, "channel", s, EN) == (gr.skip(),) * 3


@pytest.mark.parametrize("args, text", [
    (picture("draw", drawing={"composite": np.full((280, 280), 255, np.uint8)}), "empty"),
    (picture("draw", drawing=None), "empty"),
    (picture("upload"), "no image"),
    (picture("upload", upload=np.zeros((5, 5, 9))), "not an image"),
    (picture(index=10_000), "does not exist"),
    (picture(dataset="spiral"), "not an image dataset"),
    (picture(dataset="imagenet"), "no dataset called"),
    (picture(model="mlp"), "no convolution"),
    (picture(model="session"), "no model in this session"),
    (picture(model="no_such_cnn"), "no model called"),
])
def test_bad_input_is_a_message(args, text):
    with pytest.raises(gr.Error) as e:
        callbacks.on_predict(*args, Session(), EN)
    assert text in e.value.message


def test_messages_in_chinese():
    with pytest.raises(gr.Error) as e:
        callbacks.on_predict(*picture("draw", drawing=None), Session(), ZH)
    assert "画板" in e.value.message


def test_cnn_endpoints_are_public(app):
    demo = app
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert {"predict", "feature_maps", "filters", "grad_cam", "receptive_field"} <= public


def test_uploaded_weights_are_checked_and_shown(tmp_path):
    import torch
    from safetensors.torch import save_file

    from playground.core.models import create_model
    from playground.core.train.checkpoint import save_checkpoint
    s = Session()
    raw = tmp_path / "vgg.safetensors"
    torch.manual_seed(1)
    save_file(create_model("tiny_vgg").state_dict(), str(raw))
    dropdown, s2 = callbacks.on_load_weights(str(raw), "tiny_vgg", s, EN)
    assert dropdown["value"] == "uploaded" and s2 is s and s.viewed.key == "tiny_vgg"
    info, *_ = callbacks.on_predict(*picture(model="uploaded", dataset="shapes", layer=None), s, EN)
    assert "tiny_vgg" in info
    with pytest.raises(gr.Error) as e:  # the same file for another architecture
        callbacks.on_load_weights(str(raw), "tiny_resnet", s, EN)
    assert "do not fit" in e.value.message and s.viewed.key == "tiny_vgg"  # the earlier upload is kept
    ours = save_checkpoint(train(TrainSpec(model="lenet5", dataset="digits", steps=3)), tmp_path / "l.safetensors")
    callbacks.on_load_weights(str(ours), "resnet18", s, EN)  # our checkpoints describe their own model
    assert s.viewed.key == "lenet5" and s.viewed.dataset == "digits"
    pickle_file = tmp_path / "w.pth"
    torch.save({}, pickle_file)
    with pytest.raises(gr.Error) as e:
        callbacks.on_load_weights(str(pickle_file), "tiny_vgg", s, EN)
    assert "pickle" in e.value.message
    with pytest.raises(gr.Error):
        callbacks.on_predict(*picture(model="uploaded"), Session(), EN)


def test_switching_to_an_empty_source_hints_instead_of_failing():
    assert "draw a digit" in callbacks.on_source_hint("draw", None, {"composite": None}, EN)
    assert "upload" in callbacks.on_source_hint("upload", None, None, EN)
    assert callbacks.on_source_hint("sample", None, None, EN) == gr.skip()
    with pytest.raises(gr.Error) as e:
        callbacks.on_source_gate("draw", None, None)
    assert e.value.visible is False  # stops the views quietly
    callbacks.on_source_gate("draw", None, a_one())  # something drawn: go on


# Bad input the fuzz suite found (tests/fuzz/test_fuzz_cnn.py): each a clear message naming what is wrong.

def _message(call, match: str) -> None:
    with pytest.raises(gr.Error, match=match) as info:
        call()
    assert "went wrong on our side" not in str(info.value.message)


@pytest.mark.parametrize("model", [1, [LENET], None])
def test_a_model_menu_value_that_is_no_text(model):
    _message(lambda: callbacks.on_predict(*picture(model=model), Session(), EN), "There is no model called|no model")


def test_menus_sent_as_lists():
    """A dropdown's value from an API call may be a list of its choices, which Gradio lets through."""
    _message(lambda: callbacks.on_predict(*picture(dataset=["digits"]), Session(), EN), "dataset")
    _message(lambda: callbacks.on_feature_maps(*picture(layer=[]), 8, "layer", Session(), EN), "no convolution or pool")
    _message(lambda: callbacks.on_filters(LENET, ["conv1"], Session(), EN), "no convolution or pool")
    _message(lambda: callbacks.on_grad_cam(*picture(layer=[]), -1, Session(), EN), "no convolution or pool")
    region, text = callbacks.on_receptive_field(*picture(layer=[]), 0, 0, Session(), EN)
    assert region is not None and "[]" in text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc", "1e400", 2.5])
def test_numbers_that_are_no_whole_number(value):
    _message(lambda: callbacks.on_predict(*picture(index=value), Session(), EN), "Test example")
    _message(lambda: callbacks.on_grad_cam(*picture(layer="conv2"), value, Session(), EN), "must be a whole number")
    _message(lambda: callbacks.on_feature_maps(*picture(layer="conv2"), value, "layer", Session(), EN),
             "must be a whole number")
    _message(lambda: callbacks.on_receptive_field(*picture(layer="pool2"), value, 0, Session(), EN),
             "must be a whole number")


# ---------------------------------------------------------------------------------------------------------------
# Photos as they are: colours kept, aspect kept; the digit models still invert drawings

def _red_photo(path) -> str:
    """A 4:3 photo (300 x 400) of a red disc on light grey, written as a PNG file."""
    yy, xx = np.mgrid[0:300, 0:400]
    rgb = np.full((300, 400, 3), 200, np.uint8)
    rgb[(yy - 150) ** 2 + (xx - 200) ** 2 <= 100 ** 2] = (220, 20, 30)
    Image.fromarray(rgb).save(path)
    return str(path)


def test_a_colour_photo_on_resnet18_keeps_red_and_its_shape(tmp_path):
    upload = _red_photo(tmp_path / "red.png")
    invert = callbacks.on_model_invert("resnet18", Session())
    assert invert["value"] is False and invert["interactive"] is False  # locked off for a colour model
    args = ("resnet18", "upload", "digits", 0, upload, None, True, None)  # the box still ticked: no matter
    _, inp, *_ = callbacks.on_predict(*args, Session(), EN)
    z = np.asarray(inp.data[0].z)  # (224, 224, 3) uint8: what the model sees
    assert z.shape == (224, 224, 3)
    assert tuple(z[112, 112]) == pytest.approx((220, 20, 30), abs=4)  # red, not cyan
    red = (z[..., 0] > 150) & (z[..., 1] < 80)
    rows, cols = np.flatnonzero(red.any(axis=1)), np.flatnonzero(red.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    assert abs(height - width) <= 2 and abs(height - 171) <= 2  # round, 200 px * 256 / 300: not stretched


def test_the_digit_models_still_invert_drawings_by_default():
    invert = callbacks.on_model_invert(LENET, Session())
    assert invert["value"] is True and invert["interactive"] is True
    _, inp, *_ = callbacks.on_predict(*picture("draw", drawing=a_one())[:6], invert["value"], "conv1", Session(), EN)
    z = np.asarray(inp.data[0].z)  # (32, 32): grey
    assert z[16, 16] > 0.5 > z[2, 2]  # the dark stroke is light on dark, as the digits were


def test_the_test_example_number_redraws_when_entered_not_only_on_enter(app):
    index = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == "cnn_index")
    predict = next(fn for fn in app.fns.values() if fn.api_name == "predict")
    assert (index._id, "blur") in predict.targets and (index._id, "submit") not in predict.targets
    leave = [fn for fn in app.fns.values() if (index._id, "submit") in fn.targets]
    assert leave and all(fn.fn is None and "blur()" in fn.js for fn in leave)  # Enter leaves the box: one run


# ---------------------------------------------------------------------------------------------------------------
# The sample photos (issue 22)

def test_a_sample_photo_is_read_in_colour_as_an_upload_of_it_is():
    from playground.core.data.photos import photo_path
    _, x, preview = callbacks.prepared("resnet18", "photo", "chelsea", 0, None, None, True, Session())
    _, x_up, _ = callbacks.prepared("resnet18", "upload", "digits", 0, str(photo_path("chelsea")), None, True,
                                    Session())
    assert x.shape == (1, 3, 224, 224) and np.array_equal(x.numpy(), x_up.numpy())  # the one reader
    r, g, b = preview.reshape(-1, 3).mean(axis=0)
    assert r > g > b  # Chelsea is a ginger cat: colour kept, not inverted (inverted, blue would lead)


def test_a_sample_photo_is_never_inverted_even_for_a_digit_model_with_the_box_ticked():
    ticked = callbacks.prepared(LENET, "photo", "astronaut", 0, None, None, True, Session())[2]
    unticked = callbacks.prepared(LENET, "photo", "astronaut", 0, None, None, False, Session())[2]
    drawn = callbacks.prepared(LENET, "upload", "digits", 0, a_one()["composite"], None, True, Session())[2]
    assert np.array_equal(ticked, unticked)  # "dark ink on light paper" is for drawings and uploads
    assert drawn.mean() < 0.5  # (the ticked box does invert a drawing: white paper becomes dark)


def test_every_view_draws_a_sample_photo():
    s = Session()
    args = ("resnet18", "photo", "coffee", 0, None, None, True)
    info, _, top, _, layers, *_ = callbacks.on_predict(*args, None, s, EN)
    assert "resnet18" in info and layers["value"] == "conv1" and len(top.data[0].y) == 5
    assert len(callbacks.on_feature_maps(*args, "conv1", 8, "channel", s, EN).data) == 1
    cam, text = callbacks.on_grad_cam(*args, "layer4.1.conv2", -1, s, EN)
    assert len(cam.data) == 2 and "Grad-CAM" in text
    _, text = callbacks.on_receptive_field(*args, "conv1", 10, 10, s, EN)
    assert "conv1" in text


def test_while_the_menu_follows_the_source_a_step_of_the_old_chain_draws_the_default():
    """The menu lists photos or datasets a round trip after the source changed: a step of a chain still running
    then reads the new source with the old menu value, and draws the other list's first picture, not an error."""
    photo = callbacks.prepared("resnet18", "photo", "digits", 0, None, None, True, Session())[2]
    assert np.array_equal(photo, callbacks.prepared("resnet18", "photo", "chelsea", 0, None, None, True,
                                                    Session())[2])
    sample = callbacks.prepared("resnet18", "sample", "coffee", 0, None, None, True, Session())[2]
    assert np.array_equal(sample, callbacks.prepared("resnet18", "sample", "digits", 0, None, None, True,
                                                     Session())[2])


@pytest.mark.parametrize("dataset", ["circle", "", None, "dog", "../photos/chelsea"])
def test_a_photo_that_is_not_shipped_is_a_message_in_both_languages(dataset):
    for request, words in ((EN, "no sample photo"), (ZH, "示例照片")):
        with pytest.raises(gr.Error) as e:
            callbacks.on_predict("resnet18", "photo", dataset, 0, None, None, True, None, Session(), request)
        assert words in e.value.message and "chelsea" in e.value.message


def test_choosing_the_photo_source_lists_the_photos_and_back_the_datasets():
    photos, index = callbacks.on_source_picture("photo", "digits")
    assert [v for _, v in photos["choices"]] == ["chelsea", "coffee", "astronaut", "rocket"]
    assert photos["value"] == "chelsea" and index["visible"] is False  # no test-example number for a photo
    assert callbacks.on_source_picture("photo", "rocket")[0]["value"] == "rocket"  # a photo is kept
    datasets, index = callbacks.on_source_picture("sample", "rocket")
    assert datasets["value"] == "digits" and "shapes" in [v for _, v in datasets["choices"]]
    assert index["visible"] is True
    assert callbacks.on_source_picture("upload", "shapes")[0]["value"] == "shapes"  # a dataset is kept


def test_a_link_to_a_photo_restores_the_photo_among_the_photos(app):
    restorer = app.restorer
    updates, path, ignored = restorer.updates({"tab": "cnn", "source": "photo", "dataset": "astronaut"})
    assert path == ["cnn"] and ignored == []
    view = restorer.views["cnn"]
    dataset = updates[view.controls["dataset"]]
    assert dataset["value"] == "astronaut" and "astronaut" in [v for _, v in dataset["choices"]]
    assert updates[view.controls["index"]]["visible"] is False
    values = [u.get("value", c.value) if isinstance(u := updates.get(c), dict) else c.value
              for c in restorer.controls]
    assert "source=photo" in restorer.share(path, values) and "dataset=astronaut" in restorer.share(path, values)
    back = restorer.updates({"tab": "cnn", "source": "sample"})[0][view.controls["dataset"]]
    assert back["value"] == "digits" and "chelsea" not in [v for _, v in back["choices"]]


def test_the_photo_scene_says_what_resnet18s_first_layer_does_to_the_photo():
    """Scene photo_first_layer: 64 filters of 7 x 7 x 3 at stride 2 give maps half the crop's size, and even with
    random weights the maps follow the photo (its intensity or its edges), as the note says."""
    from playground.i18n import EN as EN_TEXT
    from playground.i18n import ZH as ZH_TEXT
    from playground.lessons.cnn.compute import capture, spatial_layers
    from playground.ui.scenes import scene
    values = scene("photo_first_layer").values
    subject, x, preview = callbacks.prepared(values["model"], values["source"], values["dataset"], 0, None, None,
                                             True, Session())
    conv = spatial_layers(subject.model)[values["layer"]]
    assert tuple(conv.weight.shape) == (64, 3, 7, 7) and tuple(conv.stride) == (2, 2)
    maps = capture(subject.model, x).layers[0].maps.numpy()
    assert maps.shape == (64, 112, 112)  # half of the 224 crop
    grey = (preview @ np.array([0.299, 0.587, 0.114]))[::2, ::2]
    gy, gx = np.gradient(grey)
    edges = np.hypot(gx, gy)
    follow = [max(abs(np.corrcoef(m.ravel(), grey.ravel())[0, 1]),
                  np.corrcoef(np.abs(m - m.mean()).ravel(), edges.ravel())[0, 1]) for m in maps]
    assert np.median(follow) > 0.4
    for text in (EN_TEXT["scene_photo_first_layer_note"], ZH_TEXT["scene_photo_first_layer_note"]):
        assert "64" in text and "7 × 7 × 3" in text
