"""The run's verdict (core/train/diagnosis.py): each verdict on a synthetic history, then on real short runs that
overfit (few noisy points, a big net) and that are fine; and the learning-rate schedule drawn on the Train tab
(core/train/schedule.py) against the rate the optimiser really used at every step."""
import math

import numpy as np
import pytest

from playground.core.train import loop
from playground.core.train.diagnosis import GAP, HIGH_TRAIN, MIN_STEPS, diagnose, shallower
from playground.core.train.loop import Run, lr_factor, train
from playground.core.train.schedule import MAX_POINTS, learning_rates
from playground.core.train.spec import TrainSpec


def history(train_loss, val_loss, train_acc=None, val_acc=None, every=10):
    """A History.to_dict() with an evaluation every `every` steps."""
    steps = list(range(1, len(train_loss) + 1))
    evals = steps[every - 1::every][:len(val_loss)]
    n = len(evals)
    return dict(steps=steps, train_loss=list(train_loss), eval_steps=evals,
                train_metric=list(train_acc if train_acc is not None else [0.5] * n),
                val_loss=list(val_loss)[:n], val_metric=list(val_acc if val_acc is not None else [0.5] * n))


def falling(start, end, n=200):
    return list(np.geomspace(start, end, n))


def test_both_low_is_fine():
    d = diagnose(history(falling(0.7, 0.05), falling(0.7, 0.08, 20), [0.98] * 20, [0.96] * 20))
    assert d.verdict == "fine" and d.cause == ""
    assert d.start_loss > 0.6 and d.train_loss < 0.07 and math.isclose(d.test_loss, 0.08, rel_tol=1e-6)


def test_low_training_loss_and_high_test_loss_is_overfitting():
    val = list(np.linspace(0.6, 0.3, 8)) + list(np.linspace(0.35, 1.2, 12))  # lowest at the 8th evaluation
    d = diagnose(history(falling(0.7, 0.01), val))
    assert d.verdict == "overfit" and d.best_step == 80
    assert d.test_loss - d.train_loss > GAP * d.start_loss


def test_an_accuracy_gap_alone_is_overfitting_but_not_for_regression():
    h = history(falling(0.7, 0.05), falling(0.7, 0.12, 20), [1.0] * 20, [0.8] * 20)
    assert diagnose(h).verdict == "overfit"
    assert diagnose(h, accuracy=False).verdict == "fine"  # R² is no accuracy: the losses decide


def test_high_training_loss_still_falling_is_an_unfinished_optimisation():
    d = diagnose(history(list(np.linspace(0.7, 0.5, 200)), [0.6] * 20))
    assert d.verdict == "high_train" and d.cause == "still_falling"
    assert d.train_loss > HIGH_TRAIN * d.start_loss


def test_high_flat_training_loss_is_model_bias_or_optimisation():
    flat = list(np.linspace(0.7, 0.6, 40)) + [0.6] * 160
    d = diagnose(history(flat, [0.62] * 20))
    assert d.verdict == "high_train" and d.cause == "plateau"


def test_too_few_steps_or_no_evaluation_say_nothing():
    assert diagnose(history(falling(0.7, 0.05, MIN_STEPS - 1), [0.1], every=1)).verdict == "too_short"
    assert diagnose(history(falling(0.7, 0.05), [])).verdict == "too_short"
    assert diagnose(dict(steps=[], train_loss=[], eval_steps=[], train_metric=[], val_loss=[],
                         val_metric=[])).verdict == "too_short"


def test_non_finite_values_do_not_break_the_verdict():
    loss = falling(0.7, 0.05)
    loss[5] = float("nan")
    d = diagnose(history(loss, [float("nan")] * 19 + [0.06]))
    assert d.verdict == "fine" and d.best_step == 200


def test_the_shallower_reference_drops_the_last_hidden_layer():
    assert shallower([64, 64, 32]) == [64, 64]
    assert shallower([8]) is None and shallower(None) is None


