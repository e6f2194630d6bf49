"""GAN lab: a small generator and discriminator trained live on 2-D toy distributions, as in Google's GAN Lab. Plain
PyTorch and NumPy, no gradio. Refs: Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661; Kahng et al. 2018,
GAN Lab, https://arxiv.org/abs/1809.01587."""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, fields, replace
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.errors import PlaygroundError
from playground.core.validate import real, whole

log = logging.getLogger("playground")

ACTIVATIONS = ("relu", "leaky_relu", "tanh", "elu")
G_LOSSES = ("minimax", "non_saturating")
MAX_STEPS = 20_000  # generator steps one lab may take in all
MAX_SEED = 2**32 - 1
MAX_NOISE_DIM = 16
MAX_HIDDEN = 256
MAX_LAYERS = 4  # hidden layers in each network
MAX_D_STEPS = 10
MAX_BATCH = 1024
MIN_BATCH = 8
MAX_LR = 1.0
ADAM_BETAS = (0.5, 0.999)  # the usual GAN setting (Radford et al. 2015): a shorter memory of g than Adam's 0.9
LEAKY_SLOPE = 0.2
EVAL_SIZE = 512  # the fixed batch every history entry is measured on
MAX_POINTS = 2048  # the fixed evaluation noise and real sample: snapshots show a prefix; coverage uses them all
BOUND = 1.6  # snapshots and figures show the square [-BOUND, BOUND]^2
ARROW_LENGTH = 0.25  # the longest arrow of a snapshot, in plot units
COVERAGE_SIGMAS = 3.0  # a fake sample within this many sigma of a mode centre counts for that mode
COVERAGE_SHARE = 0.25  # a mode is covered when it holds at least COVERAGE_SHARE / n_modes of the fake samples
LN2 = math.log(2.0)


# ---------------------------------------------------------------------------------------------------------------
# Real distributions

@dataclass(frozen=True)
class Distribution:
    """A 2-D toy distribution inside [-1.5, 1.5]^2. sample(n, generator) -> (n, 2) float32. A mixture of equal
    isotropic Gaussians lists its mode centres (k, 2) and their common sigma; other shapes have no centres."""
    sample: Callable[[int, torch.Generator], torch.Tensor]
    centres: tuple[tuple[float, float], ...] = ()
    sigma: float = 0.0


def _mixture(centres: tuple[tuple[float, float], ...], sigma: float) -> Callable:
    c = torch.tensor(centres, dtype=torch.float32)  # (k, 2)

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        which = torch.randint(len(c), (n,), generator=generator)  # (n,)
        return c[which] + sigma * torch.randn(n, 2, generator=generator)  # (n, 2)
    return sample


def _rings(n: int, generator: torch.Generator) -> torch.Tensor:
    # two concentric rings, radii 0.5 and 1.2; each point picks a ring in proportion to its length
    radius = torch.where(torch.rand(n, generator=generator) < 0.5 / 1.7, 0.5, 1.2)  # (n,)
    angle = 2 * math.pi * torch.rand(n, generator=generator)  # (n,)
    r = radius + 0.03 * torch.randn(n, generator=generator)
    return torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)  # (n, 2)


def _spiral(n: int, generator: torch.Generator) -> torch.Tensor:
    # r = 0.15 + 1.15 t, angle = 3 pi t, t uniform in [0, 1]: one and a half turns outwards
    t = torch.rand(n, generator=generator)  # (n,)
    r, angle = 0.15 + 1.15 * t, 3 * math.pi * t
    xy = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)  # (n, 2)
    return xy + 0.03 * torch.randn(n, 2, generator=generator)


def _line(n: int, generator: torch.Generator) -> torch.Tensor:
    # the segment from (-1, -0.6) to (1, 0.6), uniform along it, with a little noise across
    t = 2 * torch.rand(n, 1, generator=generator) - 1  # (n, 1)
    return t * torch.tensor([1.0, 0.6]) + 0.02 * torch.randn(n, 2, generator=generator)  # (n, 2)


_RING = tuple((round(math.cos(2 * math.pi * k / 8), 6), round(math.sin(2 * math.pi * k / 8), 6)) for k in range(8))
_GRID = tuple((x, y) for y in (-1.0, -0.5, 0.0, 0.5, 1.0) for x in (-1.0, -0.5, 0.0, 0.5, 1.0))
_GAUSSIAN = ((0.5, 0.5),)

