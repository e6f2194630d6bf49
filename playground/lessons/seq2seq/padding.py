"""The padding mask in the loss, shown: a batch of targets of different lengths padded to one length, the decoder's
per-token cross-entropy at every position, which positions the mask drops, and the masked mean (what training
uses, decoding.masked_cross_entropy) against the plain mean over every position. No gradio."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.vocab import BOS, PAD
from playground.core.errors import PlaygroundError

from .decoding import check_model, evaluating, masked_cross_entropy, model_device, token_text
from .tasks import read_digits

MAX_ROWS = 8  # sequences in the batch
SEPARATORS = re.compile(r"[\s,;，；、]+")


@dataclass(frozen=True)
class PaddedLoss:
    """A padded batch of B targets, T positions: sources (text per row), target (B, T) ids with PAD after each
    row's end, tokens (B, T) as text, losses (B, T) the cross-entropy at every position (padding too), mask (B, T)
    True on real tokens; masked = sum(losses * mask) / sum(mask) (decoding.masked_cross_entropy, the training loss),
    ignored = torch's cross_entropy(ignore_index=PAD) on the same logits, plain = mean(losses)."""
    sources: list[str]
    target: np.ndarray
    tokens: list[list[str]]
    losses: np.ndarray
    mask: np.ndarray
    masked: float
    ignored: float
    plain: float

    @property
    def n_real(self) -> int:
        return int(self.mask.sum())


def read_batch(text: str, task: str) -> list[tuple[list[int], list[int]]]:
    """Digit strings separated by commas, semicolons or spaces -> [(source ids, [BOS] + target ids)], at most
    MAX_ROWS of them, each read as the decoder view reads one."""
    parts = [p for p in SEPARATORS.split(text or "") if p]
    if not parts:
        raise PlaygroundError("seq2seq_padding_empty")
    if len(parts) > MAX_ROWS:
        raise PlaygroundError("seq2seq_padding_too_many", n=len(parts), limit=MAX_ROWS)
    return [read_digits(p, task) for p in parts]


def padded_loss(model: nn.Module, pairs: list[tuple[list[int], list[int]]]) -> PaddedLoss:
    """The batch's targets padded with PAD to the longest, decoded with teacher forcing (each source encoded on its
    own, so padding never reaches the encoder), and the cross-entropy at each of the B x T positions."""
    model = check_model(model)
    device = model_device(model)
    targets = [tgt[1:] if tgt and tgt[0] == BOS else tgt for _, tgt in pairs]
    t_len = max(len(t) for t in targets)
    target = torch.full((len(pairs), t_len), PAD, dtype=torch.long)  # (B, T)
    fed = torch.full((len(pairs), t_len), PAD, dtype=torch.long)  # (B, T): BOS, the true previous tokens, PAD
    for b, tgt in enumerate(targets):
        target[b, :len(tgt)] = torch.tensor(tgt)
        fed[b, :len(tgt)] = torch.tensor([BOS] + tgt[:-1])
    rows = []
    with evaluating(model):
        for b, (src, _) in enumerate(pairs):
            state = model.encode(torch.tensor([src], device=device))
            logits, _ = model.decode(fed[b:b + 1].to(device), state)  # (1, T, V)
            rows.append(logits.float().cpu())
        logits = torch.cat(rows)  # (B, T, V)
        per_token = F.cross_entropy(logits.flatten(0, 1), target.flatten(), reduction="none").view_as(target)
        masked = masked_cross_entropy(logits, target).item()  # the training loss: padding weighs 0
        ignored = F.cross_entropy(logits.flatten(0, 1), target.flatten(), ignore_index=PAD).item()
    mask = target != PAD  # (B, T)
    return PaddedLoss(sources=["".join(token_text(i) for i in src) for src, _ in pairs],
                      target=target.numpy(), tokens=[[token_text(int(i)) for i in row] for row in target],
                      losses=per_token.double().numpy(), mask=mask.numpy(), masked=float(masked),
                      ignored=float(ignored),
                      plain=float(per_token.mean().item()))
