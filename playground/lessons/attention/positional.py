"""Positional encoding lab: sinusoidal tables and their shift matrices, RoPE scores, ALiBi biases. NumPy only, no
gradio. Refs: Vaswani et al. 2017 (sinusoidal); Su et al. 2021, RoFormer, https://arxiv.org/abs/2104.09864 (RoPE);
Press et al. 2022, ALiBi, https://arxiv.org/abs/2108.12409."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import torch
from torch import nn

from playground.core.errors import PlaygroundError

MAX_PE = 1024  # longest table and widest d_model the lab draws
MAX_HEADS = 64
FIT_DIMS = 64  # dimensions the least-squares check fits (see shift_check)
BASE = 10000.0


def _check_size(length: int | None, d_model: int | None) -> None:
    """Raise attention_pe_bad_size unless length and d_model (where given) are whole numbers in [2, MAX_PE], d_model even."""
    bad = any(v is not None and (v != int(v) or not 2 <= v <= MAX_PE) for v in (length, d_model))
    if bad or (d_model is not None and int(d_model) % 2):
        raise PlaygroundError("attention_pe_bad_size", length=length, d_model=d_model, limit=MAX_PE)


def _frequencies(d_model: int, base: float = BASE) -> np.ndarray:
    """(d/2,): w_i = base^(-2i/d), one angular frequency per (sin, cos) pair."""
    return base ** (-np.arange(0, d_model, 2, dtype=np.float64) / d_model)


def sinusoidal(length: int, d_model: int) -> np.ndarray:
    """(length, d_model) float64: PE(pos, 2i) = sin(pos * w_i), PE(pos, 2i+1) = cos(pos * w_i)."""
    _check_size(length, d_model)
    length, d_model = int(length), int(d_model)
    angle = np.arange(length, dtype=np.float64)[:, None] * _frequencies(d_model)  # (length, d/2)
    table = np.empty((length, d_model), dtype=np.float64)
    table[:, 0::2] = np.sin(angle)
    table[:, 1::2] = np.cos(angle)
    return table


def similarity(table: np.ndarray) -> np.ndarray:
    """(length, d) -> (length, length): S = PE PE^T; for the sinusoidal table S[m, n] = sum_i cos((m - n) w_i)."""
    table = np.asarray(table, dtype=np.float64)
    return table @ table.T


def shift_matrix(d_model: int, k: float) -> np.ndarray:
    """(d_model, d_model) block-diagonal M_k with PE(pos + k) = M_k PE(pos) for every pos.

    Each (sin, cos) pair rotates by k * w_i: sin(a + b) = sin a cos b + cos a sin b and
    cos(a + b) = cos a cos b - sin a sin b, so the block is [[cos b, sin b], [-sin b, cos b]] with b = k * w_i,
    whatever the position a = pos * w_i is.
    """
    _check_size(None, d_model)
    d_model = int(d_model)
    b = float(k) * _frequencies(d_model)  # (d/2,)
    even = np.arange(0, d_model, 2)
    m = np.zeros((d_model, d_model), dtype=np.float64)
    m[even, even] = m[even + 1, even + 1] = np.cos(b)
    m[even, even + 1] = np.sin(b)
    m[even + 1, even] = -np.sin(b)
    return m


def shift_check(length: int, d_model: int, k: int) -> dict:
    """How exactly M_k maps PE(pos) to PE(pos + k) over every pos with pos + k < length.

    Returns k, positions (how many pos were checked), error_float64 (max |M_k PE(pos) - PE(pos + k)|),
    error_float32 (the same with the table and M_k rounded to float32 and the product taken in float32),
    fit_error, fit_rank and fit_dims. fit_error is the largest residual of a general linear map W fitted by least
    squares from the rows PE(pos) to the rows PE(pos + k) over their first fit_dims dimensions, without being told
    the formula; fit_rank is the numerical rank
    of those rows. A residual near 0 is evidence that a linear map exists only where positions > fit_rank:
    with no more positions than the rank, any targets at all are fitted exactly.
    """
    _check_size(length, d_model)
    length = int(length)
    if k != int(k) or not 0 <= k <= length - 1:
        raise PlaygroundError("attention_pe_bad_offset", offset=k, limit=length - 1)
    k = int(k)
    table, m = sinusoidal(length, d_model), shift_matrix(d_model, k)
    src, dst = table[:length - k], table[k:]  # (P, d) each: PE(pos) and PE(pos + k)
    # Rows hold vectors, so M_k PE(pos) for all pos at once is src @ M_k^T.
    err64 = np.abs(src @ m.T - dst).max()
    src32, m32, dst32 = src.astype(np.float32), m.astype(np.float32), dst.astype(np.float32)
    err32 = np.abs((src32 @ m32.T).astype(np.float64) - dst32).max()
    # M_k is block-diagonal, so each group of dimensions maps on its own: fitting the first FIT_DIMS keeps the
    # least-squares solve small (a 512-wide fit costs ~100 ms) and leaves more positions than unknowns.
    f = min(FIT_DIMS, d_model)
    # torch's solver rather than NumPy's: on a busy 2-core machine NumPy's threaded LAPACK took ~0.6 s here.
    a, y = torch.from_numpy(np.ascontiguousarray(src[:, :f])), torch.from_numpy(np.ascontiguousarray(dst[:, :f]))
    solution = torch.linalg.lstsq(a, y, driver="gelsy")  # (f, f): src @ w_t ~ dst; QR with pivoting
    rank = int(solution.rank)
    fit = (a @ solution.solution - y).abs().max().item()
    return dict(k=k, positions=length - k, error_float64=float(err64), error_float32=float(err32),
                fit_error=float(fit), fit_rank=int(rank), fit_dims=f)


def check_dims(dims: Sequence[int], d_model: int) -> list[int]:
    """The chosen dimension indices as ints; raises attention_pe_bad_dims naming the ones outside [0, d_model - 1]."""
    bad = [d for d in dims if d != int(d) or not 0 <= d < d_model]
    if bad:
        raise PlaygroundError("attention_pe_bad_dims", dims=", ".join(str(d) for d in bad))
    return [int(d) for d in dims]


def rope_rotate(x: np.ndarray, positions: Sequence[float], base: float = BASE) -> np.ndarray:
    """x (T, d), d even, positions (T,) -> (T, d): each pair (x_2i, x_2i+1) turned by pos * theta_i,
    theta_i = base^(-2i/d) (RoFormer eq. 34)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"expected x of shape (T, d), got {x.shape}")
    t, d = x.shape
    if d < 2 or d % 2:
        raise PlaygroundError("attention_pe_bad_size", length=t, d_model=d, limit=MAX_PE)
    pos = np.asarray(positions, dtype=np.float64)
    if pos.shape != (t,):
        raise ValueError(f"expected {t} positions, got shape {pos.shape}")
    angle = pos[:, None] * _frequencies(d, base)  # (T, d/2)
    cos, sin = np.cos(angle), np.sin(angle)
    even, odd = x[:, 0::2], x[:, 1::2]  # (T, d/2) each
    out = np.empty_like(x)
    # (x_2i, x_2i+1) -> (x_2i cos - x_2i+1 sin, x_2i sin + x_2i+1 cos)
    out[:, 0::2] = even * cos - odd * sin
    out[:, 1::2] = even * sin + odd * cos
    return out


