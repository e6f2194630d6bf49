"""Where a run trains: the device picked from a TrainSpec's choice, and its name as shown. No gradio here."""
from __future__ import annotations

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


def describe_device(device: torch.device) -> str:
    """The device as the Train tab names it, e.g. "CUDA · NVIDIA H100" or "CPU · 8 threads"."""
    if device.type == "cuda":
        return f"CUDA · {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    return f"CPU · {torch.get_num_threads()} threads"
