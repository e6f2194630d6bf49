"""The Concepts tab's callbacks (its five lessons) as Gradio calls them: every view, both languages, and bad input
as messages (a diverging learning rate is drawn, not raised)."""
import re

import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.i18n import message
from playground.lessons.activations import tab as activations
from playground.lessons.backprop import tab as backprop
from playground.lessons.losses import tab as losses
from playground.lessons.normalisation import tab as normalisation
from playground.lessons.optimizers import tab as optimizers

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
ALL = list(optimizers.race.OPTIMIZERS)


def test_activations_with_their_properties():
    fig, table = activations.on_activations(["sigmoid", "tanh", "leaky_relu"], 0.2, EN)
    assert isinstance(fig, go.Figure) and len(fig.data) == 6  # a function and its derivative each
    assert "| Sigmoid |" in table and "0.25 |" in table and "never (α > 0)" in table
    assert r"for large \|x\|" in table  # pipes inside a cell are escaped, or the table breaks
    _, table = activations.on_activations(["relu"], 0.1, ZH)
    assert "神经元死亡" in table
    with pytest.raises(gr.Error, match="at least one function"):
        activations.on_activations([], 0.1, EN)


def test_stacking_losses_and_softmax():
    fig = activations.on_stacking(3, EN)
    assert len(fig.data) == len(activations.STACKS)
    fig = losses.on_losses(0.8, EN)
    assert isinstance(fig, go.Figure) and len(fig.data) >= 4
    fig, text = losses.on_softmax("3, 1, -1", 1, EN)
    assert text == "At T = 1: 86.7%, 11.7%, 1.6%."
    _, text = losses.on_softmax("3, 1, -1", 100, EN)
    assert "34." in text  # nearly uniform at a high temperature
    for args, match in [(("a, b", 1), "between 2 and 12 numbers"), (("1, 2", 0), "above 0"),
                        (("1", 1), "between 2 and 12")]:
        with pytest.raises(gr.Error, match=match):
            losses.on_softmax(*args, EN)


def test_race_draws_paths_and_replays():
    fig, losses, text = optimizers.on_race("bowl", ALL, 100, 0.02, 0.9, 0.9, 0.999, 0.01, 1000, 0.99, EN)
    names = [t.name for t in fig.data if t.name]
    assert all(any(message("optimizer_" + o, "en") in n for n in names) for o in ALL)
    assert "f(x, y) = 0.5 (x² + 25 y²)" in text and "SGD with momentum: loss" in text
    fig10, *_ = optimizers.on_race("bowl", ALL, 100, 0.02, 0.9, 0.9, 0.999, 0.01, 10, 0.99, EN)
    sgd = next(t for t in fig10.data if t.name and t.name.startswith("SGD") and "momentum" not in t.name)
    assert len(sgd.x) == 11  # steps 0..10 of the same (cached) race
    assert optimizers.on_surface("rosenbrock") == optimizers.race.SURFACES["rosenbrock"].lr


def test_a_diverging_learning_rate_is_drawn_with_a_message():
    fig, losses, text = optimizers.on_race("rosenbrock", ["sgd", "adam"], 50, 1.0, 0.9, 0.9, 0.999, 0.01, 1000, 0.99, EN)
    assert "SGD diverged at step" in text and "Adam: loss" in text
    assert all(np.isfinite(np.asarray(t.x, dtype=float)).all() for t in fig.data if t.type == "scatter")


@pytest.mark.parametrize("args,match", [
    (("bowl", [], 100, 0.1, 0.9, 0.9, 0.999, 0.01, 10), "at least one optimizer"),
    (("bowl", ALL, 100, 0, 0.9, 0.9, 0.999, 0.01, 10), "learning rate must be above 0"),
    (("bowl", ALL, 100, 11, 0.9, 0.9, 0.999, 0.01, 10), "at most 10"),
    (("bowl", ALL, 5000, 0.1, 0.9, 0.9, 0.999, 0.01, 10), "between 1 and 1000 steps"),
    (("bowl", ALL, 100, 0.1, 1.0, 0.9, 0.999, 0.01, 10), "momentum must be at least 0 and below 1"),
    (("moon", ALL, 100, 0.1, 0.9, 0.9, 0.999, 0.01, 10), "Unknown surface")])
def test_race_bad_settings(args, match):
    with pytest.raises(gr.Error, match=match):
        optimizers.on_race(*args, 0.99, EN)