def rope_scores(length: int, d_head: int, seed: int = 0) -> np.ndarray:
    """(length, length): S[m, n] = R(m) q . R(n) k for one seeded random query q and key k (plain dot product,
    no 1/sqrt(d) scaling). Since R(m)^T R(n) = R(n - m), S[m, n] depends only on m - n."""
    _check_size(length, d_head)
    length, d_head = int(length), int(d_head)
    q, k = np.random.default_rng(seed).standard_normal((2, d_head))  # (d,) each
    pos = np.arange(length, dtype=np.float64)
    qs = rope_rotate(np.broadcast_to(q, (length, d_head)), pos)  # (length, d): q placed at every position
    ks = rope_rotate(np.broadcast_to(k, (length, d_head)), pos)
    return qs @ ks.T


def _reference_slopes(n: int) -> list[float]:
    """get_slopes from the ALiBi repository (ofirpress/attention_with_linear_biases), rule for rule."""
    def power_of_2(n: int) -> list[float]:
        start = 2 ** (-2 ** -(math.log2(n) - 3))  # 2^(-8/n)
        return [start * start ** i for i in range(n)]

    if math.log2(n).is_integer():
        return power_of_2(n)
    # Between powers of two: all slopes of the power below, then every other slope of the power above.
    closest = 2 ** math.floor(math.log2(n))
    return power_of_2(closest) + _reference_slopes(2 * closest)[0::2][:n - closest]


def alibi_slopes(n_heads: int) -> np.ndarray:
    """(n_heads,): the ALiBi head slopes; 8 heads give 1/2, 1/4, ..., 1/256."""
    if n_heads != int(n_heads) or not 1 <= n_heads <= MAX_HEADS:
        raise PlaygroundError("attention_pe_bad_heads", n=n_heads, limit=MAX_HEADS)
    return np.asarray(_reference_slopes(int(n_heads)), dtype=np.float64)


def alibi_bias(length: int, n_heads: int, head: int) -> np.ndarray:
    """(length, length) causal bias added to the scores of one head: -slope * (i - j) for keys j <= query i, and
    -inf above the diagonal (the form drawn in the paper; softmax ignores the constant per row that the reference
    code leaves out)."""
    _check_size(length, None)
    slopes = alibi_slopes(n_heads)
    if head != int(head) or not 0 <= head < len(slopes):
        raise PlaygroundError("attention_pe_bad_head", head=head, n=int(n_heads))
    idx = np.arange(int(length))
    ahead = (idx[None, :] - idx[:, None]).astype(np.float64)  # (length, length): j - i, <= 0 on and below
    # bias = -slope * (i - j), written as slope * (j - i) so the diagonal is +0.0, not -0.0
    bias = slopes[int(head)] * ahead
    bias[ahead > 0] = -np.inf
    return bias


def learned_positions(model: nn.Module) -> np.ndarray | None:
    """(max_len, d_model) float64 weights of the model's `position_embedding` (an nn.Embedding, as in the GPT and
    BERT here), or None where there is none (a sinusoidal table is fixed, not learned)."""
    emb = getattr(model, "position_embedding", None)
    if not isinstance(emb, nn.Embedding):
        return None
    return emb.weight.detach().cpu().numpy().astype(np.float64)


def compare_schemes(length: int, d_model: int, n_heads: int = 8, head: int = 0,
                    learned: np.ndarray | None = None) -> dict[str, np.ndarray | None]:
    """The four matrices drawn side by side: sinusoidal (length, d_model), learned (up to length rows of the given
    (max_len, d) table, or None), rope (length, length) scores with d_head = d_model, alibi (length, length) bias."""
    _check_size(length, d_model)
    return dict(sinusoidal=sinusoidal(length, d_model),
                learned=None if learned is None else np.asarray(learned, dtype=np.float64)[:int(length)],
                rope=rope_scores(length, d_model),
                alibi=alibi_bias(length, n_heads, head))
