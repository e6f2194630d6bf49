"""Brief training of any registry or catalog model on a built-in dataset: validation, the task that fits each
(model, dataset) pair, the step loop that reports progress, and an estimate of time and memory. No gradio here.

The loop keeps per-step numbers on the device and reads them back only when it reports, so streaming costs the
training next to nothing; Stop and the wall-time limit are checked every step.
"""
from __future__ import annotations

import contextlib
import inspect as pyinspect
import json
import math
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Iterator

import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core import config
from playground.core.data.datasets import BOS, DATASETS, Dataset, adapt_images, dataset_info, load_dataset
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import ModelEntry, resolve
from playground.core.models.catalog import is_detector

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "cosine", "linear", "step")
LOSSES = ("auto", "cross_entropy", "bce", "mse")
DEVICES = ("auto", "cpu", "cuda", "mps")
CATALOG_IMAGE_SIZE = 32  # ImageNet-size models (catalog, full registry CNNs) train at this size
EVAL_BATCH = 1024
LIVE_EVAL_SIZE = 500  # test examples scored at each evaluation during a run (all of them at the end)
# Evaluations during a run cost at most about this share of the training compute (a forward pass is about a
# third of a training step), so watching a run barely slows it; fewer points are plotted for short runs.
EVAL_SHARE = 0.12


@dataclass(frozen=True)
class TrainSpec:
    """Everything that decides a run; the same spec on the same device reproduces the same curve."""
    model: str
    dataset: str
    data_options: dict = field(default_factory=dict)
    model_options: dict = field(default_factory=dict)  # e.g. {"hidden": [16, 16], "activation": "tanh"} for MLPs
    optimizer: str = "adam"
    lr: float = 1e-3
    momentum: float = 0.9  # for "momentum" (SGD with momentum) and RMSprop's momentum term when > 0 there
    weight_decay: float = 0.0
    batch_size: int = 64
    epochs: float = 5.0
    steps: int = 0  # > 0 overrides epochs
    warmup_steps: int = 0
    schedule: str = "constant"
    loss: str = "auto"
    grad_clip: float = 0.0  # max gradient norm; 0 turns clipping off
    seed: int = 0
    device: str = "auto"
    amp: bool = True  # mixed precision, used on CUDA only
    eval_points: int = 20  # evaluations on the test split over the run

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainSpec":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


# ---------------------------------------------------------------------------------------------------------------
# Devices

def pick_device(name: str = "auto") -> torch.device:
    """CUDA, then Apple MPS, then CPU for "auto"; an explicit device that is absent is an error."""
    name = (name or "auto").lower()
    if name not in DEVICES:
        raise PlaygroundError("train_device_unknown", device=name)
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps and mps.is_available())
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu")
    if (name == "cuda" and not torch.cuda.is_available()) or (name == "mps" and not has_mps):
        raise PlaygroundError("train_device_missing", device=name)
    return torch.device(name)


def describe_device(device: torch.device) -> str:
    if device.type == "cuda":
        return f"CUDA · {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    return f"CPU · {torch.get_num_threads()} threads"


# ---------------------------------------------------------------------------------------------------------------
# Which datasets fit which models

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
    return [k for k in DATASETS if fits(entry, k)]


# ---------------------------------------------------------------------------------------------------------------
# Tasks: how a model's output meets the targets

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
        raise NotImplementedError


class ClassifyTask(Task):
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


# ---------------------------------------------------------------------------------------------------------------
# Building the model for a dataset

def accepted_kwargs(entry: ModelEntry) -> set[str] | None:
    """Keyword arguments the builder takes; None when it takes anything (catalog builders)."""
    params = pyinspect.signature(entry.build).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params}


