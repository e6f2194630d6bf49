"""Tasks: which datasets fit which model, and how a model's output meets the targets (loss, accuracy, predictions)
for each kind of target; the loss that fits a task. No gradio here."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from playground.core.data.datasets import DATASETS, Dataset, dataset_info
from playground.core.data.vocab import BOS
from playground.core.errors import PlaygroundError
from playground.core.models import ModelEntry
from playground.core.models.catalog import is_detector

from .spec import TrainSpec

EVAL_BATCH = 1024  # examples per forward pass when a whole split is evaluated

_FITS = {"image": ("image",), "vector": ("vector",), "series": ("series",), "token_pair": ("token_pair",)}


def fits(entry: ModelEntry, dataset_key: str) -> bool:
    """Whether a dataset's input kind suits the model (a finer check of its output happens when it is built)."""
    info = dataset_info(dataset_key)
    if entry.family == "show_attend_tell" or is_detector(entry.key):  # captions and boxes: the Labs tab's own loops
        return False
    if entry.input_kind == "tokens":  # causal taggers; a decoder-only GPT also learns the translate tasks
        return (info.task == "tag" and entry.family in ("rnn", "lstm", "gru", "gpt")) or \
            (entry.family == "gpt" and info.task == "translate")
    return info.input_kind in _FITS.get(entry.input_kind, ())


def datasets_for(entry: ModelEntry) -> list[str]:
    """The built-in datasets this model can train on, in the order the Train tab lists them."""
    return [k for k in DATASETS if fits(entry, k)]


class Task:
    """Loss, accuracy and predictions for one kind of target; subclasses per task."""
    metric = "accuracy"  # what the second curve shows
    eval_cost = 1.0  # forward passes per example to evaluate

    def __init__(self, data: Dataset, loss: str):
        self.data = data
        self.loss_name = loss

    def inputs(self, x):
        return (x,)

    def step(self, model, x, y):
        """Training step -> (loss, number correct, number counted), all tensors on the device."""
        raise NotImplementedError

    @torch.no_grad()
    def evaluate(self, model, x, y) -> dict:
        """Loss and accuracy (plus task extras) on a whole split, in batches."""
        raise NotImplementedError

    @torch.no_grad()
    def predict(self, model, x) -> torch.Tensor:
        """What the model predicts for every example, in batches."""
        raise NotImplementedError


class ClassifyTask(Task):
    """One class per example: logits (B, K), or (B, 1) with BCE on two classes; targets (B,)."""

    def logits(self, model, x):
        return model(x)

    def _loss(self, logits, y):
        if self.loss_name == "bce":  # one output: the logit of class 1
            return F.binary_cross_entropy_with_logits(logits.squeeze(-1), y.float())
        return F.cross_entropy(logits, y)

    def _pred(self, logits):
        return (logits.squeeze(-1) > 0).long() if self.loss_name == "bce" else logits.argmax(-1)

    def step(self, model, x, y):
        logits = self.logits(model, x).float()
        return self._loss(logits, y), (self._pred(logits) == y).sum(), y.numel()

    @torch.no_grad()
    def evaluate(self, model, x, y):
        total, correct = 0.0, 0
        for i in range(0, len(x), EVAL_BATCH):
            logits = self.logits(model, x[i:i + EVAL_BATCH]).float()
            yb = y[i:i + EVAL_BATCH]
            total += self._loss(logits, yb).item() * len(yb)
            correct += (self._pred(logits) == yb).sum().item()
        return {"loss": total / len(x), "accuracy": correct / len(x)}

    @torch.no_grad()
    def predict(self, model, x):
        return torch.cat([self._pred(self.logits(model, x[i:i + EVAL_BATCH]).float())
                          for i in range(0, len(x), EVAL_BATCH)])

    @torch.no_grad()
    def probabilities(self, model, x):
        logits = self.logits(model, x).float()
        return torch.sigmoid(logits.squeeze(-1)) if self.loss_name == "bce" else logits.softmax(-1)[:, 1]


class TagTask(ClassifyTask):
    """A class for every step of a sequence: logits (B, T, K), targets (B, T)."""
    eval_cost = 2.0

    def _loss(self, logits, y):
        return F.cross_entropy(logits.flatten(0, 1), y.flatten())  # (B*T, K) vs (B*T,)

    def _pred(self, logits):
        return logits.argmax(-1)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        out = super().evaluate(model, x, y)
        out["accuracy"] = out["accuracy"] / y.shape[1]  # per step, not per sequence
        pred = self.predict(model, x)
        out["sequence_accuracy"] = (pred == y).all(dim=1).float().mean().item()
        return out


