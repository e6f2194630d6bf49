"""Teacher-forced vs free-running (greedy) decoding of one pair, and a batch scored both ways (masked loss, token and
sequence accuracy, BLEU). Plain PyTorch, no gradio. Bengio et al. 2015, scheduled sampling,
https://arxiv.org/abs/1506.03099."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.vocab import BOS, EOS, PAD
from playground.core.data.vocab import TOKEN_VOCAB
from playground.core.errors import PlaygroundError

from .bleu import bleu, bleu_order


@dataclass(frozen=True, eq=False)
class Track:
    """One way of decoding a target of T tokens: what the decoder was fed and what it chose at each step.

    inputs (T,): the token fed at step t (BOS at t = 0), fed its text; ids (T,): the argmax, tokens its text;
    prob (T,): its probability; true_prob (T,): the probability of the target token; correct (T,): ids == target.
    """
    inputs: np.ndarray
    fed: list[str]
    ids: np.ndarray
    tokens: list[str]
    prob: np.ndarray
    true_prob: np.ndarray
    correct: np.ndarray

    @property
    def accuracy(self) -> float:
        return float(self.correct.mean()) if self.correct.size else 0.0


@dataclass(frozen=True, eq=False)
class Decoding:
    """Teacher-forced and free-running greedy decoding of one source against its target.

    source, target: tokens as text; target_ids (T,) without BOS. forced: the decoder is fed the TRUE previous
    token; free: it is fed its OWN previous choice. first_divergence: the first position (0-based) where free
    differs from the target, None where it never does. eos_at: the first position where free chose EOS (the
    digit tasks have none; decoding still runs to the target length so the rows stay aligned).
    """
    source: list[str]
    target: list[str]
    target_ids: np.ndarray
    forced: Track
    free: Track
    first_divergence: int | None
    eos_at: int | None


def token_text(i: int) -> str:
    """A token id as text: the digit, "<bos>" etc., or "#i" beyond the vocabulary."""
    return TOKEN_VOCAB[i] if 0 <= i < len(TOKEN_VOCAB) else f"#{i}"


def check_model(model) -> nn.Module:
    """The model when it is an encoder-decoder (encode and decode), else PlaygroundError."""
    if not (isinstance(model, nn.Module) and callable(getattr(model, "encode", None))
            and callable(getattr(model, "decode", None))):
        raise PlaygroundError("seq2seq_not_seq2seq")
    return model


@contextlib.contextmanager
def evaluating(model: nn.Module):
    """Eval mode and no gradients inside the block; the model's mode is restored afterwards."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        model.train(was_training)


def model_device(model: nn.Module) -> torch.device:
    """Where the model's parameters live (CPU for a model without any)."""
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def _greedy(model: nn.Module, state, bos: torch.Tensor, n: int) -> torch.Tensor:
    """Free-running greedy decoding from an encoder state: n steps, each fed the previous argmax.
    bos (B, 1) -> logits (B, n, V)."""
    token, out = bos, []
    for _ in range(n):
        logits, state = model.decode(token, state)  # (B, 1, V)
        out.append(logits)
        token = logits[:, -1].argmax(-1, keepdim=True)  # (B, 1)
    return torch.cat(out, dim=1)  # (B, n, V)


def _track(inputs: torch.Tensor, logits: torch.Tensor, target: torch.Tensor) -> Track:
    """inputs (T,), logits (T, V), target (T,) -> a Track."""
    probs = logits.float().softmax(-1)  # (T, V)
    chosen = probs.argmax(-1)  # (T,)
    ids = chosen.cpu().numpy().astype(np.int64)
    fed = inputs.cpu().numpy().astype(np.int64)
    return Track(inputs=fed, fed=[token_text(int(i)) for i in fed], ids=ids, tokens=[token_text(int(i)) for i in ids],
                 prob=probs.gather(-1, chosen[:, None])[:, 0].cpu().numpy().astype(np.float32),
                 true_prob=probs.gather(-1, target[:, None])[:, 0].cpu().numpy().astype(np.float32),
                 correct=ids == target.cpu().numpy())


