"""The GAN lab's settings: GanSpec, its validation against the lab's limits, and the two presets. No gradio."""
from __future__ import annotations

from dataclasses import dataclass, replace

from playground.core.errors import PlaygroundError
from playground.core.validate import real, whole

from .distributions import find_distribution

ACTIVATIONS = ("relu", "leaky_relu", "tanh", "elu")
G_LOSSES = ("minimax", "non_saturating")
MAX_SEED = 2**32 - 1
MAX_NOISE_DIM = 16
MAX_HIDDEN = 256
MAX_LAYERS = 4  # hidden layers in each network
MAX_D_STEPS = 10
MAX_BATCH = 1024
MIN_BATCH = 8
MAX_LR = 1.0


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
    find_distribution(spec.distribution)
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
