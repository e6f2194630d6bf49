"""ZeroGPU on Hugging Face Spaces, a no-op everywhere else.

On a ZeroGPU Space (the platform sets SPACES_ZERO_GPU and installs the `spaces` package) a GPU is lent only to
functions decorated with spaces.GPU, which run in a worker process; `gpu_task` applies that decorator there and
returns the function unchanged anywhere else (a laptop, a CPU Space, the tests). `spaces` must be imported
before CUDA is touched, so app.py imports this module first.
"""
from __future__ import annotations

import os

ZERO_GPU = "SPACES_ZERO_GPU" in os.environ
TRAIN_SECONDS = 120  # the longest training call asks the GPU for this long (ZeroGPU's default is 60 s)

spaces = None
if ZERO_GPU:
    try:
        import spaces  # noqa: F811 - the platform's package, imported before torch initialises CUDA
    except ImportError:  # the variable is set but the package is missing: run on the CPU rather than fail
        spaces = None


def gpu_task(duration: int = TRAIN_SECONDS):
    """Decorator: spaces.GPU(duration=...) on a ZeroGPU Space, the identity elsewhere."""
    def decorate(fn):
        if spaces is None:
            return fn
        return spaces.GPU(duration=duration)(fn)
    return decorate
