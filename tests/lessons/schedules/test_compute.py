"""Learning-rate schedules: the trainer's kinds are exactly the rates its own LambdaLR sets, step by step, in a
real Run; the Transformer's schedule is the paper's formula, with the numbers the scene quotes; bad values raise
their PlaygroundError."""
import math

import numpy as np
import pytest
import torch
from torch.optim.optimizer import register_optimizer_step_pre_hook

from playground.core.errors import PlaygroundError
from playground.core.train.loop import Run
from playground.core.train.spec import TrainSpec
from playground.i18n import EN, ZH
from playground.lessons.schedules.compute import (
    KINDS,
    MAX_TOTAL,
    TRAINER_KINDS,
    schedule_rates,
    schedule_summary,
    transformer_rate,
)
from playground.ui.scenes import scene


def _trainer_rates(kind: str, lr: float, warmup: int, total: int, optimizer: str) -> list[float]:
    """The rate each optimiser step of a real Run uses, read by a hook just before the step."""
    run = Run(TrainSpec(model="tiny_mlp", dataset="gauss", optimizer=optimizer, lr=lr, steps=total,
                        warmup_steps=warmup, schedule=kind, batch_size=8, seed=0))
    x, y = run.tensors("train")
    seen: list[float] = []
    hook = register_optimizer_step_pre_hook(
        lambda opt, args, kwargs: seen.append(opt.param_groups[0]["lr"]))
    try:
        step = run.make_stepper(total)
        for _ in range(total):
            step(x[:8], y[:8])
    finally:
        hook.remove()
    return seen


@pytest.mark.parametrize("kind", TRAINER_KINDS)
@pytest.mark.parametrize("warmup", [0, 7])
def test_the_trainer_kinds_are_the_rates_its_lambdalr_sets(kind, warmup):
    assert set(TRAINER_KINDS) == {"constant", "step", "linear", "cosine"}
    seen = _trainer_rates(kind, 0.05, warmup, 40, "adam" if warmup else "sgd")
    assert len(seen) == 40
    np.testing.assert_allclose(schedule_rates(kind, 0.05, warmup, 40), seen, rtol=1e-12, atol=0)


