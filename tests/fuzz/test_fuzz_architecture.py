"""Fuzzing the Architecture tab: families, model selection, inspection with typed shapes, convolution arithmetic
and the worked comparisons; and the private events that draw the session's report (summary, table depth, chart
scale) and redraw a restored model."""
from functools import lru_cache

import pytest
from hypothesis import strategies as st

from playground.core.inspection.table import inspect_model

from .fuzzing import choices, fuzz, numbers, texts

pytestmark = pytest.mark.fuzz

MODELS = ("lenet5", "mlp", "tiny_resnet", "alexnet", "resnet18", "lstm", "transformer", "tiny_gpt", "bert",
          "timm/resnet18", "torchvision/resnet18", "timm/vit_tiny_patch16_224", "torchvision/fasterrcnn_resnet50_fpn")
SHAPES = st.one_of(st.lists(st.integers(1, 300), min_size=1, max_size=4).map(lambda d: "x".join(map(str, d))),
                   st.sampled_from(("", "3x224x224", "1x32x32", "1x28x28", "16", "8x16", "3x32x32")))


def test_list_models(demo):
    fuzz(demo, "list_models")


def test_select_model(demo):
    fuzz(demo, "select_model", {"key": choices(MODELS, extra_wild=("resnet152", "timm/nope_net"))})


def test_inspect_model(demo):
    fuzz(demo, "inspect_model", {"key": choices(MODELS), "shape_text": texts(SHAPES, alphabet="0123456789x× ,")})


def test_conv_arithmetic(demo):
    fuzz(demo, "conv_arithmetic", {"size": numbers(1, 64, 1), "kernel": numbers(1, 7, 1), "stride": numbers(1, 4, 1),
                                   "padding": numbers(0, 3, 1), "dilation": numbers(1, 3, 1)})


def test_compare_bottleneck(demo):
    fuzz(demo, "compare_bottleneck", {"channels": (st.integers(1, 128).map(lambda c: 4 * c), numbers()[1]),
                                      "size": numbers(1, 64, 1)})


def test_compare_stacked(demo):
    fuzz(demo, "compare_stacked", {"channels": numbers(1, 256, 1), "n_layers": numbers(1, 5, 1),
                                   "size": numbers(1, 64, 1)})


@lru_cache(maxsize=None)
def report(key: str):
    """A model's report, as the session's report State holds it after an inspection (shared: the views read it)."""
    return inspect_model(key)


# The report State: none before the first inspection, else an image, a sequence, a Transformer or a catalog model's.
REPORTS = (st.one_of(st.none(), st.sampled_from(("lenet5", "tiny_lstm", "tiny_transformer", "timm/resnet18"))
                     .map(report)), st.none())


def test_render_report(demo):
    fuzz(demo, "render_first", {"report": REPORTS})


def test_filter_table(demo):
    fuzz(demo, "filter_table", {"report": REPORTS})


def test_rescale_profile(demo):
    fuzz(demo, "rescale_profile", {"report": REPORTS})


# A restored link: mostly the model's own shape (an empty box); typed shapes, which rarely fit the model, are wild.
REFRESH = {"key": choices(MODELS[:8]), "report": REPORTS,
           "shape_text": (st.just(""), st.one_of(SHAPES, texts(alphabet="0123456789x ")[1]))}


def test_refresh_model(demo):
    fuzz(demo, "refresh_model", REFRESH)