def model_kwargs(entry: ModelEntry, data: Dataset, loss: str, model_options: dict | None = None) -> dict:
    """Builder arguments that size the model's input and output to the dataset."""
    n_out = 1 if loss == "bce" else data.n_classes
    if entry.source == "timm":
        return {"num_classes": n_out, "in_chans": 3}
    if entry.source == "torchvision":
        return {"num_classes": n_out}
    wanted = {"n_classes": n_out, "n_outputs": n_out, "in_channels": entry.input_shape[0] if data.input_kind ==
              "image" else None, "in_features": 2 if data.input_kind == "vector" else None,
              "n_features": 1 if data.input_kind == "series" else None}
    if data.input_kind == "token_pair":
        wanted.update(src_vocab=data.vocab_size, tgt_vocab=data.n_classes, vocab_size=data.n_classes)
    elif entry.family == "gpt":  # one vocabulary for what it reads and what it predicts
        wanted["vocab_size"] = max(data.vocab_size or 0, data.n_classes)
    else:
        wanted["vocab_size"] = data.vocab_size
    accepted = accepted_kwargs(entry) or set()
    kwargs = {k: v for k, v in wanted.items() if v is not None and k in accepted}
    for k, v in (model_options or {}).items():
        if k not in accepted or k in wanted:
            raise PlaygroundError("train_model_option", option=k, model=entry.key)
        kwargs[k] = tuple(v) if isinstance(v, list) else v
    return kwargs


def input_shape_for(entry: ModelEntry, data: Dataset) -> tuple[int, ...]:
    """The per-sample input the model is fed: images are resized and their channels matched to the model."""
    if data.input_kind != "image":
        return tuple(data.x_train.shape[1:])
    c, h, w = entry.input_shape if entry.source == "registry" else (3, 0, 0)
    if entry.source != "registry" or max(h, w) > 64:  # ImageNet-size models train on small images here
        h = w = CATALOG_IMAGE_SIZE
    return (c, h, w)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())  # tied weights are counted once


def _meta_params(entry: ModelEntry, kwargs: dict) -> int:
    try:
        return count_parameters(build_on_meta(entry, **kwargs))
    except (TypeError, ValueError, KeyError, RuntimeError) as e:
        raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e)[:200]) from None


_BUILD_LOCK = threading.Lock()  # seeding and building use torch's global generator; one build at a time


def build_model(entry: ModelEntry, kwargs: dict, seed: int) -> nn.Module:
    with _BUILD_LOCK:
        torch.manual_seed(seed)
        try:
            return entry.build(**kwargs)
        except (TypeError, ValueError, KeyError, RuntimeError) as e:
            raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e)[:200]) from None


# ---------------------------------------------------------------------------------------------------------------
# Validation

def _number(value, key: str, low: float, high: float, integer: bool = False):
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        raise PlaygroundError(key, value=value, low=low, high=high) from None
    if not math.isfinite(v) or v < low or v > high or (integer and v != int(v)):
        raise PlaygroundError(key, value=value, low=low, high=high)
    return int(v) if integer else v


def _positive(v) -> bool:
    try:
        return float(v) > 0
    except (TypeError, ValueError, OverflowError):
        return False


def validate(spec: TrainSpec) -> TrainSpec:
    """Reject impossible settings with a message that names the setting and its range."""
    if spec.optimizer not in OPTIMIZERS:
        raise PlaygroundError("train_optimizer_unknown", name=spec.optimizer)
    if spec.schedule not in SCHEDULES:
        raise PlaygroundError("train_schedule_unknown", name=spec.schedule)
    if spec.loss not in LOSSES:
        raise PlaygroundError("train_loss_unknown", name=spec.loss)
    return replace(
        spec,
        lr=_number(spec.lr, "train_lr", 1e-8, 10),
        momentum=_number(spec.momentum, "train_momentum", 0, 0.999),
        weight_decay=_number(spec.weight_decay, "train_weight_decay", 0, 1),
        batch_size=_number(spec.batch_size, "train_batch_size", 1, 100_000, integer=True),
        epochs=spec.epochs if _positive(spec.steps) else _number(spec.epochs, "train_epochs", 0.01, 10_000),
        steps=_number(spec.steps, "train_steps", 0, 10_000_000, integer=True),
        warmup_steps=_number(spec.warmup_steps, "train_warmup", 0, 10_000_000, integer=True),
        grad_clip=_number(spec.grad_clip, "train_grad_clip", 0, 1e6),
        seed=_number(spec.seed, "train_seed", 0, 2**31 - 1, integer=True),
        eval_points=_number(spec.eval_points, "train_eval_points", 1, 1000, integer=True),
    )


def total_steps(spec: TrainSpec, n_train: int) -> int:
    return spec.steps if spec.steps > 0 else max(1, math.ceil(spec.epochs * n_train / spec.batch_size))


# ---------------------------------------------------------------------------------------------------------------
# Optimisers and the learning-rate schedule

