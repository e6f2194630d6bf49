"""BERT's masked-language-model corruption (15% of the tokens chosen: 80% become [MASK], 10% a random token, 10% stay),
a character-level tiny BERT trained to undo it, and its guesses on a visitor's sentence. No gradio here. Devlin et al.
2019, https://arxiv.org/abs/1810.04805; Google's create_pretraining_data.py, https://github.com/google-research/bert."""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.core import config
from playground.core.data import corpus
from playground.core.data.datasets import MAX_SEED
from playground.core.data.vocab import CHAR_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import create_model

log = logging.getLogger("playground")

PAD_ID, BOS_ID, EOS_ID, MASK_ID = (CHAR_VOCAB.index(t) for t in ("<pad>", "<bos>", "<eos>", "<mask>"))
SPECIAL_IDS = (PAD_ID, BOS_ID, EOS_ID, MASK_ID)
N_TOKENS = len(CHAR_VOCAB)  # 50 tokens; tiny_bert has 64 embedding rows, ids 50..63 are never used
CHAR_IDS = tuple(i for i in range(N_TOKENS) if i not in SPECIAL_IDS)  # the 46 characters a random swap draws from
ACTIONS = ("mask", "random", "keep")
CODES = {None: 0, "mask": 1, "random": 2, "keep": 3}  # action codes in the batched tensors
P_CHOSEN = 0.15
MASK_SHARE, KEEP_SHARE = 0.8, 0.1  # of the chosen tokens; the remaining 0.1 get a random token
MASK_CHAR = "_"  # typed by the visitor where BERT should guess
MAX_TEXT = 62  # tiny_bert's 64 positions less <bos> and <eos>
MAX_DRAWS = 50_000
MAX_TOP_K = 10
MODEL_KEY = "tiny_bert"
FILE = "tiny_bert_mlm.safetensors"
DIRECTORY = config.PRETRAINED_DIR
PRETRAINED_SEED = 0
PRETRAINED_STEPS = 3000
MAX_STEPS = 20_000


@dataclass
class Masking:
    """One sequence before and after the corruption; every list has one entry per position (T,)."""
    original: list[int]
    corrupted: list[int]
    actions: list[str | None]  # "mask", "random", "keep", or None where the position was not chosen

    @property
    def chosen(self) -> list[int]:
        return [i for i, a in enumerate(self.actions) if a is not None]


@dataclass
class MaskedPrediction:
    """fill_masks' answer. Lists of length T run over <bos>, the characters, <eos>; lists of length C over the chosen
    positions, in the order of `chosen`."""
    tokens: list[str]  # (T,) "<bos>", the visitor's characters ("_" where the visitor masked), "<eos>"
    corrupted: list[str]  # (T,) what the model read: "<mask>" at [MASK]ed positions, the swapped character at random
    actions: list[str | None]  # (T,) "mask", "random", "keep" or None (not chosen)
    # (T,) the model's most likely character at the chosen positions, None elsewhere: the loss only ever covers chosen
    # positions, so the outputs at the others were never trained and mean nothing
    predicted: list[str | None]
    chosen: list[int]  # (C,) the positions the model is asked to predict, ascending
    top_chars: list[list[str]]  # (C, k) the k most likely characters, best first
    top_probs: list[list[float]]  # (C, k) their probabilities (softmax over the whole vocabulary)
    p_original: list[float | None]  # (C,) the probability of the original character; None where the visitor masked
    correct: list[bool | None]  # (C,) top guess == original; None where the visitor masked
    accuracy: float | None  # share of correct over the chosen positions with a known original; None if none
    picked_by: str  # "visitor" (the positions typed as _) or "seed" (mask_tokens)


# ---------------------------------------------------------------------------------------------------------------
# The corruption

def _check_rate(p) -> float:
    try:
        value = float(p)
    except (TypeError, ValueError, OverflowError):
        raise PlaygroundError("mlm_bad_rate", p=p) from None
    if not (math.isfinite(value) and 0 < value <= 1):
        raise PlaygroundError("mlm_bad_rate", p=p)
    return value


def _whole(value, low: int, high: int, key: str, name: str) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok and isinstance(value, float) and value.is_integer():
        ok, value = True, int(value)
    if not ok or not low <= value <= high:
        raise PlaygroundError(key, **{name: value, "limit": high})
    return int(value)


