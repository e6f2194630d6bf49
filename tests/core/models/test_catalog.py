"""Every timm and torchvision classification model and every torchvision detector, inspected at its default input
(opt-in: pytest -m catalog).

Every one must give a full report at its default input. torchvision models also match the parameter counts and
GFLOPS that torchvision publishes in its weight metadata.
"""
import pytest
import torchvision

from playground.core.inspection.table import inspect_model
from playground.core.models import list_catalog

pytestmark = pytest.mark.catalog
MAX_DEPTH_SHOWN = 12  # the Architecture tab's depth slider


def _check(key):
    report = inspect_model(key)
    assert report.totals.total_params > 0 and report.rows
    assert report.max_depth <= MAX_DEPTH_SHOWN
    return report


@pytest.mark.parametrize("key", list_catalog("timm"))
def test_every_timm_model(key):
    _check(key)


_AUX = {"googlenet", "inception_v3"}  # built without their training-only auxiliary heads
# Two-stage detectors: the work of their RoI heads grows with the proposals that survive NMS and the detections that
# pass the score threshold, which depend on the weights. torchvision measured its GFLOPS with its COCO weights;
# tests/lessons/detection/test_compute.py reproduces them under those counts. The one-stage detectors match as they are.
_COUNT_DEPENDENT = {"fasterrcnn_resnet50_fpn", "fasterrcnn_resnet50_fpn_v2", "fasterrcnn_mobilenet_v3_large_fpn",
                    "fasterrcnn_mobilenet_v3_large_320_fpn", "maskrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn_v2",
                    "keypointrcnn_resnet50_fpn"}


@pytest.mark.parametrize("key", list_catalog("torchvision"))
def test_every_torchvision_model_matches_its_metadata(key):
    report = _check(key)
    name = key.split("/", 1)[1]
    try:
        meta = torchvision.models.get_model_weights(name).DEFAULT.meta
    except ValueError:
        return
    if name not in _AUX:
        assert report.totals.total_params == meta["num_params"]
    if "_ops" in meta and name not in _AUX and name not in _COUNT_DEPENDENT:
        assert round(report.totals.macs / 1e9, 3) == pytest.approx(meta["_ops"], abs=0.0015)


def test_recurrent_shortcut_on_a_real_model():
    """timm's sequencer2d runs nn.LSTM over rows and columns; the shortcut must not change a row."""
    from playground.core.inspection.table import build_on_meta, example_inputs
    from playground.core.inspection.trace import trace_module
    from playground.core.models import resolve
    entry = resolve("timm/sequencer2d_s")
    model = build_on_meta(entry).eval()
    inputs = example_inputs(entry, (1,) + entry.input_shape)
    fast, fast_flops, _ = trace_module(model, inputs, track_field=True, shortcuts=True)
    plain, plain_flops, _ = trace_module(model, inputs, track_field=True, shortcuts=False)
    assert fast_flops == plain_flops
    assert [(r.name, r.output_shape, r.macs, r.field) for r in fast] == \
           [(r.name, r.output_shape, r.macs, r.field) for r in plain]