def make_optimizer(spec: TrainSpec, params) -> torch.optim.Optimizer:
    params = [p for p in params if p.requires_grad]
    wd = spec.weight_decay
    if spec.optimizer == "sgd":
        return torch.optim.SGD(params, lr=spec.lr, weight_decay=wd)
    if spec.optimizer == "momentum":  # v = m v + g; w -= lr v
        return torch.optim.SGD(params, lr=spec.lr, momentum=spec.momentum, weight_decay=wd)
    if spec.optimizer == "adagrad":  # lr / sqrt(sum of past squared gradients)
        return torch.optim.Adagrad(params, lr=spec.lr, weight_decay=wd)
    if spec.optimizer == "rmsprop":  # lr / sqrt(moving average of squared gradients)
        return torch.optim.RMSprop(params, lr=spec.lr, alpha=0.99, weight_decay=wd)
    if spec.optimizer == "adam":  # momentum + RMSprop, both bias-corrected by 1 / (1 - beta^t)
        return torch.optim.Adam(params, lr=spec.lr, weight_decay=wd)
    return torch.optim.AdamW(params, lr=spec.lr, weight_decay=wd)  # decay applied to the weights directly


def lr_factor(step: int, total: int, warmup: int, schedule: str) -> float:
    """Multiplier of the base learning rate at a step: linear warm-up, then the chosen decay."""
    if warmup > 0 and step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    if schedule == "cosine":
        return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    if schedule == "linear":
        return max(0.0, 1 - progress)
    if schedule == "step":  # x0.1 at half and at three quarters of the run
        return 0.1 ** ((progress >= 0.5) + (progress >= 0.75))
    return 1.0


# ---------------------------------------------------------------------------------------------------------------
# Prepared runs

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
    data: dict  # key, task, input_kind, input_shape, classes, mean, std, n_classes, loss
    metrics: dict = field(default_factory=dict)
    history: History = field(default_factory=History)

    @property
    def entry(self) -> ModelEntry:
        return resolve(self.spec.model)


def data_summary(data: Dataset, input_shape, loss: str) -> dict:
    return {"key": data.key, "task": data.task, "input_kind": data.input_kind, "input_shape": list(input_shape),
            "classes": list(data.classes), "n_classes": data.n_classes, "mean": data.mean, "std": data.std,
            "loss": loss, "options": dict(data.options)}


def prepare_inputs(x: torch.Tensor, summary: dict) -> torch.Tensor:
    """Dataset tensors -> what the model reads: images resized, channel-matched and normalised."""
    if summary["input_kind"] != "image":
        return x
    c, h, w = summary["input_shape"]
    return (adapt_images(x, c, (h, w)) - summary["mean"]) / summary["std"]


@dataclass
class Plan:
    """A validated run before any weight exists: what will be built and how long it should take."""
    spec: TrainSpec
    entry: ModelEntry
    data: Dataset
    loss: str
    kwargs: dict
    input_shape: tuple[int, ...]
    params: int
    steps: int
    device: torch.device


def plan(spec: TrainSpec) -> Plan:
    """Validate a spec against the registry, the dataset and the limits; builds nothing but a meta model."""
    spec = validate(spec)
    entry = resolve(spec.model)
    if entry is None:
        raise PlaygroundError("unknown_model", model=spec.model)
    dataset_info(spec.dataset)  # unknown dataset -> its own message
    if not fits(entry, spec.dataset):
        raise PlaygroundError("train_mismatch", model=entry.key, dataset=spec.dataset,
                              kind=entry.input_kind)
    data = load_dataset(spec.dataset, seed=spec.seed, **spec.data_options)
    n_train = len(data.x_train)
    if spec.batch_size > n_train:
        raise PlaygroundError("train_batch_size", value=spec.batch_size, low=1, high=n_train)
    loss = resolve_loss(spec, data)
    kwargs = model_kwargs(entry, data, loss, spec.model_options)
    params = _meta_params(entry, kwargs)
    if params > config.MAX_TRAIN_PARAMS:
        raise PlaygroundError("train_too_many_params", params=f"{params:,}", limit=f"{config.MAX_TRAIN_PARAMS:,}")
    steps = total_steps(spec, n_train)
    if steps > config.MAX_TRAIN_STEPS:
        raise PlaygroundError("train_too_many_steps", steps=f"{steps:,}", limit=f"{config.MAX_TRAIN_STEPS:,}")
    return Plan(spec, entry, data, loss, kwargs, input_shape_for(entry, data), params, steps,
                pick_device(spec.device))


