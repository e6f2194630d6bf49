"""BERT: a Transformer encoder only, pre-trained with masked-language-model and next-sentence heads.

Ref: Devlin et al., "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding" (NAACL 2019).
The base configuration's parameter count equals Hugging Face's BertForPreTraining (110,106,428).
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .attention import padding_mask
from .registry import register
from .transformer import EncoderBlock

PAPER = "https://arxiv.org/abs/1810.04805"


class MaskedLMHead(nn.Module):
    """dense -> GELU -> LayerNorm -> logits over the vocabulary with the token embedding matrix (tied)."""

    def __init__(self, d_model: int, embedding: nn.Embedding, eps: float = 1e-12):
        super().__init__()
        self.transform = nn.Sequential(nn.Linear(d_model, d_model), nn.GELU(), nn.LayerNorm(d_model, eps=eps))
        self.decoder = nn.Linear(d_model, embedding.num_embeddings)
        self.decoder.weight = embedding.weight

    def forward(self, h):
        return self.decoder(self.transform(h))  # (B, T, V)


class BERT(nn.Module):
    """forward(ids (B, T), segments (B, T) or None) -> (MLM logits (B, T, V), next-sentence logits (B, 2)).

    As Google's BERT and Hugging Face's BertForPreTraining: post-LN blocks, exact (erf) GELU, LayerNorm eps 1e-12
    (`eps` for a checkpoint that says otherwise), an MLM head with its own dense + GELU + LayerNorm transform and a
    decoder tied to the token embeddings with a bias of its own; published weights load unchanged
    (playground.core.published_bert)."""

    def __init__(self, vocab_size: int = 30_522, d_model: int = 768, n_layers: int = 12, n_heads: int = 12,
                 d_ff: int = 3072, max_len: int = 512, n_segments: int = 2, dropout: float = 0.1, pad_id: int = 0,
                 eps: float = 1e-12):
        super().__init__()
        self.max_len, self.pad_id = max_len, pad_id
        self.token_embedding = nn.Embedding(vocab_size, d_model)
        self.position_embedding = nn.Embedding(max_len, d_model)  # learnt, not sinusoidal
        self.segment_embedding = nn.Embedding(n_segments, d_model)  # sentence A or B
        self.embed_norm = nn.LayerNorm(d_model, eps=eps)
        self.dropout = nn.Dropout(dropout)
        self.encoder = nn.ModuleList(EncoderBlock(d_model, n_heads, d_ff, dropout, activation="gelu", eps=eps)
                                     for _ in range(n_layers))
        self.pooler = nn.Sequential(nn.Linear(d_model, d_model), nn.Tanh())  # summarises the [CLS] position
        self.mlm_head = MaskedLMHead(d_model, self.token_embedding, eps)
        self.nsp_head = nn.Linear(d_model, 2)

    def forward(self, ids, segments=None):
        x = self.encode(ids, segments)  # (B, T, D)
        return self.mlm_head(x), self.nsp_head(self.pooler(x[:, 0]))

    def encode(self, ids, segments=None):
        """ids (B, T) -> the last block's hidden states (B, T, D), before either head."""
        B, T = ids.shape
        if T > self.max_len:
            raise ValueError(f"sequence length {T} is longer than the {self.max_len} learnt positions")
        if segments is None:
            segments = torch.zeros_like(ids)
        pos = torch.arange(T, device=ids.device)
        x = self.token_embedding(ids) + self.position_embedding(pos) + self.segment_embedding(segments)
        x = self.dropout(self.embed_norm(x))  # (B, T, D)
        mask = padding_mask(ids, self.pad_id)  # (B, 1, 1, T): padding is never attended to
        for block in self.encoder:
            x = block(x, mask)
        return x


@register(family="bert", group="transformer", input_kind="tokens", input_shape=(128,), title="BERT-base",
          paper=PAPER,
          en="BERT-base: 12 Transformer encoder blocks (d_model 768, 12 heads, GELU feed-forward of 3072) with "
             "learnt position and segment embeddings. Every token attends to the whole sentence in both "
             "directions. Pre-training hides 15% of the tokens and predicts them (masked language model) and "
             "guesses whether sentence B follows sentence A (next-sentence prediction); both heads are included.",
          zh="BERT-base：12 个 Transformer 编码器块（d_model 768，12 个头，GELU 前馈层宽 3072），位置和句段嵌入均为学习得到。"
             "每个词元都能双向看到整句话。预训练时遮住 15% 的词元并预测它们（掩码语言模型），同时判断句子 B 是否紧接"
             "句子 A（下一句预测）；两个输出头都包含在内。")
def bert(vocab_size: int = 30_522) -> nn.Module:
    return BERT(vocab_size)


@register(family="bert", group="transformer", input_kind="tokens", input_shape=(32,), title="Tiny BERT",
          paper=PAPER, teaching=True,
          en="A 2-block BERT with d_model 32 and 2 heads over a character vocabulary, for watching masked-token "
             "prediction and bidirectional attention on short sentences.",
          zh="2 个块、d_model 32、2 个头、字符级词表的小型 BERT，用于在短句上观察掩码词元预测和双向注意力。")
def tiny_bert(vocab_size: int = 64) -> nn.Module:
    return BERT(vocab_size, d_model=32, n_layers=2, n_heads=2, d_ff=64, max_len=64, dropout=0.0)
