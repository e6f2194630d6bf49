"""The training loop: the optimiser and learning-rate schedule, the validated Plan of a run, and Run, which steps
through it and reports progress; train() runs one to the end. No gradio here.

The loop keeps per-step numbers on the device and reads them back only when it reports, so streaming costs the
training next to nothing; Stop and the wall-time limit are checked every step.
"""
from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Iterator

import torch
import torch.nn as nn

from playground.core import config
from playground.core.data.datasets import Dataset, dataset_info, load_dataset
from playground.core.errors import PlaygroundError
from playground.core.models import ModelEntry, resolve

from .build import build_model, input_shape_for, meta_parameters, model_kwargs
from .devices import pick_device
from .spec import TrainSpec, total_steps, validate
from .tasks import fits, make_task, resolve_loss
from .trained import History, TrainedModel, data_summary, prepare_inputs

LIVE_EVAL_SIZE = 500  # test examples scored at each evaluation during a run (all of them at the end)
# Evaluations during a run cost at most about this share of the training compute (a forward pass is about a
# third of a training step), so watching a run barely slows it; fewer points are plotted for short runs.
EVAL_SHARE = 0.12


def make_optimizer(spec: TrainSpec, params) -> torch.optim.Optimizer:
    """The spec's optimiser over the parameters that require gradients."""
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
        raise PlaygroundError("train_bad_batch_size", value=spec.batch_size, low=1, high=n_train)
    loss = resolve_loss(spec, data)
    kwargs = model_kwargs(entry, data, loss, spec.model_options)
    params = meta_parameters(entry, kwargs)
    if params > config.MAX_TRAIN_PARAMS:
        raise PlaygroundError("train_too_many_params", params=f"{params:,}", limit=f"{config.MAX_TRAIN_PARAMS:,}")
    steps = total_steps(spec, n_train)
    if steps > config.MAX_TRAIN_STEPS:
        raise PlaygroundError("train_too_many_steps", steps=f"{steps:,}", limit=f"{config.MAX_TRAIN_STEPS:,}")
    return Plan(spec, entry, data, loss, kwargs, input_shape_for(entry, data), params, steps,
                pick_device(spec.device))


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

    def tensors(self, split: str):
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
        x, y = self.tensors("test")
        if limit is not None:
            x, y = x[:limit], y[:limit]
        self.model.eval()
        try:
            with self._autocast():
                return self.task.evaluate(self.model, x, y)
        finally:
            self.model.train()

    def reports(self) -> Iterator[Snapshot]:
        """Train to the end (or Stop, the time limit, a loss that is not finite), yielding a Snapshot per report."""
        spec, model = self.spec, self.model
        x_train, y_train = self.tensors("train")
        n, batch, total = len(x_train), spec.batch_size, self.plan.steps
        n_eval = self.eval_count()
        eval_at = {round(total * (k + 1) / n_eval) for k in range(n_eval)} | {total}
        step = self.make_stepper(total)
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

    def make_stepper(self, total: int):
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