def decode_both(model: nn.Module, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> Decoding:
    """One source (S,) and target (T,) or (T + 1,) with a leading BOS (the datasets' form; it is dropped) ->
    Decoding: the argmax at each step, fed the true previous token (teacher forcing) and fed the model's own
    previous choice (free-running greedy), both for T steps from the same encoder state."""
    model = check_model(model)
    src_ids, tgt_ids = [int(i) for i in src_ids], [int(i) for i in tgt_ids]
    if tgt_ids and tgt_ids[0] == BOS:
        tgt_ids = tgt_ids[1:]
    if not src_ids or not tgt_ids:
        raise ValueError("decode_both needs a non-empty source and target")
    device = model_device(model)
    src = torch.tensor([src_ids], device=device)  # (1, S)
    target = torch.tensor(tgt_ids, device=device)  # (T,)
    forced_in = torch.tensor([BOS] + tgt_ids[:-1], device=device)  # (T,): BOS, then the true previous tokens
    with evaluating(model):
        state = model.encode(src)
        forced_logits, _ = model.decode(forced_in[None], state)  # (1, T, V)
        free_logits = _greedy(model, state, forced_in[None, :1], len(tgt_ids))  # (1, T, V)
    forced = _track(forced_in, forced_logits[0], target)
    free_ids = free_logits[0].argmax(-1)  # (T,)
    free = _track(torch.cat([forced_in[:1], free_ids[:-1]]), free_logits[0], target)
    wrong = np.flatnonzero(~free.correct)
    eos = np.flatnonzero(free.ids == EOS)
    return Decoding(source=[token_text(i) for i in src_ids], target=[token_text(i) for i in tgt_ids],
                    target_ids=np.asarray(tgt_ids, dtype=np.int64), forced=forced, free=free,
                    first_divergence=int(wrong[0]) if wrong.size else None,
                    eos_at=int(eos[0]) if eos.size else None)


# ---------------------------------------------------------------------------------------------------------------
# Scoring a batch

def masked_cross_entropy(logits: torch.Tensor, target: torch.Tensor, pad: int = PAD) -> torch.Tensor:
    """logits (B, T, V), target (B, T) -> the mean cross-entropy over the non-padding tokens (a 0-d tensor).

    Padding positions get weight 0, so they neither add to the loss nor count in the mean (d2l's masked loss).
    """
    ce = F.cross_entropy(logits.flatten(0, 1).float(), target.flatten(), reduction="none")  # (B*T,)
    mask = (target != pad).flatten().float()  # (B*T,)
    return (ce * mask).sum() / mask.sum().clamp(min=1.0)


def _strip(ids: Sequence[int]) -> list[int]:
    """A sequence for BLEU: cut at the first EOS, without PAD and BOS."""
    out = []
    for i in ids:
        if i == EOS:
            break
        if i not in (PAD, BOS):
            out.append(int(i))
    return out


@dataclass(frozen=True)
class Scores:
    """A model on a batch: loss (teacher forced, padding masked), token accuracy teacher-forced and free-running,
    sequence accuracy (every token right) both ways, mean sentence BLEU of the free-running output at order
    bleu_k."""
    loss: float
    forced_accuracy: float
    free_accuracy: float
    forced_sequence_accuracy: float
    free_sequence_accuracy: float
    bleu: float
    bleu_k: int


def evaluate_batch(model: nn.Module, src: torch.Tensor, tgt: torch.Tensor, k: int | None = None) -> Scores:
    """src (B, S), tgt (B, T + 1) = [BOS, target] as in the datasets -> Scores. k: BLEU order, by default
    bleu_order(T)."""
    model = check_model(model)
    device = model_device(model)
    src, tgt = src.to(device), tgt.to(device)
    target = tgt[:, 1:]  # (B, T)
    mask = target != PAD  # (B, T)
    k = bleu_order(target.shape[1]) if k is None else k
    with evaluating(model):
        state = model.encode(src)
        forced_logits, _ = model.decode(tgt[:, :-1], state)  # (B, T, V)
        free = _greedy(model, state, tgt[:, :1], target.shape[1]).argmax(-1)  # (B, T)
        loss = masked_cross_entropy(forced_logits, target).item()
    forced = forced_logits.argmax(-1)  # (B, T)
    n = mask.sum().clamp(min=1)
    right_forced, right_free = (forced == target) | ~mask, (free == target) | ~mask  # padding counts as right
    scores = [bleu(_strip(p), _strip(t), k).score for p, t in zip(free.tolist(), target.tolist())]
    return Scores(loss=loss,
                  forced_accuracy=((forced == target) & mask).sum().item() / n.item(),
                  free_accuracy=((free == target) & mask).sum().item() / n.item(),
                  forced_sequence_accuracy=right_forced.all(dim=1).float().mean().item(),
                  free_sequence_accuracy=right_free.all(dim=1).float().mean().item(),
                  bleu=float(np.mean(scores)), bleu_k=k)