DISTRIBUTIONS: dict[str, Distribution] = {
    "ring": Distribution(_mixture(_RING, 0.05), _RING, 0.05),  # 8 modes on the unit circle: mode collapse
    "grid": Distribution(_mixture(_GRID, 0.05), _GRID, 0.05),  # 25 modes, 0.5 apart
    "rings": Distribution(_rings),
    "spiral": Distribution(_spiral),
    "line": Distribution(_line),
    "gaussian": Distribution(_mixture(_GAUSSIAN, 0.2), _GAUSSIAN, 0.2),  # the easy case: one blob off the origin
}


def _distribution(kind) -> Distribution:
    if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
        raise PlaygroundError("gan_bad_distribution", name=kind, allowed=", ".join(DISTRIBUTIONS))
    return DISTRIBUTIONS[kind]


def sample_real(kind: str, n: int, generator: torch.Generator) -> torch.Tensor:
    """n samples (n, 2) float32 of the named distribution, drawn with `generator`."""
    dist = _distribution(kind)
    if whole(n) is None or n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    return dist.sample(int(n), generator)


def mode_centres(kind: str) -> np.ndarray:
    """The mode centres (k, 2) float32 of a mixture; (0, 2) for a distribution without modes."""
    return np.asarray(_distribution(kind).centres, dtype=np.float32).reshape(-1, 2)  # (k, 2)


def mode_counts(kind: str, points) -> np.ndarray:
    """For each mode of the mixture, how many of points (n, 2) lie within COVERAGE_SIGMAS sigma of its centre:
    (k,) int64; (0,) for a distribution without modes."""
    dist = _distribution(kind)
    centres = mode_centres(kind)
    p = np.asarray(points, dtype=np.float32).reshape(-1, 2)  # (n, 2)
    d = np.linalg.norm(p[:, None, :] - centres[None, :, :], axis=-1)  # (n, k)
    return (d <= COVERAGE_SIGMAS * dist.sigma).sum(axis=0).astype(np.int64)


def coverage(kind: str, points) -> int | None:
    """How many modes hold at least COVERAGE_SHARE / k of points (n, 2) within COVERAGE_SIGMAS sigma of their
    centre; None for a distribution without modes."""
    counts = mode_counts(kind, points)
    if counts.size == 0:
        return None
    n = len(np.asarray(points).reshape(-1, 2))  # (n, 2)
    return int((counts >= COVERAGE_SHARE * n / counts.size).sum())


# ---------------------------------------------------------------------------------------------------------------
# Losses

def losses_from_scores(d_real, d_fake) -> dict[str, float]:
    """The losses of the course notes from the discriminator's probabilities (scalars, or arrays averaged over the
    batch): d_real = D(x) for real samples, d_fake = D(G(z)) for fakes. Returns d_loss = -(log D(x) +
    log(1 - D(G(z)))), g_loss_minimax = log(1 - D(G(z))), g_loss_non_saturating = -log D(G(z)), and the mean
    scores d_real, d_fake. Natural logarithms."""
    arrays = {}
    for name, value in (("d_real", d_real), ("d_fake", d_fake)):
        try:
            a = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
            raise PlaygroundError("gan_bad_score", name=name, value=value) from None
        bad = ~(np.isfinite(a) & (a > 0) & (a < 1))
        if a.size == 0 or bad.any():
            raise PlaygroundError("gan_bad_score", name=name, value=a[bad].flat[0] if bad.any() else value)
        arrays[name] = a
    p_real, p_fake = arrays["d_real"], arrays["d_fake"]
    # d_loss = -(log D(x) + log(1 - D(G(z)))), averaged over each batch
    d_loss = -(np.log(p_real).mean() + np.log1p(-p_fake).mean())
    return {"d_loss": float(d_loss), "g_loss_minimax": float(np.log1p(-p_fake).mean()),
            "g_loss_non_saturating": float(-np.log(p_fake).mean()), "d_real": float(p_real.mean()),
            "d_fake": float(p_fake.mean())}


def _losses_from_logits(real_logit: torch.Tensor, fake_logit: torch.Tensor) -> dict[str, torch.Tensor]:
    """losses_from_scores on logits, safe where D saturates: log D = logsigmoid(l), log(1 - D) = logsigmoid(-l)."""
    log_d_fake = F.logsigmoid(fake_logit).mean()
    log_1m_d_fake = F.logsigmoid(-fake_logit).mean()
    return {"d_loss": -(F.logsigmoid(real_logit).mean() + log_1m_d_fake), "g_loss_minimax": log_1m_d_fake,
            "g_loss_non_saturating": -log_d_fake}


