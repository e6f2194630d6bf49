"""The update rules beside the race: each torch.optim optimizer against its rule written out by hand, the three
"where the notes differ" callouts recomputed, and RMSprop's α reaching the race through /optimizer_race."""
import math

import gradio as gr
import numpy as np
import pytest
import torch

from playground.i18n import EN, ZH, message
from playground.lessons.optimizers import tab
from playground.lessons.optimizers.compute import OPTIMIZERS, race
from playground.ui.scenes import scene

REQUEST = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
H = np.array([1.0, 25.0])  # f(w) = 0.5 Σ h w²: gradient g = h w
W0 = np.array([1.5, -0.8])
LR, MU, ALPHA, BETAS, WD = 0.01, 0.8, 0.9, (0.85, 0.99), 0.1


def _torch_path(make, steps: int, w0=W0, hess=H) -> np.ndarray:
    """Positions (steps + 1, 2) of a torch.optim optimizer on f(w) = 0.5 Σ h w²."""
    p = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
    opt, path = make(p), [w0.copy()]
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * (torch.tensor(hess) * p ** 2).sum()).backward()
        opt.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


def _rule_path(name: str, steps: int) -> np.ndarray:
    """The same walk, each rule as the panel writes it (NumPy, no torch)."""
    w, path = W0.copy(), [W0.copy()]
    m, v, s, b = np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2)
    for t in range(1, steps + 1):
        g = H * w
        if name == "sgd":  # w ← w − η·g
            w = w - LR * g
        elif name == "momentum":  # b ← μ·b + g; w ← w − η·b
            b = MU * b + g
            w = w - LR * b
        elif name == "adagrad":  # s ← s + g²; w ← w − η·g / (√s + ε)
            s = s + g ** 2
            w = w - LR * g / (np.sqrt(s) + 1e-10)
        elif name == "rmsprop":  # v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε)
            v = ALPHA * v + (1 - ALPHA) * g ** 2
            w = w - LR * g / (np.sqrt(v) + 1e-8)
        else:  # Adam; AdamW first decays the weights: w ← w − η·λ·w
            if name == "adamw":
                w = w - LR * WD * w
            m = BETAS[0] * m + (1 - BETAS[0]) * g
            v = BETAS[1] * v + (1 - BETAS[1]) * g ** 2
            m_hat, v_hat = m / (1 - BETAS[0] ** t), v / (1 - BETAS[1] ** t)
            w = w - LR * m_hat / (np.sqrt(v_hat) + 1e-8)
        path.append(w.copy())
    return np.array(path)


TORCH = {
    "sgd": lambda p: torch.optim.SGD([p], lr=LR),
    "momentum": lambda p: torch.optim.SGD([p], lr=LR, momentum=MU),
    "adagrad": lambda p: torch.optim.Adagrad([p], lr=LR),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=LR, alpha=ALPHA),
    "adam": lambda p: torch.optim.Adam([p], lr=LR, betas=BETAS),
    "adamw": lambda p: torch.optim.AdamW([p], lr=LR, betas=BETAS, weight_decay=WD),
}


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("steps", [1, 5])
def test_each_torch_optimizer_takes_the_step_its_written_rule_gives(name, steps):
    by_torch, by_hand = _torch_path(TORCH[name], steps), _rule_path(name, steps)
    assert np.abs(by_torch[-1] - W0).max() > 1e-3  # it moved
    np.testing.assert_allclose(by_torch, by_hand, rtol=1e-12, atol=1e-15)


def test_the_panel_names_every_rule_in_both_languages():
    for cls in ("SGD", "SGD(momentum=μ)", "Adagrad", "RMSprop(alpha=α)", "Adam", "AdamW(weight_decay=λ)"):
        assert f"torch.optim.{cls}" in EN["optimizers_rules"] and f"torch.optim.{cls}" in ZH["optimizers_rules"]
    assert EN["optimizers_rules"].count("`004_…`") == ZH["optimizers_rules"].count("`004_…`") >= 4


