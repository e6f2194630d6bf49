"""Training-script part for a decoder-only model on a sequence-to-sequence task: the target's scores.
Below the marker, copied verbatim into the script (playground/export/script.py)."""
from __future__ import annotations

import torch

# ==== the training script, from here on ====


def target_logits(model, src, tgt_in):
    """The decoder-only model reads source, BOS and target as one sequence; only the target positions are
    scored: (B, S), (B, T) -> (B, T, V)."""
    s = src.shape[1]
    return model(torch.cat([src, tgt_in], dim=1))[:, s:]
