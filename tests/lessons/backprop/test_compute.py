"""Backpropagation by hand on the 2-2-1 network: forward values against a hand calculation, chain-rule gradients
against autograd (ours and the module's) and against central differences, one descent step, and the errors."""
import json
import math

import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.backprop import compute as bp

GRADS = ("yhat", "z2", "w2", "b2", "a1", "z1", "w1", "b1")
EXAMPLES = [([1.0, -2.0], 0.5), ([0.3, 0.7], -1.0), ([-4.0, 2.5], 3.0), ([0.0, 0.0], 0.0)]


def _flat(v) -> list[float]:
    return [float(v)] if not isinstance(v, list) else [e for item in v for e in _flat(item)]


def _torch_grads(x, y, weights) -> dict[str, list[float]]:
    """An oracle written here: plain tensors with requires_grad, the loss in one expression."""
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in weights.items()}
    a1 = torch.sigmoid(p["w1"] @ torch.tensor(x, dtype=torch.float64) + p["b1"])
    yhat = (p["w2"] @ a1 + p["b2"])[0]
    (0.5 * (yhat - y) ** 2).backward()
    return {k: _flat(t.grad.tolist()) for k, t in p.items()}


def _loss(x, y, weights) -> float:
    return bp.forward(x, y, weights)["loss"]


def test_forward_values_by_hand():
    weights = dict(w1=[[0.5, -1.0], [2.0, 0.25]], b1=[0.1, -0.2], w2=[[1.5, -0.5]], b2=[0.3])
    r = bp.backprop([2.0, 1.0], 1.0, weights=weights)
    z1 = [0.5 * 2 - 1.0 * 1 + 0.1, 2.0 * 2 + 0.25 * 1 - 0.2]  # [0.1, 4.05]
    a1 = [1 / (1 + math.exp(-z)) for z in z1]
    yhat = 1.5 * a1[0] - 0.5 * a1[1] + 0.3
    assert r["z1"] == pytest.approx(z1) and r["a1"] == pytest.approx(a1)
    assert r["z2"] == r["yhat"] == pytest.approx(yhat)
    assert r["loss"] == pytest.approx(0.5 * (yhat - 1.0) ** 2)
    # dL/dW1[1][0] = (yhat - y) * W2[0][1] * a1[1] (1 - a1[1]) * x[0], the chain written out once more here
    assert r["grads"]["w1"][1][0] == pytest.approx((yhat - 1.0) * -0.5 * a1[1] * (1 - a1[1]) * 2.0, rel=1e-12)
    assert r["weights"] == weights


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("x,y", EXAMPLES)
def test_hand_gradients_equal_autograd(seed, x, y):
    r = bp.backprop(x, y, seed=seed)
    assert r["max_difference"] < 1e-9
    assert set(r["grads"]) == set(r["autograd"]) == set(GRADS)
    for k in GRADS:
        assert _flat(r["grads"][k]) == pytest.approx(_flat(r["autograd"][k]), abs=1e-9, rel=0)
    oracle = _torch_grads(x, y, r["weights"])
    for k in bp.PARAMS:
        assert _flat(r["grads"][k]) == pytest.approx(oracle[k], abs=1e-9, rel=0)


@pytest.mark.parametrize("seed", range(3))
def test_hand_gradients_equal_central_differences(seed):
    x, y, h = [0.8, -1.3], 0.4, 1e-6
    r = bp.backprop(x, y, seed=seed)
    for k in bp.PARAMS:
        flat = _flat(r["weights"][k])
        for i, g in enumerate(_flat(r["grads"][k])):
            def nudged(d):
                values = flat.copy()
                values[i] += d
                w = dict(r["weights"], **{k: values if k in ("b1", "b2") else
                                          [values[j:j + 2] for j in range(0, len(values), 2)]})
                return _loss(x, y, w)
            assert (nudged(h) - nudged(-h)) / (2 * h) == pytest.approx(g, abs=1e-8)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("x,y", EXAMPLES[:3])
