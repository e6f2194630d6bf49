"""GAN lab: the course notes' losses by hand, the lab's updates are Adam steps on exactly those losses, recorded
history matches the formulas on the lab's own D outputs, seeded reproducibility, the toy distributions, validation
keys, snapshots and their arrows, the two presets' promised outcomes, and the two figures."""
import copy
import json
import math
import pickle
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.lessons.gan import text as gan_text
from playground.lessons.gan.coverage import coverage
from playground.lessons.gan.distributions import DISTRIBUTIONS, mode_centres, sample_real
from playground.lessons.gan.lab import ARROW_LENGTH, BOUND, EVAL_SIZE, MAX_STEPS, GanHistory, GanLab
from playground.lessons.gan.losses import losses_from_scores
from playground.lessons.gan.spec import PRESET_STEPS, PRESETS, GanSpec, preset, validate
from playground.lessons.gan.figures import D_EQUILIBRIUM, MAX_CURVE_POINTS, plot_gan_field, plot_gan_losses

FIELD_LABELS = {k: f"‹{k}›" for k in ("real", "fake", "gradient", "probability")}
LOSS_LABELS = {k: f"‹{k}›" for k in ("d_loss", "g_loss", "equilibrium", "d_real", "d_fake", "step", "loss", "score")}
SMALL = GanSpec(hidden=16, batch_size=32)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """These networks are far too small to gain from threads; on a busy machine two threads are ~10x slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@pytest.fixture(scope="module")
def trained():
    """The default preset after 300 generator steps."""
    lab = GanLab(PRESETS["default"])
    lab.step(300)
    return lab


# ---------------------------------------------------------------------------------------------------------------
# The notes' losses

def test_losses_from_scores_by_hand():
    out = losses_from_scores(0.9, 0.2)
    assert out["d_loss"] == pytest.approx(-(math.log(0.9) + math.log(0.8)))  # 0.3285
    assert out["d_loss"] == pytest.approx(0.328504, abs=1e-6)
    assert out["g_loss_minimax"] == pytest.approx(math.log(0.8)) == pytest.approx(-0.223144, abs=1e-6)
    assert out["g_loss_non_saturating"] == pytest.approx(1.609438, abs=1e-6)  # -ln 0.2
    assert (out["d_real"], out["d_fake"]) == (0.9, 0.2)
    # batches are averaged term by term; at D = 0.5 everywhere the equilibrium values of the figure
    half = losses_from_scores([0.5, 0.5, 0.5], [0.5])
    assert half["d_loss"] == pytest.approx(2 * math.log(2)) == pytest.approx(D_EQUILIBRIUM)
    assert half["g_loss_minimax"] == pytest.approx(math.log(0.5))
    batch = losses_from_scores([0.9, 0.6], [0.2, 0.4])
    assert batch["d_loss"] == pytest.approx(-(math.log(0.9) + math.log(0.6)) / 2 - (math.log(0.8) + math.log(0.6)) / 2)
    assert batch["g_loss_non_saturating"] == pytest.approx(-(math.log(0.2) + math.log(0.4)) / 2)


@pytest.mark.parametrize("real, fake, name", [(0.0, 0.5, "d_real"), (1.0, 0.5, "d_real"), (0.5, 1.0, "d_fake"),
                                              (0.5, math.nan, "d_fake"), ("high", 0.5, "d_real"),
                                              ([0.5, -0.1], 0.5, "d_real"), (0.5, [], "d_fake")])
def test_scores_outside_the_open_unit_interval_are_refused(real, fake, name):
    with pytest.raises(PlaygroundError) as info:
        losses_from_scores(real, fake)
    assert info.value.key == "gan_bad_score" and info.value.params["name"] == name


# ---------------------------------------------------------------------------------------------------------------
# Training follows the notes

def _notes_step(lab: GanLab) -> None:
    """One generator step of `lab` written from the notes with naive logs of probabilities, drawing its batches
    from the lab's own generators in the documented order (real, then noise, per D step; noise for G)."""
    spec, g, d = lab.spec, lab.generator, lab.discriminator
    for _ in range(spec.d_steps):
        x = sample_real(spec.distribution, spec.batch_size, lab.data_gen)
        z = torch.randn(spec.batch_size, spec.noise_dim, generator=lab.noise_gen)
        d_x, d_gz = torch.sigmoid(d(x)), torch.sigmoid(d(g(z).detach()))
        d_loss = -(torch.log(d_x).mean() + torch.log(1 - d_gz).mean())  # -(log D(x) + log(1 - D(G(z))))
        lab.opt_d.zero_grad()
        d_loss.backward()
        lab.opt_d.step()
    z = torch.randn(spec.batch_size, spec.noise_dim, generator=lab.noise_gen)
    d_gz = torch.sigmoid(d(g(z)))
    g_loss = torch.log(1 - d_gz).mean() if spec.g_loss == "minimax" else -torch.log(d_gz).mean()
    lab.opt_g.zero_grad()
    g_loss.backward()
    lab.opt_g.step()


