"""Sequence to sequence with recurrent networks: an encoder reads the source, its final state starts the decoder.

Ref: Sutskever, Vinyals & Le, "Sequence to Sequence Learning with Neural Networks" (NeurIPS 2014).
"""
from __future__ import annotations

import torch.nn as nn

from .recurrent import Recurrent
from .registry import register

PAPER = "https://arxiv.org/abs/1409.3215"


class Seq2Seq(nn.Module):
    """forward(src (B, S), tgt_in (B, T)) -> logits (B, T, tgt_vocab), decoding with teacher forcing."""

    def __init__(self, mode: str, src_vocab: int, tgt_vocab: int, embed_dim: int, hidden_size: int, num_layers: int):
        super().__init__()
        self.src_embedding = nn.Embedding(src_vocab, embed_dim)
        self.encoder = Recurrent(mode, embed_dim, hidden_size, num_layers)
        self.tgt_embedding = nn.Embedding(tgt_vocab, embed_dim)
        self.decoder = Recurrent(mode, embed_dim, hidden_size, num_layers)
        self.generator = nn.Linear(hidden_size, tgt_vocab)

    def encode(self, src):
        _, state = self.encoder(self.src_embedding(src))  # state: (L, B, H), or (h, c) for the LSTM
        return state

    def decode(self, tgt_in, state):
        out, state = self.decoder(self.tgt_embedding(tgt_in), state)  # (B, T, H)
        return self.generator(out), state                              # (B, T, tgt_vocab)

    def forward(self, src, tgt_in):
        logits, _ = self.decode(tgt_in, self.encode(src))
        return logits


@register(family="seq2seq", group="rnn", input_kind="token_pair", input_shape=(20, 20), title="Seq2seq (LSTM)",
          paper=PAPER,
          en="The translation model of Sutskever et al.: a 4-layer LSTM with 1000 units reads the source sentence "
             "(160,000-word vocabulary, 1000-d embeddings) and its final state starts a second 4-layer LSTM that "
             "writes the target (80,000 words). In training the decoder is fed the correct previous word (teacher "
             "forcing). 384 M parameters, most of them in the embeddings and the output layer.",
          zh="Sutskever 等人的翻译模型：一个 4 层、1000 单元的 LSTM 读入源句子（词表 160,000，词向量 1000 维），"
             "它的最终状态作为另一个 4 层 LSTM 的初始状态，由后者生成目标句子（词表 80,000）。训练时解码器的输入是"
             "正确的上一个词（teacher forcing）。共 3.84 亿参数，大部分在词向量和输出层。")
def seq2seq(src_vocab: int = 160_000, tgt_vocab: int = 80_000) -> nn.Module:
    return Seq2Seq("lstm", src_vocab, tgt_vocab, embed_dim=1000, hidden_size=1000, num_layers=4)


@register(family="seq2seq", group="rnn", input_kind="token_pair", input_shape=(8, 8), title="Tiny seq2seq (GRU)",
          paper=PAPER, teaching=True,
          en="A 2-layer GRU encoder-decoder with 64 units for toy tasks such as reversing or sorting a string of "
             "digits; the encoder's final state is the decoder's initial state.",
          zh="2 层、64 单元的 GRU 编码器-解码器，用于反转或排序数字串之类的小任务；编码器的最终状态作为解码器的初始状态。")
def tiny_seq2seq(src_vocab: int = 16, tgt_vocab: int = 16) -> nn.Module:
    return Seq2Seq("gru", src_vocab, tgt_vocab, embed_dim=32, hidden_size=64, num_layers=2)
