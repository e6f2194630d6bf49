"""Optimizer race: each racer walks exactly the path of a torch.optim optimizer stepped by hand, divergence is
recorded (finite rows only) rather than raised, the surfaces behave as the lab says, and every bad value raises its
PlaygroundError."""
import math

import numpy as np
import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.optimizers import compute as race_mod
from playground.lessons.optimizers.compute import BOUND, MAX_STEPS, OPTIMIZERS, SURFACES, Surface, race, surface_grid

# Written independently of optim_race._make_optimizer: the optimizer each key must stand for.
REFERENCE = {
    "sgd": lambda p: torch.optim.SGD([p], lr=0.002),
    "momentum": lambda p: torch.optim.SGD([p], lr=0.002, momentum=0.8),
    "adagrad": lambda p: torch.optim.Adagrad([p], lr=0.002),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=0.002, alpha=0.95),
    "adam": lambda p: torch.optim.Adam([p], lr=0.002, betas=(0.85, 0.99)),
    "adamw": lambda p: torch.optim.AdamW([p], lr=0.002, betas=(0.85, 0.99), weight_decay=0.05),
}
SETTINGS = dict(lr=0.002, momentum=0.8, beta1=0.85, beta2=0.99, alpha=0.95, weight_decay=0.05)


def _rosenbrock(x: float, y: float) -> float:
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def _by_hand(name: str, steps: int, start=(-1.5, 2.0)) -> tuple[np.ndarray, np.ndarray]:
    """Positions (steps + 1, 2) and losses (steps + 1,) of one optimizer stepped on the Rosenbrock function."""
    p = torch.nn.Parameter(torch.tensor(start, dtype=torch.float64))
    opt = REFERENCE[name](p)
    xy, loss = [p.detach().numpy().copy()], []
    for _ in range(steps):
        opt.zero_grad()
        value = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        value.backward()
        opt.step()
        loss.append(value.item())
        xy.append(p.detach().numpy().copy())
    loss.append(_rosenbrock(*xy[-1]))
    return np.array(xy), np.array(loss)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_each_racer_walks_the_path_of_torch_optim_stepped_by_hand(name):
    xy, loss = _by_hand(name, 60)
    assert np.abs(xy[-1] - xy[0]).max() > 0.01  # it moved, so the comparison says something
    tr = race("rosenbrock", OPTIMIZERS, 60, **SETTINGS)[name]
    assert tr.diverged_at is None and tr.xy.shape == (61, 2) and tr.loss.shape == (61,)
    np.testing.assert_array_equal(tr.xy, xy)  # identical, not close: same optimizer, same gradients
    np.testing.assert_allclose(tr.loss, loss, rtol=1e-14)


def test_racing_together_changes_nothing():
    together = race("multi", OPTIMIZERS, 80, lr=0.05)
    for name in OPTIMIZERS:
        alone = race("multi", [name], 80, lr=0.05)[name]
        np.testing.assert_array_equal(together[name].xy, alone.xy)
        np.testing.assert_array_equal(together[name].loss, alone.loss)


def test_rows_start_at_the_start_and_losses_are_f_at_the_rows():
    trs = race("bowl", ["adam", "sgd"], 25, lr=0.02, start=(3.0, -1.0))
    for tr in trs.values():
        np.testing.assert_array_equal(tr.xy[0], [3.0, -1.0])
        np.testing.assert_allclose(tr.loss, 0.5 * (tr.xy[:, 0] ** 2 + 25 * tr.xy[:, 1] ** 2), rtol=1e-13)
    assert list(race("saddle", ["adam", "sgd", "adam"], 3, 0.1)) == ["adam", "sgd"]  # order kept, repeats dropped
    assert list(race("saddle", "rmsprop", 3, 0.1)) == ["rmsprop"]
    assert race("saddle", [], 3, 0.1) == {}


def test_lr_10_on_rosenbrock_diverges_plain_and_momentum_sgd_with_finite_rows_only():
    trs = race("rosenbrock", OPTIMIZERS, 1000, lr=10)
    for name in ("sgd", "momentum"):
        tr = trs[name]
        assert tr.diverged_at is not None and 1 <= tr.diverged_at < 1000
        assert len(tr.xy) == len(tr.loss) == tr.diverged_at  # rows 0..k-1; step k's result is not kept
        assert np.isfinite(tr.xy).all() and np.isfinite(tr.loss).all()
        assert np.hypot(*tr.xy.T).max() <= BOUND
    # Adam's step is at most about lr per coordinate, so in 1000 steps it cannot leave the bound
    assert trs["adam"].diverged_at is None and len(trs["adam"].xy) == 1001


def test_a_non_finite_loss_inside_the_bound_is_divergence(monkeypatch):
    # -x for x <= 1, +inf beyond (a cliff the gradient cannot see): SGD at lr 0.3 walks 0.3 a step, so step 4
    # lands on x = 1.2, a finite point whose loss is not
    cliff = Surface(lambda p: torch.where(p[..., 0] > 1, torch.inf, -p[..., 0]), "", (0.0, 0.0), (-2.0, 2.0),
                    (-1.0, 1.0), (), 0.3)
    monkeypatch.setitem(SURFACES, "cliff", cliff)
    tr = race("cliff", ["sgd", "adam"], 10, lr=0.3)
    assert tr["sgd"].diverged_at == 4 and len(tr["sgd"].xy) == len(tr["sgd"].loss) == 4
    np.testing.assert_allclose(tr["sgd"].loss, [0, -0.3, -0.6, -0.9], atol=1e-12)
    assert tr["adam"].diverged_at == 4  # Adam also steps lr: |m / sqrt(v)| = 1 for a constant gradient