# ---------------------------------------------------------------------------------------------------------------
# Spec and presets

@dataclass(frozen=True)
class GanSpec:
    """One lab run. hidden, layers and activation shape both networks (layers hidden layers of width hidden);
    d_steps: discriminator updates before each generator update; g_loss: "minimax" (the notes' log(1 - D(G(z))),
    minimised) or "non_saturating" (-log D(G(z)), Goodfellow's fix for the vanishing gradient)."""
    distribution: str = "ring"
    noise_dim: int = 2
    hidden: int = 64
    layers: int = 2
    activation: str = "relu"
    lr_g: float = 1e-3
    lr_d: float = 2e-3
    d_steps: int = 1
    batch_size: int = 256
    g_loss: str = "non_saturating"
    seed: int = 0


def validate(spec: GanSpec) -> GanSpec:
    """A copy of spec with clean types, or PlaygroundError for the first bad field."""
    _distribution(spec.distribution)
    noise_dim = whole(spec.noise_dim)
    if noise_dim is None or not 1 <= noise_dim <= MAX_NOISE_DIM:
        raise PlaygroundError("gan_bad_noise_dim", value=spec.noise_dim, limit=MAX_NOISE_DIM)
    hidden = whole(spec.hidden)
    if hidden is None or not 2 <= hidden <= MAX_HIDDEN:
        raise PlaygroundError("gan_bad_hidden", value=spec.hidden, low=2, high=MAX_HIDDEN)
    layers = whole(spec.layers)
    if layers is None or not 1 <= layers <= MAX_LAYERS:
        raise PlaygroundError("gan_bad_layers", value=spec.layers, limit=MAX_LAYERS)
    if not isinstance(spec.activation, str) or spec.activation not in ACTIVATIONS:
        raise PlaygroundError("gan_bad_activation", name=spec.activation, allowed=", ".join(ACTIVATIONS))
    rates = {}
    for field_name, network in (("lr_g", "generator"), ("lr_d", "discriminator")):
        value = getattr(spec, field_name)
        rate = real(value)
        if rate is None or not 0 < rate <= MAX_LR:
            raise PlaygroundError("gan_bad_lr", network=network, value=value, limit=MAX_LR)
        rates[field_name] = rate
    d_steps = whole(spec.d_steps)
    if d_steps is None or not 1 <= d_steps <= MAX_D_STEPS:
        raise PlaygroundError("gan_bad_d_steps", value=spec.d_steps, limit=MAX_D_STEPS)
    batch = whole(spec.batch_size)
    if batch is None or not MIN_BATCH <= batch <= MAX_BATCH:
        raise PlaygroundError("gan_bad_batch_size", value=spec.batch_size, low=MIN_BATCH, high=MAX_BATCH)
    if not isinstance(spec.g_loss, str) or spec.g_loss not in G_LOSSES:
        raise PlaygroundError("gan_bad_loss", name=spec.g_loss, allowed=", ".join(G_LOSSES))
    seed = whole(spec.seed)
    if seed is None or not 0 <= seed <= MAX_SEED:
        raise PlaygroundError("gan_bad_seed", value=spec.seed, limit=MAX_SEED)
    return replace(spec, noise_dim=noise_dim, hidden=hidden, layers=layers, d_steps=d_steps, batch_size=batch,
                   seed=seed, **rates)


PRESETS: dict[str, GanSpec] = {
    # covers at least 6 of the ring's 8 modes within 500 generator steps (all 8 by then for seeds 0-9); a
    # discriminator twice as fast as the generator keeps its field informative
    "default": GanSpec(),
    # the notes' minimax loss and a generator ten times faster than its discriminator: all fakes bunch into one
    # tight cluster that hops from mode to mode (coverage 0-1 of 8 at every check to 2000 steps, seeds 0-2)
    "mode_collapse": GanSpec(g_loss="minimax", lr_g=2e-3, lr_d=2e-4),
}
PRESET_STEPS = {"default": 1000, "mode_collapse": 1000}  # the generator steps each preset is meant to be watched for