@pytest.mark.parametrize("g_loss", ["minimax", "non_saturating"])
def test_each_update_is_an_adam_step_on_the_notes_losses(g_loss):
    lab = GanLab(replace(SMALL, g_loss=g_loss, d_steps=2))
    lab.step(3)
    by_hand = copy.deepcopy(lab)
    before = [p.detach().clone() for p in lab.generator.parameters()]
    lab.step(2)
    for _ in range(2):
        _notes_step(by_hand)
    assert any((p - b).abs().max() > 1e-5 for p, b in zip(lab.generator.parameters(), before))  # it did move
    for net in ("generator", "discriminator"):
        for p, q in zip(getattr(lab, net).parameters(), getattr(by_hand, net).parameters()):
            torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("g_loss", ["minimax", "non_saturating"])
def test_recorded_losses_are_the_formulas_on_the_labs_own_d_outputs(g_loss):
    lab = GanLab(replace(SMALL, g_loss=g_loss))
    lab.step(25)
    with torch.no_grad():
        d_real = torch.sigmoid(lab.discriminator(lab.eval_real[:EVAL_SIZE]).double()).numpy()
        d_fake = torch.sigmoid(lab.discriminator(lab.generator(lab.eval_noise[:EVAL_SIZE])).double()).numpy()
    want = losses_from_scores(d_real, d_fake)
    h = lab.history
    assert len(h.step) == 26 and list(h.step[:3]) == [0, 1, 2] and h.step[-1] == 25
    for name in ("d_loss", "g_loss_minimax", "g_loss_non_saturating", "d_real", "d_fake"):
        assert getattr(h, name)[-1] == pytest.approx(want[name], rel=1e-5), name
    assert h.g_loss_kind == g_loss
    np.testing.assert_array_equal(h.g_loss, getattr(h, "g_loss_" + g_loss))
    assert h.d_loss[0] != h.d_loss[-1]  # the history moves with training
    as_dict = h.to_dict()
    assert as_dict["g_loss_kind"] == g_loss and len(as_dict["d_fake"]) == 26
    json.dumps(as_dict)


def test_same_spec_same_history_and_copies_carry_on_identically():
    a, b = GanLab(SMALL), GanLab(SMALL)
    a.step(20)
    b.step(5)
    b.step(15)
    np.testing.assert_array_equal(a.history.d_loss, b.history.d_loss)
    np.testing.assert_array_equal(a.history.g_loss, b.history.g_loss)
    other = GanLab(replace(SMALL, seed=1))
    other.step(20)
    assert not np.array_equal(a.history.d_loss, other.history.d_loss)
    c, p = copy.deepcopy(a), pickle.loads(pickle.dumps(a))
    for lab in (a, c, p):
        lab.step(10)
    np.testing.assert_array_equal(a.history.d_fake, c.history.d_fake)
    np.testing.assert_array_equal(a.history.d_fake, p.history.d_fake)


