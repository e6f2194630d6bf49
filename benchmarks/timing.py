"""What the view benchmarks share: time a callback from settings in to figure JSON out, and report median and p95."""
from __future__ import annotations

import os
import statistics
import time

import plotly.graph_objects as go


def json_size(outputs) -> int:
    """Serialise every figure among a callback's outputs, as Gradio does before sending them; total bytes."""
    outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
    return sum(len(o.to_json()) for o in outputs if isinstance(o, go.Figure))


def median_time(fn, repeats: int) -> float:
    """Median seconds of fn() over repeated calls (no warm-up: call it once before where that matters)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(fn, repeats: int, fresh=None) -> tuple[float, float, int]:
    """(median seconds, p95 seconds, JSON bytes) of fn() plus serialising its figures, after one warm-up call;
    `fresh` runs before each timed call, untimed (e.g. to empty a cache)."""
    size = json_size(fn())
    times = []
    for _ in range(repeats):
        if fresh:
            fresh()
        t0 = time.perf_counter()
        json_size(fn())
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)], size


def print_table(cases, repeats: int) -> None:
    """cases: (name, fn) or (name, fn, fresh) -> a Markdown table of median, p95 and JSON size, as README has."""
    print(f"{os.cpu_count()} CPUs visible; {repeats} calls each\n")
    print("| view | median | p95 | figure JSON |\n|---|---:|---:|---:|")
    for name, fn, *fresh in cases:
        median, p95, size = measure(fn, repeats, *fresh)
        print(f"| {name} | {median * 1e3:.0f} ms | {p95 * 1e3:.0f} ms | {size / 1024:.0f} KiB |")
