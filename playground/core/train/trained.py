"""What a training run leaves: the TrainedModel, its History of curves and its DataSummary (the data it expects),
and prepare_inputs, which turns dataset tensors into what the model reads. No gradio here."""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn as nn

from playground.core.data.datasets import Dataset
from playground.core.data.images import adapt_images
from playground.core.models import ModelEntry, resolve

from .spec import TrainSpec


@dataclass(frozen=True)
class DataSummary:
    """The data a trained model was made for. Checkpoints and the API carry it as the JSON object of to_dict();
    from_dict reads one back, an absent key taking the default here."""
    key: str | None = None  # the dataset, e.g. "digits"
    task: str | None = None  # "classify", "tag", "regress", "translate" ("caption" for the shipped captioner)
    input_kind: str | None = None  # "image", "vector", "series", "tokens" or "token_pair"
    input_shape: tuple[int, ...] = ()  # one example as the model reads it, e.g. (C, H, W)
    classes: tuple[str, ...] = ()
    n_classes: int | None = None
    mean: float = 0.0  # images are fed as (x - mean) / std
    std: float = 1.0
    loss: str = "cross_entropy"
    options: dict = field(default_factory=dict)  # the dataset's options, its seed among them

    def to_dict(self) -> dict:
        """The JSON object stored in checkpoints (keys in this order)."""
        return {"key": self.key, "task": self.task, "input_kind": self.input_kind,
                "input_shape": list(self.input_shape), "classes": list(self.classes), "n_classes": self.n_classes,
                "mean": self.mean, "std": self.std, "loss": self.loss, "options": dict(self.options)}

    @classmethod
    def from_dict(cls, d: dict) -> DataSummary:
        """A summary from its JSON object (as to_dict writes it); unknown keys are ignored."""
        return cls(key=d.get("key"), task=d.get("task"), input_kind=d.get("input_kind"),
                   input_shape=tuple(d.get("input_shape") or ()), classes=tuple(d.get("classes") or ()),
                   n_classes=d.get("n_classes"), mean=d.get("mean", 0.0), std=d.get("std", 1.0),
                   loss=d.get("loss", "cross_entropy"), options=dict(d.get("options") or {}))


def data_summary(data: Dataset, input_shape, loss: str) -> DataSummary:
    """The summary of a loaded dataset as a model of this input shape and loss reads it."""
    return DataSummary(key=data.key, task=data.task, input_kind=data.input_kind, input_shape=tuple(input_shape),
                       classes=tuple(data.classes), n_classes=data.n_classes, mean=data.mean, std=data.std,
                       loss=loss, options=dict(data.options))


def prepare_inputs(x: torch.Tensor, summary: DataSummary) -> torch.Tensor:
    """Dataset tensors -> what the model reads: images resized, channel-matched and normalised."""
    if summary.input_kind != "image":
        return x
    c, h, w = summary.input_shape
    return (adapt_images(x, c, (h, w)) - summary.mean) / summary.std


@dataclass
class History:
    """Curves: per-step training loss, and test-split metrics at evaluation points."""
    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    train_metric: list[float] = field(default_factory=list)  # running accuracy of the training batches
    val_loss: list[float] = field(default_factory=list)
    val_metric: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        # list() per field: dataclasses.asdict copies element by element, 14 ms for 3,000 steps
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass
class TrainedModel:
    """A model with what it takes to use it again: its spec, the data it expects and how it did."""
    model: nn.Module
    spec: TrainSpec
    kwargs: dict  # builder arguments
    data: DataSummary
    metrics: dict = field(default_factory=dict)
    history: History = field(default_factory=History)

    @property
    def entry(self) -> ModelEntry:
        return resolve(self.spec.model)
