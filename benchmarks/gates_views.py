"""Latency of the Gates tab's views as its callbacks compute them, text in -> figure JSON out: read the string, one
recorded forward pass, every gate as heatmaps, the unit finder, chosen units as lines; and the gradient flow of the
three cells, shipped or with random weights (one Jacobian per model by autograd). Median and p95 over repeated calls on this machine, with
issue 6's goal (p95 under 150 ms for the gates view up to 100 steps).

    PYTHONPATH=. python benchmarks/gates_views.py
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import numpy as np  # noqa: E402

from benchmarks.timing import print_table  # noqa: E402
from playground.core.session import Session  # noqa: E402
from playground.lessons.gates import tab  # noqa: E402


def brackets(n: int, seed: int = 0) -> str:
    """A random bracket string of n symbols whose depth stays within 0..7."""
    rng, depth, out = np.random.default_rng(seed), 0, []
    for _ in range(n):
        up = depth == 0 or (depth < 7 and rng.random() < 0.5)
        depth += 1 if up else -1
        out.append("(" if up else ")")
    return "".join(out)


def main(repeats: int = 40) -> None:
    s = Session()
    cases = []
    for model in ("pretrained/tiny_lstm_brackets", "pretrained/tiny_gru_brackets", "pretrained/tiny_rnn_brackets"):
        for n in (24, 100):
            cases.append((f"gates: {model.split('/')[1]}, {n} steps",
                          lambda model=model, n=n: tab.on_gates(model, brackets(n), None, "", s)))
    for weights in tab.FLOW_WEIGHTS:
        for n in (24, 100):
            cases.append((f"gradient flow: the three cells ({weights}), {n} steps",
                          lambda n=n, w=weights: tab.on_gradient_flow(tab.DEFAULT, brackets(n), s, w)))
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
