"""The losses lesson's "where the notes differ" callouts, recomputed: PyTorch's MSE against the note's 1/(2n), and
cross-entropy over classes and examples, on logits (no softmax layer)."""
import torch
import torch.nn.functional as F

from playground.i18n import EN, ZH
from playground.lessons.losses import compute as fn


def test_losses_differs_mse():
    pred = torch.tensor([1.0, 2.5, -0.5, 0.3], dtype=torch.float64)
    target = torch.tensor([0.5, 2.0, 0.0, 0.0], dtype=torch.float64)
    n = len(pred)
    plain = ((target - pred) ** 2).sum() / n
    note = ((target - pred) ** 2).sum() / (2 * n)
    torch_mse = torch.nn.MSELoss()(pred, target)
    assert torch.isclose(torch_mse, plain) and torch.isclose(note, torch_mse / 2)
    # the quoted example: 0.3 away from the target costs 0.09 (PyTorch, the lesson's curve), 0.045 by the note
    assert round(float(torch.nn.MSELoss()(torch.tensor([0.3]), torch.tensor([0.0]))), 6) == 0.09
    curve_p, curve_v = fn.loss_curves(0.5, lo=0.2, hi=0.8, n=3)["mse"]
    assert abs(float(curve_v[0]) - 0.09) < 1e-6 and abs(float(curve_p[0]) - 0.2) < 1e-6
    # the 1/2 cancels the 2 of the square: d/dyhat of (yhat - y)^2 / 2 is yhat - y
    p = pred.clone().requires_grad_()
    (((p - target) ** 2) / 2).sum().backward()
    assert torch.allclose(p.grad, pred - target)
    for text in (EN["losses_differs_mse"], ZH["losses_differs_mse"]):
        assert "1/(2n)" in text and "0.09" in text and "0.045" in text and "003_" in text


def test_losses_differs_cross_entropy():
    gen = torch.Generator().manual_seed(0)
    logits = torch.randn(5, 4, generator=gen, dtype=torch.float64)  # (n, classes)
    labels = torch.tensor([0, 3, 1, 1, 2])
    onehot = F.one_hot(labels, 4).to(torch.float64)
    probs = torch.softmax(logits, dim=1)
    # per example a sum over classes, then the mean over the n examples
    by_hand = -(onehot * probs.log()).sum(dim=1).mean()
    assert torch.isclose(F.cross_entropy(logits, labels), by_hand)
    assert torch.isclose(torch.nn.CrossEntropyLoss()(logits, labels), by_hand)
    # the loss takes logits: a softmax layer before it would be applied twice and give another loss
    assert not torch.isclose(F.cross_entropy(probs, labels), by_hand)
    assert torch.isclose(F.nll_loss(torch.log_softmax(logits, dim=1), labels), by_hand)
    for text in (EN["losses_differs_cross_entropy"], ZH["losses_differs_cross_entropy"]):
        assert "003_" in text and "004_" in text and "log-softmax" in text