# ---------------------------------------------------------------------------------------------------------------
# The run

@dataclass
class Snapshot:
    """What a report carries: progress, speed and the curves so far (the live model is Run.model)."""
    step: int
    total_steps: int
    epoch: float
    elapsed: float
    samples_per_second: float
    eta: float
    status: str  # "running", "done", "stopped", "time_limit" or "diverged"
    history: History
    last_eval: dict


class Run:
    """One training run. Iterate run.reports() to train; each item is a Snapshot at a report point.

    Args:
        stop: set it (from any thread) to end the run after the current step; the model keeps what it learnt.
        report_every: seconds between reports (reports also come at every evaluation and at the end).
        max_seconds: wall-time limit; the run ends with status "time_limit" when it is reached.
    """

    def __init__(self, spec: TrainSpec, stop: threading.Event | None = None, report_every: float = 0.5,
                 max_seconds: float | None = None):
        self.plan = p = plan(spec)
        self.spec, self.device, self.task = p.spec, p.device, make_task(p.entry, p.data, p.loss)
        self.stop = stop or threading.Event()
        self.report_every = report_every
        self.max_seconds = config.MAX_TRAIN_SECONDS if max_seconds is None else max_seconds
        self.summary = data_summary(p.data, p.input_shape, p.loss)
        self._prepared: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
        self.model = build_model(p.entry, p.kwargs, p.spec.seed).to(self.device)
        self._check_output()
        self.history = History()
        self.status = "ready"
        self.step = 0
        self.last_eval: dict = {}

    def _tensors(self, split: str):
        """A split as the model reads it, on the device (prepared once per run)."""
        if split not in self._prepared:
            x = getattr(self.plan.data, f"x_{split}")
            y = getattr(self.plan.data, f"y_{split}")
            self._prepared[split] = prepare_inputs(x, self.summary).to(self.device), y.to(self.device)
        return self._prepared[split]

    def _check_output(self):
        """One real forward on a single sample: a model that cannot read this data says so before training."""
        x, y = self.plan.data.x_train[:1], self.plan.data.y_train[:1]
        x = prepare_inputs(x, self.summary).to(self.device)
        self.model.eval()
        try:
            with torch.no_grad():
                self.task.step(self.model, x, y.to(self.device))
        except Exception as e:  # noqa: BLE001 - any failure on one sample means this data does not fit
            raise PlaygroundError("train_mismatch_output", model=self.plan.entry.key, dataset=self.spec.dataset,
                                  detail=(str(e).splitlines() or [type(e).__name__])[0][:200]) from None
        finally:
            self.model.train()

    def _autocast(self):
        """Mixed precision on CUDA when asked for; elsewhere no context at all (building a disabled autocast
        costs more than a tiny model's whole step)."""
        if self.device.type == "cuda" and self.spec.amp:
            dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
            return torch.autocast("cuda", dtype=dtype)
        return contextlib.nullcontext()

    def evaluate(self, limit: int | None = None) -> dict:
        """Test-split metrics of the current model (on the first `limit` test examples when given)."""
        x, y = self._tensors("test")
        if limit is not None:
            x, y = x[:limit], y[:limit]
        self.model.eval()
        try:
            with self._autocast():
                return self.task.evaluate(self.model, x, y)
        finally:
            self.model.train()

    def reports(self) -> Iterator[Snapshot]:
        spec, model = self.spec, self.model
        x_train, y_train = self._tensors("train")
        n, batch, total = len(x_train), spec.batch_size, self.plan.steps
        n_eval = self.eval_count()
        eval_at = {round(total * (k + 1) / n_eval) for k in range(n_eval)} | {total}
        step = self._stepper(total)
        gen = torch.Generator().manual_seed(spec.seed)  # batch order, independent of anything else
        # Per-step numbers stay on the device as 0-d tensors until a report reads them (list appends are the
        # cheapest way to keep them; indexing into a preallocated tensor costs more than a tiny model's step).
        losses: list[torch.Tensor] = []
        correct: list[torch.Tensor] = []
        counted: list[int] = []
        perm, pos = torch.randperm(n, generator=gen), 0
        reported, last_report, t0 = 0, time.perf_counter(), time.perf_counter()
        self.status = "running"
        model.train()
        while self.step < total:
            if pos + batch > n:  # a new epoch: reshuffle; the last partial batch is dropped
                perm, pos = torch.randperm(n, generator=gen), 0
            idx = perm[pos:pos + batch].to(self.device)
            pos += batch
            loss, right, count = step(x_train[idx], y_train[idx])
            losses.append(loss.detach())
            correct.append(right)
            counted.append(count)
            self.step += 1

            now = time.perf_counter()
            at_eval = self.step in eval_at
            if self.stop.is_set():
                self.status = "stopped"
            elif now - t0 > self.max_seconds:
                self.status = "time_limit"
            if at_eval or now - last_report >= self.report_every or self.status != "running":
                new = torch.stack(losses[reported:self.step]).tolist()  # the one device sync per report
                self.history.steps.extend(range(reported + 1, self.step + 1))
                self.history.train_loss.extend(new)
                if not all(math.isfinite(v) for v in new):
                    self.status = "diverged"
                    yield self._snapshot(t0)
                    return
                if at_eval or self.status != "running":
                    self._record_eval(correct, counted)
                reported, last_report = self.step, now
                if self.status != "running":
                    break
                yield self._snapshot(t0)
        if self.status == "running":
            self.status = "done"
        model.eval()
        yield self._snapshot(t0)

    def eval_count(self) -> int:
        """Evaluations in this run: spec.eval_points, fewer when they would cost more than EVAL_SHARE."""
        size = min(LIVE_EVAL_SIZE, len(self.plan.data.x_test))
        affordable = EVAL_SHARE * self.plan.steps * self.spec.batch_size / (size * self.task.eval_cost)
        return max(1, min(self.spec.eval_points, int(affordable)))

    def _stepper(self, total: int):
        """A function that takes one optimiser step on a batch -> (loss, number correct, number counted)."""
        spec, model, task = self.spec, self.model, self.task
        opt = make_optimizer(spec, model.parameters())
        constant = spec.schedule == "constant" and spec.warmup_steps == 0
        sched = None if constant else torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: lr_factor(s, total, spec.warmup_steps, spec.schedule))
        scaler = torch.amp.GradScaler("cuda") if (self.device.type == "cuda" and spec.amp and
                                                   not torch.cuda.is_bf16_supported()) else None

        def step(x, y):
            with self._autocast():
                loss, right, count = task.step(model, x, y)
            opt.zero_grad(set_to_none=True)
            if scaler is not None:  # float16 needs its gradients scaled up; bfloat16 does not
                scaler.scale(loss).backward()
                scaler.unscale_(opt)
            else:
                loss.backward()
            if spec.grad_clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), spec.grad_clip)
            if scaler is not None:
                scaler.step(opt)
                scaler.update()
            else:
                opt.step()
            if sched is not None:
                sched.step()
            return loss, right, count
        return step

    def _record_eval(self, correct, counted):
        start = self.history.eval_steps[-1] if self.history.eval_steps else 0
        n = sum(counted[start:self.step])
        final = self.step >= self.plan.steps or self.status != "running"
        self.last_eval = self.evaluate(None if final else LIVE_EVAL_SIZE)
        if not math.isfinite(self.last_eval["loss"]):
            return
        self.history.eval_steps.append(self.step)
        train_metric = torch.stack(correct[start:self.step]).sum().item() / n if n else float("nan")
        self.history.train_metric.append(train_metric)
        self.history.val_loss.append(self.last_eval["loss"])
        self.history.val_metric.append(self.last_eval[self.task.metric])

    def _snapshot(self, t0) -> Snapshot:
        elapsed = time.perf_counter() - t0
        rate = self.step * self.spec.batch_size / elapsed if elapsed > 0 else 0.0
        remaining = self.plan.steps - self.step
        eta = remaining * self.spec.batch_size / rate if rate > 0 and self.status == "running" else 0.0
        return Snapshot(self.step, self.plan.steps, self.step * self.spec.batch_size / len(self.plan.data.x_train),
                        elapsed, rate, eta, self.status, self.history, dict(self.last_eval))

    def result(self) -> TrainedModel:
        """The model as trained so far, with its description and final metrics."""
        self.model.eval()
        metrics = dict(self.last_eval) or self.evaluate()
        metrics.update(status=self.status, steps=self.step, device=self.device.type)
        return TrainedModel(self.model, self.spec, self.plan.kwargs, self.summary, metrics, self.history)


