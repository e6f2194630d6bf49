"""Latency of prediction + Grad-CAM on a CNN with published ImageNet weights, loaded through the app's own path
(core.published): ResNet-50 from timm's hub layout and from torchvision's checkpoints folder, with random weights
written where the libraries look (no network here). Two measures, median and p95 over repeated calls:
  core: the picture prepared, one forward -> top-5, then Grad-CAM (forward + backward) at the last stage;
  views: the tab's on_predict (every stage's overview, figures) + on_grad_cam (figure), as the page runs them.

    PYTHONPATH=. [BENCH_THREADS=1] python benchmarks/published_views.py [repeats]
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ["HF_HUB_OFFLINE"] = "1"
_TMP = Path(tempfile.mkdtemp(prefix="published_bench_"))
os.environ["HF_HUB_CACHE"] = str(_TMP / "hub")
os.environ["TORCH_HOME"] = str(_TMP / "torch")

import numpy as np  # noqa: E402
import timm  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402
from PIL import Image  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

from playground.core.data.images import to_model_input  # noqa: E402
from playground.core.session import Session  # noqa: E402
from playground.lessons.cnn.callbacks import on_grad_cam, on_predict  # noqa: E402
from playground.lessons.cnn.compute import grad_cam, subject_from_published, top_k  # noqa: E402
from tests.hub_layout import write_hub_repo  # noqa: E402

# Grad-CAM at the last stage (where Selvaraju et al. look) and at the first convolution (the tab's first layer:
# the backward pass then runs through the whole network)
CASES = [("timm ResNet-50", "published/timm/resnet50", "layer4.2.conv3"),
         ("timm ResNet-50", "published/timm/resnet50", "conv1"),
         ("torchvision ResNet-50", "published/torchvision/resnet50", "layer4.2.conv3")]


def write_random_weights() -> None:
    """Random ResNet-50 weights as timm's hub repository and as torchvision's weights file."""
    torch.manual_seed(0)
    model = timm.create_model("resnet50.a1_in1k", pretrained=False)
    path = _TMP / "resnet50.safetensors"
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(path))
    write_hub_repo(_TMP / "hub", "timm/resnet50.a1_in1k", {"model.safetensors": path.read_bytes()})
    weights = torchvision.models.ResNet50_Weights.DEFAULT
    folder = _TMP / "torch" / "hub" / "checkpoints"
    folder.mkdir(parents=True, exist_ok=True)
    torch.save(torchvision.models.resnet50(weights=None).state_dict(), folder / weights.url.rsplit("/", 1)[-1])


def core(subject, picture, layer: str) -> None:
    x, _ = to_model_input(picture, subject.preprocess, background="white")
    with torch.no_grad():
        top_k(subject.model(x)[0], subject.classes)
    grad_cam(subject.model, x, layer)


def views(choice: str, layer: str, upload: str) -> None:
    on_predict(choice, "upload", "shapes", 0, upload, None, True, layer, Session())
    on_grad_cam(choice, "upload", "shapes", 0, upload, None, True, layer, -1, Session())


def timed(fn, repeats: int) -> tuple[float, float, float]:
    """(median, p95) wall seconds and the median CPU seconds of the process (all threads) per call: on a busy
    shared machine the CPU time says what the call costs, the wall time also how long it waited for a core."""
    fn()  # warm-up
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)], statistics.median(cpu)


def main(repeats: int = 30) -> None:
    if os.environ.get("BENCH_THREADS"):  # one thread: its CPU time is the work itself, without OpenMP's spinning
        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
    write_random_weights()
    rng = np.random.default_rng(0)
    picture = rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)  # a camera-sized upload
    upload = str(_TMP / "photo.png")
    Image.fromarray(picture).save(upload)
    print(f"torch threads: {torch.get_num_threads()}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| weights | measure | median | p95 | CPU s per call |\n|---|---|---:|---:|---:|")
    for name, choice, layer in CASES:
        t0 = time.perf_counter()
        subject = subject_from_published(choice)
        load = time.perf_counter() - t0
        med, p95, cpu = timed(lambda: core(subject, picture, layer), repeats)
        print(f"| {name} (loaded in {load:.1f} s) | predict + Grad-CAM at {layer} | {med * 1e3:.0f} ms | "
              f"{p95 * 1e3:.0f} ms "
              f"| {cpu:.2f} |")
        med, p95, cpu = timed(lambda: views(choice, layer, upload), max(5, repeats // 3))
        print(f"| {name} | on_predict + on_grad_cam | {med * 1e3:.0f} ms | {p95 * 1e3:.0f} ms | {cpu:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