def corrupt(ids: torch.Tensor, generator: torch.Generator, p: float = P_CHOSEN, exact: bool = True,
            special: Sequence[int] = SPECIAL_IDS, vocab_size: int = N_TOKENS,
            mask_id: int = MASK_ID) -> tuple[torch.Tensor, torch.Tensor]:
    """ids (B, T) -> (corrupted ids (B, T), action codes (B, T) int8: 0 not chosen, 1 mask, 2 random, 3 keep).

    exact=True (mask_tokens, fill_masks, evaluation, masking_statistics): each row chooses exactly
    max(1, round(n p)) of its n non-special positions, as create_pretraining_data.py does (Python's round, half to
    even; a row with no such position chooses none). exact=False (training batches): each non-special position is
    chosen on its own with probability p, as Hugging Face's DataCollatorForLanguageModeling does.
    Each chosen position draws once: below 0.8 -> mask_id, below 0.9 -> kept, else a token drawn uniformly from the
    non-special ids below vocab_size (which, as in Google's code, is the original one again 1 time in 46).
    """
    p = _check_rate(p)
    candidate = ~torch.isin(ids, torch.tensor(list(special), dtype=ids.dtype))  # (B, T)
    keys = torch.rand(ids.shape, generator=generator)  # (B, T) uniform in [0, 1)
    if exact:
        n = candidate.sum(dim=1)  # (B,)
        k = torch.where(n > 0, torch.round(n.double() * p).long().clamp(min=1), 0)  # (B,)
        keys = keys.masked_fill(~candidate, 2.0)  # specials sort last
        rank = keys.argsort(dim=1).argsort(dim=1)  # (B, T) each position's place in its row's random order
        chosen = rank < k[:, None]
    else:
        chosen = candidate & (keys < p)
    u = torch.rand(ids.shape, generator=generator)  # (B, T) the one draw per chosen position
    pool = torch.tensor([t for t in range(vocab_size) if t not in special], dtype=ids.dtype)
    swaps = pool[torch.randint(len(pool), ids.shape, generator=generator)]  # (B, T)
    codes = torch.where(u < MASK_SHARE, CODES["mask"], torch.where(u < MASK_SHARE + KEEP_SHARE, CODES["keep"],
                                                                   CODES["random"]))
    codes = torch.where(chosen, codes, CODES[None]).to(torch.int8)  # (B, T)
    out = torch.where(codes == CODES["mask"], torch.full_like(ids, mask_id), ids)
    out = torch.where(codes == CODES["random"], swaps, out)
    return out, codes


def mask_tokens(ids: Sequence[int] | torch.Tensor, generator: torch.Generator, p: float = P_CHOSEN,
                special: Sequence[int] = SPECIAL_IDS, vocab_size: int = N_TOKENS, mask_id: int = MASK_ID) -> Masking:
    """One sequence of ids (T,) -> Masking: exactly max(1, round(n p)) of its n non-special positions chosen."""
    row = torch.as_tensor(ids, dtype=torch.long).reshape(1, -1)  # (1, T)
    if not (~torch.isin(row, torch.tensor(list(special)))).any():
        raise PlaygroundError("mlm_no_tokens")
    out, codes = corrupt(row, generator, p, exact=True, special=special, vocab_size=vocab_size, mask_id=mask_id)
    names = {v: k for k, v in CODES.items()}
    return Masking(row[0].tolist(), out[0].tolist(), [names[c] for c in codes[0].tolist()])


def masking_statistics(n_draws: int = 20_000, length: int = 40, seed: int = 0, p: float = P_CHOSEN) -> dict:
    """Mask n_draws random sentences of `length` characters (one corrupt(exact=True) call) and count.

    Returns {"draws", "length", "tokens" (n_draws * length), "p", "per_draw" (positions chosen per sentence),
    "counts", "observed", "expected"}: counts of "chosen", "mask", "random", "keep" and "random_same" (a random
    swap that drew the original again); observed = counts / tokens; expected = what the rule gives on average,
    chosen = per_draw / length (p itself when length * p is whole), mask 0.8, random 0.1, keep 0.1 of that, and
    random_same 0.1 / 46 of it.
    """
    n_draws = _whole(n_draws, 1, MAX_DRAWS, "mlm_bad_draws", "n")
    length = _whole(length, 1, MAX_TEXT, "mlm_bad_length", "n")
    p = _check_rate(p)
    gen = torch.Generator().manual_seed(int(seed))
    chars = torch.tensor(CHAR_IDS)[torch.randint(len(CHAR_IDS), (n_draws, length), generator=gen)]  # (N, L)
    ids = torch.cat([torch.full((n_draws, 1), BOS_ID), chars, torch.full((n_draws, 1), EOS_ID)], dim=1)  # (N, L+2)
    out, codes = corrupt(ids, gen, p, exact=True)
    counts = {"chosen": int((codes > 0).sum()), **{a: int((codes == CODES[a]).sum()) for a in ACTIONS},
              "random_same": int(((codes == CODES["random"]) & (out == ids)).sum())}
    tokens = n_draws * length
    per_draw = max(1, round(length * p))
    share = per_draw / length
    expected = {"chosen": share, "mask": MASK_SHARE * share, "random": (1 - MASK_SHARE - KEEP_SHARE) * share,
                "keep": KEEP_SHARE * share, "random_same": (1 - MASK_SHARE - KEEP_SHARE) * share / len(CHAR_IDS)}
    return {"draws": n_draws, "length": length, "tokens": tokens, "p": p, "per_draw": per_draw, "counts": counts,
            "observed": {k: v / tokens for k, v in counts.items()}, "expected": expected}


# ---------------------------------------------------------------------------------------------------------------
# Text in

def allowed_chars() -> str:
    """The characters a visitor may type, for messages."""
    return "a-z 0-9 " + " ".join(CHAR_VOCAB[5 + 36:]) + " (space) " + MASK_CHAR + " ([MASK])"


