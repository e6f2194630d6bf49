"""Multi-head scaled dot-product attention, masks, and positional encodings, written out for inspection.

Ref: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017).
"""
from __future__ import annotations

import math
import threading

import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    """MultiHead(Q, K, V) = Concat(head_1..head_h) W_O, head_i = softmax(Q_i K_i^T / sqrt(d_k)) V_i.

    query (B, Tq, D), key and value (B, Tk, D); mask is boolean, True where attention is allowed, and broadcasts
    to (B, nh, Tq, Tk). With `record = True`, `self.last` keeps q, k, v (B, nh, T, hs), the scaled scores before
    the mask, the mask (or None) and the attention weights (B, nh, Tq, Tk), for playground.attention_maps.
    """

    def __init__(self, d_model: int, n_heads: int, dropout: float = 0.0, bias: bool = True):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by n_heads ({n_heads})")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)
        self.dropout = nn.Dropout(dropout)
        # True, or the id of the one thread whose passes are kept: a view records a shared model while other
        # visitors' passes through the same model (in other threads) leave no trace in `last`.
        self.record: bool | int = False
        self.last: dict[str, torch.Tensor] = {}

    def _split(self, x):
        B, T, _ = x.shape
        return x.view(B, T, self.n_heads, self.d_head).transpose(1, 2)  # (B, nh, T, hs)

    def forward(self, query, key=None, value=None, mask=None):
        key = query if key is None else key
        value = key if value is None else value
        B, Tq, D = query.shape
        q = self._split(self.q_proj(query))  # (B, nh, Tq, hs)
        k = self._split(self.k_proj(key))    # (B, nh, Tk, hs)
        v = self._split(self.v_proj(value))  # (B, nh, Tk, hs)
        # scores = Q K^T / sqrt(d_k)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)  # (B, nh, Tq, Tk)
        masked = scores if mask is None else scores.masked_fill(~mask, float("-inf"))
        attn = masked.softmax(dim=-1)  # every row sums to 1
        if self.record is True or self.record == threading.get_ident():
            self.last = {"q": q.detach(), "k": k.detach(), "v": v.detach(), "scores": scores.detach(),
                         "mask": None if mask is None else mask.expand_as(scores).detach(), "attn": attn.detach()}
        out = self.dropout(attn) @ v                   # (B, nh, Tq, hs)
        out = out.transpose(1, 2).reshape(B, Tq, D)    # (B, Tq, nh * hs): concatenate the heads
        return self.out_proj(out)


def causal_mask(t: int, device=None) -> torch.Tensor:
    """(T, T) boolean, True on and below the diagonal: position i may attend to positions <= i."""
    return torch.ones(t, t, dtype=torch.bool, device=device).tril()


def padding_mask(ids: torch.Tensor, pad_id: int) -> torch.Tensor:
    """(B, T) ids -> (B, 1, 1, T) boolean, False at padding keys."""
    return (ids != pad_id)[:, None, None, :]


def sinusoidal_table(max_len: int, d_model: int) -> torch.Tensor:
    """(max_len, d_model): PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))."""
    if d_model % 2:
        raise ValueError(f"d_model must be even for sinusoidal encodings, got {d_model}")
    pos = torch.arange(max_len, dtype=torch.float32)[:, None]                         # (max_len, 1)
    inv_freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    table = torch.zeros(max_len, d_model)
    table[:, 0::2] = torch.sin(pos * inv_freq)
    table[:, 1::2] = torch.cos(pos * inv_freq)
    return table


class SinusoidalPositionalEncoding(nn.Module):
    """x (B, T, D) -> dropout(x + PE[:T]); a fixed table, so longer sequences than seen in training still work."""

    def __init__(self, d_model: int, max_len: int = 5000, dropout: float = 0.0):
        super().__init__()
        self.max_len = max_len
        self.register_buffer("pe", sinusoidal_table(max_len, d_model), persistent=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        t = x.shape[1]
        if t > self.max_len:
            raise ValueError(f"sequence length {t} is longer than the positional table ({self.max_len})")
        return self.dropout(x + self.pe[:t])
