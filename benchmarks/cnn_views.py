"""Latency of one feature-map view, image in -> figure JSON out, as the CNN tab computes it: convert and resize
the picture, one forward with hooks, the strongest 16 channels of a layer, one tiled heatmap, its JSON.
Median and p95 over repeated calls, and the JSON size.

    PYTHONPATH=. python benchmarks/cnn_views.py
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import numpy as np  # noqa: E402

from playground.core.data.images import to_model_input  # noqa: E402
from playground.core.train.shipped import shared_pretrained  # noqa: E402
from playground.lessons.cnn.compute import (  # noqa: E402
    capture,
    strongest_channels,
    subject_from_key,
    subject_from_trained,  # noqa: E402
)
from playground.lessons.cnn.figures import plot_feature_maps  # noqa: E402

LABELS = dict(channel="channel", scale="scale")


def view(subject, picture, layer: str) -> int:
    x, _ = to_model_input(picture, subject.preprocess, background="white")
    maps = next(m.maps for m in capture(subject.model, x).layers if m.name == layer)
    channels = strongest_channels(maps, 16)
    return len(plot_feature_maps(maps[channels].numpy(), channels, LABELS).to_json())


def main(repeats: int = 50) -> None:
    rng = np.random.default_rng(0)
    t = shared_pretrained("lenet5_digits")
    cases = [("LeNet-5, 32 px", subject_from_trained(t.model, "lenet5", t.data), "conv1"),
             ("ResNet-18, 224 px", subject_from_key("resnet18"), "layer1.0.conv1")]
    print("| model | layer | median | p95 | figure JSON |\n|---|---|---:|---:|---:|")
    for name, subject, layer in cases:
        picture = rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)  # a camera-sized upload
        size = view(subject, picture, layer)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            view(subject, picture, layer)
            times.append(time.perf_counter() - t0)
        times.sort()
        p95 = times[int(0.95 * len(times)) - 1]
        print(f"| {name} | {layer} | {statistics.median(times) * 1e3:.0f} ms | {p95 * 1e3:.0f} ms | "
              f"{size / 1024:.0f} KiB |")


if __name__ == "__main__":
    main()