def test_optimizers_differs_momentum():
    """004_'s m ← λm − ηg, θ ← θ + m and 003_'s average m ← βm + (1 − β)g, θ ← θ − ηm walk torch's
    path: the first with λ = μ at the same rate, the second at the rate η·(1 − β)."""
    beta, eta, steps = 0.9, 0.02, 60
    torch_path = _torch_path(lambda p: torch.optim.SGD([p], lr=eta * (1 - beta), momentum=beta), steps)
    w4, m4, w3, m3 = W0.copy(), np.zeros(2), W0.copy(), np.zeros(2)
    notes_004, notes_003 = [W0.copy()], [W0.copy()]
    for _ in range(steps):
        m4 = beta * m4 - eta * (1 - beta) * (H * w4)  # 004_: the rate η·(1 − β) and λ = β
        w4 = w4 + m4
        m3 = beta * m3 + (1 - beta) * (H * w3)  # 003_: an exponential average, the rate η
        w3 = w3 - eta * m3
        notes_004.append(w4.copy())
        notes_003.append(w3.copy())
    np.testing.assert_allclose(notes_004, torch_path, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(notes_003, torch_path, rtol=1e-10, atol=1e-13)
    same_rate = _torch_path(lambda p: torch.optim.SGD([p], lr=eta, momentum=beta), 1)
    assert (same_rate[1] - W0) / (torch_path[1] - W0) == pytest.approx([10, 10])  # ten times 003_'s first step


def test_optimizers_differs_adagrad():
    """A steady gradient g: torch's Adagrad (the root of the sum) steps η/√t; 004_'s root of the mean steps η
    every time; 003_'s mean without the root steps η/g."""
    eta, g = 0.1, 2.0
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt, positions = torch.optim.Adagrad([p], lr=eta), [0.0]
    for _ in range(9):
        opt.zero_grad()
        (g * p).sum().backward()
        opt.step()
        positions.append(p.item())
    steps = -np.diff(positions)  # (9,) the size of steps 1..9
    np.testing.assert_allclose(steps, eta / np.sqrt(np.arange(1, 10)), rtol=1e-9)
    assert steps[3] == pytest.approx(eta / 2) and steps[8] == pytest.approx(eta / 3)
    sums = g ** 2 * np.arange(1, 10)  # Σ g² after t steps
    root_of_mean = eta * g / np.sqrt(sums / np.arange(1, 10))  # 004_ eq. 7
    mean_no_root = eta * g / (sums / np.arange(1, 10))  # 003_'s table
    np.testing.assert_allclose(root_of_mean, eta)
    np.testing.assert_allclose(mean_no_root, eta / g)
    assert not np.allclose(steps, root_of_mean)


def test_optimizers_differs_adamw():
    """AdamW decays the weights, w ← w − η·λ·w, whatever the gradient: with no gradient at all they still
    shrink by (1 − ηλ) each step, where a decay that multiplies the gradient would leave them alone."""
    eta, lam, w0 = 0.1, 0.5, torch.tensor([1.0, -2.0], dtype=torch.float64)
    p = torch.nn.Parameter(w0.clone())
    opt = torch.optim.AdamW([p], lr=eta, weight_decay=lam)
    for _ in range(10):
        p.grad = torch.zeros_like(p)
        opt.step()
    np.testing.assert_allclose(p.detach().numpy(), w0.numpy() * (1 - eta * lam) ** 10, rtol=1e-14)
    # with a gradient: decay first, then Adam's first step η·g / (|g| + ε), the decay kept out of m and v
    g = torch.tensor([0.3, -4.0], dtype=torch.float64)
    p = torch.nn.Parameter(w0.clone())
    opt = torch.optim.AdamW([p], lr=eta, weight_decay=lam)
    p.grad = g.clone()
    opt.step()
    expected = w0 * (1 - eta * lam) - eta * g / (g.abs() + 1e-8)
    np.testing.assert_allclose(p.detach().numpy(), expected.numpy(), rtol=1e-14)
    assert torch.equal(opt.state[p]["exp_avg"], (1 - 0.9) * g)
    # Adam's own weight_decay (L2) adds λ·w to the gradient instead: another step
    q = torch.nn.Parameter(w0.clone())
    l2 = torch.optim.Adam([q], lr=eta, weight_decay=lam)
    q.grad = g.clone()
    l2.step()
    assert not np.allclose(q.detach().numpy(), p.detach().numpy())


def _rmsprop_trace(fig) -> np.ndarray:
    name = message("optimizer_rmsprop", "en")
    trace = next(t for t in fig.data if t.type == "scatter" and (t.name or "").startswith(name))
    return np.column_stack([trace.x, trace.y])


def test_rmsprop_alpha_reaches_the_race():
    """The defect: β₂'s slider never reached RMSprop. Now α is its own parameter, last of /optimizer_race."""
    args = ("bowl", ["rmsprop", "adam"], 100, 0.02, 0.9, 0.9, 0.999, 0.01, 100)
    slow, *_ = tab.on_race(*args, 0.99, REQUEST)
    fast, *_ = tab.on_race(*args, 0.5, REQUEST)
    assert np.abs(_rmsprop_trace(slow) - _rmsprop_trace(fast)).max() > 0.01
    adam = [next(t for t in fig.data if t.name == message("optimizer_adam", "en")) for fig in (slow, fast)]
    np.testing.assert_array_equal(adam[0].x, adam[1].x)  # β₂ and the others keep their own settings
    again, *_ = tab.on_race(*args, request=REQUEST)  # α left out: torch's default 0.99
    np.testing.assert_array_equal(_rmsprop_trace(again), _rmsprop_trace(slow))


def test_the_rmsprop_scene_quotes_the_first_step_and_the_rattle():
    """torch's RMSprop starts v at 0 and does not correct it: the first step is lr/√(1 − α) per coordinate. At the
    scene's α = 0.5 on the bowl at lr 0.1 it rattles round the minimum (loss 0.032 for ever); at 0.99 it settles."""
    values = scene("rmsprop_alpha").values
    surface, lr, alpha = values["surface"], float(values["lr"]), float(values["rmsprop_alpha"])
    assert (surface, lr, alpha) == ("bowl", 0.1, 0.5)
    for a, factor in ((alpha, "1.41"), (0.99, "10")):
        first = race(surface, ["rmsprop"], 1, lr, alpha=a)["rmsprop"].xy
        step = np.abs(first[1] - first[0]) / lr
        np.testing.assert_allclose(step, 1 / math.sqrt(1 - a), rtol=1e-6)
        assert f"{step[0]:.3g}" == factor
        for table in (EN, ZH):
            assert f"{factor} × lr" in table["scene_rmsprop_alpha_note"]
    paths = race(surface, ["rmsprop", "adam"], 200, lr, alpha=alpha)
    rattle = paths["rmsprop"].loss[-50:]
    assert {f"{v:.2g}" for v in rattle} == {"0.032"} and paths["adam"].loss[-1] < 1e-6
    assert race(surface, ["rmsprop"], 200, lr, alpha=0.99)["rmsprop"].loss[-1] < 1e-6
    assert all("0.032" in table["scene_rmsprop_alpha_note"] for table in (EN, ZH))
    adam = race(surface, ["adam"], 1, lr)["adam"].xy
    np.testing.assert_allclose(np.abs(adam[1] - adam[0]), lr, rtol=1e-6)
