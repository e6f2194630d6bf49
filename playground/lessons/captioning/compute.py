"""Captioning with Show, Attend and Tell: seeded scenes of two coloured shapes with true captions, the training of
the tiny captioner (teacher forcing plus the doubly stochastic attention penalty), the shipped weights, and
caption_image() with per-word attention. No gradio. Paper: https://arxiv.org/abs/1502.03044
"""
from __future__ import annotations

import hashlib
import logging
import math
import time
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from playground.core import config
from playground.core.data.generators import SHAPE_CLASSES, shape_mask
from playground.core.data.images import adapt_images, read_image
from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.models.captioner import BOS, EOS, PAD, ShowAttendTell
from playground.core.train.checkpoint import load_checkpoint, save_checkpoint
from playground.core.train.spec import TrainSpec
from playground.core.train.trained import DataSummary, TrainedModel

log = logging.getLogger("playground")

MODEL = "tiny_show_attend_tell"
DATASET = "caption_scenes"
FILE = "show_attend_tell_shapes.safetensors"
DIRECTORY = config.PRETRAINED_DIR
SIZE = 64  # the tiny captioner's input side

# Named colours (RGB in [0, 1]) and the shapes and relations the captions use.
COLOURS = {"red": (0.90, 0.12, 0.10), "green": (0.10, 0.72, 0.16), "blue": (0.15, 0.30, 0.95),
           "yellow": (0.95, 0.85, 0.10)}
# circle, square, triangle, cross: a ring this small reads as a circle
SHAPES = tuple(s for s in SHAPE_CLASSES if s != "ring")
RELATIONS = ("above", "left of")
# One grammar, "<colour> <shape> <relation> <colour> <shape>", and one reading order: the top shape is named first
# when one is above the other, the left one when they are side by side. So every picture has exactly one caption:
# "red circle above blue square", "green triangle left of yellow cross".
VOCAB = ("<pad>", "<bos>", "<eos>", *COLOURS, *SHAPES, "above", "left", "of")
WORD_ID = {w: i for i, w in enumerate(VOCAB)}
MAX_WORDS = 6  # the longest caption ("red circle left of blue square")

TRAIN_SEED = 0
TRAIN_STEPS = 1800
BATCH_SIZE = 32
LR = 3e-3
LAMBDA = 0.01  # weight of the doubly stochastic penalty
N_EVAL = 500

MAX_DISPLAY = 160  # the image in a Caption is at most this many pixels on its longer side
MIN_SIDE = 8  # the smallest picture the captioner reads

MAX_STEPS = 20_000
MAX_SCENES = 10_000
MAX_SEED = 2**32 - 1


# ---------------------------------------------------------------------------------------------------------------
# Scenes


def _rng(seed: int, split: str) -> np.random.Generator:
    """An independent generator per (seed, split): the held-out scenes never share a stream with the training ones."""
    try:
        v = float(seed)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
        raise PlaygroundError("captioning_bad_seed", seed=seed, limit=MAX_SEED) from None
    if not math.isfinite(v) or v != int(v) or not 0 <= v <= MAX_SEED:
        raise PlaygroundError("captioning_bad_seed", seed=seed, limit=MAX_SEED)
    return np.random.default_rng([zlib.crc32(DATASET.encode()), int(v), {"train": 0, "test": 1}[split]])


def _place(rng: np.random.Generator, size: int, radii: np.ndarray) -> np.ndarray:
    """Centres (n, 2, 2) as (main, cross) of n pairs of shapes with circumradii (n, 2): the first lies wholly before
    the second along the main axis, with a gap, and their cross-axis offset is at most half the main-axis one (so
    the relation reads one way only)."""
    r_a, r_b = radii[:, 0], radii[:, 1]
    gap = max(2.0, size / 32)
    hi_b = size - 2 - r_b
    need = r_a + r_b + gap
    main_a = rng.uniform(r_a + 1, hi_b - need)
    main_b = rng.uniform(main_a + need, hi_b)
    cross_a = rng.uniform(r_a + 1, size - 2 - r_a)
    spread = (main_b - main_a) / 2
    lo, hi = np.maximum(r_b + 1, cross_a - spread), np.minimum(size - 2 - r_b, cross_a + spread)
    cross_b = lo + rng.uniform(0, 1, len(radii)) * np.maximum(hi - lo, 0)
    return np.stack([np.stack([main_a, cross_a], -1), np.stack([main_b, cross_b], -1)], 1)  # (n, 2, 2)