class RegressTask(Task):
    """Real-valued targets with mean squared error; the second curve is R² = 1 - MSE / Var(y)."""
    metric = "r2"

    def step(self, model, x, y):
        out = model(x).float()
        loss = F.mse_loss(out, y)
        return loss, torch.zeros((), device=y.device), 0

    @torch.no_grad()
    def evaluate(self, model, x, y):
        mse = sum(F.mse_loss(model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH], reduction="sum").item()
                  for i in range(0, len(x), EVAL_BATCH)) / y.numel()
        var = y.float().var(unbiased=False).item()
        return {"loss": mse, "r2": 1.0 - mse / var if var > 0 else 0.0}

    @torch.no_grad()
    def predict(self, model, x):
        return torch.cat([model(x[i:i + EVAL_BATCH]).float() for i in range(0, len(x), EVAL_BATCH)])


class TranslateTask(Task):
    """Encoder-decoder on (source, [BOS] + target): teacher forcing in training, greedy decoding to evaluate."""
    metric = "sequence_accuracy"

    @property
    def eval_cost(self):  # the loss pass, then one pass per decoded token
        return 1.0 + self.data.y_test.shape[1] - 1

    def logits(self, model, src, tgt_in):
        return model(src, tgt_in)  # (B, T, V)

    def step(self, model, x, y):
        logits = self.logits(model, x, y[:, :-1]).float()
        target = y[:, 1:]
        loss = F.cross_entropy(logits.flatten(0, 1), target.flatten())  # (B*T, V) vs (B*T,)
        return loss, (logits.argmax(-1) == target).sum(), target.numel()

    @torch.no_grad()
    def predict(self, model, x):
        """Greedy decoding: start from BOS and feed back the most likely token, one step at a time."""
        n_out = self.data.y_test.shape[1] - 1
        outs = []
        for i in range(0, len(x), EVAL_BATCH):
            src = x[i:i + EVAL_BATCH]
            ys = torch.full((len(src), 1), BOS, dtype=torch.long, device=src.device)
            for _ in range(n_out):
                nxt = self.logits(model, src, ys)[:, -1].argmax(-1, keepdim=True)  # (B, 1)
                ys = torch.cat([ys, nxt], dim=1)
            outs.append(ys[:, 1:])
        return torch.cat(outs)  # (N, T)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        total = 0.0
        for i in range(0, len(x), EVAL_BATCH):
            logits = self.logits(model, x[i:i + EVAL_BATCH], y[i:i + EVAL_BATCH, :-1]).float()
            total += F.cross_entropy(logits.flatten(0, 1), y[i:i + EVAL_BATCH, 1:].flatten()).item() * len(logits)
        pred = self.predict(model, x)
        target = y[:, 1:]
        return {"loss": total / len(x), "accuracy": (pred == target).float().mean().item(),
                "sequence_accuracy": (pred == target).all(dim=1).float().mean().item()}


class LanguageModelTask(TranslateTask):
    """A decoder-only model reads source, BOS and target as one sequence; only the target positions are scored."""

    def logits(self, model, src, tgt_in):
        s = src.shape[1]
        return model(torch.cat([src, tgt_in], dim=1))[:, s:]  # (B, T, V) at the target positions


def make_task(entry: ModelEntry, data: Dataset, loss: str) -> Task:
    """The Task for a dataset's kind of target (a decoder-only model reads translations as one sequence)."""
    if data.task == "classify":
        return ClassifyTask(data, loss)
    if data.task == "tag":
        return TagTask(data, loss)
    if data.task == "regress":
        return RegressTask(data, loss)
    if entry.input_kind == "tokens":
        return LanguageModelTask(data, loss)
    return TranslateTask(data, loss)


def resolve_loss(spec: TrainSpec, data: Dataset) -> str:
    """The loss that fits the task; BCE only for two classes, MSE only for regression."""
    if data.task == "regress":
        if spec.loss not in ("auto", "mse"):
            raise PlaygroundError("train_loss_mismatch", loss=spec.loss, task=data.task)
        return "mse"
    if spec.loss == "bce":
        if data.task != "classify" or data.n_classes != 2:
            raise PlaygroundError("train_loss_mismatch", loss=spec.loss, task=data.task)
        return "bce"
    if spec.loss not in ("auto", "cross_entropy"):
        raise PlaygroundError("train_loss_mismatch", loss=spec.loss, task=data.task)
    return "cross_entropy"
