"""The batch-size race: one small MLP on one 2-D dataset, trained by the core trainer (core.train.loop.Run) at
batch 1, 16, 256 and the whole training set for the same number of epochs; each lane's loss over its updates and
over wall time, its test accuracy and its seconds per epoch. No gradio here."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np

from playground.core.data.datasets import load_dataset
from playground.core.errors import PlaygroundError
from playground.core.train.loop import Run, plan
from playground.core.train.spec import OPTIMIZERS, TrainSpec, validate

BATCHES = (1, 16, 256, 0)  # examples per update; 0 is the whole training set (full-batch gradient descent)
DATASETS = ("circle", "xor", "gauss", "spiral")
MODEL, HIDDEN, ACTIVATION = "tiny_mlp", [16, 16], "tanh"
# 4,000 points, half of them for training: the full batch is 2,000 examples, past the 1,000 of the notes (004_…)
DATA_OPTIONS = {"n_samples": 4000, "noise": 0.2, "train_ratio": 0.5}
EPOCHS, MAX_EPOCHS = 1, 20  # one epoch: about 5 s on 2 busy cores, most of it batch 1's 2,000 updates
LR, MAX_LR = 0.01, 1.0
OPTIMIZER = "adam"
REPORT_EVERY = 0.25  # seconds between the live figure's updates


@dataclass
class Lane:
    """One batch size's run: the training loss of each update's batch, the wall time at each update (between two
    reports, spread evenly), and when done its test accuracy and the seconds it took."""
    batch: int
    total_updates: int
    updates: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    epochs: float = 0.0
    status: str = "waiting"  # then "running", "done" or "diverged"
    test_accuracy: float | None = None
    test_loss: float | None = None

    @property
    def seconds_per_epoch(self) -> float | None:
        return self.elapsed / self.epochs if self.epochs > 0 and self.status == "done" else None


def training_size(dataset: str, seed: int) -> int:
    """Examples in the race's training split of `dataset`."""
    return len(load_dataset(dataset, seed=seed, **DATA_OPTIONS).x_train)


def check_settings(dataset, epochs, lr, optimizer) -> None:
    """Refuse what the race does not offer, with a message that names it."""
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise PlaygroundError("dataset_unknown", name=dataset)
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise PlaygroundError("train_optimizer_unknown", name=optimizer)
    if not 0 < epochs <= MAX_EPOCHS:
        raise PlaygroundError("batches_bad_epochs", value=epochs, high=MAX_EPOCHS)
    if not 0 < lr <= MAX_LR:
        raise PlaygroundError("batches_bad_lr", value=lr, high=MAX_LR)


def race_spec(dataset: str, batch: int, epochs: float, lr: float, optimizer: str, seed: int) -> TrainSpec:
    """The spec of one lane: the same model, data, optimiser and seed for every batch size (0: full batch)."""
    spec = validate(TrainSpec(model=MODEL, dataset=dataset, data_options=dict(DATA_OPTIONS),
                              model_options={"hidden": list(HIDDEN), "activation": ACTIVATION}, optimizer=optimizer,
                              lr=lr, batch_size=batch or 1, epochs=epochs, eval_points=1, seed=seed, device="cpu",
                              amp=False))  # a bad seed is named before the data is built from it
    return replace(spec, batch_size=batch or training_size(dataset, spec.seed))


def _follow(lane: Lane, run: Run, marks: list[tuple[int, float]]) -> None:
    """Copy the run's curve so far into the lane; wall time per update interpolated between the reports."""
    history = run.history
    lane.updates = list(history.steps)
    lane.losses = list(history.train_loss)
    at, elapsed = zip(*marks)
    lane.seconds = np.interp(lane.updates, at, elapsed).tolist()
    lane.elapsed = marks[-1][1]
    lane.epochs = run.step * run.spec.batch_size / len(run.plan.data.x_train)


def plan_lanes(dataset: str, epochs: float, lr: float, optimizer: str, seed: int) -> list[Lane]:
    """The lanes before any training: each batch size and the updates its epochs take (validated like a run)."""
    check_settings(dataset, epochs, lr, optimizer)
    specs = [race_spec(dataset, b, epochs, lr, optimizer, seed) for b in BATCHES]
    return [Lane(spec.batch_size, plan(spec).steps) for spec in specs]


def race(dataset: str, epochs: float, lr: float, optimizer: str, seed: int,
         report_every: float = REPORT_EVERY) -> Iterator[list[Lane]]:
    """Train the lanes one after another, yielding every lane at each report of the one running and once more
    when it ends (with its test accuracy)."""
    check_settings(dataset, epochs, lr, optimizer)
    specs = [race_spec(dataset, b, epochs, lr, optimizer, seed) for b in BATCHES]
    runs = [Run(spec, report_every=report_every) for spec in specs]  # all validated before any training
    lanes = [Lane(spec.batch_size, run.plan.steps) for spec, run in zip(specs, runs)]
    for lane, run in zip(lanes, runs):
        lane.status, marks = "running", [(0, 0.0)]
        for snap in run.reports():
            marks.append((snap.step, snap.elapsed))
            _follow(lane, run, marks)
            if snap.status == "running":
                yield lanes
        lane.status = "diverged" if run.status == "diverged" else "done"
        if run.last_eval:
            lane.test_accuracy = run.last_eval.get("accuracy")
            lane.test_loss = run.last_eval.get("loss")
        yield lanes


def final_race(dataset: str, epochs: float, lr: float, optimizer: str, seed: int) -> list[Lane]:
    """The race run to the end without reporting (tests, benchmarks)."""
    lanes: list[Lane] = []
    for lanes in race(dataset, epochs, lr, optimizer, seed, report_every=1e9):
        pass
    return lanes