def _render(rng: np.random.Generator, n: int, size: int) -> tuple[np.ndarray, list[list[str]]]:
    """n scenes: images (n, 3, size, size) float32 and captions, drawn in one vectorised pass."""
    names = list(COLOURS)
    colours = np.argsort(rng.uniform(size=(n, len(names))), axis=1)[:, :2]  # (n, 2): two different colours
    shapes = rng.integers(0, len(SHAPES), (n, 2))  # (n, 2)
    relation = rng.integers(0, len(RELATIONS), n)  # index into RELATIONS
    radii = rng.uniform(0.125 * size, 0.19 * size, (n, 2))  # circumradius: the shape lies within it
    centres = _place(rng, size, radii)  # (n, 2, 2): shape j as (main, cross); shape 0 is the top / left one
    theta = rng.uniform(0, 2 * np.pi, (n, 2))
    jitter = rng.uniform(-0.06, 0.06, (n, 2, 3))
    bg = rng.uniform(0.0, 0.25, n)
    noise = rng.standard_normal((n, 3, size, size), dtype=np.float32)
    noise *= 0.03  # mild pixel noise
    main, cross, r = centres[:, :, 0], centres[:, :, 1], radii  # (n, 2) each: caption object j is placed shape j
    vertical = (relation == 0)[:, None]  # "above": the main axis is y
    cy, cx = np.where(vertical, main, cross), np.where(vertical, cross, main)  # (n, 2)
    grid = np.arange(size, dtype=np.float32)
    du = grid[None, None, None, :] - cx[:, :, None, None].astype(np.float32)  # (n, 2, 1, W)
    dv = grid[None, None, :, None] - cy[:, :, None, None].astype(np.float32)  # (n, 2, H, 1)
    cos, sin = (f(theta)[:, :, None, None].astype(np.float32) for f in (np.cos, np.sin))
    u, v = cos * du + sin * dv, cos * dv - sin * du  # (n, 2, H, W) rotated coordinates
    mask = np.zeros((n, 2, size, size), dtype=bool)  # (n, 2, H, W)
    for k, shape in enumerate(SHAPES):
        sel = shapes == k  # (n, 2)
        if sel.any():
            mask[sel] = shape_mask(shape, u[sel], v[sel], r[sel][:, None, None].astype(np.float32))
    rgb = np.clip(np.array(list(COLOURS.values()))[colours] + jitter, 0, 1).astype(np.float32)  # (n, 2, 3)
    images = np.empty((n, 3, size, size), dtype=np.float32)  # (n, 3, H, W)
    images[:] = bg[:, None, None, None]
    for j in (0, 1):
        np.copyto(images, rgb[:, j, :, None, None], where=mask[:, j, None])
    images += noise
    np.clip(images, 0, 1, out=images)
    captions = [[names[colours[b, 0]], SHAPES[shapes[b, 0]], *RELATIONS[relation[b]].split(), names[colours[b, 1]],
                 SHAPES[shapes[b, 1]]] for b in range(n)]
    return images, captions


def _count(n, key: str, limit: int, name: str) -> int:
    try:
        v = float(n)
    except (TypeError, ValueError, OverflowError):
        raise PlaygroundError(key, **{name: n, "limit": limit}) from None
    if not math.isfinite(v) or v != int(v) or not 1 <= v <= limit:
        raise PlaygroundError(key, **{name: n, "limit": limit})
    return int(v)


