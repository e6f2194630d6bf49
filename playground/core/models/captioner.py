"""Show, Attend and Tell: a CNN's grid of annotation vectors, soft attention over it, and an LSTM that writes the
caption one word at a time, each word from its own glimpse of the image.

Ref: Xu et al., "Show, Attend and Tell: Neural Image Caption Generation with Visual Attention" (ICML 2015),
https://arxiv.org/abs/1502.03044; layer sizes from the authors' code (github.com/kelvinxu/arctic-captions).
"""
from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn

from .registry import register
from .vgg import CONFIGS

PAPER = "https://arxiv.org/abs/1502.03044"
PAD, BOS, EOS = 0, 1, 2  # token ids shared by every captioner's vocabulary


def vgg16_conv5_3(in_channels: int = 3) -> nn.Sequential:
    """VGG-16's convolutions up to relu5_3 (pool5 left out): (B, 3, 224, 224) -> (B, 512, 14, 14)."""
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    c = in_channels
    blocks = CONFIGS[16]
    for b, widths in enumerate(blocks, start=1):
        for i, w in enumerate(widths, start=1):
            layers[f"conv{b}_{i}"] = nn.Conv2d(c, w, kernel_size=3, padding=1)  # size kept
            layers[f"relu{b}_{i}"] = nn.ReLU(inplace=True)
            c = w
        if b < len(blocks):
            layers[f"pool{b}"] = nn.MaxPool2d(2, stride=2)  # size halved: 224 -> 112 -> 56 -> 28 -> 14
    return nn.Sequential(layers)


