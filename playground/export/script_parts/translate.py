"""Training-script part: loss, greedy decoding and metrics of a sequence-to-sequence task.
Below the marker, copied verbatim into the script (playground/export/script.py); above it, what the
script defines elsewhere."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from playground.core.data.vocab import BOS
from playground.core.train.tasks import EVAL_BATCH
from playground.export.script_parts.encoder_decoder import target_logits

# ==== the training script, from here on ====

METRIC = "sequence_accuracy"  # outputs with every token right, decoded greedily


def batch_loss(model, x, y):
    """Teacher forcing: read [BOS] + target[:-1], predict target; cross-entropy over every target token."""
    logits = target_logits(model, x, y[:, :-1])  # (B, T, V)
    return F.cross_entropy(logits.flatten(0, 1), y[:, 1:].flatten())


@torch.no_grad()
def greedy_decode(model, src, n_out: int):
    """Start from BOS and feed back the most likely token, one step at a time: (B, S) -> (B, n_out)."""
    ys = torch.full((len(src), 1), BOS, dtype=torch.long, device=src.device)
    for _ in range(n_out):
        nxt = target_logits(model, src, ys)[:, -1].argmax(-1, keepdim=True)  # (B, 1)
        ys = torch.cat([ys, nxt], dim=1)
    return ys[:, 1:]


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss (teacher forcing), token accuracy and whole-output accuracy of greedy decoding, in batches."""
    total, correct, whole = 0.0, 0, 0
    for i in range(0, len(x), EVAL_BATCH):
        src, yb = x[i:i + EVAL_BATCH], y[i:i + EVAL_BATCH]
        target = yb[:, 1:]  # (B, T)
        logits = target_logits(model, src, yb[:, :-1]).float()
        total += F.cross_entropy(logits.flatten(0, 1), target.flatten(), reduction="sum").item()
        right = greedy_decode(model, src, target.shape[1]) == target
        correct += right.sum().item()
        whole += right.all(dim=1).sum().item()
    n_tokens = len(x) * (y.shape[1] - 1)
    return {"loss": total / n_tokens, "accuracy": correct / n_tokens, "sequence_accuracy": whole / len(x)}
