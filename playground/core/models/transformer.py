"""The encoder-decoder Transformer: Add & Norm, position-wise FFN, masked decoder self-attention, cross-attention.

Ref: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017). Post-norm blocks, as in the paper.
"""
from __future__ import annotations

import math
from functools import partial

import torch.nn as nn

from .attention import MultiHeadAttention, SinusoidalPositionalEncoding, causal_mask
from .registry import register

PAPER = "https://arxiv.org/abs/1706.03762"
# "gelu_tanh": GELU's tanh approximation, as GPT-2 was trained with (Hugging Face's "gelu_new")
_ACT = {"relu": nn.ReLU, "gelu": nn.GELU, "gelu_tanh": partial(nn.GELU, approximate="tanh")}


class FeedForward(nn.Module):
    """FFN(x) = act(x W1 + b1) W2 + b2, applied to every position alone: (B, T, D) -> (B, T, D)."""

    def __init__(self, d_model: int, d_ff: int, activation: str = "relu", dropout: float = 0.0):
        super().__init__()
        self.linear1 = nn.Linear(d_model, d_ff)
        self.activation = _ACT[activation]()
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(d_ff, d_model)

    def forward(self, x):
        return self.linear2(self.dropout(self.activation(self.linear1(x))))


class AddNorm(nn.Module):
    """LayerNorm(x + Dropout(sublayer(x))): the residual 'Add' and the layer 'Norm'."""

    def __init__(self, d_model: int, dropout: float = 0.0, eps: float = 1e-5):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.norm = nn.LayerNorm(d_model, eps=eps)

    def forward(self, x, y):
        return self.norm(x + self.dropout(y))


class EncoderBlock(nn.Module):
    """Self-attention -> Add & Norm -> FFN -> Add & Norm; (B, T, D) in and out."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int, dropout: float = 0.0, activation: str = "relu",
                 eps: float = 1e-5):
        super().__init__()
        self.attention = MultiHeadAttention(d_model, n_heads, dropout)
        self.add_norm1 = AddNorm(d_model, dropout, eps)
        self.ffn = FeedForward(d_model, d_ff, activation, dropout)
        self.add_norm2 = AddNorm(d_model, dropout, eps)

    def forward(self, x, mask=None):
        x = self.add_norm1(x, self.attention(x, x, x, mask))
        return self.add_norm2(x, self.ffn(x))


class DecoderBlock(nn.Module):
    """Masked self-attention -> Add & Norm -> cross-attention (keys, values from the encoder) -> Add & Norm -> FFN
    -> Add & Norm."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int, dropout: float = 0.0, activation: str = "relu"):
        super().__init__()
        self.self_attention = MultiHeadAttention(d_model, n_heads, dropout)
        self.add_norm1 = AddNorm(d_model, dropout)
        self.cross_attention = MultiHeadAttention(d_model, n_heads, dropout)
        self.add_norm2 = AddNorm(d_model, dropout)
        self.ffn = FeedForward(d_model, d_ff, activation, dropout)
        self.add_norm3 = AddNorm(d_model, dropout)

    def forward(self, x, memory, self_mask=None, memory_mask=None):
        x = self.add_norm1(x, self.self_attention(x, x, x, self_mask))          # queries see only earlier positions
        x = self.add_norm2(x, self.cross_attention(x, memory, memory, memory_mask))  # queries from the target
        return self.add_norm3(x, self.ffn(x))


class Transformer(nn.Module):
    """forward(src (B, S), tgt_in (B, T)) -> logits (B, T, tgt_vocab)."""

    def __init__(self, src_vocab: int, tgt_vocab: int, d_model: int = 512, n_heads: int = 8, n_layers: int = 6,
                 d_ff: int = 2048, dropout: float = 0.1, max_len: int = 5000, share_embeddings: bool = False):
        super().__init__()
        if share_embeddings and src_vocab != tgt_vocab:
            raise ValueError("shared embeddings need one vocabulary for source and target")
        self.d_model = d_model
        self.src_embedding = nn.Embedding(src_vocab, d_model)
        self.tgt_embedding = self.src_embedding if share_embeddings else nn.Embedding(tgt_vocab, d_model)
        self.positional = SinusoidalPositionalEncoding(d_model, max_len, dropout)
        self.encoder = nn.ModuleList(EncoderBlock(d_model, n_heads, d_ff, dropout) for _ in range(n_layers))
        self.decoder = nn.ModuleList(DecoderBlock(d_model, n_heads, d_ff, dropout) for _ in range(n_layers))
        self.generator = nn.Linear(d_model, tgt_vocab)
        if share_embeddings:
            self.generator.weight = self.tgt_embedding.weight  # one matrix for both embeddings and the output

    def encode(self, src, src_mask=None):
        x = self.positional(self.src_embedding(src) * math.sqrt(self.d_model))  # (B, S, D)
        for block in self.encoder:
            x = block(x, src_mask)
        return x

    def decode(self, tgt_in, memory, memory_mask=None):
        x = self.positional(self.tgt_embedding(tgt_in) * math.sqrt(self.d_model))  # (B, T, D)
        mask = causal_mask(tgt_in.shape[1], device=tgt_in.device)
        for block in self.decoder:
            x = block(x, memory, mask, memory_mask)
        return x

    def forward(self, src, tgt_in, src_mask=None):
        return self.generator(self.decode(tgt_in, self.encode(src, src_mask), src_mask))


@register(family="transformer", group="transformer", input_kind="token_pair", input_shape=(20, 20),
          title="Transformer (base)", paper=PAPER,
          en="The base model of 'Attention Is All You Need': 6 encoder and 6 decoder blocks, d_model 512, 8 heads, "
             "feed-forward width 2048, sinusoidal positional encodings and a 37,000-token vocabulary shared by "
             "source, target and output layer. Encoder blocks are self-attention and a feed-forward network, each "
             "wrapped in Add & Norm; decoder blocks add masked self-attention (no peeking at later words) and "
             "cross-attention whose keys and values come from the encoder.",
          zh="《Attention Is All You Need》的 base 模型：6 个编码器块和 6 个解码器块，d_model 512，8 个头，前馈层宽 2048，"
             "正弦位置编码，源语言、目标语言和输出层共用一个 37,000 词元的词表。编码器块由自注意力和前馈网络组成，"
             "各自包在 Add & Norm 中；解码器块多了带掩码的自注意力（不能偷看后面的词）和交叉注意力，"
             "其键和值来自编码器。")
def transformer(vocab_size: int = 37_000) -> nn.Module:
    return Transformer(vocab_size, vocab_size, share_embeddings=True)


@register(family="transformer", group="transformer", input_kind="token_pair", input_shape=(8, 8),
          title="Tiny Transformer", paper=PAPER, teaching=True,
          en="A 2+2-block encoder-decoder with d_model 32 and 2 heads for toy tasks such as reversing a string of "
             "digits: small enough to train on a CPU in a minute and watch its cross-attention form.",
          zh="2+2 块的编码器-解码器，d_model 32、2 个头，用于反转数字串之类的小任务：能在 CPU 上一分钟内训练完，"
             "并看到交叉注意力逐渐形成。")
def tiny_transformer(src_vocab: int = 16, tgt_vocab: int = 16) -> nn.Module:
    return Transformer(src_vocab, tgt_vocab, d_model=32, n_heads=2, n_layers=2, d_ff=64, dropout=0.0, max_len=64)
