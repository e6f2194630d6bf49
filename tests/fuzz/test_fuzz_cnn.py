"""Fuzzing the CNN internals tab: predictions, feature maps, filters, Grad-CAM, receptive fields and uploaded
weights, on dataset samples, uploaded files and drawings."""
import pytest
from hypothesis import strategies as st

from playground.core.data.photos import PHOTOS
from playground.lessons.cnn.compute import spatial_layers, subject_from_key

from .fuzzing import CHECKPOINTS, choices, files, fuzz, numbers, sessions, sketches

pytestmark = pytest.mark.fuzz

MODELS = ("pretrained/lenet5_digits", "lenet5", "tiny_resnet", "tiny_vgg", "session", "uploaded")
LAYERS = (None, "conv1", "pool1", "conv2", "pool2", "layer1", "features.0")
# A model and one of its layers, drawn together (the layer menu lists the chosen model's own layers; drawn apart,
# nearly every pair is a mismatch). "session" is paired with LeNet's layers, the CNN the sessions here train.
BEHIND = {"pretrained/lenet5_digits": "lenet5", "lenet5": "lenet5", "tiny_resnet": "tiny_resnet",
          "tiny_vgg": "tiny_vgg", "session": "lenet5"}
PAIRS = [(choice, layer) for choice, key in BEHIND.items()
         for layer in spatial_layers(subject_from_key(key).model)]
MODEL_CHOICES = choices(MODELS, extra_wild=("alexnet", "pretrained/tiny_lstm_brackets", "tiny_lstm"))
MODEL_AND_LAYER = (st.sampled_from(PAIRS),
                   st.tuples(st.one_of(MODEL_CHOICES),
                             st.one_of(choices(LAYERS, extra_wild=tuple(layer for _, layer in PAIRS)))))
PICTURE = {("choice", "layer"): MODEL_AND_LAYER,
           "source": choices(("sample", "photo", "upload", "draw")), "dataset": choices(("digits", "shapes", *PHOTOS)),
           "index": numbers(0, 50, 1), "session": sessions(prefer=("lenet5_digits", "tiny_mlp_spiral"))}
# What Gradio itself hands the undecorated helpers: a Radio's choice or None, a File's path or None, a drawing.
GATE = {"source": (st.sampled_from(("sample", "photo", "upload", "draw")), st.none()),
        "upload": (files()[0], st.sampled_from((None, ""))),
        "drawing": (sketches()[0], st.one_of(st.none(), sketches()[1].filter(lambda d: isinstance(d, dict))))}


def test_predict(demo):
    fuzz(demo, "predict", PICTURE, mutate_at_most=3)


def test_feature_maps(demo):
    fuzz(demo, "feature_maps", PICTURE, mutate_at_most=3)


def test_filters(demo):
    fuzz(demo, "filters", {("choice", "layer"): MODEL_AND_LAYER, "session": PICTURE["session"]})


CAM = {**PICTURE, "target": numbers(-1, 9, 1)}


def test_grad_cam(demo):
    fuzz(demo, "grad_cam", CAM, mutate_at_most=3)


def test_grad_cam_for_class(demo):
    fuzz(demo, "grad_cam_for_class", CAM, mutate_at_most=3)


def test_receptive_field(demo):
    fuzz(demo, "receptive_field", PICTURE, mutate_at_most=3)


def test_receptive_field_position(demo):
    fuzz(demo, "receptive_field_position", PICTURE, mutate_at_most=3)


def test_load_weights(demo):
    fuzz(demo, "load_weights", {"file": files(CHECKPOINTS[:1] + ("foreign.safetensors",)),
                                "choice": MODEL_CHOICES, "session": PICTURE["session"]})


def test_source_hint(demo):
    fuzz(demo, "cnn_source_hint", GATE)


def test_source_gate(demo):
    fuzz(demo, "cnn_source_gate", GATE, min_ok=0)


def test_source_picture(demo):
    fuzz(demo, "cnn_source_picture", {"source": GATE["source"], "dataset": PICTURE["dataset"]})


def test_model_invert(demo):
    fuzz(demo, "cnn_model_invert", {"choice": MODEL_CHOICES, "session": PICTURE["session"]})


def test_live_tick(demo):
    live = {k: v for k, v in PICTURE.items() if k != ("choice", "layer")}
    fuzz(demo, "cnn_live_tick", {**live, "choice": choices(("session",)), "layer": choices(LAYERS[:5])})


def test_live_toggle(demo):
    fuzz(demo, "cnn_live")
