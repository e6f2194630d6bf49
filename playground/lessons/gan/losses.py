"""The GAN losses of the course notes: d_loss = -(log D(x) + log(1 - D(G(z)))), the minimax generator loss
log(1 - D(G(z))) and the non-saturating -log D(G(z)), from probabilities or, safely, from logits. No gradio.
Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661."""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError

LN2 = math.log(2.0)


def losses_from_scores(d_real, d_fake) -> dict[str, float]:
    """The losses of the course notes from the discriminator's probabilities (scalars, or arrays averaged over the
    batch): d_real = D(x) for real samples, d_fake = D(G(z)) for fakes. Returns d_loss = -(log D(x) +
    log(1 - D(G(z)))), g_loss_minimax = log(1 - D(G(z))), g_loss_non_saturating = -log D(G(z)), and the mean
    scores d_real, d_fake. Natural logarithms."""
    arrays = {}
    for name, value in (("d_real", d_real), ("d_fake", d_fake)):
        try:
            a = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
            raise PlaygroundError("gan_bad_score", name=name, value=value) from None
        bad = ~(np.isfinite(a) & (a > 0) & (a < 1))
        if a.size == 0 or bad.any():
            raise PlaygroundError("gan_bad_score", name=name, value=a[bad].flat[0] if bad.any() else value)
        arrays[name] = a
    p_real, p_fake = arrays["d_real"], arrays["d_fake"]
    # d_loss = -(log D(x) + log(1 - D(G(z)))), averaged over each batch
    d_loss = -(np.log(p_real).mean() + np.log1p(-p_fake).mean())
    return {"d_loss": float(d_loss), "g_loss_minimax": float(np.log1p(-p_fake).mean()),
            "g_loss_non_saturating": float(-np.log(p_fake).mean()), "d_real": float(p_real.mean()),
            "d_fake": float(p_fake.mean())}


def losses_from_logits(real_logit: torch.Tensor, fake_logit: torch.Tensor) -> dict[str, torch.Tensor]:
    """losses_from_scores on logits, safe where D saturates: log D = logsigmoid(l), log(1 - D) = logsigmoid(-l)."""
    log_d_fake = F.logsigmoid(fake_logit).mean()
    log_1m_d_fake = F.logsigmoid(-fake_logit).mean()
    return {"d_loss": -(F.logsigmoid(real_logit).mean() + log_1m_d_fake), "g_loss_minimax": log_1m_d_fake,
            "g_loss_non_saturating": -log_d_fake}
