"""Places for heavy work shared by every visitor, and a short waiting line in front of them.

Training uses every core, so only a few runs go on at once (config.TRAIN_CONCURRENCY). A run that finds them all
taken waits its turn in a line it can see ("yours is number 2 in line"), and Stop takes it out of the line; when the
line is full too, the visitor is told at once that the server is busy, instead of waiting without a word for as
long as the runs ahead of them take. First come, first served.

    slots = Slots(places=2, max_waiting=8)
    ticket = slots.join()            # PlaygroundError("server_busy") when the line is full
    try:
        while position := slots.wait(ticket, timeout=1.0):
            ...                      # tell the visitor their place in line; give up if they press Stop
        ...                          # the work, holding a place
    finally:
        slots.leave(ticket)          # whether it waited, worked or gave up
"""
from __future__ import annotations

import itertools
import threading

from playground.core.errors import PlaygroundError


class Slots:
    def __init__(self, places: int, max_waiting: int):
        self.places, self.max_waiting = max(1, int(places)), max(0, int(max_waiting))
        self._cond = threading.Condition()
        self._working: set[int] = set()
        self._line: list[int] = []  # tickets waiting, first come first
        self._numbers = itertools.count()

    def join(self) -> int:
        """A ticket: a place at once if one is free and nobody waits, else the end of the line."""
        with self._cond:
            if len(self._working) < self.places and not self._line:
                ticket = next(self._numbers)
                self._working.add(ticket)
                return ticket
            if len(self._line) >= self.max_waiting:
                raise PlaygroundError("server_busy", running=len(self._working), waiting=len(self._line))
            ticket = next(self._numbers)
            self._line.append(ticket)
            return ticket

    def wait(self, ticket: int, timeout: float | None = None) -> int:
        """Wait up to `timeout` seconds for the ticket to get a place -> 0 once it holds one, else its position in
        the line (1 for the next to get a place)."""
        with self._cond:
            self._cond.wait_for(lambda: self._promote(ticket), timeout)
            if ticket in self._working:
                return 0
            if ticket in self._line:
                return self._line.index(ticket) + 1
            raise KeyError(f"ticket {ticket} has left")

    def _promote(self, ticket: int) -> bool:
        """Move the head of the line into the free places (called with the lock held) -> whether `ticket` works."""
        while self._line and len(self._working) < self.places:
            self._working.add(self._line.pop(0))
        return ticket in self._working or ticket not in self._line

    def leave(self, ticket: int) -> None:
        """Give back the place or the spot in line (either way, once; leaving twice does nothing)."""
        with self._cond:
            self._working.discard(ticket)
            if ticket in self._line:
                self._line.remove(ticket)
            self._promote(-1)
            self._cond.notify_all()

    def counts(self) -> tuple[int, int]:
        """(runs holding a place, runs waiting)."""
        with self._cond:
            return len(self._working), len(self._line)
