"""The fast inspection path gives the same numbers as the plain one: our dispatch-level counter equals PyTorch's
FlopCounterMode, and the meta-device shortcuts change no row of the table."""
import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from playground.core.inspection.flops import FlopCounter
from playground.core.inspection.table import build_on_meta, example_inputs
from playground.core.inspection.trace import trace_module
from playground.core.models import list_models, resolve

CATALOG_SAMPLE = ["timm/vit_base_patch16_224", "timm/efficientnet_b0", "timm/convnext_tiny", "timm/mixer_b16_224",
                  "timm/regnety_016", "timm/swin_tiny_patch4_window7_224", "timm/coat_lite_tiny",
                  "torchvision/mobilenet_v3_large", "torchvision/shufflenet_v2_x1_0", "torchvision/squeezenet1_0",
                  "torchvision/vit_b_16", "torchvision/maxvit_t"]
KEYS = list_models() + CATALOG_SAMPLE


def _setup(key):
    entry = resolve(key)
    model = build_on_meta(entry).eval()
    return entry, model, example_inputs(entry, (1,) + entry.input_shape)


@pytest.mark.parametrize("key", KEYS)
def test_counter_equals_torch_flop_counter_mode(key):
    _, model, inputs = _setup(key)
    with torch.no_grad(), FlopCounterMode(display=False) as reference:
        model(*inputs)
    with torch.no_grad(), FlopCounter() as ours:
        model(*inputs)
    assert ours.total == reference.get_total_flops() > 0


@pytest.mark.parametrize("key", KEYS)
def test_shortcuts_change_nothing(key):
    entry, model, inputs = _setup(key)
    image = entry.input_kind == "image"
    fast, fast_flops, _ = trace_module(model, inputs, track_field=image, shortcuts=True)
    plain, plain_flops, _ = trace_module(model, inputs, track_field=image, shortcuts=False)
    assert fast_flops == plain_flops
    assert [(r.name, r.input_shape, r.output_shape, r.macs, r.output_bytes, r.field) for r in fast] == \
           [(r.name, r.input_shape, r.output_shape, r.macs, r.output_bytes, r.field) for r in plain]


def test_shortcut_keeps_pytorchs_own_errors(monkeypatch):
    """A convolution given the wrong channel count still fails inside the conv, with PyTorch's message (the
    channel check before the run, which says it first for resnet18, is set aside to reach the conv)."""
    from playground.core.errors import PlaygroundError
    from playground.core.inspection import table
    monkeypatch.setattr(table, "check_channels", lambda *args: None)
    with pytest.raises(PlaygroundError) as info:
        table.inspect_model("resnet18", "4x64x64")
    assert info.value.params["layer"] == "conv1" and "channel" in info.value.params["detail"].lower()


@pytest.mark.parametrize("cls,kwargs", [
    (torch.nn.LSTM, dict(num_layers=2, bidirectional=True, batch_first=True)),
    (torch.nn.LSTM, dict(num_layers=1, bias=False)),
    (torch.nn.GRU, dict(num_layers=3, batch_first=True)),
    (torch.nn.RNN, dict(nonlinearity="relu", bidirectional=True)),
    (torch.nn.LSTM, dict(proj_size=3)),  # not shortcut: PyTorch runs it
])
def test_torch_recurrent_layers_shortcut_equals_plain(cls, kwargs):
    with torch.device("meta"):
        model = torch.nn.Sequential(cls(6, 8, **kwargs))
    x = torch.zeros(4, 7, 6, device="meta")
    fast, fast_flops, fast_out = trace_module(model, (x,), shortcuts=True)
    plain, plain_flops, plain_out = trace_module(model, (x,), shortcuts=False)
    assert fast_flops == plain_flops > 0
    assert [(r.output_shape, r.n_outputs, r.output_bytes) for r in fast] == \
           [(r.output_shape, r.n_outputs, r.output_bytes) for r in plain]