def read_sentence(text: str) -> list[str]:
    """Typed text -> its characters, lowercased, ends stripped; raises mlm_empty, mlm_unknown_chars, mlm_too_long."""
    chars = list((text or "").strip().lower())
    if not chars:
        raise PlaygroundError("mlm_empty")
    known = set(CHAR_VOCAB[4:]) | {MASK_CHAR}
    unknown = sorted(set(chars) - known)
    if unknown:
        shown = " ".join(repr(c)[1:-1] if c.isprintable() else repr(c) for c in unknown[:12])
        raise PlaygroundError("mlm_unknown_chars", chars=shown, allowed=allowed_chars())
    if len(chars) > MAX_TEXT:
        raise PlaygroundError("mlm_too_long", n=len(chars), limit=MAX_TEXT)
    return chars


def encode(texts: Sequence[str], length: int | None = None) -> torch.Tensor:
    """Corpus sentences -> ids (N, T): <bos> characters <eos>, padded with <pad> to the longest (or `length`)."""
    index = {c: i for i, c in enumerate(CHAR_VOCAB)}
    t = length or max(len(s) for s in texts) + 2
    out = torch.full((len(texts), t), PAD_ID, dtype=torch.long)  # (N, T)
    for row, text in enumerate(texts):
        out[row, :len(text) + 2] = torch.tensor([BOS_ID, *(index[c] for c in text), EOS_ID])
    return out


# ---------------------------------------------------------------------------------------------------------------
# The model guesses

def fill_masks(model: nn.Module, text: str, seed: int = 0, p: float = P_CHOSEN, top_k: int = 5) -> MaskedPrediction:
    """Corrupt the visitor's sentence (at the typed _ positions, else mask_tokens with `seed`) and let the model guess
    every chosen position in one forward pass of (1, T) ids."""
    chars = read_sentence(text)
    top_k = _whole(top_k, 1, MAX_TOP_K, "mlm_bad_top_k", "k")
    p = _check_rate(p)
    index = {c: i for i, c in enumerate(CHAR_VOCAB)}
    tokens = ["<bos>", *chars, "<eos>"]
    if MASK_CHAR in chars:
        picked_by = "visitor"
        actions = [("mask" if t == MASK_CHAR else None) for t in tokens]
        corrupted = [MASK_ID if t == MASK_CHAR else index[t] for t in tokens]
        if not any(a is None for a in actions[1:-1]):
            log.info("fill_masks: every character is masked")
    else:
        picked_by = "seed"
        seed = _whole(seed, 0, MAX_SEED, "mlm_bad_seed", "seed")
        masking = mask_tokens([index[t] for t in tokens], torch.Generator().manual_seed(seed), p)
        actions, corrupted = masking.actions, masking.corrupted
    ids = torch.tensor([corrupted])  # (1, T)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits, _ = model(ids)  # (1, T, V)
    finally:
        model.train(was_training)
    probs = logits[0].float().softmax(dim=-1)  # (T, V) over the whole vocabulary
    char_ids = torch.tensor(CHAR_IDS)
    char_probs = probs[:, char_ids]  # (T, 46) only characters are ever guesses
    chosen = [i for i, a in enumerate(actions) if a is not None]
    values, order = char_probs[chosen].topk(top_k, dim=-1)  # (C, k)
    top_chars = [[CHAR_VOCAB[int(char_ids[j])] for j in row] for row in order]
    top_probs = [[float(v) for v in row] for row in values]
    p_original, correct = [], []
    for row, i in enumerate(chosen):
        if tokens[i] == MASK_CHAR:
            p_original.append(None)
            correct.append(None)
        else:
            p_original.append(float(probs[i, index[tokens[i]]]))
            correct.append(top_chars[row][0] == tokens[i])
    predicted: list[str | None] = [None] * len(tokens)
    for row, i in enumerate(chosen):
        predicted[i] = top_chars[row][0]
    known = [c for c in correct if c is not None]
    return MaskedPrediction(tokens=tokens, corrupted=[CHAR_VOCAB[i] for i in corrupted], actions=actions,
                            predicted=predicted, chosen=chosen, top_chars=top_chars, top_probs=top_probs,
                            p_original=p_original, correct=correct,
                            accuracy=sum(known) / len(known) if known else None, picked_by=picked_by)


# ---------------------------------------------------------------------------------------------------------------
# Training, evaluation, files

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
    steps = _whole(steps, 1, MAX_STEPS, "mlm_bad_steps", "steps")
    p = _check_rate(p)
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
    """A fresh tiny_bert with the weights in `path`, in eval mode; raises mlm_bad_file for anything else."""
    from safetensors.torch import load_model

    path = Path(path)
    model = create_model(MODEL_KEY)
    try:
        missing, unexpected = load_model(model, str(path), strict=True)
    except Exception as e:  # noqa: BLE001 - safetensors raises several types for a missing or malformed file
        raise PlaygroundError("mlm_bad_file", name=path.name, detail=str(e).replace("\n", " ")[:200]) from None
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
