"""Memory over many calls: tests/reliability/test_leaks.py's two measurements with larger counts, RSS (after
gc.collect() and malloc_trim) and objects tracked by the garbage collector at checkpoints, so that growth shows as
flat or not. 1000 visualisation calls (CNN feature maps, Grad-CAM and predictions on the shipped LeNet, attention
of the shipped tiny transformer and GPT, gates of the shipped LSTM and GRU, BERT masking, captions), then 50 short
training runs of the Train tab in one session; both after a warm-up.

    PYTHONPATH=. python benchmarks/leaks.py [--views 1000] [--runs 50]
"""
from __future__ import annotations

import argparse
import os
import threading
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from playground.core.session import Session  # noqa: E402
from tests.reliability.test_leaks import (  # noqa: E402
    MIB,
    hook_counts,
    object_count,
    rss_bytes,
    run_views,
    train_once,
    view_calls,
    warm_up_training,
    warm_up_views,
)


def row(label: str, base: int, objects0: int) -> str:
    rss, objects = rss_bytes(), object_count()
    return (f"| {label} | {rss / MIB:.1f} MiB | {(rss - base) / MIB:+.1f} MiB | {objects:,} | {objects - objects0:+,} "
            f"| {sum(hook_counts().values())} | {threading.active_count()} |")


def main(views: int = 1000, runs: int = 50) -> None:
    print(f"{os.cpu_count()} CPUs visible; RSS after gc.collect() and malloc_trim(0)\n")
    head = "| {} | RSS | growth | gc objects | growth | hooks | threads |\n|---|---:|---:|---:|---:|---:|---:|"
    session = Session()
    calls = view_calls(session)
    t0 = time.perf_counter()
    warm_up_views(calls)
    base, objects0 = rss_bytes(), object_count()
    print(head.format("visualisation calls"))
    print(row("0 (after warm-up)", base, objects0))
    for done in range(100, views + 1, 100):
        run_views(calls, done - 100, 100)
        print(row(str(done), base, objects0))
    print(f"\n{views} calls in {time.perf_counter() - t0:.0f} s with the warm-up\n")

    t0 = time.perf_counter()
    warm_up_training(session)
    base, objects0 = rss_bytes(), object_count()
    print(head.format("training runs"))
    print(row("0 (after warm-up)", base, objects0))
    for done in range(10, runs + 1, 10):
        for seed in range(done - 10, done):
            train_once(session, seed)
        print(row(str(done), base, objects0))
    print(f"\n{runs} runs in {time.perf_counter() - t0:.0f} s with the warm-up")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    main(args.views, args.runs)
