"""Training-script part for an encoder-decoder model on a sequence-to-sequence task: the target's scores.
Below the marker, copied verbatim into the script (playground/export/script.py)."""
from __future__ import annotations

# ==== the training script, from here on ====


def target_logits(model, src, tgt_in):
    """Scores of the next target token at every target position: (B, S), (B, T) -> (B, T, V)."""
    return model(src, tgt_in)
