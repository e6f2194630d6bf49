"""What one visitor owns: the model trained (or loaded) in this browser session and the run in progress.

The UI keeps one Session per visitor in gr.State; nothing here is shared between visitors. A plain class rather
than a dataclass: Gradio serialises dataclass state values, and an Event cannot be serialised.
"""
from __future__ import annotations

import threading

from .training import TrainedModel


class Session:
    def __init__(self):
        self.trained: TrainedModel | None = None  # what later tabs use; replaced only by a finished, finite run
        self.running = False
        self.stop = threading.Event()  # Stop sets it; the run checks it after every step
        self.live = None  # the Run in progress (other tabs look at a copy of its model while it trains)
        self.viewed = None  # a CNN with weights this visitor uploaded on the CNN tab (an activations.Subject)

    def __deepcopy__(self, memo):  # Gradio deep-copies the state default for each visitor: a fresh session
        return Session()

    def __repr__(self):
        model = self.trained.spec.model if self.trained else None
        return f"Session(model={model!r}, running={self.running})"