class AddCoords(nn.Module):
    """Appends two channels holding each pixel's row and column, scaled to [-1, 1] (CoordConv, Liu et al. 2018,
    https://arxiv.org/abs/1807.03247): (B, C, H, W) -> (B, C + 2, H, W). Annotation vectors then know where they
    are, which words such as 'above' and 'left of' need."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, _, h, w = x.shape
        ys = torch.linspace(-1, 1, h, device=x.device, dtype=x.dtype).view(1, 1, h, 1).expand(b, 1, h, w)
        xs = torch.linspace(-1, 1, w, device=x.device, dtype=x.dtype).view(1, 1, 1, w).expand(b, 1, h, w)
        return torch.cat([x, ys, xs], dim=1)  # (B, C + 2, H, W)


def small_encoder(widths: tuple[int, ...] = (16, 32, 64), out_channels: int = 64, in_channels: int = 3
                  ) -> nn.Sequential:
    """Coordinate channels, then one 4x4 convolution with stride 2 per width, then a 3x3 convolution that lets each
    cell see its neighbours, each followed by batch norm and ReLU: (B, 3, 64, 64) -> (B, out_channels, 8, 8) for
    three widths. Strided convolutions instead of convolution + max pooling: the same grid for half the arithmetic;
    batch norm makes the encoder learn in a few hundred steps instead of thousands."""
    layers: OrderedDict[str, nn.Module] = OrderedDict(coords=AddCoords())
    c = in_channels + 2
    for i, w in enumerate((*widths, out_channels), start=1):
        last = i == len(widths) + 1
        # the last convolution keeps the size, the others halve it
        layers[f"conv{i}"] = nn.Conv2d(c, w, kernel_size=3 if last else 4, stride=1 if last else 2, padding=1,
                                       bias=False)  # batch norm brings its own bias
        layers[f"bn{i}"] = nn.BatchNorm2d(w)
        layers[f"relu{i}"] = nn.ReLU(inplace=True)
        c = w
    return nn.Sequential(layers)


class SoftAttention(nn.Module):
    """Deterministic soft attention (the paper's eqs. 4-6, f_att an MLP as in the authors' code).

    project(a (B, gh*gw, D)) -> keys (B, gh*gw, D) once per image; forward(keys, h (B, hidden)) -> alpha (B, gh*gw).
    """

    def __init__(self, feature_dim: int, hidden_size: int, deep: bool = True):
        super().__init__()
        self.feature_proj = nn.Linear(feature_dim, feature_dim)  # W_c a_i + b
        self.feature_deep = nn.Linear(feature_dim, feature_dim) if deep else None  # a second layer on the features
        self.state_proj = nn.Linear(hidden_size, feature_dim, bias=False)  # W_d h_{t-1}
        self.score = nn.Linear(feature_dim, 1)  # u^T (.) + c

    def project(self, a: torch.Tensor) -> torch.Tensor:
        keys = self.feature_proj(a)  # (B, gh*gw, D)
        if self.feature_deep is not None:
            keys = torch.tanh(self.feature_deep(keys))  # (B, gh*gw, D)
        return keys

    def forward(self, keys: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        # e_ti = f_att(a_i, h_{t-1}) = u^T tanh(keys_i + W_d h_{t-1}) + c
        e = self.score(torch.tanh(keys + self.state_proj(h).unsqueeze(1))).squeeze(-1)  # (B, gh*gw)
        # alpha_t = softmax(e_t) over the gh*gw regions
        return torch.softmax(e, dim=-1)  # (B, gh*gw)


class ShowAttendTell(nn.Module):
    """forward(images (B, 3, H, W), captions (B, T) or None) -> logits (B, T, V).

    With captions (token ids starting with <bos>) the decoder is teacher-forced: step t reads captions[:, t] and
    predicts the next token. Without, it decodes greedily for `max_len` steps, feeding back its own best word. forward()
    keeps the attention weights (B, T, gh*gw) and the gates beta (B, T) of its last call in `self.attention_weights`
    and `self.beta` (labml-style, for inspection); decode() returns them with the logits and stores nothing, so one
    shared model can caption for many callers at once.
    """

    def __init__(self, encoder: nn.Module, feature_dim: int, vocab_size: int, embed_dim: int, hidden_size: int,
                 init_layers: int = 1, deep_attention: bool = False, max_len: int = 16, dropout: float = 0.0):
        super().__init__()
        self.encoder = encoder
        self.max_len = max_len
        self.embedding = nn.Embedding(vocab_size, embed_dim)  # E
        # h_0 = tanh(f_init_h(mean_i a_i)), c_0 = tanh(f_init_c(mean_i a_i)), with init_layers - 1 ReLU layers first
        self.init_mlp = nn.Sequential(OrderedDict(
            (f"fc{i}", nn.Sequential(nn.Linear(feature_dim, feature_dim), nn.ReLU())) for i in range(init_layers - 1)))
        self.init_h = nn.Linear(feature_dim, hidden_size)
        self.init_c = nn.Linear(feature_dim, hidden_size)
        self.attention = SoftAttention(feature_dim, hidden_size, deep=deep_attention)
        self.gate = nn.Linear(hidden_size, 1)  # beta_t = sigmoid(f_beta(h_{t-1}))
        self.lstm = nn.LSTMCell(embed_dim + feature_dim, hidden_size)  # reads [E y_{t-1}; z_t]
        self.dropout = nn.Dropout(dropout)
        # deep output: p(y_t) = softmax(L_o tanh(E y_{t-1} + L_h h_t + L_z z_t))
        self.out_h = nn.Linear(hidden_size, embed_dim)  # L_h
        self.out_z = nn.Linear(feature_dim, embed_dim)  # L_z
        self.out = nn.Linear(embed_dim, vocab_size)  # L_o
        self.attention_weights: torch.Tensor | None = None
        self.beta: torch.Tensor | None = None

    def annotations(self, images: torch.Tensor) -> tuple[torch.Tensor, tuple[int, int]]:
        """images (B, 3, H, W) -> annotation vectors a (B, gh*gw, D) and the grid (gh, gw)."""
        fmap = self.encoder(images)  # (B, D, gh, gw)
        gh, gw = fmap.shape[-2:]
        return fmap.flatten(2).transpose(1, 2), (gh, gw)  # (B, gh*gw, D)

    def start(self, a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mean = self.init_mlp(a.mean(dim=1))  # (B, D)
        return torch.tanh(self.init_h(mean)), torch.tanh(self.init_c(mean))  # (B, hidden) each

    def step(self, a, keys, word, h, c):
        """One decoder step: previous word ids (B,) and state -> logits (B, V), alpha (B, gh*gw), beta (B,), h, c."""
        alpha = self.attention(keys, h)  # (B, gh*gw), from h_{t-1}
        beta = torch.sigmoid(self.gate(h)).squeeze(-1)  # (B,)
        # z_t = beta_t * sum_i alpha_ti a_i
        z = beta.unsqueeze(-1) * torch.bmm(alpha.unsqueeze(1), a).squeeze(1)  # (B, D)
        emb = self.embedding(word)  # (B, E)
        h, c = self.lstm(torch.cat([emb, z], dim=-1), (h, c))  # (B, hidden) each
        logits = self.out(self.dropout(torch.tanh(emb + self.out_h(self.dropout(h)) + self.out_z(z))))  # (B, V)
        return logits, alpha, beta, h, c

    def decode(self, images: torch.Tensor, captions: torch.Tensor | None = None, max_len: int | None = None,
               stop_at_eos: bool = False):
        """-> (tokens (B, T), logits (B, T, V), alphas (B, T, gh*gw), betas (B, T)); tokens are the fed-back greedy
        words (or the argmax under teacher forcing). stop_at_eos ends greedy decoding once every row wrote <eos>."""
        a, _ = self.annotations(images)  # (B, gh*gw, D)
        keys = self.attention.project(a)  # (B, gh*gw, D), computed once per image
        h, c = self.start(a)
        steps = captions.shape[1] if captions is not None else (max_len or self.max_len)
        word = captions[:, 0] if captions is not None else torch.full(a.shape[:1], BOS, dtype=torch.long,
                                                                      device=a.device)
        done = torch.zeros(a.shape[:1], dtype=torch.bool, device=a.device)
        tokens, logits, alphas, betas = [], [], [], []
        for t in range(steps):
            out, alpha, beta, h, c = self.step(a, keys, word, h, c)
            best = out.argmax(dim=-1)  # (B,)
            tokens.append(best)
            logits.append(out)
            alphas.append(alpha)
            betas.append(beta)
            if captions is not None:
                word = captions[:, t + 1] if t + 1 < steps else best
            else:
                word = best
                if stop_at_eos:
                    done = done | (best == EOS)
                    if bool(done.all()):
                        break
        return torch.stack(tokens, 1), torch.stack(logits, 1), torch.stack(alphas, 1), torch.stack(betas, 1)

    def forward(self, images: torch.Tensor, captions: torch.Tensor | None = None) -> torch.Tensor:
        _, logits, alphas, betas = self.decode(images, captions)
        self.attention_weights, self.beta = alphas.detach(), betas.detach()  # (B, T, gh*gw), (B, T)
        return logits  # (B, T, V)


@register(family="show_attend_tell", group="rnn", input_kind="image", input_shape=(3, 224, 224),
          title="Show, Attend and Tell", paper=PAPER,
          en="The captioner of Xu et al.: VGG-16 up to conv5_3 turns a 224x224 image into a 14x14 grid of 196 "
             "annotation vectors of 512 numbers each. A fully connected layer maps their mean to the LSTM's first "
             "hidden and cell state; then, for every word, soft attention weighs the 196 regions from the previous "
             "hidden state, a gate beta scales the weighted sum, and an LSTM with 1800 units writes the next word "
             "from a 10,000-word vocabulary (512-d embeddings), through a deep output layer. Sizes from the "
             "authors' code for MS COCO. Without a caption it decodes greedily for 16 steps.",
          zh="Xu 等人的图像描述模型：VGG-16 取到 conv5_3，把 224x224 的图像变成 14x14 共 196 个标注向量，每个 512 维。"
             "一个全连接层把它们的平均值映射为 LSTM 的初始隐藏状态和记忆单元；之后每生成一个词，软注意力都根据上一步的"
             "隐藏状态给 196 个区域加权，门控标量 beta 缩放加权和，1800 单元的 LSTM 经深层输出层从 10,000 词的词表"
             "（词向量 512 维）中写出下一个词。尺寸取自作者在 MS COCO 上的代码。不给描述时贪心解码 16 步。")
def show_attend_tell(vocab_size: int = 10_000) -> nn.Module:
    return ShowAttendTell(vgg16_conv5_3(), feature_dim=512, vocab_size=vocab_size, embed_dim=512, hidden_size=1800,
                          init_layers=2, deep_attention=True, max_len=16, dropout=0.5)


@register(family="show_attend_tell", group="rnn", input_kind="image", input_shape=(3, 64, 64),
          title="Tiny Show, Attend and Tell", paper=PAPER, teaching=True,
          en="Show, Attend and Tell at 64x64 for scenes of two coloured shapes. Two coordinate channels are added "
             "to the picture (so each region knows where it is), three stride-2 4x4 convolutions (16, 32, 64 "
             "channels) and a 3x3 one, each with batch norm, give an 8x8 grid of 64 annotation vectors of 64 "
             "numbers; soft attention, the gate beta and a 128-unit LSTM write captions such as 'red circle above "
             "blue square' from a 14-word vocabulary. Without a caption it decodes greedily for 8 steps.",
          zh="64x64 尺寸的 Show, Attend and Tell，用于两个彩色形状的场景。图片先加上两个坐标通道（让每个区域知道自己"
             "的位置），再经过三个步长为 2 的 4x4 卷积（16、32、64 通道）和一个 3x3 卷积（均带批归一化），得到 8x8 共 "
             "64 个 64 维标注向量；软注意力、门控 beta 和 128 单元的 LSTM 从 14 个词的词表中写出 'red circle above "
             "blue square' 这样的描述。不给描述时贪心解码 8 步。")
def tiny_show_attend_tell(vocab_size: int = 14) -> nn.Module:
    return ShowAttendTell(small_encoder((16, 32, 64), 64), feature_dim=64, vocab_size=vocab_size, embed_dim=32,
                          hidden_size=128, init_layers=1, deep_attention=False, max_len=8)
