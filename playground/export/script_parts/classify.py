"""Training-script part: loss and metric of a classification task, one label per example.
Below the marker, copied verbatim into the script (playground/export/script.py); above it, what the
script defines elsewhere."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from playground.core.train.tasks import EVAL_BATCH

# ==== the training script, from here on ====

METRIC = "accuracy"


def batch_loss(model, x, y):
    """Cross-entropy of the class scores (B, K) against the labels (B,)."""
    return F.cross_entropy(model(x), y)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss and accuracy, in batches."""
    total, correct = 0.0, 0
    for i in range(0, len(x), EVAL_BATCH):
        logits, yb = model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH]  # (B, K), (B,)
        total += F.cross_entropy(logits, yb, reduction="sum").item()
        correct += (logits.argmax(-1) == yb).sum().item()
    return {"loss": total / len(x), "accuracy": correct / len(x)}
