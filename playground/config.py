"""Limits that protect the host. Plain constants; no imports from the rest of the package."""

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
MAX_CHECKPOINT_BYTES = 256 * 2**20