def test_the_global_generator_is_left_alone():
    torch.manual_seed(123)
    want = torch.rand(3)
    torch.manual_seed(123)
    GanLab(SMALL).step(2)
    torch.testing.assert_close(torch.rand(3), want)


def test_step_limits():
    lab = GanLab(SMALL)
    for n in (0, -1, 2.5, "ten", None, True, MAX_STEPS + 1):
        with pytest.raises(PlaygroundError) as info:
            lab.step(n)
        assert info.value.key == "gan_bad_steps" and info.value.params["limit"] == MAX_STEPS
    lab.steps = MAX_STEPS - 1  # as if it had trained that long
    with pytest.raises(PlaygroundError) as info:
        lab.step(2)
    assert info.value.key == "gan_step_limit" and info.value.params == {"done": MAX_STEPS - 1, "limit": MAX_STEPS}
    lab.step(1)
    assert lab.steps == MAX_STEPS


# ---------------------------------------------------------------------------------------------------------------
# Distributions

@pytest.mark.parametrize("kind", list(DISTRIBUTIONS))
def test_samples_have_their_shape_and_stay_in_the_window(kind):
    x = sample_real(kind, 4000, torch.Generator().manual_seed(0))
    assert x.shape == (4000, 2) and x.dtype == torch.float32
    assert (x.abs() <= 1.5).float().mean() > 0.995
    torch.testing.assert_close(x, sample_real(kind, 4000, torch.Generator().manual_seed(0)), rtol=0, atol=0)


@pytest.mark.parametrize("kind, n_modes", [("ring", 8), ("grid", 25), ("gaussian", 1)])
def test_mixtures_have_their_modes_where_claimed(kind, n_modes):
    centres = mode_centres(kind)
    assert centres.shape == (n_modes, 2)
    sigma = DISTRIBUTIONS[kind].sigma
    x = sample_real(kind, 200 * n_modes, torch.Generator().manual_seed(1)).numpy()
    d = np.linalg.norm(x[:, None] - centres[None], axis=-1)  # (n, k)
    assert d.min(axis=1).max() < 5 * sigma  # every sample next to a centre
    share = np.bincount(d.argmin(axis=1), minlength=n_modes) / len(x)
    assert share.min() > 0.5 / n_modes  # and every centre used
    assert coverage(kind, x) == n_modes
    assert coverage(kind, np.repeat(centres[:1], 100, axis=0)) == 1
    if kind == "ring":
        np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 1, atol=1e-5)
    if kind == "grid":
        assert sorted(set(np.round(centres[:, 0], 3))) == [-1, -0.5, 0, 0.5, 1]


@pytest.mark.parametrize("kind", ["rings", "spiral", "line"])
def test_shapes_without_modes(kind):
    assert mode_centres(kind).shape == (0, 2)
    assert coverage(kind, np.zeros((5, 2))) is None


def test_unknown_distribution():
    with pytest.raises(PlaygroundError) as info:
        sample_real("moons", 5, torch.Generator())
    assert info.value.key == "gan_bad_distribution" and "ring" in info.value.params["allowed"]


# ---------------------------------------------------------------------------------------------------------------
# Validation

