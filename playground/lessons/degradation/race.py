"""The degradation race: plain and residual nets of several depths trained side by side on the same batches of the
digits' training split, their training error measured on the whole split as they go. Plain Python and torch; the
Stop flag of a visitor's run (RaceRun) lives here too. Ref: He et al. 2016, Fig. 1 and 6.
"""
from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core.data.datasets import load_dataset
from playground.core.errors import PlaygroundError
from playground.core.validate import real, whole

from .nets import KINDS, MAX_DEPTH, MIN_DEPTH, build_net

MAX_STEPS = 3000
MAX_DEPTHS = 4
MAX_SEED = 2**31 - 1
MAX_LR = 1.0
N_POINTS = 60  # evaluations over a run (and one at step 0)


@dataclass(frozen=True)
class RaceSpec:
    """One race: the depths (weighted layers), SGD with momentum and weight decay as in the paper, a seed."""
    depths: tuple[int, ...] = (8, 20, 32)
    steps: int = 600
    lr: float = 0.05
    seed: int = 0
    width: int = 32
    batch_size: int = 128
    momentum: float = 0.9
    weight_decay: float = 1e-4

    @property
    def eval_every(self) -> int:
        return max(1, self.steps // N_POINTS)


def parse_depths(text) -> tuple[int, ...]:
    """'8, 20, 32' -> (8, 20, 32): 1 to MAX_DEPTHS even whole numbers in [MIN_DEPTH, MAX_DEPTH], sorted, unique."""
    parts = [p for p in str(text if isinstance(text, (str, int, float)) else "").replace("，", ",").split(",")
             if p.strip()]
    depths = [whole(p) for p in parts]
    if not depths or len(depths) > MAX_DEPTHS or any(d is None or d % 2 or not MIN_DEPTH <= d <= MAX_DEPTH
                                                     for d in depths):
        raise PlaygroundError("degradation_bad_depths", depths=str(text)[:40], low=MIN_DEPTH, high=MAX_DEPTH,
                              most=MAX_DEPTHS)
    return tuple(sorted(set(depths)))


def make_spec(depths, steps, lr, seed) -> RaceSpec:
    """The visitor's settings as a RaceSpec, or the lab's message for the first one out of range."""
    n, rate, s = whole(steps), real(lr), whole(seed)
    if n is None or not 10 <= n <= MAX_STEPS:
        raise PlaygroundError("degradation_bad_steps", steps=steps, limit=MAX_STEPS)
    if rate is None or not 0 < rate <= MAX_LR:
        raise PlaygroundError("degradation_bad_lr", lr=lr, limit=MAX_LR)
    if s is None or not 0 <= s <= MAX_SEED:
        raise PlaygroundError("degradation_bad_seed", seed=seed, limit=MAX_SEED)
    return RaceSpec(parse_depths(depths), n, rate, s)


@dataclass
class RaceHistory:
    """Evaluation steps, and per net "kind/depth" its training error (share of the split) and loss there."""
    steps: list[int] = field(default_factory=list)
    error: dict[str, list[float]] = field(default_factory=dict)
    loss: dict[str, list[float]] = field(default_factory=dict)


def net_key(kind: str, depth: int) -> str:
    return f"{kind}/{depth}"


class Race:
    """Every (kind, depth) net of the spec, each with its own SGD; step() trains them all on the same batch."""

    def __init__(self, spec: RaceSpec):
        data = load_dataset("digits")
        self.spec, self.n_classes = spec, data.n_classes
        self.x = ((data.x_train - data.mean) / data.std).reshape(len(data.x_train), -1)  # (N, 64)
        self.y = data.y_train  # (N,)
        self.nets: dict[str, nn.Module] = {}
        self.optimizers: dict[str, torch.optim.Optimizer] = {}
        for kind in KINDS:
            for depth in spec.depths:
                key = net_key(kind, depth)
                g = torch.Generator().manual_seed(spec.seed)
                self.nets[key] = build_net(kind, depth, spec.width, self.x.shape[1], self.n_classes, g)
                self.optimizers[key] = torch.optim.SGD(self.nets[key].parameters(), lr=spec.lr,
                                                       momentum=spec.momentum, weight_decay=spec.weight_decay)
        self.order = torch.Generator().manual_seed(spec.seed)  # the batches, the same for every net
        self.batches: list[torch.Tensor] = []
        self.done = 0
        self.seconds = 0.0  # wall-clock time spent training and evaluating
        self.cpu_seconds = 0.0  # this process's CPU time for the same (what a busy machine does not inflate)
        self.history = RaceHistory(error={k: [] for k in self.nets}, loss={k: [] for k in self.nets})
        self.evaluate()

    def _next_batch(self) -> torch.Tensor:
        if not self.batches:  # a new epoch: whole batches only, so batch norm never sees a tiny one
            perm = torch.randperm(len(self.y), generator=self.order)
            b = self.spec.batch_size
            self.batches = list(perm[:len(perm) // b * b].split(b))[::-1]
        return self.batches.pop()

    def step(self, n: int = 1) -> None:
        """n SGD steps of every net, evaluating every spec.eval_every steps and at the last."""
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(min(n, self.spec.steps - self.done)):
            idx = self._next_batch()
            x, y = self.x[idx], self.y[idx]  # (B, 64), (B,)
            for key, net in self.nets.items():
                net.train()
                loss = F.cross_entropy(net(x), y)
                self.optimizers[key].zero_grad(set_to_none=True)
                loss.backward()
                self.optimizers[key].step()
            self.done += 1
            if self.done % self.spec.eval_every == 0 or self.done == self.spec.steps:
                self.evaluate()
        self.seconds += time.perf_counter() - t0
        self.cpu_seconds += time.process_time() - c0

    @torch.no_grad()
    def evaluate(self) -> None:
        """Training error and loss of every net on the whole training split (eval mode: batch norm's running
        statistics, as a trained net is used)."""
        if self.history.steps and self.history.steps[-1] == self.done:
            return
        self.history.steps.append(self.done)
        for key, net in self.nets.items():
            net.eval()
            logits = net(self.x)  # (N, n_classes)
            self.history.error[key].append(round((logits.argmax(1) != self.y).float().mean().item(), 6))
            self.history.loss[key].append(round(F.cross_entropy(logits, self.y).item(), 5))

    @property
    def finished(self) -> bool:
        return self.done >= self.spec.steps


def final_errors(history: RaceHistory) -> dict[str, float]:
    """Net key -> its training error at the last evaluation."""
    return {key: errors[-1] for key, errors in history.error.items() if errors}


def degrades(history: RaceHistory, depths: tuple[int, ...], kind: str) -> bool:
    """Whether the deepest net of this kind ended with a higher training error than the shallowest one."""
    final = final_errors(history)
    return final[net_key(kind, max(depths))] > final[net_key(kind, min(depths))]


def to_dict(race: Race) -> dict:
    """What the shipped file holds: the spec, the curves, and how long the run took where."""
    h = race.history
    return {"spec": asdict(race.spec), "steps": h.steps, "error": h.error, "loss": h.loss,
            "train_seconds": round(race.seconds, 1), "cpu_seconds": round(race.cpu_seconds, 1),
            "torch": torch.__version__, "threads": torch.get_num_threads()}


def from_dict(d: dict) -> tuple[RaceSpec, RaceHistory]:
    """The shipped file's spec and curves."""
    spec = RaceSpec(**{**d["spec"], "depths": tuple(d["spec"]["depths"])})
    return spec, RaceHistory(list(d["steps"]), dict(d["error"]), dict(d["loss"]))


class RaceRun:
    """A visitor's live race: Stop sets `stop`, which the run checks between steps and then ends with a last redraw.
    Gradio deep-copies the state's default per visitor: a fresh one each."""

    def __init__(self):
        self.stop = threading.Event()

    def __deepcopy__(self, memo):
        return RaceRun()


def step_for(race: Race, run: RaceRun, seconds: float) -> None:
    """Step the race for about `seconds` (one step at least), until Stop or its end."""
    t0 = time.perf_counter()
    while not race.finished and not run.stop.is_set():
        race.step(1)
        if time.perf_counter() - t0 >= seconds:
            return
