"""The GAN lab's live run: the visitor's Stop flag (kept in gr.State) and how many generator steps fit between two
redraws. Plain Python, no gradio."""
from __future__ import annotations

import threading
import time

STOP_CHECK = 0.1  # seconds: the steps between two redraws go in chunks this long, Stop checked between them
MAX_CHUNK = 500


class LabRun:
    """A visitor's GAN run: Stop sets `stop`; the run checks it between two chunks of steps and ends with a last
    redraw that says where it stopped. Gradio deep-copies the state's default per visitor: a fresh one each."""

    def __init__(self):
        self.stop = threading.Event()

    def __deepcopy__(self, memo):
        return LabRun()


def chunk_for(seconds: float, seconds_per_step: float) -> int:
    """Generator steps that take about `seconds` at `seconds_per_step`, within [1, MAX_CHUNK]."""
    if seconds_per_step <= 0:
        return MAX_CHUNK
    return max(1, min(MAX_CHUNK, int(seconds / seconds_per_step)))


def step_for(lab, run: LabRun, seconds: float, total: int) -> None:
    """Step the lab (a GanLab) for about `seconds`, in chunks of about STOP_CHECK seconds, until Stop or `total`
    generator steps; the first chunk is one step, which times them."""
    t0, chunk = time.perf_counter(), 1
    while lab.steps < total and not run.stop.is_set():
        n, t = min(chunk, total - lab.steps), time.perf_counter()
        lab.step(n)
        now = time.perf_counter()
        if now - t0 >= seconds:
            return
        chunk = chunk_for(min(STOP_CHECK, seconds - (now - t0)), (now - t) / n)