@pytest.mark.parametrize("field, value, key", [
    ("distribution", "moons", "gan_bad_distribution"), ("distribution", ["ring"], "gan_bad_distribution"),
    ("activation", None, "gan_bad_activation"), ("noise_dim", 0, "gan_bad_noise_dim"),
    ("noise_dim", 17, "gan_bad_noise_dim"), ("noise_dim", 2.5, "gan_bad_noise_dim"),
    ("hidden", 1, "gan_bad_hidden"), ("hidden", 257, "gan_bad_hidden"), ("layers", 0, "gan_bad_layers"),
    ("layers", 5, "gan_bad_layers"), ("activation", "gelu", "gan_bad_activation"), ("lr_g", 0, "gan_bad_lr"),
    ("lr_g", -1e-3, "gan_bad_lr"), ("lr_d", 1.5, "gan_bad_lr"), ("lr_d", math.nan, "gan_bad_lr"),
    ("lr_g", math.inf, "gan_bad_lr"), ("lr_d", "fast", "gan_bad_lr"), ("d_steps", 0, "gan_bad_d_steps"),
    ("d_steps", 11, "gan_bad_d_steps"), ("batch_size", 4, "gan_bad_batch_size"),
    ("batch_size", 2048, "gan_bad_batch_size"), ("g_loss", "wasserstein", "gan_bad_loss"),
    ("seed", -1, "gan_bad_seed"), ("seed", 2**32, "gan_bad_seed"), ("seed", True, "gan_bad_seed")])
def test_bad_fields_raise_their_key(field, value, key):
    spec = replace(GanSpec(), **{field: value})
    with pytest.raises(PlaygroundError) as info:
        validate(spec)
    assert info.value.key == key
    with pytest.raises(PlaygroundError):
        GanLab(spec)


def test_lr_errors_name_the_network_and_good_values_are_cleaned():
    with pytest.raises(PlaygroundError) as info:
        validate(replace(GanSpec(), lr_d=0))
    assert info.value.params["network"] == "discriminator"
    clean = validate(replace(GanSpec(), hidden=32.0, lr_g="0.01", seed=7.0))
    assert (clean.hidden, clean.lr_g, clean.seed) == (32, 0.01, 7) and isinstance(clean.hidden, int)
    assert validate(replace(GanSpec(), lr_g=1.0, d_steps=10, batch_size=8)).lr_g == 1.0  # edges are allowed
    with pytest.raises(PlaygroundError) as info:
        preset("fast")
    assert info.value.key == "gan_bad_preset"
    assert preset("default") == PRESETS["default"]


def test_every_message_has_both_languages_and_no_bare_tags():
    used = {"gan_bad_distribution", "gan_bad_noise_dim", "gan_bad_hidden", "gan_bad_layers", "gan_bad_activation",
            "gan_bad_lr", "gan_bad_d_steps", "gan_bad_batch_size", "gan_bad_loss", "gan_bad_seed", "gan_bad_preset",
            "gan_bad_steps", "gan_step_limit", "gan_bad_score"}
    lesson = Path(gan_text.__file__).parent  # every module of the lesson
    raised = {k for f in lesson.glob("*.py") for k in re.findall(r'PlaygroundError\("(gan_\w+)"', f.read_text(encoding="utf-8"))}
    assert raised == used and used <= set(gan_text.TEXT)
    for en, zh in (gan_text.TEXT[k] for k in used):
        assert en and zh and "<" not in en + zh
        assert set(_fields(en)) == set(_fields(zh))


def _fields(text: str) -> list[str]:
    import string
    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


# ---------------------------------------------------------------------------------------------------------------
# Snapshots

