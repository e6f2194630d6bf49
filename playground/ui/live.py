"""What the live views share: the pace of a live run's redraws (Pacer), and a checkbox that switches a tab's
gr.Timer on and off. Each tab's tick redraws its view from a copy of the model while the Train tab trains one in the
same session."""
from __future__ import annotations

import time

import gradio as gr

# A live run redraws at most every max(MIN_INTERVAL, DRAW_FACTOR x the time its last redraw took to build on the
# server) seconds: the browser's redraw of the same figures takes several times the server's build, and a browser
# that falls behind queues the updates (a Stop's answer then waits behind them); measured: live_longtasks.py.
MIN_INTERVAL = 0.75
DRAW_FACTOR = 20


class Pacer:
    """When a live run should next redraw. The browser's own redraw cannot be seen from the server, so the
    figures are kept small (bounded payload) and the pace follows what the server can see: how long the last
    figures took to build, which grows when the machine (often shared with the browser) is busy."""

    def __init__(self, minimum: float = MIN_INTERVAL, factor: float = DRAW_FACTOR):
        self.minimum, self.factor = minimum, factor
        self.interval = minimum  # seconds until the next redraw
        self.last_draw = 0.0  # seconds the last redraw took to build
        self.drawn_at = -float("inf")  # perf_counter() when the last redraw was built

    def due(self) -> bool:
        """Whether the next redraw is due: a run that reports more often (at every evaluation, say) skips the
        reports in between, which the next redraw shows anyway."""
        return time.perf_counter() - self.drawn_at >= self.interval

    def draw(self, build, *args):
        """build(*args), timed: the next interval becomes max(minimum, factor x its time)."""
        t0 = time.perf_counter()
        out = build(*args)
        self.drawn_at = time.perf_counter()
        self.last_draw = self.drawn_at - t0
        self.interval = max(self.minimum, self.factor * self.last_draw)
        return out


def toggle_timer(enabled: bool):
    return gr.Timer(active=bool(enabled))