def caption_scenes(n: int, seed: int, size: int = SIZE, split: str = "train") -> tuple[np.ndarray, list[list[str]]]:
    """n seeded scenes: images (n, 3, size, size) float32 in [0, 1] and their captions, e.g. ['red', 'circle',
    'left', 'of', 'blue', 'square']: two shapes of different named colours on a dark background, the first named
    wholly above or wholly left of the second. split "test" draws the held-out scenes of the same seed."""
    n = _count(n, "captioning_bad_count", MAX_SCENES, "n")
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    if not 32 <= int(size) <= 512:
        raise ValueError(f"size must be in [32, 512], not {size}")
    return _render(_rng(seed, split), n, int(size))


def encode_captions(captions: list[list[str]], length: int = MAX_WORDS + 2) -> torch.Tensor:
    """Captions -> ids (B, length): <bos>, the words, <eos>, then <pad>."""
    ids = torch.full((len(captions), length), PAD, dtype=torch.long)  # (B, length)
    for b, words in enumerate(captions):
        row = [BOS, *(WORD_ID[w] for w in words), EOS][:length]
        ids[b, :len(row)] = torch.tensor(row)
    return ids


def decode_ids(ids) -> list[str]:
    """Token ids -> words, up to (not including) the first <eos>."""
    words = []
    for i in (int(t) for t in ids):
        if i == EOS:
            break
        words.append(VOCAB[i])
    return words


# ---------------------------------------------------------------------------------------------------------------
# Training


def doubly_stochastic(alphas: torch.Tensor, mask: torch.Tensor, lam: float) -> torch.Tensor:
    """lam * sum_i (1 - sum_t alpha_ti)^2, averaged over the batch; alphas (B, T, gh*gw), mask (B, T) marks the
    steps that belong to the caption (pads excluded)."""
    coverage = (alphas * mask.unsqueeze(-1)).sum(dim=1)  # (B, gh*gw): sum_t alpha_ti
    return lam * ((1 - coverage) ** 2).sum(dim=1).mean()


