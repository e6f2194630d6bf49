"""Training speed, in one process: the trainer with live streaming against a bare PyTorch loop, and the time the
shipped recipes take to reach their accuracy goals.

1. Overhead. Same model, data tensors, batch size, optimiser, steps and device. Ours: Run.reports() with the
   Train tab's reporting (a curves figure built at every report, every 0.5 s, plus its evaluations). Reference: a
   plain loop (index, forward, loss, backward, step). Runs alternate; medians of samples per second; ratio printed.
2. Time to accuracy. Each recipe runs until its test metric first reaches the goal at an evaluation point.

    python benchmarks/train_speed.py            # both parts, on the best device (CUDA, MPS or CPU)
    python benchmarks/train_speed.py --device cpu --repeats 5
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from playground.core.train.build import build_model  # noqa: E402
from playground.core.train.devices import describe_device  # noqa: E402
from playground.core.train.loop import Run, make_optimizer  # noqa: E402
from playground.core.train.shipped import RECIPES  # noqa: E402
from playground.core.train.spec import TrainSpec  # noqa: E402
from playground.lessons.train.figures import plot_curves  # noqa: E402

LABELS = dict(loss="loss", metric="accuracy", step="step", train="train", test="test")
OVERHEAD_CASES = [  # (model, dataset, batch, steps)
    ("lenet5", "digits", 64, 600),
    ("tiny_mlp", "spiral", 16, 3000),
    ("tiny_transformer", "reverse", 64, 300),
]
GOALS = [("lenet5_digits", "accuracy", 0.97, 20), ("tiny_transformer_reverse", "sequence_accuracy", 0.99, 90),
         ("tiny_mlp_spiral", "accuracy", 0.95, 10)]


def ours(spec: TrainSpec) -> float:
    """Samples per second of the trainer as the Train tab drives it."""
    run = Run(spec, report_every=0.5)
    t = time.perf_counter()
    for snap in run.reports():
        plot_curves(snap.history.to_dict(), LABELS).to_json()  # what the UI sends at every report
    elapsed = time.perf_counter() - t
    return run.step * spec.batch_size / elapsed


def bare(spec: TrainSpec) -> float:
    """Samples per second of a plain loop over the same tensors, model and optimiser."""
    run = Run(spec)  # only to get the same prepared tensors and freshly seeded model
    model = build_model(run.plan.entry, run.plan.kwargs, spec.seed).to(run.device)
    x, y = run.tensors("train")
    opt = make_optimizer(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    n, b = len(x), spec.batch_size
    translate = run.plan.data.task == "translate"
    model.train()
    t = time.perf_counter()
    perm, pos = torch.randperm(n, generator=gen), 0
    for _ in range(run.plan.steps):
        if pos + b > n:
            perm, pos = torch.randperm(n, generator=gen), 0
        idx = perm[pos:pos + b].to(run.device)
        pos += b
        if translate:
            logits = model(x[idx], y[idx][:, :-1])
            loss = F.cross_entropy(logits.flatten(0, 1), y[idx][:, 1:].flatten())
        else:
            loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    loss.item()  # wait for the device
    return run.plan.steps * b / (time.perf_counter() - t)


def overhead(device: str, repeats: int) -> None:
    print("| model | dataset | batch | steps | trainer (samples/s) | bare loop (samples/s) | ratio |")
    print("|---|---|---|---|---|---|---|")
    for model, dataset, batch, steps in OVERHEAD_CASES:
        spec = TrainSpec(model=model, dataset=dataset, batch_size=batch, steps=steps, lr=1e-3, device=device,
                         amp=False)
        a, b = [], []
        for _ in range(repeats):  # alternate, so that drifts hit both sides
            a.append(ours(spec))
            b.append(bare(spec))
        ra, rb = statistics.median(a), statistics.median(b)
        print(f"| {model} | {dataset} | {batch} | {steps} | {ra:,.0f} | {rb:,.0f} | {ra / rb:.2f} |", flush=True)


def time_to_accuracy(device: str) -> None:
    print("| recipe | goal | reached at step | seconds to goal | goal (s) | whole recipe (s) | final |")
    print("|---|---|---|---|---|---|---|")
    for name, metric, goal, target_s in GOALS:
        spec = TrainSpec.from_dict({**RECIPES[name].to_dict(), "device": device})
        run = Run(spec, report_every=0.5)
        t = time.perf_counter()
        reached = None
        for snap in run.reports():
            if reached is None and snap.history.val_metric and snap.history.val_metric[-1] >= goal:
                reached = (snap.history.eval_steps[-1], time.perf_counter() - t)
        total = time.perf_counter() - t
        final = run.last_eval[metric]
        step, seconds = reached if reached else ("-", float("nan"))
        print(f"| {name} | {metric} ≥ {goal} | {step} | {seconds:.1f} | {target_s} | {total:.1f} | {final:.4f} |",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--part", choices=["all", "overhead", "accuracy"], default="all")
    args = parser.parse_args()
    from playground.core.train.devices import pick_device
    print(f"device: {describe_device(pick_device(args.device))}; torch {torch.__version__}\n")
    if args.part in ("all", "overhead"):
        overhead(args.device, args.repeats)
        print()
    if args.part in ("all", "accuracy"):
        time_to_accuracy(args.device)


if __name__ == "__main__":
    main()
