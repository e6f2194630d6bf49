"""The GAN lab: a generator and a discriminator trained against each other live, one history row per generator
step, and snapshots of the field (D's probability, G's points and the generator loss's push on them). Plain PyTorch
and NumPy, no gradio. Kahng et al. 2018, GAN Lab, https://arxiv.org/abs/1809.01587."""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.core.validate import whole

from .coverage import COVERAGE_SHARE, mode_counts, share_on_modes
from .distributions import mode_centres, sample_real
from .losses import losses_from_logits
from .networks import build_mlp
from .spec import GanSpec, validate

log = logging.getLogger("playground")

MAX_STEPS = 20_000  # generator steps one lab may take in all
ADAM_BETAS = (0.5, 0.999)  # the usual GAN setting (Radford et al. 2015): a shorter memory of g than Adam's 0.9
EVAL_SIZE = 512  # the fixed batch every history entry is measured on
MAX_POINTS = 2048  # the fixed evaluation noise and real sample: snapshots show a prefix; coverage uses them all
BOUND = 1.6  # snapshots and figures show the square [-BOUND, BOUND]^2
ARROW_LENGTH = 0.25  # the longest arrow of a snapshot, in plot units


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
        self.generator = build_mlp(spec.noise_dim, 2, spec, init_gen)
        self.discriminator = build_mlp(2, 1, spec, init_gen)
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
        d_loss = losses_from_logits(logits[:spec.batch_size], logits[spec.batch_size:])["d_loss"]
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
            losses = losses_from_logits(real_logit.double(), fake_logit.double())
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
        on_modes = share_on_modes(spec.distribution, fake_np)
        return Snapshot(
            step=self.steps, distribution=spec.distribution, g_loss=spec.g_loss,
            real=self.eval_real[:n_points].numpy().copy(), fake=fake_np[:n_points].copy(),
            grid_x=axis.numpy().copy(), grid_y=axis.numpy().copy(), prob=prob.numpy().astype(np.float32),
            arrow_start=fake_np[:n_arrows].copy(), arrow_vec=vec.astype(np.float32),
            arrow_norm=norm.astype(np.float32), modes=mode_centres(spec.distribution), mode_counts=counts,
            covered=covered, coverage=int(covered.sum()) if n_modes else None, n_modes=n_modes, on_modes=on_modes)
