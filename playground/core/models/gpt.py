"""GPT: a Transformer decoder only (no cross-attention), predicting the next token under a causal mask.

Ref: Radford et al., "Language Models are Unsupervised Multitask Learners" (GPT-2, 2019).
The default configuration's parameter count equals GPT-2 small (124,439,808).
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .attention import MultiHeadAttention, causal_mask
from .registry import register
from .transformer import FeedForward

PAPER = "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf"


class Block(nn.Module):
    """Pre-norm block: x = x + attn(LN(x)); x = x + mlp(LN(x))."""

    def __init__(self, d_model: int, n_heads: int, dropout: float = 0.0, activation: str = "gelu",
                 eps: float = 1e-5):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model, eps=eps)
        self.attn = MultiHeadAttention(d_model, n_heads, dropout)
        self.ln_2 = nn.LayerNorm(d_model, eps=eps)
        self.mlp = FeedForward(d_model, 4 * d_model, activation, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, mask):
        x = x + self.dropout(self.attn(self.ln_1(x), mask=mask))
        return x + self.dropout(self.mlp(self.ln_2(x)))


class GPT(nn.Module):
    """forward(ids (B, T)) -> next-token logits (B, T, V); T is at most block_size. `activation` "gelu_tanh" and
    `eps` (LayerNorm's) set to the published checkpoint's make it compute what GPT-2 computes (core.gpt2)."""

    def __init__(self, vocab_size: int = 50_257, block_size: int = 1024, n_layers: int = 12, n_heads: int = 12,
                 d_model: int = 768, dropout: float = 0.1, activation: str = "gelu", eps: float = 1e-5):
        super().__init__()
        self.block_size = block_size
        self.token_embedding = nn.Embedding(vocab_size, d_model)
        self.position_embedding = nn.Embedding(block_size, d_model)
        self.dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(d_model, n_heads, dropout, activation, eps) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model, eps=eps)
        self.lm_head = nn.Linear(d_model, vocab_size, bias=False)
        self.lm_head.weight = self.token_embedding.weight  # weight tying

    def forward(self, ids, last_only: bool = False):
        """last_only: the logits of the last position only (B, 1, V), the one a next-token prediction reads."""
        B, T = ids.shape
        if T > self.block_size:
            raise ValueError(f"sequence length {T} is longer than the context of {self.block_size} tokens")
        pos = torch.arange(T, device=ids.device)
        x = self.dropout(self.token_embedding(ids) + self.position_embedding(pos))  # (B, T, D)
        mask = causal_mask(T, device=ids.device)  # token t sees tokens 0..t only
        for block in self.blocks:
            x = block(x, mask)
        if last_only:
            x = x[:, -1:]  # (B, 1, D)
        return self.lm_head(self.ln_f(x))  # (B, T, V)


@register(family="gpt", group="transformer", input_kind="tokens", input_shape=(128,), title="GPT-2 small",
          paper=PAPER,
          en="GPT-2 small: 12 decoder-only blocks (d_model 768, 12 heads), learnt positions for up to 1024 "
             "tokens and a 50,257-token vocabulary whose embedding matrix is reused as the output layer. A causal "
             "mask lets each token attend only to itself and earlier tokens, so the model learns to predict the "
             "next token. Layer norm comes before each sub-layer (pre-norm).",
          zh="GPT-2 small：12 个仅含解码器的块（d_model 768，12 个头），可学习的位置编码最多 1024 个词元，"
             "词表 50,257，词嵌入矩阵同时用作输出层。因果掩码让每个词元只能关注自己和之前的词元，模型因此学会预测"
             "下一个词元。层归一化放在每个子层之前（pre-norm）。")
def gpt(vocab_size: int = 50_257) -> nn.Module:
    return GPT(vocab_size)


@register(family="gpt", group="transformer", input_kind="tokens", input_shape=(32,), title="Tiny GPT (gpt-nano)",
          paper=PAPER, teaching=True,
          en="minGPT's 'gpt-nano' size: 3 blocks, 3 heads, d_model 48, a 64-character context. Trains on a "
             "CPU quickly enough to watch a character-level language model form.",
          zh="minGPT 中 “gpt-nano” 的规模：3 个块、3 个头、d_model 48，上下文 64 个字符。在 CPU 上训练得足够快，"
             "可以看着一个字符级语言模型逐渐成形。")
def tiny_gpt(vocab_size: int = 64) -> nn.Module:
    return GPT(vocab_size, block_size=64, n_layers=3, n_heads=3, d_model=48, dropout=0.0)
