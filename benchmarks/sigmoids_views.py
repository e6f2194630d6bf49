"""Latency of the curves-from-sigmoids views as their callbacks compute them, settings in -> figure JSON out: the
first paint (the starting weights, 3 and 50 units), one live update of a fit (its steps between two redraws plus
the redraw, 50 units) and the matrix form. Median and p95 over repeated calls on this machine, against issue 21's
goals (p95 under 150 ms for a static view, under 200 ms per live update).

    PYTHONPATH=. python benchmarks/sigmoids_views.py
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.lessons.sigmoids import compute as fn  # noqa: E402
from playground.lessons.sigmoids import tab  # noqa: E402


def main(repeats: int = 30) -> None:
    fits = {a: fn.SigmoidFit(fn.FitSpec(target="sine", units=fn.MAX_UNITS, activation=a)) for a in fn.ACTIVATIONS}
    chunk = fn.frame_steps(1500, tab.FRAMES)

    def live_update(activation: str):
        fits[activation].step(chunk)
        return tab.draw(fits[activation], 1500, "en")

    cases = [
        ("first paint: 3 sigmoids, the note's curve", lambda: tab.on_sigmoid_sum("piecewise", "", 3, "sigmoid", 0, 1500)),
        ("first paint: 50 ReLUs, typed points", lambda: tab.on_sigmoid_sum("points", fn.DEFAULT_POINTS, 50, "relu", 0,
                                                                           1500)),
        (f"live update: {chunk} steps + redraw, 50 sigmoids", lambda: live_update("sigmoid")),
        (f"live update: {chunk} steps + redraw, 50 ReLUs", lambda: live_update("relu")),
        ("live redraw alone, 50 sigmoids", lambda: tab.draw(fits["sigmoid"], 1500, "en")),
        ("matrix form", lambda: tab.on_matrix("1, -1, 2", "sigmoid")),
    ]
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