def test_warm_up_and_decay_by_hand():
    """Step k runs at peak · lr_factor(k - 1): warm-up from peak/warmup, then the decay over the rest."""
    rates = schedule_rates("linear", 1.0, 4, 14)
    np.testing.assert_allclose(rates[:4], [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(rates[4:], 1 - np.arange(10) / 10)  # steps 5..14: progress 0, 0.1, ..., 0.9
    steps = schedule_rates("step", 2.0, 0, 8)
    np.testing.assert_allclose(steps, [2, 2, 2, 2, 0.2, 0.2, 0.02, 0.02])  # x0.1 at half, again at three quarters
    cosine = schedule_rates("cosine", 1.0, 0, 5)
    np.testing.assert_allclose(cosine, [0.5 * (1 + math.cos(math.pi * k / 5)) for k in range(5)])
    assert (schedule_rates("constant", 0.3, 0, 6) == 0.3).all()


def test_the_transformer_schedule_is_the_papers_formula():
    """lrate = d_model^-0.5 · min(step_num^-0.5, step_num · warmup_steps^-1.5) (Vaswani et al. 2017, eq. 3)."""
    rates = schedule_rates("transformer", 123.0, 4000, 20_000, 512)  # peak_lr is not used
    by_hand = [512 ** -0.5 * min(s ** -0.5, s * 4000 ** -1.5) for s in range(1, 20_001)]
    np.testing.assert_allclose(rates, by_hand, rtol=1e-13)
    assert int(np.argmax(rates)) + 1 == 4000 and rates[3999] == pytest.approx(1 / math.sqrt(512 * 4000))
    assert np.all(np.diff(rates[:4000]) > 0) and np.all(np.diff(rates[3999:]) < 0)
    np.testing.assert_allclose(rates[:4000] / np.arange(1, 4001), rates[0])  # a straight line through 0
    np.testing.assert_allclose(transformer_rate([1, 4000, 16_000], 512, 4000), rates[[0, 3999, 15_999]])


def test_the_scene_quotes_the_schedules_numbers():
    values = scene("lr_warmup").values
    rates = schedule_rates(values["schedule"], 1e-3, int(values["warmup_steps"]), int(values["total_steps"]),
                           int(values["d_model"]))
    peak, last = f"{rates[3999]:.1e}", f"{rates[-1]:.1e}"
    assert (peak, last) == ("7.0e-04", "3.5e-04") and rates[-1] == pytest.approx(rates[3999] / 2)
    for table in (EN, ZH):
        assert "7.0 × 10⁻⁴" in table["scene_lr_warmup_note"] and "3.5 × 10⁻⁴" in table["scene_lr_warmup_note"]


def test_the_summary_names_the_peak_and_lists_every_rate():
    rates = schedule_rates("cosine", 0.01, 10, 50)
    summary = schedule_summary("cosine", rates)
    assert summary["peak_step"] == 10 and summary["peak_lr"] == pytest.approx(0.01) and summary["steps"] == 50
    assert summary["lr"] == rates.tolist() and summary["final_lr"] == rates[-1]


@pytest.mark.parametrize("args, key", [
    (("sawtooth", 0.1, 0, 10), "schedules_bad_kind"),
    (("cosine", 0.1, 0, 0), "schedules_bad_total"),
    (("cosine", 0.1, 0, MAX_TOTAL + 1), "schedules_bad_total"),
    (("cosine", 0.1, 0, 2.5), "schedules_bad_total"),
    (("cosine", 0.1, -1, 10), "schedules_bad_warmup"),
    (("transformer", 0.1, 0, 10), "schedules_bad_warmup"),
    (("transformer", 0.1, 5, 10, 0), "schedules_bad_d_model"),
    (("cosine", 0.0, 0, 10), "schedules_bad_lr"),
    (("cosine", float("nan"), 0, 10), "schedules_bad_lr"),
])
def test_bad_values_raise_their_message(args, key):
    with pytest.raises(PlaygroundError) as e:
        schedule_rates(*args)
    assert e.value.key == key
    assert key in EN and key in ZH


def test_every_kind_has_a_label():
    assert all(f"schedules_kind_{k}" in EN and f"schedules_kind_{k}" in ZH for k in KINDS)


def test_schedules_differs_weight_decay():
    """004_ calls learning-rate decay "Weight Decay". Weight decay shrinks the weights, w ← w − η·λ·w, at a
    constant rate; a schedule lowers the rate and, with no gradient, leaves the weights alone."""
    eta, lam, w0 = 0.1, 0.2, torch.tensor([1.0, -3.0], dtype=torch.float64)
    p = torch.nn.Parameter(w0.clone())
    decayed = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    for _ in range(5):
        p.grad = torch.zeros_like(p)
        decayed.step()
    np.testing.assert_allclose(p.detach().numpy(), w0.numpy() * (1 - eta * lam) ** 5, rtol=1e-14)
    assert decayed.param_groups[0]["lr"] == eta  # the rate never moved
    q = torch.nn.Parameter(w0.clone())
    scheduled = torch.optim.SGD([q], lr=eta)
    lambdas = schedule_rates("linear", 1.0, 0, 5)
    sched = torch.optim.lr_scheduler.LambdaLR(scheduled, lambda k: lambdas[min(k, 4)])
    rates = []
    for _ in range(5):
        q.grad = torch.zeros_like(q)
        rates.append(scheduled.param_groups[0]["lr"])
        scheduled.step()
        sched.step()
    np.testing.assert_allclose(rates, eta * lambdas)  # the rate fell ...
    assert torch.equal(q.detach(), w0)  # ... and the weights did not
