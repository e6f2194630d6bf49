"""Activations, losses and softmax: slopes by formula against autograd, every PROPERTIES field recomputed from the
functions, stacked linear layers staying straight, loss values against hand formulas and torch's training losses,
the softmax example from the notes and its temperature limits, and every user-facing error with its params."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.lessons.activations import compute as fn
from playground.lessons.losses import compute as lf

# float64 points on both sides of 0, the kink itself, and far into both tails
POINTS = torch.cat([torch.linspace(-12, 12, 2401, dtype=torch.float64),
                    torch.tensor([-1e-7, 0.0, 1e-7, -40.0, 40.0], dtype=torch.float64)])
WIDE = torch.linspace(-20, 20, 400_001, dtype=torch.float64)  # step 1e-4


def _raises(key: str, call, **params) -> None:
    with pytest.raises(PlaygroundError) as info:
        call()
    assert info.value.key == key
    assert info.value.params.keys() == params.keys()
    for name, want in params.items():
        got = info.value.params[name]
        assert (math.isnan(got) and math.isnan(want)) if isinstance(want, float) and math.isnan(want) else got == want


def _autograd_slope(name: str, x: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    x = x.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(fn.activation(name, x, alpha).sum(), x)
    return grad


# --- activation values and slopes ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,alpha", [(n, 0.01) for n in fn.ACTIVATIONS] + [("leaky_relu", 0.3),
                                                                               ("leaky_relu", 0.0),
                                                                               ("leaky_relu", 1.0)])
def test_derivative_formula_matches_autograd(name, alpha):
    want = _autograd_slope(name, POINTS, alpha)
    got = fn.derivative(name, POINTS, alpha)
    assert got.shape == POINTS.shape and got.dtype == torch.float64
    torch.testing.assert_close(got, want, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_derivative_matches_finite_differences_away_from_the_kink(name):
    x = POINTS[(POINTS.abs() > 1e-3) & (POINTS.abs() < 20)]
    h = 1e-6
    central = (fn.activation(name, x + h) - fn.activation(name, x - h)) / (2 * h)
    torch.testing.assert_close(fn.derivative(name, x), central, rtol=0, atol=1e-7)


def test_derivative_keeps_the_input_shape_and_float32():
    x = torch.randn(3, 4, 5, generator=torch.Generator().manual_seed(0))
    for name in fn.ACTIVATIONS:
        assert fn.derivative(name, x).shape == (3, 4, 5) and fn.derivative(name, x).dtype == torch.float32
        assert fn.activation(name, x).shape == (3, 4, 5)


@pytest.mark.parametrize("x", [-3.0, -0.75, -1e-3, 0.0, 0.4, 2.0, 7.5])
def test_activation_values_match_the_textbook_formulas(x):
    s = 1 / (1 + math.exp(-x))
    want = dict(sigmoid=s, tanh=math.tanh(x), relu=max(0.0, x), leaky_relu=x if x > 0 else 0.2 * x,
                gelu=x * 0.5 * (1 + math.erf(x / math.sqrt(2))),  # exact erf form, not the tanh approximation
                silu=x * s)
    t = torch.tensor([x], dtype=torch.float64)
    for name in fn.ACTIVATIONS:
        assert fn.activation(name, t, alpha=0.2).item() == pytest.approx(want[name], abs=1e-12)


def test_curves_returns_float32_grids_in_the_given_order():
    out = fn.curves(["silu", "relu"], lo=-2, hi=3, n=11, alpha=0.1)
    assert list(out) == ["silu", "relu"]
    x, y, dy = out["relu"]
    assert all(a.dtype == np.float32 and a.shape == (11,) for a in (x, y, dy))
    np.testing.assert_allclose(x, np.linspace(-2, 3, 11), atol=1e-6)
    np.testing.assert_allclose(y, np.maximum(x, 0), atol=1e-6)
    np.testing.assert_array_equal(dy, (x > 0).astype(np.float32))
    assert fn.curves(["leaky_relu"], alpha=0.1)["leaky_relu"][2][0] == pytest.approx(0.1)
    assert len(fn.curves(fn.ACTIVATIONS)) == 6 and len(fn.curves(fn.ACTIVATIONS)["gelu"][0]) == 401


# --- PROPERTIES, recomputed ------------------------------------------------------------------------------------

VOCAB = dict(monotonic={"increasing", "non_decreasing", "no"},
             vanishes={"both_tails", "negative", "negative_tail", "never"})


def _f(name, x):
    return fn.activation(name, torch.as_tensor(x, dtype=torch.float64)).numpy()


def test_properties_cover_every_activation_with_the_agreed_vocabulary():
    assert set(fn.PROPERTIES) == set(fn.ACTIVATIONS)
    for props in fn.PROPERTIES.values():
        assert {"range", "monotonic", "zero_centred", "smooth", "vanishes", "max_slope"} <= set(props)
        assert props["monotonic"] in VOCAB["monotonic"] and props["vanishes"] in VOCAB["vanishes"]
        assert isinstance(props["zero_centred"], bool) and isinstance(props["smooth"], bool)
        assert isinstance(props["max_slope"], float)


def _parse_range(text: str):
    """'[≈-0.17, ∞)' -> ('[', -0.17, True, inf, ')'): brackets, bounds and whether the low bound is approximate."""
    left, right = text[0], text[-1]
    lo, hi = (s.strip() for s in text[1:-1].split(","))
    approx = lo.startswith("≈")

    def value(s):
        s = s.lstrip("≈")
        return math.inf if s == "∞" else -math.inf if s == "-∞" else float(s)
    return left, value(lo), approx, value(hi), right


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_range_matches_the_values(name):
    left, lo, approx, hi, right = _parse_range(fn.PROPERTIES[name]["range"])
    y = _f(name, WIDE[::10] * 0.75)  # x in [-15, 15]: sigmoid and tanh still below their bounds in float64
    if math.isinf(lo):
        assert _f(name, [-1e6])[0] < -1e3  # unbounded below
    elif approx:  # an attained minimum, given to two decimals
        assert left == "[" and round(float(_f(name, WIDE).min()), 2) == lo
    elif left == "[":
        assert y.min() == lo
    else:
        assert y.min() > lo and y.min() - lo < 1e-6
    if math.isinf(hi):
        assert _f(name, [1e6])[0] > 1e3 and right == ")"
    else:
        assert right == ")" and y.max() < hi and hi - y.max() < 1e-6


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_monotonic_matches_the_steps(name):
    step = np.diff(_f(name, WIDE[100_000:300_001]))  # x in [-10, 10]
    seen = "increasing" if (step > 0).all() else "non_decreasing" if (step >= 0).all() else "no"
    assert fn.PROPERTIES[name]["monotonic"] == seen


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_zero_centred_means_odd(name):
    x = WIDE[::100]
    odd = np.allclose(_f(name, -x), -_f(name, x), atol=1e-12)
    assert fn.PROPERTIES[name]["zero_centred"] == odd


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_smooth_means_no_jump_in_the_slope_at_zero(name):
    eps = torch.tensor([-1e-6, 1e-6], dtype=torch.float64)
    jump = float((_autograd_slope(name, eps)[1] - _autograd_slope(name, eps)[0]).abs())
    assert jump > 0.5 if not fn.PROPERTIES[name]["smooth"] else jump < 1e-5


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_vanishes_matches_where_the_slope_goes(name):
    x = torch.tensor([-30.0, -10.0, -1.0, -0.1, 0.1, 1.0, 10.0, 30.0], dtype=torch.float64)
    d = dict(zip(x.tolist(), _autograd_slope(name, x).tolist()))
    negative = [d[v] for v in (-30.0, -10.0, -1.0, -0.1)]
    if all(abs(s) < 1e-3 for s in (d[-30.0], d[30.0])):
        seen = "both_tails"
    elif all(s == 0 for s in negative):
        seen = "negative"  # flat for every x < 0, not only far out
    elif abs(d[-30.0]) < 1e-3 and abs(d[-1.0]) > 1e-2:
        seen = "negative_tail"
    elif _autograd_slope(name, WIDE).abs().min() >= 0.01:
        seen = "never"
    else:
        seen = "?"
    assert fn.PROPERTIES[name]["vanishes"] == seen
    assert abs(d[30.0] - 1) < 1e-3 or seen == "both_tails"  # the ReLU family passes gradients through for x >> 0


def test_leaky_relu_slope_vanishes_only_when_alpha_is_zero():
    x = torch.tensor([-5.0, -0.5], dtype=torch.float64)
    assert (_autograd_slope("leaky_relu", x, 0.0) == 0).all()
    assert (_autograd_slope("leaky_relu", x, 0.05) == 0.05).all()


@pytest.mark.parametrize("name", fn.ACTIVATIONS)
def test_max_slope_is_the_largest_autograd_slope(name):
    assert float(_autograd_slope(name, WIDE).max()) == pytest.approx(fn.PROPERTIES[name]["max_slope"], abs=5e-4)


# --- stacking linear layers ------------------------------------------------------------------------------------

def _curvature(x: np.ndarray, y: np.ndarray) -> float:
    """Largest distance from the least-squares straight line, relative to the spread of y."""
    x, y = x.astype(np.float64), y.astype(np.float64)
    fit = np.polyval(np.polyfit(x, y, 1), x)
    return float(np.abs(y - fit).max() / max(np.ptp(y), 1e-12))


@pytest.mark.parametrize("depth", range(1, 9))
def test_without_a_nonlinearity_any_depth_is_a_straight_line(depth):
    x, y = fn.stack_layers(depth, None)
    assert x.shape == y.shape == (401,) and x.dtype == y.dtype == np.float32
    assert np.ptp(y) > 0.1  # not flat at the default seed: the line has a slope worth drawing
    for seed in (0, 1, 2):
        x, y = fn.stack_layers(depth, None, seed=seed)
        assert np.abs(np.diff(y.astype(np.float64), 2)).max() < 1e-5 * max(np.ptp(y), 1)
        assert _curvature(x, y) < 1e-4


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "tanh", "gelu", "silu"])
@pytest.mark.parametrize("depth", [1, 2, 4, 8])
def test_with_a_nonlinearity_the_line_bends(name, depth):
    x, y = fn.stack_layers(depth, name)
    assert np.abs(np.diff(y, 2)).max() > 1e-4
    assert _curvature(x, y) > 0.02


def test_stacks_are_seeded_and_share_their_draws():
    x, a = fn.stack_layers(3, "relu", seed=7)
    _, b = fn.stack_layers(3, "relu", seed=7)
    _, c = fn.stack_layers(3, "relu", seed=8)
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - c).max() > 1e-3
    np.testing.assert_allclose(x, np.linspace(-3, 3, 401), atol=1e-6)
    assert fn.stack_layers(2, "sigmoid", width=4, n=9)[1].shape == (9,)


# --- losses ----------------------------------------------------------------------------------------------------

def _at(curve, p: float) -> float:
    xs, ys = curve
    i = int(np.argmin(np.abs(xs - p)))
    assert abs(xs[i] - p) < 1e-6, "choose points on the grid"
    return float(ys[i])


@pytest.mark.parametrize("target", [0.0, 0.3, 0.5, 1.0])
def test_loss_values_match_hand_formulas_and_torch_training_losses(target):
    out = lf.loss_curves(target, lo=-1, hi=2, n=301)  # prediction step 0.01
    assert list(out) == list(lf.LOSSES)
    for p in (-1.0, -0.2, 0.5, 1.7):
        assert _at(out["mse"], p) == pytest.approx((p - target) ** 2, abs=1e-5)
        assert _at(out["mae"], p) == pytest.approx(abs(p - target), abs=1e-5)
    prob = np.linspace(lf.PROB_EPS, 1 - lf.PROB_EPS, 301)  # the float64 grid behind the float32 one returned
    np.testing.assert_allclose(out["bce"][0], prob, rtol=1e-6)
    for i in (0, 37, 150, 300):
        p = float(prob[i])
        want_bce = -(target * math.log(p) + (1 - target) * math.log(1 - p))
        assert out["bce"][1][i] == pytest.approx(want_bce, rel=1e-5)
        assert out["cross_entropy"][1][i] == pytest.approx(-math.log(p), rel=1e-5)
        # the training losses on the same case: logits whose softmax / sigmoid give p
        logits = torch.tensor([[math.log(p), math.log(1 - p)]], dtype=torch.float64)
        ce = F.cross_entropy(logits, torch.tensor([0]))
        bce = F.binary_cross_entropy_with_logits(torch.tensor([math.log(p / (1 - p))], dtype=torch.float64),
                                                 torch.tensor([target], dtype=torch.float64))
        assert out["cross_entropy"][1][i] == pytest.approx(ce.item(), rel=1e-5)
        assert out["bce"][1][i] == pytest.approx(bce.item(), rel=1e-5)


def test_losses_are_lowest_at_the_target():
    out = lf.loss_curves(0.7, lo=-1, hi=2, n=301)
    for name in ("mse", "mae"):
        p, v = out[name]
        assert p[np.argmin(v)] == pytest.approx(0.7, abs=1e-6) and v.min() == pytest.approx(0, abs=1e-6)
    p, v = out["bce"]
    assert p[np.argmin(v)] == pytest.approx(0.7, abs=0.005)
    assert (np.diff(out["cross_entropy"][1]) < 0).all()  # -log p falls all the way to p = 1
    assert out["bce"][0].min() == pytest.approx(lf.PROB_EPS) and out["bce"][0].max() == pytest.approx(1 - lf.PROB_EPS)
    assert all(a.dtype == np.float32 and a.shape == (301,) for pair in out.values() for a in pair)


def test_mse_punishes_outliers_more_than_mae():
    out = lf.loss_curves(0.0, lo=-5, hi=5, n=101)
    assert _at(out["mse"], 5.0) == pytest.approx(25) and _at(out["mae"], 5.0) == pytest.approx(5)


# --- softmax ---------------------------------------------------------------------------------------------------

def test_softmax_reproduces_the_notes_example():
    p = lf.softmax([3, 1, -1], 1.0)
    np.testing.assert_allclose(np.round(p * 100, 1), [86.7, 11.7, 1.6])
    assert p.sum() == pytest.approx(1, abs=1e-15)


@pytest.mark.parametrize("t", [0.05, 0.5, 1.0, 3.0, 100.0])
def test_softmax_matches_the_formula(t):
    z = np.array([2.0, -0.5, 0.0, 4.0, 1.5])
    e = np.exp((z - z.max()) / t)
    np.testing.assert_allclose(lf.softmax(list(z), t), e / e.sum(), rtol=1e-12)
    np.testing.assert_allclose(lf.softmax(list(z + 100), t), e / e.sum(), rtol=1e-9)  # shift-invariant


def test_temperature_limits_uniform_and_one_hot():
    z = [3.0, 1.0, -1.0, 0.5]
    hot = lf.softmax(z, 0.01)
    np.testing.assert_allclose(hot, [1, 0, 0, 0], atol=1e-80)
    flat = lf.softmax(z, 100.0)
    assert np.abs(flat - 0.25).max() < 0.01
    assert (np.diff([lf.softmax(z, t).max() for t in (0.1, 0.5, 1, 2, 10, 100)]) < 0).all()  # flattens as T grows
    assert list(np.argsort(lf.softmax(z, 7.0))) == list(np.argsort(z))  # order kept at any T


def test_parse_logits_accepts_common_separators():
    assert lf.parse_logits("3, 1, -1") == [3.0, 1.0, -1.0]
    assert lf.parse_logits(" 3 1 -1 ") == [3.0, 1.0, -1.0]
    assert lf.parse_logits("3，1，-1") == [3.0, 1.0, -1.0]
    assert lf.parse_logits("2.5e0; -1,,0") == [2.5, -1.0, 0.0]


# --- errors ----------------------------------------------------------------------------------------------------

def test_activation_errors():
    x = torch.zeros(3)
    for call in (fn.activation, fn.derivative):
        _raises("activations_bad_activation", lambda: call("swish", x), name="swish")
        for alpha in (-0.1, 1.5, float("nan")):
            _raises("activations_bad_alpha", lambda: call("leaky_relu", x, alpha), alpha=alpha, limit=1)
    _raises("activations_bad_activation", lambda: fn.curves(["relu", "elu"]), name="elu")
    _raises("activations_bad_alpha", lambda: fn.curves(["relu"], alpha=2.0), alpha=2.0, limit=1)
    _raises("concept_bad_range", lambda: fn.curves(["relu"], lo=3, hi=3), lo=3, hi=3, limit=100)
    _raises("concept_bad_range", lambda: fn.curves(["relu"], lo=-500, hi=3), lo=-500, hi=3, limit=100)


def test_stack_errors():
    for depth in (0, 9, 2.5, -1):
        _raises("activations_bad_depth", lambda: fn.stack_layers(depth, "relu"), depth=depth, limit=8)
    _raises("activations_bad_activation", lambda: fn.stack_layers(2, "linear"), name="linear")
    _raises("activations_bad_alpha", lambda: fn.stack_layers(2, "leaky_relu", alpha=-1.0), alpha=-1.0, limit=1)


def test_loss_errors():
    for target in (-0.1, 1.5, float("nan")):
        _raises("losses_bad_target", lambda: lf.loss_curves(target), target=target, low=0, high=1)
    _raises("concept_bad_range", lambda: lf.loss_curves(0.5, lo=2, hi=-1), lo=2, hi=-1, limit=100)


def test_softmax_errors():
    for t in (0, -1.0, 100.5, float("nan"), float("inf")):
        _raises("losses_bad_temperature", lambda: lf.softmax([1, 2], t), t=t, limit=100)
    _raises("losses_bad_logits", lambda: lf.softmax([1.0], 1.0), n=1, limit=12)
    _raises("losses_bad_logits", lambda: lf.softmax(list(range(13)), 1.0), n=13, limit=12)
    _raises("losses_bad_logits", lambda: lf.softmax([1.0, float("nan")], 1.0), n=2, limit=12)
    for text in ("a, b", "3, x", "", "inf, 1", "1, nan"):
        _raises("losses_bad_logits", lambda: lf.parse_logits(text), n=0, limit=12)
    _raises("losses_bad_logits", lambda: lf.parse_logits("4"), n=1, limit=12)
    _raises("losses_bad_logits", lambda: lf.parse_logits(", ".join(["1"] * 13)), n=13, limit=12)
