"""Limits that protect the host, and where the shipped files lie. Plain constants; no imports from the rest of the
package."""
from pathlib import Path

PRETRAINED_DIR = Path(__file__).resolve().parents[2] / "pretrained"  # the shipped teaching models and their manifest

# Inspection runs on PyTorch's meta device, so weights and activations cost nothing here; these bound what a
# real forward of the inspected input would need. 64 GiB of stored activations (every layer's output, as a
# training step keeps them) is about what one large GPU holds; every timm model fits at its default input.
MAX_ACTIVATION_BYTES = 64 * 2**30
MAX_INPUT_ELEMENTS = 64 * 2**20  # the input tensor itself (a 3x4096x4096 image is 50 M elements)
MAX_SEQUENCE_LENGTH = 16_384
# Models whose forward cannot run on the meta device are run for real when they are this small.
MAX_REAL_FALLBACK_PARAMS = 150_000_000


# Training. Defaults are safe for a free 2-core CPU Space; a host with a GPU raises them through the environment.
def _env_number(name: str, default: float) -> float:
    import os
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


MAX_TRAIN_PARAMS = int(_env_number("PLAYGROUND_MAX_TRAIN_PARAMS", 20_000_000))
MAX_TRAIN_STEPS = int(_env_number("PLAYGROUND_MAX_TRAIN_STEPS", 20_000))
MAX_TRAIN_SECONDS = _env_number("PLAYGROUND_MAX_TRAIN_SECONDS", 300)
# Training runs that may go on at once across all users (each uses every core, so more only slows them all).
TRAIN_CONCURRENCY = int(_env_number("PLAYGROUND_TRAIN_CONCURRENCY", 2))
# Runs that may wait for one of those places, each seeing its place in line; one more is told the server is busy.
# A lecture hall pressing Train at the same minute fits (benchmarks/load.py: 20 sessions, no refusals).
TRAIN_WAITING = int(_env_number("PLAYGROUND_TRAIN_WAITING", 30))
MAX_CHECKPOINT_BYTES = 256 * 2**20
# Events waiting in Gradio's queue across all visitors; one more is answered "busy, please try again" at once.
# Opening the page queues 5 events (model, device, Train defaults, conv arithmetic, a link's view), so 256 lets
# about 50 students open it in the same second; 20 sessions under load kept at most 20 waiting.
QUEUE_SIZE = int(_env_number("PLAYGROUND_QUEUE_SIZE", 256))
# Events Gradio processes at once (its default is 40): a training run, running or waiting in line, holds one for
# its whole length, so the runs get room of their own on top.
MAX_THREADS = 40 + TRAIN_CONCURRENCY + TRAIN_WAITING
# Threads each PyTorch operation may use in the server (app.py); 0 leaves PyTorch's default (one per core).
TORCH_THREADS = int(_env_number("PLAYGROUND_TORCH_THREADS", 0))

# Views (feature maps, Grad-CAM, attention of a catalog model) run one real forward pass, and Grad-CAM a backward
# pass too, on the CPU. Heavier models are refused with a message; their layer table is still there. VGG-16 (15.5 G
# MACs, 0.1 GiB of activations) fits; EfficientNet-B7 at 600x600 (37.7 G MACs, 3.8 GiB) does not.
MAX_VIEW_MACS = _env_number("PLAYGROUND_MAX_VIEW_MACS", 20e9)
MAX_VIEW_ACTIVATION_BYTES = _env_number("PLAYGROUND_MAX_VIEW_ACTIVATION_BYTES", 2 * 2**30)
# Models with random weights kept for the views, shared by every visitor: the most recently used, up to this many
# and this many bytes of weights together (VGG-16 alone is 0.5 GiB).
MAX_CACHED_MODELS = 8
# Published weights larger than this are refused before downloading (GPT-2 small's safetensors is 548 MB, ResNet-50's
# 102 MB; gpt2-medium's 1.5 GB needs a raise). Checked from the file's published size.
MAX_DOWNLOAD_BYTES = _env_number("PLAYGROUND_MAX_DOWNLOAD_BYTES", 1e9)
MAX_CACHED_MODEL_BYTES = _env_number("PLAYGROUND_MAX_CACHED_MODEL_BYTES", 1.5 * 2**30)