def preset(name: str) -> GanSpec:
    """The named preset, or PlaygroundError."""
    if not isinstance(name, str) or name not in PRESETS:
        raise PlaygroundError("gan_bad_preset", name=name, allowed=", ".join(PRESETS))
    return PRESETS[name]


# ---------------------------------------------------------------------------------------------------------------
# The lab

def _activation(name: str) -> nn.Module:
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "elu": nn.ELU}.get(name, lambda: nn.LeakyReLU(LEAKY_SLOPE))()


class _Linear(nn.Linear):
    """nn.Linear that leaves its fresh weights uninitialised: _mlp fills them from the lab's own generator (and
    the global generator is neither read nor moved)."""

    def reset_parameters(self) -> None:
        pass


def _mlp(n_in: int, n_out: int, spec: GanSpec, generator: torch.Generator) -> nn.Sequential:
    """n_in -> spec.layers x (Linear(hidden), activation) -> Linear(n_out), initialised as nn.Linear is (Kaiming
    uniform, a = sqrt(5)) but from `generator`."""
    sizes = [n_in] + [spec.hidden] * spec.layers
    mods: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        mods += [_Linear(a, b), _activation(spec.activation)]
    mods.append(_Linear(sizes[-1], n_out))
    net = nn.Sequential(*mods)
    with torch.no_grad():
        for m in net:
            if isinstance(m, nn.Linear):
                nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(m.in_features)
                m.bias.uniform_(-bound, bound, generator=generator)
    return net


@dataclass(frozen=True)
class GanHistory:
    """One entry per generator step (step 0, before training, first), each measured on the lab's fixed evaluation
    batch (EVAL_SIZE real samples and EVAL_SIZE noise vectors) right after that step. g_loss is the spec's
    generator loss; g_loss_minimax the notes' log(1 - D(G(z))) whatever the spec; d_real, d_fake the mean D(x),
    D(G(z)). Arrays (n,): step int64, the rest float64; g_loss_kind names the spec's generator loss."""
    g_loss_kind: str
    step: np.ndarray
    d_loss: np.ndarray
    g_loss: np.ndarray
    g_loss_minimax: np.ndarray
    g_loss_non_saturating: np.ndarray
    d_real: np.ndarray
    d_fake: np.ndarray

    def to_dict(self) -> dict:
        """Plain lists (and g_loss_kind), e.g. for JSON."""
        return {f.name: getattr(self, f.name) if f.name == "g_loss_kind" else getattr(self, f.name).tolist()
                for f in fields(self)}


_COLUMNS = ("step", "d_loss", "g_loss_minimax", "g_loss_non_saturating", "d_real", "d_fake")


@dataclass(frozen=True)
class Snapshot:
    """What the field figure draws, at generator step `step`.

    real, fake: (n, 2) float32, the first n of the lab's fixed real sample and of G applied to its fixed noise
    (so successive snapshots move smoothly). grid_x, grid_y: (g,) float32 axes over [-BOUND, BOUND]; prob: (g, g)
    float32 with prob[i, j] = D((grid_x[j], grid_y[i])) in [0, 1]. arrow_start: (k, 2) the first k fake points;
    arrow_vec: (k, 2) -dl/dx there (l the per-sample generator loss of the spec), scaled so the longest is
    ARROW_LENGTH long; arrow_norm: (k,) the raw |dl/dx|. modes: (m, 2) the mixture's centres ((0, 2) otherwise),
    mode_counts: (m,) fake samples within COVERAGE_SIGMAS sigma of each (of MAX_POINTS), covered: (m,) bool,
    coverage: covered.sum() (None without modes), n_modes: m, on_modes: the share of the MAX_POINTS fake samples
    within COVERAGE_SIGMAS sigma of some mode (None without modes).
    """
    step: int
    distribution: str
    g_loss: str
    real: np.ndarray
    fake: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    prob: np.ndarray
    arrow_start: np.ndarray
    arrow_vec: np.ndarray
    arrow_norm: np.ndarray
    modes: np.ndarray
    mode_counts: np.ndarray
    covered: np.ndarray
    coverage: int | None
    n_modes: int
    on_modes: float | None
    bound: float = BOUND