def test_snapshot_shapes_and_values(trained):
    s = trained.snapshot(n_points=300, grid=40, n_arrows=50)
    assert s.step == 300 and s.real.shape == s.fake.shape == (300, 2)
    assert s.grid_x.shape == s.grid_y.shape == (40,) and s.prob.shape == (40, 40) and s.prob.dtype == np.float32
    assert 0 <= s.prob.min() and s.prob.max() <= 1 and s.prob.max() - s.prob.min() > 0.1
    assert (s.grid_x[0], s.grid_x[-1]) == pytest.approx((-BOUND, BOUND))
    i, j = 7, 31  # prob[i, j] is D at (grid_x[j], grid_y[i])
    with torch.no_grad():
        d = torch.sigmoid(trained.discriminator(torch.tensor([[s.grid_x[j], s.grid_y[i]]]))).item()
    assert s.prob[i, j] == pytest.approx(d, abs=1e-6)
    with torch.no_grad():
        np.testing.assert_allclose(s.fake, trained.generator(trained.eval_noise[:300]).numpy(), atol=1e-6)
    assert s.arrow_start.shape == s.arrow_vec.shape == (50, 2) and s.arrow_norm.shape == (50,)
    np.testing.assert_array_equal(s.arrow_start, s.fake[:50])
    assert np.linalg.norm(s.arrow_vec, axis=1).max() == pytest.approx(ARROW_LENGTH, rel=1e-5)
    assert s.n_modes == 8 and s.modes.shape == (8, 2) and s.mode_counts.shape == (8,)
    assert s.coverage == int(s.covered.sum()) and 0 <= s.on_modes <= 1
    again = trained.snapshot(n_points=300, grid=40, n_arrows=50)  # nothing trained in between: nothing moves
    np.testing.assert_array_equal(again.fake, s.fake)
    np.testing.assert_array_equal(again.real, s.real)
    with pytest.raises(ValueError):
        trained.snapshot(n_points=0)
    with pytest.raises(ValueError):
        trained.snapshot(n_points=10, n_arrows=11)
    assert trained.snapshot(n_arrows=0).arrow_vec.shape == (0, 2)


def _grad_d(lab: GanLab, x: np.ndarray) -> np.ndarray:
    """dD/dx (k, 2) at points x (k, 2)."""
    p = torch.tensor(x, requires_grad=True)
    torch.sigmoid(lab.discriminator(p)).sum().backward()
    return p.grad.numpy()


def test_arrows_point_up_ds_slope_and_the_two_losses_differ_only_in_length(trained):
    s = trained.snapshot(n_arrows=96)
    up = _grad_d(trained, s.arrow_start)
    moving = np.linalg.norm(up, axis=1) > 1e-6
    assert moving.sum() > 80
    assert ((s.arrow_vec * up).sum(axis=1)[moving] > 0).all()  # non-saturating: -dl/dx along +dD/dx
    # the minimax loss pushes the same way; per point |dl/dx| is D / (1 - D) times the non-saturating one
    minimax = copy.deepcopy(trained)
    minimax.spec = replace(trained.spec, g_loss="minimax")
    m = minimax.snapshot(n_arrows=96)
    cos = (m.arrow_vec * s.arrow_vec).sum(axis=1) / (np.linalg.norm(m.arrow_vec, axis=1) *
                                                    np.linalg.norm(s.arrow_vec, axis=1) + 1e-12)
    assert cos[moving].min() > 0.999
    with torch.no_grad():
        dx = torch.sigmoid(trained.discriminator(torch.from_numpy(s.arrow_start)).double())[:, 0].numpy()
    np.testing.assert_allclose(m.arrow_norm[moving] / s.arrow_norm[moving], (dx / (1 - dx))[moving], rtol=1e-3)


def test_a_mixture_free_distribution_has_no_coverage():
    s = GanLab(replace(SMALL, distribution="spiral")).snapshot(n_points=64, grid=8, n_arrows=8)
    assert s.coverage is None and s.n_modes == 0 and s.modes.shape == (0, 2) and s.on_modes is None


# ---------------------------------------------------------------------------------------------------------------
# The presets keep their promises (fixed seeds)

def test_default_learns_the_ring():
    lab = GanLab(PRESETS["default"])
    assert lab.snapshot(n_arrows=0).coverage <= 2  # it starts as a blob
    while lab.steps < PRESET_STEPS["default"]:
        lab.step(250)
        if lab.snapshot(n_arrows=0).coverage >= 6:
            break
    assert lab.snapshot(n_arrows=0).coverage >= 6


def test_mode_collapse_collapses():
    lab = GanLab(PRESETS["mode_collapse"])
    for _ in range(2):  # it never spreads over the ring: checked at 250 and 500 steps
        lab.step(250)
        assert lab.snapshot(n_arrows=0).coverage <= 3
    assert lab.steps <= PRESET_STEPS["mode_collapse"]