def caption_loss(model: ShowAttendTell, images: torch.Tensor, ids: torch.Tensor, lam: float = LAMBDA
                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """The paper's loss: -log p(caption | image) summed over the words (and <eos>), averaged over the batch, plus
    the doubly stochastic penalty. Returns (loss, logits (B, T, V)); ids (B, T + 1) from encode_captions."""
    inputs, targets = ids[:, :-1], ids[:, 1:]  # (B, T) each: read <bos> w1 .. wn, predict w1 .. wn <eos>
    _, logits, alphas, _ = model.decode(images, inputs)  # (B, T, V), (B, T, gh*gw)
    mask = (targets != PAD).float()  # (B, T)
    nll = F.cross_entropy(logits.transpose(1, 2), targets, ignore_index=PAD, reduction="sum") / len(ids)
    return nll + doubly_stochastic(alphas, mask, lam), logits


@torch.no_grad()
def evaluate_captioner(model: ShowAttendTell, n: int = N_EVAL, seed: int = TRAIN_SEED, batch_size: int = 250) -> dict:
    """Greedy captions of n held-out scenes: exact-caption accuracy, per-word accuracy (position by position over
    the reference words and <eos>) and the teacher-forced loss per word."""
    images, captions = caption_scenes(n, seed, split="test")
    was_training = model.training
    model.eval()
    exact = words_right = words_total = 0
    nll = 0.0
    try:
        for s in range(0, n, batch_size):
            x = torch.from_numpy(images[s:s + batch_size])
            ids = encode_captions(captions[s:s + batch_size])
            tokens, _, _, _ = model.decode(x, max_len=ids.shape[1] - 1)  # (B, T)
            targets = ids[:, 1:]  # (B, T)
            valid = targets != PAD
            right = (tokens == targets) & valid
            words_right += int(right.sum())
            words_total += int(valid.sum())
            exact += int((right | ~valid).all(dim=1).sum())
            _, logits, _, _ = model.decode(x, ids[:, :-1])
            nll += float(F.cross_entropy(logits.transpose(1, 2), targets, ignore_index=PAD, reduction="sum"))
    finally:
        model.train(was_training)
    return {"exact_caption_accuracy": exact / n, "word_accuracy": words_right / words_total,
            "loss": nll / words_total}


def train_captioner(steps: int = TRAIN_STEPS, seed: int = TRAIN_SEED, batch_size: int = BATCH_SIZE, lr: float = LR,
                    lam: float = LAMBDA, n_eval: int = N_EVAL,
                    on_step: Callable[[int, float], None] | None = None) -> tuple[ShowAttendTell, dict]:
    """Train tiny_show_attend_tell on fresh scenes every step (Adam, teacher forcing, the doubly stochastic
    penalty, a cosine learning rate); -> (model in eval mode, held-out metrics plus steps and seconds).
    on_step(step, loss) is called after every step."""
    steps = _count(steps, "captioning_bad_steps", MAX_STEPS, "steps")
    t0 = time.perf_counter()
    with torch.random.fork_rng(devices=[]):  # the global generator is left as it was
        torch.manual_seed(seed)
        model = create_model(MODEL, vocab_size=len(VOCAB))
    rng = _rng(seed, "train")
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    warmup = max(1, steps // 20)
    # lr * min(1, (t + 1) / warmup) * (1 + cos(pi t / steps)) / 2
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda t: min(1.0, (t + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(t, steps) / steps)))
    model.train()
    for step in range(steps):
        images, captions = _render(rng, batch_size, SIZE)
        loss, _ = caption_loss(model, torch.from_numpy(images), encode_captions(captions), lam)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        sched.step()
        if on_step is not None:
            on_step(step, loss.item())
    seconds = time.perf_counter() - t0
    model.eval()
    metrics = evaluate_captioner(model, n_eval, seed)
    log.info("captioner: %s after %d steps in %.1f s", metrics, steps, seconds)
    return model, {**metrics, "steps": steps, "train_seconds": round(seconds, 1)}


# ---------------------------------------------------------------------------------------------------------------
# Shipped weights


def build_pretrained(directory: str | Path = DIRECTORY, steps: int = TRAIN_STEPS, seed: int = TRAIN_SEED) -> dict:
    """Train the shipped captioner on the CPU and write `directory`/show_attend_tell_shapes.safetensors (the app's
    checkpoint format); -> its manifest item (file, sha256, model, dataset, seed, steps, metrics, train_seconds,
    torch)."""

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # One thread and deterministic kernels: the same torch version gives the same weights on any CPU (and a tiny
    # model loses nothing: its ops are too small to share between threads).
    deterministic, threads = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    try:
        model, metrics = train_captioner(steps, seed)
    finally:
        torch.use_deterministic_algorithms(deterministic)
        torch.set_num_threads(threads)
    seconds = metrics.pop("train_seconds")
    spec = TrainSpec(model=MODEL, dataset=DATASET, optimizer="adam", lr=LR, batch_size=BATCH_SIZE, steps=steps,
                     schedule="cosine", grad_clip=5.0, seed=seed, device="cpu")
    data = DataSummary(key=DATASET, task="caption", input_kind="image", input_shape=(3, SIZE, SIZE),
                       classes=tuple(VOCAB), n_classes=len(VOCAB), mean=0.0, std=1.0, loss="cross_entropy",
                       options={"seed": seed, "lambda": LAMBDA})
    trained = TrainedModel(model, spec, {"vocab_size": len(VOCAB)}, data, metrics)
    path = save_checkpoint(trained, directory / FILE, side_json=False)
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "model": MODEL,
            "dataset": DATASET, "seed": seed, "steps": metrics["steps"],
            "metrics": {k: v for k, v in metrics.items() if k != "steps"}, "train_seconds": seconds,
            "torch": torch.__version__}


def load_captioner(path: str | Path) -> ShowAttendTell:
    """A captioner from a checkpoint file, in eval mode; PlaygroundError (checkpoint_* or captioning_bad_model) if the
    file is not one."""

    model = load_checkpoint(path).model
    _check_model(model)
    return model.eval()


@lru_cache(maxsize=1)
def _shipped(path: str) -> ShowAttendTell:
    return load_captioner(path)


def shared_captioner() -> ShowAttendTell:
    """The shipped captioner, loaded once and shared: caption with it, never train it (copy.deepcopy first)."""
    return _shipped(str(DIRECTORY / FILE))


