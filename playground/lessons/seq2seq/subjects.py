"""Which encoder-decoder a seq2seq view decodes with: the shipped one for the task, or this visitor's lab model.
No gradio."""
from __future__ import annotations

from playground.core.errors import PlaygroundError
from playground.core.train.shipped import available, shared_pretrained

from .lab import Seq2seqLab

SHIPPED = {"reverse": "tiny_seq2seq_reverse", "sort": "tiny_seq2seq_sort"}


def model_for(task: str, choice: str, lab) -> object:
    """The encoder-decoder to decode with: the shipped one for the task, or this visitor's lab model."""
    if choice == "lab":
        if not isinstance(lab, Seq2seqLab):
            raise PlaygroundError("seq2seq_no_lab")
        if lab.spec.task != task:
            raise PlaygroundError("seq2seq_lab_other_task", task=lab.spec.task)
        return lab.model
    name = SHIPPED.get(task)
    if name is None or name not in available():
        raise PlaygroundError("seq2seq_no_shipped", task=task)
    return shared_pretrained(name).model
