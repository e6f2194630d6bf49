"""What one visitor owns: the model trained (or loaded) in this browser session and the run in progress.

The UI keeps one Session per visitor in gr.State; nothing here is shared between visitors. A plain class rather
than a dataclass: Gradio serialises dataclass state values, and an Event cannot be serialised.
"""
from __future__ import annotations

import copy
import threading

from playground.core.train.shipped import shared_pretrained
from playground.core.train.trained import TrainedModel

from .errors import PlaygroundError

SESSION = "session"  # the model choice that means "what this visitor trained or loaded"


class Session:
    def __init__(self):
        self.trained: TrainedModel | None = None  # what later tabs use; replaced only by a finished, finite run
        self.running = False
        self.stop = threading.Event()  # Stop sets it; the run checks it after every step
        self.live = None  # the Run in progress (other tabs look at a copy of its model while it trains)
        self.viewed = None  # a CNN with weights this visitor uploaded on the CNN tab (an activations.Subject)

    def __deepcopy__(self, memo):  # Gradio deep-copies the state default for each visitor: a fresh session
        return Session()

    def __getstate__(self):  # ZeroGPU hands the session to a worker process: the run in progress stays behind
        state = dict(self.__dict__, live=None, running=False)
        state.pop("stop")
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.stop = threading.Event()

    def __repr__(self):
        model = self.trained.spec.model if self.trained else None
        return f"Session(model={model!r}, running={self.running})"


def choice_key(choice) -> str:
    """A menu's value (a model, a layer) as the key it names. The model menus take typed keys, and an API call may
    send anything: None is "", any other value its text, which names nothing, and the tab says so."""
    return "" if choice is None else str(choice).strip()


def trained_model_for(choice: str, session: Session | None) -> tuple | None:
    """(model, registry key, data description) behind a model choice that names a trained model: "session" (a copy
    of the model in training while a run goes on, so training is never disturbed) or "pretrained/<name>" (the
    shared shipped model). None for any other choice, which the tabs read as a registry or catalog key."""
    choice = choice_key(choice)
    if choice == SESSION:
        if isinstance(session, Session) and session.live is not None:
            run = session.live
            return copy.deepcopy(run.model), run.spec.model, run.summary
        if not isinstance(session, Session) or session.trained is None:
            raise PlaygroundError("train_no_model")
        t = session.trained
        return t.model, t.spec.model, t.data
    if choice.startswith("pretrained/"):
        t = shared_pretrained(choice.split("/", 1)[1])
        return t.model, t.spec.model, t.data
    return None