def _check_model(model) -> None:
    if not isinstance(model, ShowAttendTell) or model.out.out_features != len(VOCAB):
        raise PlaygroundError("captioning_bad_model", vocab=len(VOCAB))


# ---------------------------------------------------------------------------------------------------------------
# Captioning any picture


@dataclass(frozen=True)
class Caption:
    """A greedy caption: tokens (T,) as written, ending in "<eos>" when the model ended it; per token its
    probability probs (T,), its attention over the regions attention (T, gh, gw) (each sums to 1), that
    attention upsampled to the picture maps (T, h, w), the gate beta (T,); image (h, w, 3) float32 in [0, 1] the
    picture as shown (at most MAX_DISPLAY pixels a side)."""
    tokens: list[str]
    probs: np.ndarray
    attention: np.ndarray
    maps: np.ndarray
    beta: np.ndarray
    image: np.ndarray

    @property
    def words(self) -> list[str]:
        return [t for t in self.tokens if t != "<eos>"]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def ended(self) -> bool:
        return bool(self.tokens) and self.tokens[-1] == "<eos>"


def _resize(x: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """(N, C, H, W) -> (N, C, *size), bilinear, antialiased when shrinking."""
    if tuple(x.shape[-2:]) == size:
        return x
    shrink = size[0] < x.shape[-2] or size[1] < x.shape[-1]
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=shrink)


@torch.no_grad()
def caption_image(model: ShowAttendTell, image) -> Caption:
    """Caption one picture greedily, up to <eos> or model.max_len words: see Caption for what comes back.
    image: any picture read_image reads (transparency over black, the scenes' background), at least 8 pixels a
    side; it is resized (squashed, not cropped) to the model's 64x64 input."""
    _check_model(model)
    rgb = read_image(image, background="black", rgb=True)  # (H, W, 3)
    if min(rgb.shape[:2]) < MIN_SIDE:
        raise PlaygroundError("captioning_too_small", height=rgb.shape[0], width=rgb.shape[1], min=MIN_SIDE)
    pixels = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0)  # (1, 3, H, W)
    x = adapt_images(pixels, 3, (SIZE, SIZE))  # (1, 3, 64, 64)
    was_training = model.training
    model.eval()
    try:
        tokens, logits, alphas, betas = model.decode(x, stop_at_eos=True)  # (1, T), (1, T, V), (1, T, gh*gw)
    finally:
        model.train(was_training)
    gh = gw = math.isqrt(alphas.shape[-1])  # a square input gives a square grid
    ids = tokens[0].tolist()
    n = ids.index(EOS) + 1 if EOS in ids else len(ids)
    probs = torch.softmax(logits[0, :n], dim=-1).gather(1, tokens[0, :n, None]).squeeze(1)  # (T,)
    attention = alphas[0, :n].reshape(n, gh, gw)  # (T, gh, gw)
    h, w = rgb.shape[:2]
    scale = min(1.0, MAX_DISPLAY / max(h, w))
    shown = (max(1, round(h * scale)), max(1, round(w * scale)))
    display = _resize(pixels, shown)[0].permute(1, 2, 0).clamp(0, 1)  # (h, w, 3)
    maps = F.interpolate(attention.unsqueeze(1), size=shown, mode="bilinear", align_corners=False)[:, 0]  # (T, h, w)
    return Caption(tokens=[VOCAB[i] for i in ids[:n]], probs=probs.numpy().astype(np.float32),
                   attention=attention.numpy().astype(np.float32), maps=maps.numpy().astype(np.float32),
                   beta=betas[0, :n].numpy().astype(np.float32), image=display.numpy().astype(np.float32))


def sample_scene(seed: int) -> tuple[np.ndarray, list[str]]:
    """A held-out built-in example: (image (64, 64, 3) float32 in [0, 1], its true caption words)."""
    images, captions = caption_scenes(1, seed, split="test")
    return np.ascontiguousarray(images[0].transpose(1, 2, 0)), captions[0]

