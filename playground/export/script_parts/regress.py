"""Training-script part: loss and R² of a regression task, one value per sequence step.
Below the marker, copied verbatim into the script (playground/export/script.py); above it, what the
script defines elsewhere."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from playground.core.train.tasks import EVAL_BATCH

# ==== the training script, from here on ====

METRIC = "r2"  # R² = 1 - MSE / Var(y): 1 is perfect, 0 is no better than predicting the mean


def batch_loss(model, x, y):
    """Mean squared error of the predictions against the targets, both (B, T, 1)."""
    return F.mse_loss(model(x), y)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test MSE and R², in batches."""
    mse = sum(F.mse_loss(model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH], reduction="sum").item()
              for i in range(0, len(x), EVAL_BATCH)) / y.numel()
    var = y.float().var(unbiased=False).item()
    return {"loss": mse, "r2": 1.0 - mse / var if var > 0 else 0.0}
