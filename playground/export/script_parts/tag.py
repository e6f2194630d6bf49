"""Training-script part: loss and metrics of a tagging task, one label per sequence step.
Below the marker, copied verbatim into the script (playground/export/script.py); above it, what the
script defines elsewhere."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from playground.core.train.tasks import EVAL_BATCH

# ==== the training script, from here on ====

METRIC = "accuracy"  # of every step's label; sequence_accuracy counts sequences with every label right


def batch_loss(model, x, y):
    """Cross-entropy of every step's class scores (B, T, K) against its label (B, T)."""
    return F.cross_entropy(model(x).flatten(0, 1), y.flatten())  # (B*T, K) vs (B*T,)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss, per-step accuracy and whole-sequence accuracy, in batches."""
    total, correct, whole = 0.0, 0, 0
    for i in range(0, len(x), EVAL_BATCH):
        logits, yb = model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH]  # (B, T, K), (B, T)
        total += F.cross_entropy(logits.flatten(0, 1), yb.flatten(), reduction="sum").item()
        right = logits.argmax(-1) == yb
        correct += right.sum().item()
        whole += right.all(dim=1).sum().item()
    return {"loss": total / y.numel(), "accuracy": correct / y.numel(), "sequence_accuracy": whole / len(x)}