# A real run of each kind: 25 noisy training points and a 2 x 64 network memorise; 500 clean points and a small
# network generalise.
OVERFIT = TrainSpec(model="tiny_mlp", dataset="circle",
                    data_options={"n_samples": 50, "noise": 0.5, "train_ratio": 0.5},
                    model_options={"hidden": [64, 64], "activation": "relu"}, optimizer="adam", lr=0.01,
                    batch_size=25, steps=300, eval_points=20, seed=0)
FINE = TrainSpec(model="tiny_mlp", dataset="circle", data_options={"n_samples": 500, "noise": 0.05},
                 model_options={"hidden": [16, 16], "activation": "tanh"}, optimizer="adam", lr=0.03,
                 batch_size=32, steps=200, eval_points=10, seed=0)


@pytest.mark.parametrize("spec, verdict", [(OVERFIT, "overfit"), (FINE, "fine")], ids=["overfit", "fine"])
def test_real_short_runs_get_their_verdict(spec, verdict):
    trained = train(spec)
    d = diagnose(trained.history.to_dict())
    assert d.verdict == verdict, d
    if verdict == "overfit":
        assert d.train_loss < 0.1 and d.test_loss > 3 * d.train_loss
        assert d.train_accuracy - d.test_accuracy > 0.1


# ---------------------------------------------------------------------------------------------------------------
# The schedule

def _spec(**changes) -> TrainSpec:
    base = dict(model="tiny_mlp", dataset="circle", data_options={"n_samples": 200}, optimizer="sgd", lr=0.1,
                batch_size=10, steps=60, warmup_steps=10, schedule="cosine", eval_points=1, seed=0)
    return TrainSpec(**{**base, **changes})


@pytest.mark.parametrize("schedule, warmup", [("cosine", 10), ("linear", 5), ("step", 0), ("constant", 8),
                                              ("constant", 0)])
def test_the_drawn_rates_are_the_optimisers_rates_at_every_step(monkeypatch, schedule, warmup):
    """The rates learning_rates draws are those the optimiser's param_groups[0]["lr"] holds when it steps."""
    seen = []
    make = loop.make_optimizer

    def recording(spec, params):
        opt = make(spec, params)
        opt.register_step_pre_hook(lambda o, args, kwargs: seen.append(o.param_groups[0]["lr"]))
        return opt

    monkeypatch.setattr(loop, "make_optimizer", recording)
    spec = _spec(schedule=schedule, warmup_steps=warmup)
    run = Run(spec)
    for _ in run.reports():
        pass
    steps, rates = learning_rates(run.spec, run.plan.steps)
    assert len(seen) == run.plan.steps == 60 and list(steps) == list(range(60))
    np.testing.assert_allclose(rates, seen, rtol=1e-12, atol=0)
    if warmup:
        assert rates[0] == pytest.approx(0.1 / warmup) and rates[warmup - 1] == pytest.approx(0.1)


def test_a_long_run_is_sampled_and_keeps_the_jumps():
    spec = _spec(schedule="step", warmup_steps=100, steps=100_000)
    steps, rates = learning_rates(spec, 100_000)
    assert len(steps) <= MAX_POINTS + 6 and steps[0] == 0 and steps[-1] == 99_999
    assert np.all(np.diff(steps) > 0)
    # the drops at half and three quarters of the steps after the warm-up, each with the step before it
    for first in (100 + 49_950, 100 + 74_925):
        i = int(np.searchsorted(steps, first))
        assert steps[i] == first and steps[i - 1] == first - 1
        assert rates[i] == pytest.approx(rates[i - 1] * 0.1)
    assert rates[list(steps).index(99)] == pytest.approx(0.1)  # the warm-up's last step: the full rate
    expected = [0.1 * lr_factor(int(s), 100_000, 100, "step") for s in steps]
    np.testing.assert_allclose(rates, expected)


def test_learning_rates_starts_from_the_spec_rate():
    steps, rates = learning_rates(_spec(lr=0.5, warmup_steps=0, schedule="linear"), 4)
    assert list(steps) == [0, 1, 2, 3] and list(rates) == pytest.approx([0.5, 0.375, 0.25, 0.125])
