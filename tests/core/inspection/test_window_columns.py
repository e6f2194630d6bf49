"""The layer table's kernel / stride / padding / ceil mode columns: read from each convolution and pooling module,
checked against torchvision's GoogLeNet and AlexNet layers and against modules built here."""
import pytest
import torch.nn as nn

from playground.core.inspection.table import TABLE_COLUMNS, inspect_model
from playground.core.inspection.trace import window_geometry

WINDOW_COLUMNS = ["kernel", "stride", "padding", "ceil mode"]


def _rows(key: str, shape: str) -> dict:
    report = inspect_model(key, shape)
    return {r.name: dict(zip(TABLE_COLUMNS, v)) for r, v in zip(report.rows, report.table())}


def _window(row: dict) -> tuple:
    return tuple(row[c] for c in WINDOW_COLUMNS)


def test_the_new_columns_come_after_the_old_ones():
    assert TABLE_COLUMNS[:13] == ["layer", "type", "depth", "input shape", "output shape", "params", "trainable",
                                  "MACs", "calls", "output KB", "receptive field", "jump", "start"]
    assert TABLE_COLUMNS[13:] == WINDOW_COLUMNS


def test_torchvision_googlenet():
    from torchvision.models import googlenet
    model = googlenet(weights=None, aux_logits=False, init_weights=False)
    rows = _rows("torchvision/googlenet", "3x224x224")
    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.MaxPool2d)) and name in rows:
            k, s, p = (module.kernel_size, module.stride, module.padding)
            k = (k, k) if isinstance(k, int) else k
            assert rows[name]["kernel"] == f"{k[0]}×{k[1]}", name
            assert rows[name]["stride"] == str(s if isinstance(s, int) else s[0]), name
            assert rows[name]["padding"] == str(p if isinstance(p, int) else p[0]), name
    assert _window(rows["conv1.conv"]) == ("7×7", "2", "3", "")
    assert _window(rows["maxpool1"]) == ("3×3", "2", "0", "True")
    assert _window(rows["maxpool4"]) == ("2×2", "2", "0", "True")
    assert _window(rows["inception3a.branch4.0"]) == ("3×3", "1", "1", "True")
    assert _window(rows["fc"]) == ("", "", "", "") and _window(rows["avgpool"]) == ("", "", "", "")


def test_torchvision_alexnet():
    rows = _rows("torchvision/alexnet", "3x224x224")
    assert _window(rows["features.0"]) == ("11×11", "4", "2", "")
    assert _window(rows["features.2"]) == ("3×3", "2", "0", "False")
    assert _window(rows["features.3"]) == ("5×5", "1", "2", "")
    assert rows["features.2"]["output shape"] == "[1, 64, 27, 27]"  # the old columns keep their values


@pytest.mark.parametrize("module, want", [
    (nn.Conv2d(3, 8, (1, 7), stride=(2, 1), padding=(0, 3)), ("1×7", "2, 1", "0, 3", "")),
    (nn.Conv2d(3, 8, 4, padding="same"), ("4×4", "1", "same", "")),
    (nn.Conv1d(3, 8, 5, stride=2), ("5", "2", "0", "")),
    (nn.AvgPool2d(2), ("2×2", "2", "0", "False")),
    (nn.MaxPool3d(2, ceil_mode=True), ("2×2×2", "2", "0", "True")),
    (nn.LPPool2d(2, 3), ("3×3", "3", "0", "False")),
    (nn.ConvTranspose2d(4, 2, 2, stride=2), ("2×2", "2", "0", "")),
])
def test_window_geometry_of_each_kind(module, want):
    assert tuple(window_geometry(module)[k] for k in ("kernel", "stride", "padding", "ceil_mode")) == want


def test_other_modules_have_none():
    assert window_geometry(nn.Linear(3, 4)) == {} and window_geometry(nn.AdaptiveAvgPool2d(1)) == {}
