"""Latency of the convolution-basics views (Concepts) as their callbacks compute them, settings in -> figure JSON
out: the counts with their PyTorch check (the notes' 1000 x 1000 and the largest sizes), pooling of a 4x4 and a
10x10 grid, one convolution output, and FC as a convolution. Median and p95 over repeated calls on this machine,
against issue 21's goal (p95 under 200 ms per live update).

    PYTHONPATH=. python benchmarks/convolution_views.py
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.lessons.convolution import tab  # noqa: E402
from playground.lessons.convolution.windows import CONV_INPUT_EXAMPLE, CONV_KERNEL_EXAMPLE, POOL_EXAMPLE  # noqa: E402

BIG_GRID = "; ".join(" ".join(str((i * 7 + j * 3) % 10) for j in range(10)) for i in range(10))


def main(repeats: int = 30) -> None:
    cases = [
        ("counts: the notes' 1000 x 1000, k = 10", lambda: tab.on_counts(1000, 10, 1, 1), None),
        ("counts: 2048 x 2048, k = 64, 64 -> 64 channels", lambda: tab.on_counts(2048, 64, 64, 64), None),
        ("pooling: 4x4, 2x2 stride 2", lambda: tab.on_pooling(POOL_EXAMPLE, 2, 2, False), None),
        ("pooling: 10x10, 3x3 stride 1", lambda: tab.on_pooling(BIG_GRID, 3, 1, True), None),
        ("conv step: 5x5 input, 3x3 kernel", lambda: tab.on_conv_step(CONV_INPUT_EXAMPLE, CONV_KERNEL_EXAMPLE, 1, 1,
                                                                          0, 1, 1), None),
        ("conv step: 10x10 input, padding 4", lambda: tab.on_conv_step(BIG_GRID, CONV_KERNEL_EXAMPLE, 1, 1, 4, 3, 3),
         None),
        ("FC as conv: 4x3x3 -> 8", lambda: tab.on_fc_as_conv(4, 3, 3, 8), None),
        ("FC as conv: 16x16x16 -> 32 (the largest)", lambda: tab.on_fc_as_conv(16, 16, 16, 32), None),
    ]
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
