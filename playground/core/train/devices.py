"""Where a run trains: the device picked from a TrainSpec's choice, and its name as shown. No gradio here."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import torch

from playground.core.errors import PlaygroundError

from .spec import DEVICES


def pick_device(name: str = "auto") -> torch.device:
    """CUDA, then Apple MPS, then CPU for "auto"; an explicit device that is absent is an error."""
    name = (name or "auto").lower()
    if name not in DEVICES:
        raise PlaygroundError("train_device_unknown", device=name)
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps and mps.is_available())
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu")
    if (name == "cuda" and not torch.cuda.is_available()) or (name == "mps" and not has_mps):
        raise PlaygroundError("train_device_missing", device=name)
    return torch.device(name)


@dataclass(frozen=True)
class DeviceName:
    """What the Train tab says of a device: its name ("CUDA · NVIDIA H100", "Apple MPS", "CPU") and, for the CPU,
    how many threads torch uses (the tab words it in the visitor's language)."""
    name: str
    threads: int | None = None


def describe_device(device: torch.device) -> DeviceName:
    """The device as the Train tab names it."""
    if device.type == "cuda":
        return DeviceName(f"CUDA · {torch.cuda.get_device_name(device)}")
    if device.type == "mps":
        return DeviceName("Apple MPS")
    return DeviceName("CPU", torch.get_num_threads())


@contextmanager
def one_thread():
    """PyTorch on one CPU thread inside the block, the count restored after: a tiny model's operations are too small
    to share between threads (on a busy host a second thread made a step 30x slower), and its numbers then do not
    depend on the host's thread count. The count is the calling thread's (and the default of threads started
    meanwhile), so overlapping blocks in other threads each keep and restore their own."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