def test_normalisation_both_kinds_and_layouts():
    axes, hist, text = normalisation.on_normalisation("image", "batch", "8x4x8x8", 1, 0, EN)
    assert "512 values per statistic, 4 statistics" in text and isinstance(axes, go.Figure)
    _, _, text = normalisation.on_normalisation("image", "layer", "8x4x8x8", 1, 0, EN)
    assert "256 values per statistic, 8 statistics" in text
    _, _, text = normalisation.on_normalisation("sequence", "batch", "4x6x16", 1, 0, ZH)
    assert "24" in text and "16" in text and "样本" in text
    for shape, match in [("8x4", "not a shape"), ("axb", "not a shape"), ("1x4x1x1", "more than one value"),
                         ("65x1x1x1", "not a shape")]:
        with pytest.raises(gr.Error, match=match):
            normalisation.on_normalisation("image", "batch", shape, 1, 0, EN)


def test_backprop_numbers_and_bad_input():
    fig, text = backprop.on_backprop(0.5, -1.0, 1.0, 0.5, 0, EN)
    assert isinstance(fig, go.Figure) and "Largest difference" in text
    shown = str(fig.to_plotly_json())
    assert "½" not in shown and "(ŷ − y)²/2" in shown  # the ½ glyph is unreadable at figure size
    loss, after = (float(v) for v in re.match(r"Loss ([\d.]+); after one step with lr = 0.5: ([\d.]+)\.",
                                                 text).groups())
    assert after < loss
    with pytest.raises(gr.Error, match="finite"):
        backprop.on_backprop(float("nan"), 1, 1, 0.5, 0, EN)
    with pytest.raises(gr.Error, match="learning rate"):
        backprop.on_backprop(1, 1, 1, 0, 0, EN)


# Bad input the fuzz suite found (tests/fuzz/test_fuzz_concepts.py): each a clear message naming what is wrong.

def _message(call, match: str) -> None:
    with pytest.raises(gr.Error, match=match) as info:
        call()
    assert "went wrong on our side" not in str(info.value.message)


@pytest.mark.parametrize("value", [None, "", "abc", "1,5", float("inf"), 10**400])
def test_sliders_that_are_no_number_name_the_setting(value):
    _message(lambda: activations.on_activations(["relu"], value, EN), "α” must be a finite number")
    _message(lambda: activations.on_stacking(value, EN), "“Layers” must be a whole number")
    _message(lambda: losses.on_losses(value, EN), "must be a finite number")
    _message(lambda: losses.on_softmax("3, 1, -1", value, EN), "must be a finite number")
    _message(lambda: optimizers.on_race("bowl", ALL, value, 0.02, 0.9, 0.9, 0.999, 0.01, 1000, 0.99, EN), "whole number")
    _message(lambda: optimizers.on_race("bowl", ALL, 100, 0.02, value, 0.9, 0.999, 0.01, 1000, 0.99, EN), "finite number")
    _message(lambda: optimizers.on_race("bowl", ALL, 100, 0.02, 0.9, 0.9, 0.999, 0.01,
                                        value if value is not None else "x", 0.99, EN), "whole number")
    _message(lambda: normalisation.on_normalisation("image", "batch", "8x4x8x8", value, 0, EN),
             "“γ” must be a finite")
    _message(lambda: backprop.on_backprop(0.5, -1.0, value, 0.5, 0, EN), "finite number")
    _message(lambda: backprop.on_backprop(0.5, -1.0, 1.0, 0.5, value, EN), "whole number")
    _message(lambda: activations.on_activations(["relu"], value, ZH), "必须是有限的数")


def test_surface_sent_as_a_list():
    _message(lambda: optimizers.on_race(["bowl"], ALL, 100, 0.02, 0.9, 0.9, 0.999, 0.01, 1000, 0.99, EN), "Unknown surface")
    assert optimizers.on_surface(["bowl"]) is not None
    assert optimizers.on_surface("bowl") == optimizers.race.SURFACES["bowl"].lr


def test_normalisation_without_a_kind_or_with_a_huge_gamma():
    _message(lambda: normalisation.on_normalisation("image", None, "8x4x8x8", 1, 0, EN), "Unknown normalisation")
    _message(lambda: normalisation.on_normalisation("image", "batch", "8x4x8x8", 1e308, 0, EN), "between -100 and 100")


@pytest.mark.parametrize("y", [1e308, -1e7])
def test_backprop_target_too_large(y):
    _message(lambda: backprop.on_backprop(0.5, -1.0, y, 0.5, 0, EN), "between -1e\\+06 and 1e\\+06")


@pytest.mark.parametrize("seed", [1e308, -1, 2**32, 10**30])
def test_backprop_seed_outside_its_range(seed):
    _message(lambda: backprop.on_backprop(0.5, -1.0, 1.0, 0.5, seed, EN), "seed must be a whole number from 0 to")
