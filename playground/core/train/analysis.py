"""After a run: a trained (or loaded) model on its test split: metrics, confusion matrix, mistakes, next-value
predictions of a series model and the decision boundary of a 2-D classifier. No gradio here."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn

from playground.core.data.datasets import Dataset, load_dataset

from .tasks import ClassifyTask, Task, make_task
from .trained import TrainedModel, prepare_inputs


def load_test_split(trained: TrainedModel) -> tuple[Dataset, torch.Tensor]:
    """The dataset a trained model was made for, and its test inputs as the model reads them."""
    options = {k: v for k, v in trained.data.options.items() if k != "seed"}
    seed = trained.data.options.get("seed", trained.spec.seed)
    data = load_dataset(trained.data.key, seed=seed, **options)
    return data, prepare_inputs(data.x_test, trained.data)


def _task_of(trained: TrainedModel, data: Dataset) -> Task:
    return make_task(trained.entry, data, trained.data.loss)


def _device_of(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def evaluate_trained(trained: TrainedModel) -> dict:
    """Test-split metrics of a trained (or loaded) model, on the device its weights are on."""
    data, x = load_test_split(trained)
    device = _device_of(trained.model)
    trained.model.eval()
    return _task_of(trained, data).evaluate(trained.model, x.to(device), data.y_test.to(device))


@dataclass
class Analysis:
    """A trained model on its test split: metrics, confusion and its first mistakes."""
    metrics: dict
    confusion: list[list[int]] | None  # [true][predicted], classification and tagging
    classes: list[str]
    mistakes: list[dict]  # {"index", "true", "pred"} for the first wrongly predicted test examples


def analyse(trained: TrainedModel, limit: int = 16) -> Analysis:
    """Metrics, confusion matrix and the first mistakes on the test split."""
    data, x = load_test_split(trained)
    device = _device_of(trained.model)
    task = _task_of(trained, data)
    trained.model.eval()
    x, y = x.to(device), data.y_test.to(device)
    metrics = task.evaluate(trained.model, x, y)
    if data.task == "regress":
        return Analysis(metrics, None, list(data.classes), [])
    pred = task.predict(trained.model, x)
    confusion = None
    if data.task in ("classify", "tag"):
        k = data.n_classes
        flat = (y.flatten() * k + pred.flatten()).cpu()  # (true, pred) pairs as one index
        confusion = torch.bincount(flat, minlength=k * k).view(k, k).tolist()
    wrong = (pred != y[:, 1:] if data.task == "translate" else pred != y)
    if wrong.dim() > 1:
        wrong = wrong.any(dim=1)
    idx = wrong.nonzero().flatten()[:limit].tolist()
    mistakes = [{"index": i, "true": (y[i, 1:] if data.task == "translate" else y[i]).tolist(),
                 "pred": pred[i].tolist()} for i in idx]
    return Analysis(metrics, confusion, list(data.classes), mistakes)


@torch.no_grad()
def series_predictions(trained: TrainedModel, n: int = 3):
    """First n test series of a next-step regressor -> (inputs, targets, predictions), each (n, T) numpy."""
    data, x = load_test_split(trained)
    trained.model.eval()
    pred = trained.model(x[:n].to(_device_of(trained.model))).float().cpu()  # (n, T, 1)
    return data.x_test[:n, :, 0].numpy(), data.y_test[:n, :, 0].numpy(), pred[:, :, 0].numpy()


@torch.no_grad()
def decision_grid(model: nn.Module, loss: str, resolution: int = 61, extent: float = 1.2):
    """Class-1 probability of a 2-D classifier over a square grid -> (coords (R,), probs (R, R), rows = y)."""
    coords = torch.linspace(-extent, extent, resolution)
    gy, gx = torch.meshgrid(coords, coords, indexing="ij")
    points = torch.stack([gx.flatten(), gy.flatten()], dim=1)  # (R*R, 2) as (x, y)
    was_training = model.training
    model.eval()
    try:
        probs = ClassifyTask(None, loss).probabilities(model, points.to(_device_of(model))).float().cpu()
    finally:
        model.train(was_training)
    return coords.numpy(), probs.view(resolution, resolution).numpy()
