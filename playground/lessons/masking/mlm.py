"""The tiny masked language model: a character-level tiny_bert with BERT's initialisation, trained to undo the
corruption, evaluated against a unigram guess, saved, loaded, and shared once shipped. No gradio."""
from __future__ import annotations

import logging
import math
import time
from functools import lru_cache
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core import config
from playground.core.data import corpus
from playground.core.data.vocab import CHAR_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import create_model

from .corruption import ACTIONS, CODES, P_CHOSEN, check_rate, check_whole, corrupt
from .tokens import CHAR_IDS, N_TOKENS, PAD_ID, SPECIAL_IDS, encode

log = logging.getLogger("playground")

MODEL_KEY = "tiny_bert"
FILE = "tiny_bert_mlm.safetensors"
DIRECTORY = config.PRETRAINED_DIR
PRETRAINED_SEED = 0
PRETRAINED_STEPS = 3000
MAX_STEPS = 20_000


def _init_bert_weights(model: nn.Module, std: float = 0.02) -> None:
    """BERT's initialisation: N(0, std) for linear and embedding weights, zero biases (the tied decoder weight is the
    token embedding and is drawn once)."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, std)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)


def new_model(seed: int = 0) -> nn.Module:
    """create_model("tiny_bert") with BERT's N(0, 0.02) initialisation from `seed` (the global generator untouched)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        model = create_model(MODEL_KEY)
        _init_bert_weights(model)
    return model


def _lr_at(step: int, steps: int, lr: float, warmup: int) -> float:
    """Linear warm-up to lr over `warmup` steps, then cosine decay to lr / 20."""
    if step < warmup:
        return lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))


def mlm_loss(model: nn.Module, ids: torch.Tensor, corrupted: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the model's logits at the chosen positions (codes > 0) against the original ids (B, T)."""
    logits, _ = model(corrupted)  # (B, T, V)
    chosen = codes > 0  # (B, T)
    return F.cross_entropy(logits[chosen], ids[chosen])  # (N, V) against (N,)


def evaluate_mlm(model: nn.Module, n: int = 2000, seed: int = 1, p: float = P_CHOSEN, batch_size: int = 500) -> dict:
    """Masked-character accuracy on n held-out sentences, each masked like fill_masks (exact count, seeded).

    Returns {"accuracy", "mask_accuracy", "random_accuracy", "keep_accuracy", "loss", "chosen", "unigram_char",
    "unigram_accuracy", "unigram_mask_accuracy"}: the unigram baseline always guesses the most frequent character
    of the training sentences.
    """
    gen = torch.Generator().manual_seed(int(seed))
    ids = encode(corpus.make_sentences(n, seed=seed, split="test"))  # (N, T)
    was_training = model.training
    model.eval()
    right = {a: 0 for a in ACTIONS}
    total = {a: 0 for a in ACTIONS}
    loss_sum, guess = 0.0, _unigram_char()
    char_ids = torch.tensor(CHAR_IDS)
    unigram = {a: 0 for a in ACTIONS}
    try:
        with torch.no_grad():
            for start in range(0, n, batch_size):
                batch = ids[start:start + batch_size]  # (b, T)
                corrupted, codes = corrupt(batch, gen, p, exact=True)
                logits, _ = model(corrupted)  # (b, T, V)
                chosen = codes > 0
                loss_sum += float(F.cross_entropy(logits[chosen], batch[chosen], reduction="sum"))
                hit = char_ids[logits[..., char_ids].argmax(dim=-1)] == batch  # (b, T) best character is right
                for a in ACTIONS:
                    where = codes == CODES[a]
                    right[a] += int(hit[where].sum())
                    total[a] += int(where.sum())
                    unigram[a] += int((batch[where] == guess).sum())
    finally:
        model.train(was_training)
    n_chosen = sum(total.values())
    return {"accuracy": sum(right.values()) / n_chosen, "loss": loss_sum / n_chosen, "chosen": n_chosen,
            **{f"{a}_accuracy": right[a] / max(1, total[a]) for a in ACTIONS},
            "unigram_char": CHAR_VOCAB[guess], "unigram_accuracy": sum(unigram.values()) / n_chosen,
            "unigram_mask_accuracy": unigram["mask"] / max(1, total["mask"])}


@lru_cache(maxsize=1)
def _unigram_char() -> int:
    """The id of the most frequent character in 5,000 training sentences (seed 0): the unigram baseline's guess."""
    ids = encode(corpus.make_sentences(5000, seed=0, split="train"))
    counts = torch.bincount(ids.flatten(), minlength=N_TOKENS)
    counts[list(SPECIAL_IDS)] = 0
    return int(counts.argmax())


def _length_buckets(lengths: torch.Tensor, batch_size: int, gen: torch.Generator,
                    n_batches: int = 16) -> list[torch.Tensor]:
    """n_batches batches of row indices: n_batches * batch_size random rows sorted by length and cut in turn, so a
    batch holds sentences of similar length and pads little (about half the work of a random batch padded to 62)."""
    rows = torch.randint(len(lengths), (n_batches * batch_size,), generator=gen)
    rows = rows[lengths[rows].argsort()]  # by length
    batches = list(rows.view(n_batches, batch_size))  # (n_batches, B)
    order = torch.randperm(n_batches, generator=gen).tolist()
    return [batches[i] for i in order]


def train_mlm(steps: int = PRETRAINED_STEPS, seed: int = PRETRAINED_SEED, batch_size: int = 64, lr: float = 1e-2,
              weight_decay: float = 0.01, p: float = 0.3, warmup: int = 200, n_sentences: int = 30_000,
              eval_sentences: int = 2000) -> tuple[nn.Module, dict]:
    """Train a fresh tiny_bert (new_model) on corpus sentences -> (model in eval mode, evaluate_mlm's metrics at the
    usual 15% plus "train_loss" (mean of the last 100 steps) and "train_seconds").

    The recipe: AdamW (betas 0.9, 0.98; no decay on biases and LayerNorm), warm-up then cosine decay, gradients
    clipped at 1, batches of sentences of similar length, the batched masking (each character chosen on its own with
    probability p, then 80/10/10) and the loss on the chosen positions only.
    Args:
        p: the training masking rate. 0.3 beat 0.15 (and 0.4) on held-out sentences masked at 15%: more targets per
            step, as Wettig et al. 2023 (https://arxiv.org/abs/2202.08005) found for larger models.
    """
    steps = check_whole(steps, 1, MAX_STEPS, "masking_bad_steps", "steps")
    p = check_rate(p)
    t0 = time.perf_counter()
    model = new_model(seed)
    data = encode(corpus.make_sentences(n_sentences, seed=seed, split="train"))  # (N, 64)
    lengths = (data != PAD_ID).sum(dim=1)  # (N,)
    gen = torch.Generator().manual_seed(int(seed) + 1)  # batches and masking, apart from the initial weights
    decay = [q for q in model.parameters() if q.ndim >= 2]
    other = [q for q in model.parameters() if q.ndim < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay}, {"params": other, "weight_decay": 0}],
                            lr=lr, betas=(0.9, 0.98))
    model.train()
    recent: list[float] = []
    queue: list[torch.Tensor] = []
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = _lr_at(step, steps, lr, warmup)
        if not queue:
            queue = _length_buckets(lengths, batch_size, gen)
        rows = queue.pop()
        batch = data[rows, :int(lengths[rows].max())]  # (B, T) trimmed to the longest in the batch
        corrupted, codes = corrupt(batch, gen, p, exact=False)
        if not codes.any():
            continue
        loss = mlm_loss(model, batch, corrupted, codes)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        recent = (recent + [loss.item()])[-100:]
        if (step + 1) % 500 == 0:
            log.info("train_mlm step %d loss %.3f", step + 1, sum(recent) / len(recent))
    model.eval()
    seconds = time.perf_counter() - t0
    metrics = evaluate_mlm(model, n=eval_sentences)
    metrics.update(train_loss=sum(recent) / max(1, len(recent)), train_seconds=round(seconds, 1))
    return model, metrics


