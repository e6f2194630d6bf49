"""The fuzz suite's app (built once) and a ceiling on memory, so that an input that makes the app allocate too much
fails its test with MemoryError instead of taking the machine down."""
import os
import resource

import pytest

MEMORY_HEADROOM = 8 * 2**30  # bytes of address space a fuzzed call may add to what the process holds already


def _address_space() -> int:
    with open(f"/proc/{os.getpid()}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))


@pytest.fixture(scope="session")
def demo():
    if os.environ.get("PYTEST_XDIST_WORKER"):  # one core each for the workers of -n 2, not two threads fighting
        import torch
        torch.set_num_threads(1)
    from playground.ui import build_app
    app = build_app()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    yield app
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