# ---------------------------------------------------------------------------------------------------------------
# Figures

def test_field_figure(trained):
    s = trained.snapshot(n_points=200, grid=32, n_arrows=40)
    fig = plot_gan_field(s, FIELD_LABELS)
    heat, real, fake, arrows = fig.data
    assert heat.type == "heatmap" and (heat.zmin, heat.zmax, heat.zmid) == (0, 1, 0.5)
    assert np.asarray(heat.z).shape == (32, 32) and heat.colorbar.title.text == "‹probability›"
    assert (real.name, fake.name, arrows.name) == ("‹real›", "‹fake›", "‹gradient›")
    assert real.marker.color != fake.marker.color and real.marker.symbol != fake.marker.symbol
    assert len(real.x) == len(fake.x) == 200
    ax = np.asarray(arrows.x, dtype=float)
    assert arrows.mode == "lines" and len(ax) == 7 * 40  # shaft, gap, two head strokes, gap per arrow
    np.testing.assert_allclose(ax[0::7], s.arrow_start[:, 0], atol=1e-6)
    np.testing.assert_allclose(ax[1::7], s.arrow_start[:, 0] + s.arrow_vec[:, 0], atol=1e-6)
    assert np.isnan(ax[2::7]).all() and np.isnan(ax[6::7]).all()
    assert fig.layout.yaxis.scaleanchor == "x" and tuple(fig.layout.xaxis.range) == (-BOUND, BOUND)
    json.loads(fig.to_json())


@pytest.mark.parametrize("g_loss, g_ref", [("minimax", math.log(0.5)), ("non_saturating", -math.log(0.5))])
def test_loss_figure(g_loss, g_ref):
    lab = GanLab(replace(SMALL, g_loss=g_loss))
    lab.step(12)
    fig = plot_gan_losses(lab.history, LOSS_LABELS)
    by_name = {}
    for d in fig.data:
        by_name.setdefault(d.name, []).append(d)
    refs = by_name["‹equilibrium›"]
    assert sorted(r.y[0] for r in refs) == pytest.approx(sorted([2 * math.log(2), g_ref, 0.5]))
    assert all(r.line.dash == "dot" for r in refs) and sum(bool(r.showlegend) for r in refs) == 1
    np.testing.assert_allclose(by_name["‹g_loss›"][0].y, lab.history.g_loss, rtol=1e-6)
    assert {by_name["‹d_real›"][0].yaxis, by_name["‹d_fake›"][0].yaxis} == {"y2"}
    assert by_name["‹d_loss›"][0].yaxis == "y" and tuple(fig.layout.yaxis2.range) == (0, 1)
    assert plot_gan_losses(lab.history.to_dict(), LOSS_LABELS).data[4].y.tolist() == \
        pytest.approx(lab.history.g_loss.tolist())


def test_long_histories_are_thinned():
    n = 5001
    h = GanHistory(g_loss_kind="minimax", step=np.arange(n), d_loss=np.ones(n), g_loss=np.linspace(0, 1, n),
                       g_loss_minimax=np.zeros(n), g_loss_non_saturating=np.zeros(n), d_real=np.full(n, 0.6),
                       d_fake=np.full(n, 0.4))
    fig = plot_gan_losses(h, LOSS_LABELS)
    line = [d for d in fig.data if d.name == "‹g_loss›"][0]
    assert len(line.x) <= MAX_CURVE_POINTS and line.x[0] == 0 and line.x[-1] == n - 1


@pytest.mark.parametrize("score", [10**400, -10**400, [10**400]])
def test_losses_from_scores_too_large_for_a_float(score):
    """An int past float range was an OverflowError (found by the fuzz suite); now gan_bad_score."""
    with pytest.raises(PlaygroundError) as info:
        losses_from_scores(score, 0.5)
    assert info.value.key == "gan_bad_score"