def save_mlm(model: nn.Module, path: str | Path) -> Path:
    """Write the weights with safetensors' save_model (the tied MLM decoder weight is stored once)."""
    from safetensors.torch import save_model
    path = Path(path)
    save_model(model, str(path), metadata={"model": MODEL_KEY, "task": "masked_lm", "vocab": "CHAR_VOCAB"})
    return path


def load_mlm(path: str | Path = DIRECTORY / FILE) -> nn.Module:
    """A fresh tiny_bert with the weights in `path`, in eval mode; raises masking_bad_file for anything else."""
    from safetensors.torch import load_model

    path = Path(path)
    model = create_model(MODEL_KEY)
    try:
        missing, unexpected = load_model(model, str(path), strict=True)
    except Exception as e:  # noqa: BLE001 - safetensors raises several types for a missing or malformed file
        raise PlaygroundError("masking_bad_file", name=path.name, detail=str(e).replace("\n", " ")[:200]) from None
    return model.eval()


@lru_cache(maxsize=1)
def shared_mlm() -> nn.Module:
    """The shipped tiny BERT, loaded once and shared read-only (eval mode) by every visitor."""
    return load_mlm(DIRECTORY / FILE)


def build_pretrained(directory: Path = DIRECTORY) -> dict:
    """Train with PRETRAINED_SEED for PRETRAINED_STEPS steps, write directory / FILE and return its manifest item."""
    model, metrics = train_mlm(PRETRAINED_STEPS, PRETRAINED_SEED)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    save_mlm(model, directory / FILE)
    seconds = metrics.pop("train_seconds")
    return {"file": FILE, "model": MODEL_KEY, "dataset": "sentences", "seed": PRETRAINED_SEED,
            "steps": PRETRAINED_STEPS, "metrics": metrics, "train_seconds": seconds, "torch": torch.__version__}
