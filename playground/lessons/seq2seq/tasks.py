"""The seq2seq lab's three digit tasks, and a visitor's typed digits read as (source, target) token ids. No gradio."""
from __future__ import annotations

import unicodedata

from playground.core.data.vocab import BOS
from playground.core.errors import PlaygroundError

TASKS = ("reverse", "sort", "copy")
MAX_LENGTH = 16  # longest digit string a visitor may type (the datasets' seq_len reaches 16 too)


def check_task(task) -> str:
    """The task name, or PlaygroundError("seq2seq_bad_task")."""
    if task not in TASKS:
        raise PlaygroundError("seq2seq_bad_task", task=task, allowed=", ".join(TASKS))
    return task


def read_digits(text: str, task: str) -> tuple[list[int], list[int]]:
    """Typed digits -> (source ids (S,), target ids (S + 1,) = [BOS, task(digits)]), ids as in the datasets
    (digit d has id d + 3). Spaces are ignored and full-width digits read as digits."""
    task = check_task(task)
    symbols = [c for c in unicodedata.normalize("NFKC", text or "") if not c.isspace()]
    if not symbols:
        raise PlaygroundError("seq2seq_empty")
    bad = sorted({c for c in symbols if c not in "0123456789"})
    if bad:
        raise PlaygroundError("seq2seq_not_digits", symbols=" ".join(bad[:12]))
    if len(symbols) > MAX_LENGTH:
        raise PlaygroundError("seq2seq_too_long", n=len(symbols), limit=MAX_LENGTH)
    digits = [int(c) for c in symbols]
    out = {"reverse": digits[::-1], "copy": digits, "sort": sorted(digits)}[task]
    return [d + 3 for d in digits], [BOS] + [d + 3 for d in out]
