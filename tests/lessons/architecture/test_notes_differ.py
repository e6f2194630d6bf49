"""The Architecture tab's "where the notes differ" callouts, each recomputed."""
import math

import torch
import torch.nn as nn

from playground.core.inspection.table import inspect_model
from playground.i18n import EN, ZH


def test_architecture_differs_googlenet_pool():
    """003_... gives GoogLeNet's 3x3 stride-2 pools padding 0 and outputs 28, 14, 7 (from 56, 28, 14): the notes'
    formula with P = 0 gives 27, 13, 6; PyTorch's ceil_mode=True gives 28, 14, 7."""
    inputs = (56, 28, 14)
    notes = [math.floor((n + 2 * 0 - 3) / 2) + 1 for n in inputs]
    assert notes == [27, 13, 6]
    floor = [nn.MaxPool2d(3, stride=2)(torch.zeros(1, 1, n, n)).shape[-1] for n in inputs]
    ceil = [nn.MaxPool2d(3, stride=2, ceil_mode=True)(torch.zeros(1, 1, n, n)).shape[-1] for n in inputs]
    assert floor == notes and ceil == [28, 14, 7]
    assert [math.ceil((n - 3) / 2) + 1 for n in inputs] == ceil  # the rounded-up formula the callout gives
    # the shipped GoogLeNet (torchvision's layout) pools exactly so, and the layer table says why
    rows = {r.name: r for r in inspect_model("googlenet", "3x224x224").rows}
    pools = [rows[f"maxpool{i}"] for i in (2, 3, 4)]
    assert [r.input_shape[-1] for r in pools] == list(inputs)
    assert [r.output_shape[-1] for r in pools] == ceil
    assert [(r.padding, r.ceil_mode) for r in pools] == [("0", "True")] * 3
    for text in (EN["architecture_differs_googlenet_pool"], ZH["architecture_differs_googlenet_pool"]):
        assert all(str(n) in text for n in notes + ceil) and "ceil_mode=True" in text and "003_" in text
