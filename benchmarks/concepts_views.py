"""Latency of the Concepts tab's views as its callbacks compute them, settings in -> figure JSON out: activation
functions with their properties, stacking, losses, softmax, the optimizer race (6 optimizers x 200 steps, first run
and a replay of the same settings), BatchNorm vs LayerNorm, back-propagation and the learning-rate schedules.
Median and p95 over repeated calls on this machine, with issue 7's goal (p95 under 150 ms for each view).

    PYTHONPATH=. python benchmarks/concepts_views.py
"""
from __future__ import annotations

import json
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.lessons.activations import compute as fn  # noqa: E402
from playground.lessons.activations import tab as activations  # noqa: E402
from playground.lessons.backprop import tab as backprop  # noqa: E402
from playground.lessons.losses import tab as losses  # noqa: E402
from playground.lessons.normalisation import tab as normalisation  # noqa: E402
from playground.lessons.optimizers import compute as optim_race  # noqa: E402
from playground.lessons.optimizers import tab as optimizers  # noqa: E402
from playground.lessons.schedules import tab as schedules  # noqa: E402

ALL = list(optim_race.OPTIMIZERS)


def _schedule(*settings):
    """The schedule view, its JSON object serialised too (Gradio sends it beside the figure)."""
    fig, data = schedules.on_lr_schedule(*settings)
    json.dumps(data)
    return fig


def main(repeats: int = 30) -> None:
    race = ("rosenbrock", ALL, 200, 0.002, 0.9, 0.9, 0.999, 0.01, 200)
    cases = [
        ("activations: all six, with the table", lambda: activations.on_activations(list(fn.ACTIVATIONS), 0.1), None),
        ("stacking: 4 stacks of 8 layers", lambda: activations.on_stacking(8), None),
        ("losses", lambda: losses.on_losses(0.8), None),
        ("softmax: 12 logits", lambda: losses.on_softmax(", ".join(str(i) for i in range(12)), 0.5), None),
        ("optimizer race: 6 x 200 steps, first run", lambda: optimizers.on_race(*race),
         optim_race.cached_race.cache_clear),
        ("optimizer race: replay of the same settings", lambda: optimizers.on_race(*race[:-1], 50), None),
        ("BatchNorm on 8x4x8x8", lambda: normalisation.on_normalisation("image", "batch", "8x4x8x8", 1, 0), None),
        ("LayerNorm on 16x32x64", lambda: normalisation.on_normalisation("sequence", "layer", "16x32x64", 1, 0), None),
        ("back-propagation", lambda: backprop.on_backprop(0.5, -1, 1, 0.5, 0), None),
        ("LR schedule: cosine, 1,000 steps", lambda: _schedule("cosine", 1e-3, 100, 1000, 512), None),
        ("LR schedule: transformer, 20,000 steps", lambda: _schedule("transformer", 1e-3, 4000, 20_000, 512), None),
        ("optimizer race: RMSprop alpha 0.5, first run", lambda: optimizers.on_race(*race, 0.5),
         optim_race.cached_race.cache_clear),
    ]
    print_table(cases, repeats)


if __name__ == "__main__":
    main()
