"""Issue 21's views: the batch-size race (its plan, each live redraw, and the whole race at the tab's defaults, lane
by lane), and on the Train tab the learning-rate schedule beside the estimate and the run's diagnosis. Median and
p95 over repeated calls on this machine; the goals: 150 ms for a static view, 200 ms per live update, 20 s for the
default race on 2 cores.

    PYTHONPATH=. python benchmarks/batches_race.py
"""
from __future__ import annotations

import os
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.core.train.shipped import load_pretrained  # noqa: E402
from playground.lessons.batches import compute as batches  # noqa: E402
from playground.lessons.batches import tab as race_tab  # noqa: E402
from playground.lessons.train import callbacks as train  # noqa: E402
from playground.lessons.train.views import diagnosis_markdown  # noqa: E402
from tests.conftest import TRAIN_SETTINGS  # noqa: E402

DEFAULTS = ("circle", batches.EPOCHS, batches.LR, batches.OPTIMIZER, 0)


def time_race() -> list:
    """The default race once, live as the tab streams it: its lanes, the seconds of the whole callback, and the
    slowest redraw (building the three outputs of one report)."""
    t0, redraws, lanes = time.perf_counter(), [], None
    for lanes in batches.race(*DEFAULTS):
        r0 = time.perf_counter()
        race_tab.race_outputs(lanes, batches.EPOCHS, "en")
        redraws.append(time.perf_counter() - r0)
    total = time.perf_counter() - t0
    redraws.sort()
    print(f"default race ({batches.EPOCHS} epochs, {len(redraws)} reports): {total:.1f} s in all; redraw median "
          f"{redraws[len(redraws) // 2] * 1e3:.0f} ms, p95 {redraws[int(0.95 * len(redraws)) - 1] * 1e3:.0f} ms")
    print("| batch | updates | seconds | seconds per epoch | test accuracy |\n|---:|---:|---:|---:|---:|")
    for lane in lanes:
        print(f"| {lane.batch} | {lane.total_updates} | {lane.elapsed:.2f} | {lane.seconds_per_epoch:.3f} | "
              f"{lane.test_accuracy:.1%} |")
    return lanes


def main(repeats: int = 30) -> None:
    lanes = time_race()
    lenet = load_pretrained("lenet5_digits")
    history = lenet.history.to_dict()
    settings = list({**TRAIN_SETTINGS, "warmup": 20, "schedule": "cosine"}.values())
    long_run = list({**TRAIN_SETTINGS, "epochs": 2000, "warmup": 100, "schedule": "step"}.values())
    cases = [
        ("batches: the race's plan (tab open)", lambda: race_tab.on_race_plan(*DEFAULTS)),
        ("batches: one live redraw of the finished race", lambda: race_tab.race_outputs(lanes, batches.EPOCHS, "en")),
        ("train: schedule, 63 steps", lambda: train.on_schedule(*settings)),
        ("train: schedule, 12,500 steps (sampled)", lambda: train.on_schedule(*long_run)),
        ("train: diagnosis of LeNet-5's curves", lambda: diagnosis_markdown(history, lenet.spec, "classify", "en")),
    ]
    print()
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