def train(spec: TrainSpec, **kwargs) -> TrainedModel:
    """Run to the end without reporting (scripts and tests)."""
    run = Run(spec, **kwargs)
    for _ in run.reports():
        pass
    if run.status == "diverged":
        raise PlaygroundError("train_diverged", step=run.step, lr=run.spec.lr)
    return run.result()


# ---------------------------------------------------------------------------------------------------------------
# Estimates before a run

@dataclass
class Estimate:
    params: int
    steps: int
    seconds: float
    memory_bytes: int
    device: str
    over_limit: str | None  # an error key when the run would be refused


def _activation_bytes(model: nn.Module, task: Task, x, y) -> int:
    """Bytes of every leaf module's output for these inputs (what backward keeps, roughly)."""
    total = 0

    def hook(mod, args, out):
        nonlocal total
        if isinstance(out, torch.Tensor):
            total += out.numel() * out.element_size()

    handles = [m.register_forward_hook(hook) for m in model.modules() if not list(m.children())]
    try:
        with torch.no_grad():
            task.step(model, x, y)
    finally:
        for h in handles:
            h.remove()
    return total


@lru_cache(maxsize=64)
def _measure(spec_json: str) -> tuple[float, float, int]:
    """(seconds per step, seconds per evaluation, memory in bytes), from a few real steps on the device."""
    spec = TrainSpec.from_dict(json.loads(spec_json))
    probe_steps = 3
    run = Run(replace(spec, steps=probe_steps + 1, eval_points=1), report_every=1e9)
    x, y = run._tensors("train")
    act = _activation_bytes(run.model, run.task, x[:1], y[:1]) * spec.batch_size
    opt_state = {"sgd": 0, "momentum": 1, "adagrad": 1, "rmsprop": 1, "adam": 2, "adamw": 2}[spec.optimizer]
    memory = count_parameters(run.model) * 4 * (2 + opt_state) + act + x.numel() * x.element_size()
    if run.device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(run.device)
    step = run._stepper(probe_steps + 1)
    xb, yb = x[:spec.batch_size], y[:spec.batch_size]
    step(xb, yb)  # the first step pays one-off costs; time the rest
    t = time.perf_counter()
    for _ in range(probe_steps):
        loss, _, _ = step(xb, yb)
    loss.item()  # wait for the device
    per_step = (time.perf_counter() - t) / probe_steps
    t = time.perf_counter()
    run.evaluate()
    per_eval = time.perf_counter() - t
    if run.device.type == "cuda":
        memory = max(memory, torch.cuda.max_memory_allocated(run.device))
    return per_step, per_eval, memory


