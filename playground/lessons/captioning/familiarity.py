"""How much a picture looks like the captioner's synthetic scenes (coloured shapes on a dark background), and how
sure the captioner is of its words: an unlike picture gets a hedged caption. No gradio."""
from __future__ import annotations

import numpy as np

from .compute import COLOURS, Caption

LIKE_SCENES = 0.85  # the share of scene-like pixels above which a picture counts as one of the scenes
_DARK = 0.35        # the scenes' backgrounds are grey levels in [0, 0.25], plus noise
_NEAR = 0.3         # a shape's pixel lies within this RGB distance of its named colour (jitter and noise)


def scene_likeness(image: np.ndarray) -> float:
    """image (H, W, 3) in [0, 1] -> the share of its pixels that a scene could have: dark grey, or near one of the
    named colours. Built-in scenes score about 1; photos far less."""
    rgb = np.asarray(image, dtype=np.float32).reshape(-1, 3)  # (N, 3)
    dark = (rgb.max(axis=1) <= _DARK) & (np.ptp(rgb, axis=1) <= 0.15)
    palette = np.array(list(COLOURS.values()), dtype=np.float32)  # (K, 3)
    near = (np.linalg.norm(rgb[:, None, :] - palette[None], axis=2) <= _NEAR).any(axis=1)  # (N,)
    return float((dark | near).mean())


def confidence(caption: Caption) -> float:
    """The geometric mean of the probabilities of the caption's words (and its end), in [0, 1]."""
    p = np.clip(np.asarray(caption.probs, dtype=np.float64), 1e-12, 1.0)
    return float(np.exp(np.log(p).mean())) if p.size else 0.0
