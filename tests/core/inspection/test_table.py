"""The layer table: the notes' tables appear in ours, receptive fields of known stacks, and bad inputs."""
import pytest
import torch
import torch.nn as nn

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.inspection.receptive_field import GLOBAL
from playground.core.inspection.source import model_source
from playground.core.inspection.stages import stages
from playground.core.inspection.table import TABLE_COLUMNS, inspect_model
from playground.core.inspection.trace import trace_module

# Output sizes from the notes' tables, as (H, W, C) for maps and (N,) for vectors, in order.
SEED_TABLES = {
    "lenet5": ("1x32x32", [(28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (120,), (84,), (10,)]),
    "alexnet": ("3x227x227", [(55, 55, 96), (27, 27, 96), (27, 27, 256), (13, 13, 256), (13, 13, 384),
                              (13, 13, 384), (13, 13, 256), (6, 6, 256), (4096,), (4096,), (1000,)]),
    "vgg16": ("3x224x224", [(224, 224, 64), (224, 224, 64), (112, 112, 64), (112, 112, 128), (112, 112, 128),
                            (56, 56, 128), (56, 56, 256), (56, 56, 256), (56, 56, 256), (28, 28, 256),
                            (28, 28, 512), (28, 28, 512), (28, 28, 512), (14, 14, 512), (14, 14, 512),
                            (14, 14, 512), (14, 14, 512), (7, 7, 512), (4096,), (4096,), (1000,)]),
    "resnet18": ("3x224x224", [(112, 112, 64), (56, 56, 64), (56, 56, 64), (28, 28, 128), (14, 14, 256),
                               (7, 7, 512), (1, 1, 512), (1000,)]),
    "densenet121": ("3x224x224", [(112, 112, 64), (56, 56, 64), (56, 56, 256), (28, 28, 128), (28, 28, 512),
                                  (14, 14, 256), (14, 14, 1024), (7, 7, 512), (7, 7, 1024), (1, 1, 1024),
                                  (1000,)]),
}


def _torch_shape(hwc):
    return (1, hwc[2], hwc[0], hwc[1]) if len(hwc) == 3 else (1, hwc[0])


@pytest.mark.parametrize("key", sorted(SEED_TABLES))
def test_seed_table_shapes_appear_in_order(key):
    shape, expected = SEED_TABLES[key]
    outputs = [r.output_shape for r in inspect_model(key, shape).rows]
    pos = 0
    for hwc in expected:
        want = _torch_shape(hwc)
        while pos < len(outputs) and outputs[pos] != want:
            pos += 1
        assert pos < len(outputs), f"{key}: {hwc} not found after the previous row"
        pos += 1


def _field(report, name):
    return next(r.field for r in report.rows if r.name == name)


def test_receptive_field_of_lenet5():
    report = inspect_model("lenet5")
    got = {n: (_field(report, n).size[0], _field(report, n).jump[0], _field(report, n).start[0])
           for n in ("conv1", "pool1", "conv2", "pool2")}
    assert got == {"conv1": (5, 1, 2), "pool1": (6, 2, 2.5), "conv2": (14, 2, 6.5), "pool2": (16, 4, 7.5)}
    assert _field(report, "fc3") == GLOBAL


@pytest.mark.parametrize("key,layer,size", [
    ("alexnet", "features.pool5", 195),   # the published AlexNet receptive field
    ("vgg16", "features.conv5_3", 196),
    ("vgg16", "features.pool5", 212),     # the published VGG-16 receptive field
    ("resnet50", "layer4", 427),          # torchvision's ResNet-50 (stride on the 3x3)
])
def test_published_receptive_fields(key, layer, size):
    assert _field(inspect_model(key), layer).size == (size, size)


def _stack_field(*layers, size=32):
    with torch.device("meta"):
        model = nn.Sequential(*layers)
    rows, _, _ = trace_module(model, (torch.zeros(1, 1, size, size, device="meta"),), track_field=True)
    return rows[0].field


def test_three_3x3_convs_see_as_far_as_one_7x7():
    three = _stack_field(*[nn.Conv2d(1, 1, 3, padding=1) for _ in range(3)])
    one = _stack_field(nn.Conv2d(1, 1, 7, padding=3))
    assert three.size == one.size == (7, 7) and three.start == one.start == (0, 0)


def test_dilation_stride_and_asymmetric_kernels():
    assert _stack_field(nn.Conv2d(1, 1, 3, dilation=2)).size == (5, 5)
    f = _stack_field(nn.Conv2d(1, 1, 3, stride=2), nn.Conv2d(1, 1, 3))
    assert f.size == (7, 7) and f.jump == (2, 2) and f.start == (3, 3)
    assert _stack_field(nn.Conv2d(1, 1, (1, 7), padding=(0, 3))).size == (1, 7)


class _Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.Conv2d(1, 1, 3, padding=1))
        self.shortcut = nn.Conv2d(1, 1, 1)

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


def test_residual_add_takes_the_union_and_global_pool_is_global():
    assert _stack_field(_Residual()).size == (5, 5)
    assert _stack_field(nn.Conv2d(1, 1, 3), nn.AdaptiveAvgPool2d(1)) == GLOBAL


def test_vit_patches_then_attention_goes_global():
    report = inspect_model("torchvision/vit_b_16")
    assert _field(report, "conv_proj").size == (16, 16)
    assert report.rows[-1].field == GLOBAL