def estimate(spec: TrainSpec) -> Estimate:
    """Time and memory of a run on this device, from a few measured steps; flags what the limits forbid."""
    p = plan(spec)
    key = replace(p.spec, epochs=1.0, steps=0, warmup_steps=0, schedule="constant", eval_points=1)
    per_step, per_eval, memory = _measure(json.dumps(key.to_dict(), sort_keys=True))
    seconds = per_step * p.steps + per_eval * min(p.spec.eval_points, p.steps)
    over = "train_too_slow" if seconds > config.MAX_TRAIN_SECONDS else None
    return Estimate(p.params, p.steps, seconds, memory, describe_device(p.device), over)


# ---------------------------------------------------------------------------------------------------------------
# After a run: evaluation, confusion, mistakes, decision boundary

def load_test_split(trained: TrainedModel) -> tuple[Dataset, torch.Tensor]:
    """The dataset a trained model was made for, and its test inputs as the model reads them."""
    options = {k: v for k, v in (trained.data.get("options") or {}).items() if k != "seed"}
    seed = (trained.data.get("options") or {}).get("seed", trained.spec.seed)
    data = load_dataset(trained.data["key"], seed=seed, **options)
    return data, prepare_inputs(data.x_test, trained.data)


def _task_of(trained: TrainedModel, data: Dataset) -> Task:
    return make_task(trained.entry, data, trained.data.get("loss", "cross_entropy"))


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
