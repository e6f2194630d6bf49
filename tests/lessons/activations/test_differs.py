"""The activations lesson's "where the notes differ" callout, recomputed: ReLU's range and its slope at 0."""
import torch
import torch.nn.functional as F

from playground.i18n import EN, ZH
from playground.lessons.activations import compute as fn


def _slope_at_zero(f) -> float:
    x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    f(x).sum().backward()
    return float(x.grad)


def test_activations_differs_relu():
    # 0 is a value ReLU takes (at every x <= 0): the range is [0, inf), not the note's (0, inf)
    x = torch.linspace(-3, 3, 61, dtype=torch.float64)
    y = F.relu(x)
    assert float(y.min()) == 0.0 and int((y == 0).sum()) == 31
    assert fn.PROPERTIES["relu"]["range"] == "[0, ∞)" and not fn.PROPERTIES["relu"]["smooth"]
    # no derivative at 0: the one-sided difference quotients are 0 and 1, however small h
    for h in (1e-3, 1e-6, 1e-9):
        left = (F.relu(torch.tensor(0.0, dtype=torch.float64)) - F.relu(torch.tensor(-h, dtype=torch.float64))) / h
        right = (F.relu(torch.tensor(h, dtype=torch.float64)) - F.relu(torch.tensor(0.0, dtype=torch.float64))) / h
        assert float(left) == 0.0 and abs(float(right) - 1.0) < 1e-12
    # autograd's choice at the kink: 0 for ReLU, alpha for Leaky ReLU (the note writes 1 for x >= 0)
    assert _slope_at_zero(F.relu) == 0.0
    assert _slope_at_zero(lambda v: F.leaky_relu(v, negative_slope=0.1)) == 0.1
    assert float(fn.derivative("relu", torch.zeros(1))) == 0.0
    assert float(fn.derivative("leaky_relu", torch.zeros(1), alpha=0.1)) == torch.tensor(0.1).item()
    for text in (EN["activations_differs_relu"], ZH["activations_differs_relu"]):
        assert "(0, +∞)" in text and "[0, +∞)" in text and "003_" in text