def test_sequence_models_have_no_receptive_field():
    assert all(r.field is None for r in inspect_model("tiny_lstm").rows)


def test_recurrent_cell_calls_and_macs():
    report = inspect_model("tiny_lstm", "10")
    rnn = next(r for r in report.rows if r.name == "rnn")
    # input part for all steps at once + the recurrent part once per step: 4H x (E + H) per step
    assert rnn.macs == 10 * 4 * 16 * (8 + 16)
    assert rnn.calls == 1


def test_table_and_depth_filter():
    report = inspect_model("resnet18")
    full, top = report.table(), report.table(max_depth=1)
    assert len(full[0]) == len(TABLE_COLUMNS)
    assert len(top) < len(full) and all(row[2] <= 1 for row in top)
    assert [s.name for s in stages(report)][:4] == ["conv1", "bn1", "maxpool", "layer1"]


def test_totals_as_dict_is_the_api_json():
    """The keys, their order and the values that the API returns and the Totals tab shows."""
    t = inspect_model("lenet5").totals
    d = t.as_dict()
    assert list(d) == ["model", "input_shape", "output_shape", "outputs", "total_params", "trainable_params",
                       "non_trainable_params", "macs", "flops", "param_bytes", "buffer_bytes", "input_bytes",
                       "activation_bytes", "layers", "modules", "receptive_field", "executed_on", "seconds"]
    assert {**d, "seconds": 0} == {"model": "lenet5", "input_shape": [1, 1, 32, 32], "output_shape": [1, 10],
                                   "outputs": [["", [1, 10]]], "total_params": 61706, "trainable_params": 61706,
                                   "non_trainable_params": 0, "macs": 416520, "flops": 833040,
                                   "param_bytes": 246824, "buffer_bytes": 0, "input_bytes": 4096,
                                   "activation_bytes": 60008, "layers": 5, "modules": 13, "receptive_field": "16",
                                   "executed_on": "meta", "seconds": 0}
    d["input_shape"].append(7)  # a copy: the report stays as it was
    assert t.input_shape == [1, 1, 32, 32]


def test_batch_dimension_may_be_given():
    assert inspect_model("lenet5", "8x1x32x32").totals.output_shape == [8, 10]
    assert inspect_model("lenet5", " (1, 32, 32) ").totals.input_shape == [1, 1, 32, 32]
    assert inspect_model("lenet5", "1×32×32").totals.input_shape == [1, 1, 32, 32]


def test_source_of_registry_models_includes_dependencies():
    src = model_source("bert")
    assert "class BERT" in src and "class EncoderBlock" in src and "class MultiHeadAttention" in src
    assert model_source("timm/resnet50") is None


def _error(key, shape):
    with pytest.raises(PlaygroundError) as info:
        inspect_model(key, shape)
    return info.value


def test_alexnet_at_32px_names_the_layer_where_the_size_collapses():
    e = _error("alexnet", "3x32x32")
    assert e.key == "input_too_small"
    assert e.params["layer"] == "features.pool2" and e.params["kind"] == "MaxPool2d"
    assert e.params["shape"] == "[1, 256, 2, 2]"


@pytest.mark.parametrize("key,shape,error", [
    ("no_such_model", "3x32x32", "unknown_model"),
    ("timm/no_such_model", "3x32x32", "unknown_model"),
    ("lenet5", "1xax32", "bad_shape"),
    ("lenet5", "1.5x32x32", "bad_shape"),
    ("lenet5", "32x32", "wrong_rank"),
    ("lenet5", "1x2x3x32x32", "wrong_rank"),
    ("lenet5", "1x0x32", "nonpositive_shape"),
    ("lenet5", "1x-32x32", "nonpositive_shape"),
    ("lenet5", "3x32x32", "wrong_channels"),
    ("alexnet", "3x227x227x5", "wrong_channels_batch"),
    ("lenet5", "", "empty_shape"),
    ("gpt", "2000", "shape_mismatch"),
    ("tiny_lstm", "999999", "too_long"),
    ("vgg16", "3x100000x100000", "too_much_memory"),
    ("timm/vit_base_patch16_224", "3x32x32", "shape_mismatch"),  # a fixed-size model, not a shrinking map
    ("torchvision/alexnet", "3x16x16", "input_too_small"),
])
def test_bad_inputs_give_clear_errors(key, shape, error):
    assert _error(key, shape).key == error


def test_memory_limit_is_the_configured_one(monkeypatch):
    need = inspect_model("lenet5").totals.activation_bytes
    monkeypatch.setattr(config, "MAX_ACTIVATION_BYTES", need - 1)
    assert _error("lenet5", "1x32x32").key == "too_much_memory"


@pytest.mark.parametrize("key,params", [
    ("timm/vit_base_patch16_224", 86_567_656), ("timm/resnet50", 25_557_032), ("timm/convnext_tiny", 28_589_128),
    ("timm/efficientnet_b0", 5_288_548), ("torchvision/mobilenet_v3_large", 5_483_032),
    ("torchvision/swin_t", 28_288_354), ("torchvision/inception_v3", 23_834_568),
])
def test_catalog_models_inspect_with_library_counts(key, params):
    t = inspect_model(key).totals
    assert t.total_params == params and t.executed_on == "meta"
