"""Latency of the degradation lab (ResNet's reason): the view it opens with (the shipped race read from pretrained/,
its figure and text), one live redraw of the default race at its end (figure and text of 6 curves of 61 points),
and what one step of the default race costs (6 nets, 8 / 20 / 32 layers, one batch of 128) on this machine.
Median and p95 over repeated calls, with the goals of issue 21 (p95 under 150 ms static, 200 ms per live update).

    PYTHONPATH=. python benchmarks/degradation_views.py
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.lessons.degradation import tab  # noqa: E402
from playground.lessons.degradation.race import Race, RaceSpec  # noqa: E402
from playground.lessons.degradation.shipped import shipped_race  # noqa: E402


def main(repeats: int = 30) -> None:
    spec, history, _ = shipped_race()
    race = Race(spec)
    race.history = history  # the shipped curves, as a finished live run would hold them
    race.done = spec.steps
    stepping = Race(RaceSpec(steps=3000))  # room for every timed step
    cases = [("degradation: shipped race (opening)", lambda: tab.on_shipped()),
             ("degradation: one live redraw, 6 curves x 61 points", lambda: tab._draw(race, "en")),
             ("degradation: one race step (6 nets, 8/20/32 layers)", lambda: stepping.step(1))]
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
