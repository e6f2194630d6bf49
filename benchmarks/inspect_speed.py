"""End-to-end inspection speed against the usual way to get such a table, in one process.

Ours: playground.core.inspection.table.inspect_model(key) (build on the meta device + layer table + FLOPs + receptive fields).
Reference: build the same torchvision / timm model with real weights and run torchinfo.summary on it.
Each side is timed as the median of several runs after a warm-up; the ratio is printed.

    python benchmarks/inspect_speed.py              # the four models of the issue
    python benchmarks/inspect_speed.py --all-timm   # also every timm model, ours only (about 15 min on 2 cores)
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import timm  # noqa: E402
import torch  # noqa: E402
import torchinfo  # noqa: E402
import torchvision  # noqa: E402

from benchmarks.timing import median_time  # noqa: E402
from playground.core.errors import PlaygroundError  # noqa: E402
from playground.core.inspection.table import inspect_model  # noqa: E402
from playground.core.models import list_catalog  # noqa: E402

CASES = [  # (our key, how to build the reference)
    ("vgg16", lambda: torchvision.models.vgg16(weights=None)),
    ("resnet50", lambda: torchvision.models.resnet50(weights=None)),
    ("densenet121", lambda: torchvision.models.densenet121(weights=None)),
    ("timm/vit_base_patch16_224", lambda: timm.create_model("vit_base_patch16_224", pretrained=False)),
]


def reference(build):
    model = build().eval()
    torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0, device="cpu",
                      col_names=("input_size", "output_size", "num_params", "mult_adds"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--all-timm", action="store_true")
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, timm {timm.__version__}, "
          f"torchinfo {torchinfo.__version__}")
    inspect_model("lenet5")  # warm-up: lazy imports in torch's flop counter
    reference(lambda: torchvision.models.resnet18(weights=None))
    print(f"{'model':28s} {'ours (s)':>9s} {'torchinfo (s)':>14s} {'ratio':>7s}")
    for key, build in CASES:
        ours = median_time(lambda key=key: inspect_model(key), args.repeat)
        ref = median_time(lambda build=build: reference(build), max(2, args.repeat // 2))
        print(f"{key:28s} {ours:9.3f} {ref:14.3f} {ref / ours:6.1f}x")
    if args.all_timm:
        times, failed = [], []
        for key in list_catalog("timm"):
            t0 = time.perf_counter()
            try:
                inspect_model(key)
                times.append((time.perf_counter() - t0, key))
            except PlaygroundError as e:
                failed.append((key, e.key))
        times.sort()
        values = [t for t, _ in times]
        q = statistics.quantiles(values, n=20)
        print(f"timm: {len(values)} inspected, {len(failed)} refused with a message; "
              f"median {statistics.median(values):.3f} s, p95 {q[-1]:.3f} s, max {values[-1]:.3f} s; "
              f"under 1 s: {sum(v < 1 for v in values) / len(values):.1%}")
        print("slowest:", ", ".join(f"{k} {t:.1f}s" for t, k in times[-5:]))
        for key, why in failed:
            print("refused:", key, why)


if __name__ == "__main__":
    main()