def test_one_small_step_lowers_the_loss(seed, x, y):
    r = bp.backprop(x, y, seed=seed, lr=0.05)
    assert r["after"] < r["loss"]
    assert r["after"] == pytest.approx(_loss(x, y, r["weights_after"]))
    for k in bp.PARAMS:
        expected = [w - 0.05 * g for w, g in zip(_flat(r["weights"][k]), _flat(r["grads"][k]))]
        assert _flat(r["weights_after"][k]) == pytest.approx(expected, rel=0, abs=1e-15)


def test_a_huge_step_can_overshoot():
    r = bp.backprop([1.0, -2.0], 0.5, seed=0, lr=10)
    assert r["after"] > r["loss"]  # why lr has a ceiling: the loss is only locally linear


def test_seeded_weights_and_plain_python_output():
    a, b = bp.backprop([1.0, 2.0], 0.0, seed=7), bp.backprop([1.0, 2.0], 0.0, seed=7)
    assert a == b and a["weights"] != bp.backprop([1.0, 2.0], 0.0, seed=8)["weights"]
    assert all(-1 <= v <= 1 and round(v, 2) == v for v in _flat(list(a["weights"].values())))
    json.dumps(a)  # floats and lists only
    assert isinstance(a["loss"], float) and isinstance(a["grads"]["w1"][0][0], float)


@pytest.mark.parametrize("x,y", [([1.0], 0.0), ([1.0, 2.0, 3.0], 0.0), ([1.0, float("nan")], 0.0),
                                 ([float("inf"), 1.0], 0.0), ([1.0, 2.0], float("nan")), (["a", 1.0], 0.0),
                                 ([1.0, 2.0], None), ("12", 0.0), ([True, 1.0], 0.0)])
def test_bad_example(x, y):
    with pytest.raises(PlaygroundError) as info:
        bp.backprop(x, y)
    assert info.value.key == "backprop_bad_example" and set(info.value.params) == {"x", "y", "limit"}


@pytest.mark.parametrize("lr", [0, -0.1, 10.5, float("nan"), float("inf")])
def test_bad_lr(lr):
    with pytest.raises(PlaygroundError) as info:
        bp.backprop([1.0, 2.0], 0.0, lr=lr)
    assert info.value.key == "concept_bad_lr" and info.value.params["limit"] == 10
    assert info.value.params["lr"] == lr or math.isnan(lr)


def test_lr_bounds_inclusive_at_ten():
    assert bp.backprop([1.0, 2.0], 0.0, lr=10)["lr"] == 10.0


@pytest.mark.parametrize("name,weights", [("w1", dict(w1=[[1.0, 2.0]], b1=[0, 0], w2=[[0, 0]], b2=[0])),
                                          ("b1", dict(w1=[[1, 2], [3, 4]], b1=[0, float("nan")], w2=[[0, 0]], b2=[0])),
                                          ("w2", dict(w1=[[1, 2], [3, 4]], b1=[0, 0], w2=[0, 0], b2=[0])),
                                          ("b2", dict(w1=[[1, 2], [3, 4]], b1=[0, 0], w2=[[0, 0]]))])
def test_bad_weights(name, weights):
    with pytest.raises(PlaygroundError) as info:
        bp.backprop([1.0, 2.0], 0.0, weights=weights)
    assert info.value.key == "backprop_bad_weights" and info.value.params["name"] == name


@pytest.mark.parametrize("x,y", [([0.5, -1.0], 1e308), ([1e7, 0.0], 1.0), ([0.5, -1.0], -1e7)])
def test_values_too_large_are_refused_before_they_overflow(x, y):
    """A target of 1e308 overflowed the squared error (found by the fuzz suite)."""
    with pytest.raises(PlaygroundError) as info:
        bp.backprop(x, y)
    assert info.value.key == "backprop_bad_example" and info.value.params["limit"] == "1e+06"


@pytest.mark.parametrize("seed", [-1, 2**32, 10**30, 1.0, True, "0", None])
def test_seed_must_be_a_whole_number_in_range(seed):
    with pytest.raises(PlaygroundError) as info:
        bp.backprop([0.5, -1.0], 1.0, seed=seed)
    assert info.value.key == "backprop_bad_seed"