def test_adam_reaches_the_rosenbrock_minimum_in_1000_steps():
    tr = race("rosenbrock", ["adam"], 1000, lr=0.1)["adam"]
    assert np.abs(tr.xy[-1] - [1, 1]).max() < 0.01
    assert tr.loss[-1] < 1e-4


def test_momentum_beats_plain_sgd_on_the_ill_conditioned_bowl():
    trs = race("bowl", ["sgd", "momentum"], 100, lr=0.02)
    # SGD's x shrinks by (1 - lr) a step: 4.5 * 0.98^100 = 0.6; momentum is far closer
    assert trs["sgd"].xy[-1, 0] == pytest.approx(-4.5 * 0.98 ** 100, rel=1e-6)
    assert trs["momentum"].loss[-1] < trs["sgd"].loss[-1] / 100


def test_on_the_saddle_sgd_stalls_and_adam_escapes():
    trs = race("saddle", ["sgd", "adam"], 200, lr=0.01)
    assert abs(trs["sgd"].xy[-1, 1]) < 0.1  # y grows only by 1.02 a step from 1e-3
    assert trs["adam"].xy[-1, 1] > 1 and trs["adam"].loss[-1] < -1
    exact = race("saddle", ["adam"], 200, lr=0.01, start=(-1.5, 0.0))["adam"]
    assert (exact.xy[:, 1] == 0).all()  # on the ridge the gradient has no y part


@pytest.mark.parametrize("key", list(SURFACES))
def test_surfaces_have_their_minima_and_a_start_in_the_window(key):
    spec = SURFACES[key]
    (x0, x1), (y0, y1) = spec.x_range, spec.y_range
    assert x0 <= spec.start[0] <= x1 and y0 <= spec.start[1] <= y1
    for m in spec.minima:
        p = torch.tensor(m, dtype=torch.float64, requires_grad=True)
        value = spec.f(p)
        value.backward()
        assert abs(value.item()) < 1e-9 and p.grad.abs().max() < 1e-4
        assert x0 <= m[0] <= x1 and y0 <= m[1] <= y1
    assert 0 < spec.lr <= race_mod.MAX_LR


def test_surface_grid_rows_are_y_and_columns_x():
    xs, ys, z = surface_grid("rosenbrock", n=7)
    assert xs.shape == ys.shape == (7,) and z.shape == (7, 7)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-2, 2, -1, 3)
    assert z[2, 5] == pytest.approx(_rosenbrock(xs[5], ys[2]))
    with pytest.raises(ValueError):
        surface_grid("bowl", n=1)


def _raises(key: str, **call) -> dict:
    args = dict(surface="bowl", optimizers=["adam"], steps=10, lr=0.1) | call
    with pytest.raises(PlaygroundError) as info:
        race(**args)
    assert info.value.key == key
    return info.value.params


def test_unknown_surface_and_optimizer():
    assert _raises("optimizers_bad_surface", surface="cliffs") == {"name": "cliffs"}
    assert _raises("optimizers_bad_optimizer", optimizers=["adam", "lion"]) == {"name": "lion"}
    with pytest.raises(PlaygroundError) as info:
        surface_grid("cliffs")
    assert info.value.key == "optimizers_bad_surface"


@pytest.mark.parametrize("steps", [0, -3, MAX_STEPS + 1, 2.5, math.nan, "ten", None])
def test_bad_steps(steps):
    params = _raises("optimizers_bad_steps", steps=steps)
    assert params["limit"] == MAX_STEPS and params["steps"] is steps


@pytest.mark.parametrize("lr", [0, -0.1, 10.001, math.inf, math.nan, "fast"])
def test_bad_lr(lr):
    params = _raises("concept_bad_lr", lr=lr)
    assert params["limit"] == 10 and params["lr"] is lr


def test_edge_values_are_accepted():
    assert len(race("bowl", ["sgd"], 1, 10)["sgd"].xy) <= 2  # lr 10 is allowed; it may diverge
    assert len(race("bowl", ["adam"], 200.0, 1e-9, momentum=0, beta1=0, beta2=0, alpha=0,
                    weight_decay=0)["adam"].xy) == 201


@pytest.mark.parametrize("name", ["momentum", "beta1", "beta2", "alpha", "weight_decay"])
@pytest.mark.parametrize("value", [1.0, -0.01, 1.5, math.nan])
def test_bad_betas(name, value):
    params = _raises("optimizers_bad_beta", **{name: value})
    assert params["name"] == name and params["value"] is value


@pytest.mark.parametrize("start", [(5.1, 0.0), (0.0, -3.5), (math.nan, 0.0), (1.0,), "far", 0])
def test_bad_start(start):
    params = _raises("optimizers_bad_start", start=start)
    assert (params["xmin"], params["xmax"], params["ymin"], params["ymax"]) == (-5, 5, -3, 3)
    assert params["start"] is start
