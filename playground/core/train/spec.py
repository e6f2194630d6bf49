"""What decides a training run: TrainSpec, the choices it offers, their validation and the run's length in steps.
No gradio here."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

from playground.core.errors import PlaygroundError

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "cosine", "linear", "step")
LOSSES = ("auto", "cross_entropy", "bce", "mse")
DEVICES = ("auto", "cpu", "cuda", "mps")


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


# Each number's range: (message key, lowest, highest, whole number); validate() and links to the Train tab use it.
RANGES = {"lr": ("train_bad_lr", 1e-8, 10, False), "momentum": ("train_bad_momentum", 0, 0.999, False),
          "weight_decay": ("train_bad_weight_decay", 0, 1, False),
          "batch_size": ("train_bad_batch_size", 1, 100_000, True), "epochs": ("train_bad_epochs", 0.01, 10_000, False),
          "steps": ("train_bad_steps", 0, 10_000_000, True), "warmup_steps": ("train_bad_warmup", 0, 10_000_000, True),
          "grad_clip": ("train_bad_grad_clip", 0, 1e6, False), "seed": ("train_bad_seed", 0, 2**31 - 1, True),
          "eval_points": ("train_bad_eval_points", 1, 1000, True)}


def in_range(name: str, value: float) -> bool:
    """Whether a number fits the TrainSpec field `name` (see RANGES)."""
    _, low, high, integer = RANGES[name]
    return low <= value <= high and (not integer or value == int(value))


def _checked(spec: TrainSpec, name: str):
    key, low, high, integer = RANGES[name]
    return _number(getattr(spec, name), key, low, high, integer)


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
    # epochs do not count when steps are set
    return replace(spec, **{name: _checked(spec, name) for name in RANGES
                            if name != "epochs" or not _positive(spec.steps)})


def total_steps(spec: TrainSpec, n_train: int) -> int:
    """Optimiser steps in a run: spec.steps when set, else enough batches for spec.epochs passes (at least one)."""
    return spec.steps if spec.steps > 0 else max(1, math.ceil(spec.epochs * n_train / spec.batch_size))
