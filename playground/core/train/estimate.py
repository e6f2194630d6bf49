"""Estimates before a run: its time and memory on this device, from a few real steps, and whether the limits
allow it. No gradio here."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from functools import lru_cache

import torch
import torch.nn as nn

from playground.core import config

from .build import count_parameters
from .devices import DeviceName, describe_device
from .loop import Run, plan
from .spec import TrainSpec
from .tasks import Task


@dataclass
class Estimate:
    """What a run would cost here, measured before it starts."""
    params: int
    steps: int
    seconds: float
    memory_bytes: int
    device: DeviceName
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
    x, y = run.tensors("train")
    act = _activation_bytes(run.model, run.task, x[:1], y[:1]) * spec.batch_size
    opt_state = {"sgd": 0, "momentum": 1, "adagrad": 1, "rmsprop": 1, "adam": 2, "adamw": 2}[spec.optimizer]
    memory = count_parameters(run.model) * 4 * (2 + opt_state) + act + x.numel() * x.element_size()
    if run.device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(run.device)
    step = run.make_stepper(probe_steps + 1)
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