class GanLab:
    """A generator G: noise (B, noise_dim) -> points (B, 2) and a discriminator D: points (B, 2) -> logits (B, 1),
    trained against each other with Adam while watched. Deep-copyable and picklable (networks, optimizers,
    generators and history travel together); the same spec and the same step() calls give the same history.

    One generator step: spec.d_steps times, D takes an Adam step on d_loss = -(log D(x) + log(1 - D(G(z)))) over
    a fresh real batch (from data_gen) and a fresh fake batch (noise from noise_gen, drawn after it; G held fixed);
    then G takes one on the spec's g_loss over a fresh noise batch (D held fixed). Every loss is computed from
    logits with logsigmoid, so a saturated D gives finite losses and gradients.
    """

    def __init__(self, spec: GanSpec):
        self.spec = spec = validate(spec)
        init_gen = torch.Generator().manual_seed(spec.seed)
        self.generator = _mlp(spec.noise_dim, 2, spec, init_gen)
        self.discriminator = _mlp(2, 1, spec, init_gen)
        self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=spec.lr_g, betas=ADAM_BETAS, fused=True)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=spec.lr_d, betas=ADAM_BETAS, fused=True)
        self.data_gen = torch.Generator().manual_seed(4 * spec.seed + 1)  # real training batches
        self.noise_gen = torch.Generator().manual_seed(4 * spec.seed + 2)  # training noise
        eval_gen = torch.Generator().manual_seed(4 * spec.seed + 3)
        self.eval_real = sample_real(spec.distribution, MAX_POINTS, eval_gen)  # (P, 2)
        self.eval_noise = torch.randn(MAX_POINTS, spec.noise_dim, generator=eval_gen)  # (P, noise_dim)
        self.steps = 0
        self._rows = self._measure()[None, :]  # (steps + 1, columns)

    @property
    def history(self) -> GanHistory:
        """The measurements so far (a fresh copy)."""
        cols = {name: self._rows[:, i].copy() for i, name in enumerate(_COLUMNS)}
        cols["step"] = cols["step"].astype(np.int64)
        cols["g_loss"] = cols["g_loss_" + self.spec.g_loss].copy()
        return GanHistory(g_loss_kind=self.spec.g_loss, **cols)

    def _noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.spec.noise_dim, generator=self.noise_gen)  # (B, noise_dim)

    def _d_step(self) -> None:
        spec = self.spec
        x = sample_real(spec.distribution, spec.batch_size, self.data_gen)  # (B, 2)
        with torch.no_grad():
            fake = self.generator(self._noise(spec.batch_size))  # (B, 2)
        logits = self.discriminator(torch.cat([x, fake]))  # (2B, 1)
        # d_loss = -(log D(x) + log(1 - D(G(z))))
        d_loss = _losses_from_logits(logits[:spec.batch_size], logits[spec.batch_size:])["d_loss"]
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()

    def _g_step(self) -> None:
        fake = self.generator(self._noise(self.spec.batch_size))  # (B, 2)
        fake_logit = self.discriminator(fake)  # (B, 1)
        if self.spec.g_loss == "minimax":
            g_loss = F.logsigmoid(-fake_logit).mean()  # log(1 - D(G(z))), minimised
        else:
            g_loss = -F.logsigmoid(fake_logit).mean()  # -log D(G(z))
        params = list(self.generator.parameters())
        grads = torch.autograd.grad(g_loss, params)  # G's gradients only: D's weights get none
        for p, g in zip(params, grads):
            p.grad = g
        self.opt_g.step()

    def _measure(self) -> np.ndarray:
        """One history row on the fixed evaluation batch: (len(_COLUMNS),)."""
        with torch.no_grad():
            real_logit, fake_logit = self.eval_logits()
            losses = _losses_from_logits(real_logit.double(), fake_logit.double())
            return np.array([self.steps, losses["d_loss"].item(), losses["g_loss_minimax"].item(),
                             losses["g_loss_non_saturating"].item(), torch.sigmoid(real_logit.double()).mean().item(),
                             torch.sigmoid(fake_logit.double()).mean().item()])

    def eval_logits(self) -> tuple[torch.Tensor, torch.Tensor]:
        """D's logits (EVAL_SIZE,) on the fixed real batch and on G of the fixed noise: what history rows measure."""
        with torch.no_grad():
            real_logit = self.discriminator(self.eval_real[:EVAL_SIZE])[:, 0]  # (E,)
            fake_logit = self.discriminator(self.generator(self.eval_noise[:EVAL_SIZE]))[:, 0]  # (E,)
        return real_logit, fake_logit

    def step(self, n: int = 100) -> None:
        """Take n generator steps (each after spec.d_steps discriminator steps), adding one history row each."""
        count = whole(n)
        if count is None or not 1 <= count <= MAX_STEPS:
            raise PlaygroundError("gan_bad_steps", steps=n, limit=MAX_STEPS)
        if self.steps + count > MAX_STEPS:
            raise PlaygroundError("gan_step_limit", done=self.steps, limit=MAX_STEPS)
        self.generator.train()
        self.discriminator.train()
        rows = np.empty((count, len(_COLUMNS)), dtype=np.float64)
        for i in range(count):
            for _ in range(self.spec.d_steps):
                self._d_step()
            self._g_step()
            self.steps += 1
            rows[i] = self._measure()
        self._rows = np.concatenate([self._rows, rows])
        if not np.isfinite(rows[-1]).all():
            log.warning("gan lab: non-finite losses at step %d", self.steps)

    def snapshot(self, n_points: int = 512, grid: int = 64, n_arrows: int = 96) -> Snapshot:
        """The current state for plot_gan_field: see Snapshot. n_points in [1, MAX_POINTS], grid in [2, 400],
        n_arrows in [0, n_points] (ValueError otherwise: these are the UI's choices, not the visitor's)."""
        if whole(n_points) is None or not 1 <= n_points <= MAX_POINTS:
            raise ValueError(f"n_points must be a whole number in [1, {MAX_POINTS}], got {n_points!r}")
        if whole(grid) is None or not 2 <= grid <= 400:
            raise ValueError(f"grid must be a whole number in [2, 400], got {grid!r}")
        if whole(n_arrows) is None or not 0 <= n_arrows <= n_points:
            raise ValueError(f"n_arrows must be a whole number in [0, n_points], got {n_arrows!r}")
        n_points, grid, n_arrows = int(n_points), int(grid), int(n_arrows)
        spec = self.spec
        axis = torch.linspace(-BOUND, BOUND, grid)  # (g,)
        gy, gx = torch.meshgrid(axis, axis, indexing="ij")  # (g, g) each: [i, j] = (axis[j], axis[i])
        plane = torch.stack([gx, gy], dim=-1).reshape(-1, 2)  # (g * g, 2)
        with torch.no_grad():
            prob = torch.sigmoid(self.discriminator(plane)).reshape(grid, grid)  # (g, g)
            fake_all = self.generator(self.eval_noise)  # (P, 2)
        # arrows: -dl/dx at x = G(z), l the per-sample generator loss; D's weights get no gradient
        x = fake_all[:n_arrows].clone().requires_grad_(True)  # (k, 2)
        logit = self.discriminator(x)[:, 0]  # (k,)
        per_sample = F.logsigmoid(-logit) if spec.g_loss == "minimax" else -F.logsigmoid(logit)  # (k,)
        (grad,) = torch.autograd.grad(per_sample.sum(), x)  # (k, 2): row i is dl_i/dx_i
        push = -grad.double().numpy()  # (k, 2)
        norm = np.linalg.norm(push, axis=1)  # (k,)
        top = norm.max() if norm.size else 0.0
        vec = push * (ARROW_LENGTH / top) if top > 0 else np.zeros_like(push)
        fake_np = fake_all.numpy()
        counts = mode_counts(spec.distribution, fake_np)
        n_modes = int(counts.size)
        covered = counts >= COVERAGE_SHARE * len(fake_np) / max(n_modes, 1)
        on_modes = None
        if n_modes:
            centres = mode_centres(spec.distribution)
            d = np.linalg.norm(fake_np[:, None, :] - centres[None, :, :], axis=-1)  # (P, m)
            on_modes = float((d.min(axis=1) <= COVERAGE_SIGMAS * DISTRIBUTIONS[spec.distribution].sigma).mean())
        return Snapshot(
            step=self.steps, distribution=spec.distribution, g_loss=spec.g_loss,
            real=self.eval_real[:n_points].numpy().copy(), fake=fake_np[:n_points].copy(),
            grid_x=axis.numpy().copy(), grid_y=axis.numpy().copy(), prob=prob.numpy().astype(np.float32),
            arrow_start=fake_np[:n_arrows].copy(), arrow_vec=vec.astype(np.float32),
            arrow_norm=norm.astype(np.float32), modes=mode_centres(spec.distribution), mode_counts=counts,
            covered=covered, coverage=int(covered.sum()) if n_modes else None, n_modes=n_modes, on_modes=on_modes)
