"""Simple RNN, LSTM and GRU written out step by step, and sequence models built on them.

Refs: Elman, "Finding Structure in Time" (1990); Hochreiter & Schmidhuber, "Long Short-Term Memory" (1997);
Cho et al., "Learning Phrase Representations using RNN Encoder-Decoder" (2014).
Parameter names, shapes and gate order (LSTM: i, f, g, o; GRU: r, z, n) equal torch.nn.RNN / LSTM / GRU, so their
state_dicts load into `Recurrent` and the outputs agree.
"""
from __future__ import annotations

import math
import threading

import torch
import torch.nn as nn
import torch.nn.functional as F

from .registry import register

N_GATES = {"rnn": 1, "lstm": 4, "gru": 3}
GATE_NAMES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h")}


class Recurrent(nn.Module):
    """A stack of recurrent layers over (B, T, F) inputs (batch first).

    Returns (output (B, T, H) of the top layer, final state): h (L, B, H), or (h, c) for the LSTM.
    With `record = True`, `self.gates` holds every gate per layer, step and unit: name -> (L, B, T, H).
    With `probe` set to {"h": (L, B, T, H)} (and "c" for the LSTM) tensors of zeros that require grad, each is added
    to the state after its step, so the gradient with respect to probe[...][l, :, t] is the gradient with respect to
    layer l's state after step t (playground.gates measures vanishing gradients with it).
    """

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh"):
        super().__init__()
        if mode not in N_GATES:
            raise ValueError(f"mode must be one of {sorted(N_GATES)}, not {mode!r}")
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.nonlinearity = nonlinearity
        g = N_GATES[mode] * hidden_size
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size
            self.register_parameter(f"weight_ih_l{layer}", nn.Parameter(torch.empty(g, width)))
            self.register_parameter(f"weight_hh_l{layer}", nn.Parameter(torch.empty(g, hidden_size)))
            self.register_parameter(f"bias_ih_l{layer}", nn.Parameter(torch.empty(g)))
            self.register_parameter(f"bias_hh_l{layer}", nn.Parameter(torch.empty(g)))
        # record / probe_thread: True (or None), or the id of the one thread whose passes record gates and take the
        # probe; other visitors' passes through the same shared model (in other threads) are plain passes.
        self.record: bool | int = False
        self.gates: dict[str, torch.Tensor] = {}
        self.probe: dict[str, torch.Tensor] | None = None
        self.probe_thread: int | None = None
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.hidden_size)  # PyTorch's default: U(-1/sqrt(H), 1/sqrt(H))
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def extra_repr(self) -> str:
        return f"{self.mode}, {self.input_size}, {self.hidden_size}, num_layers={self.num_layers}"

    def forward(self, x, state=None):
        B, T, _ = x.shape
        L, H = self.num_layers, self.hidden_size
        if state is None:
            zeros = x.new_zeros(L, B, H)
            state = (zeros, zeros) if self.mode == "lstm" else zeros
        h0, c0 = state if self.mode == "lstm" else (state, None)
        here = threading.get_ident()
        recording = self.record is True or self.record == here
        probe = self.probe if self.probe_thread in (None, here) else None
        trace = {name: [] for name in GATE_NAMES[self.mode]} if recording else None
        h_last, c_last = [], []
        layer_in = x
        for layer in range(L):
            w_ih, w_hh = getattr(self, f"weight_ih_l{layer}"), getattr(self, f"weight_hh_l{layer}")
            b_ih, b_hh = getattr(self, f"bias_ih_l{layer}"), getattr(self, f"bias_hh_l{layer}")
            xw = F.linear(layer_in, w_ih, b_ih)  # (B, T, G*H): the input part of every step at once
            h, c = h0[layer], (c0[layer] if c0 is not None else None)
            steps = {name: [] for name in GATE_NAMES[self.mode]}
            for t in range(T):
                hw = F.linear(h, w_hh, b_hh)  # (B, G*H)
                if self.mode == "lstm":
                    i, f, g, o = (xw[:, t] + hw).chunk(4, dim=-1)
                    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
                    c = f * c + i * g      # c_t = f * c_{t-1} + i * g
                    h = o * c.tanh()       # h_t = o * tanh(c_t)
                    values = (i, f, g, o, c, h)
                elif self.mode == "gru":
                    xr, xz, xn = xw[:, t].chunk(3, dim=-1)
                    hr, hz, hn = hw.chunk(3, dim=-1)
                    r = (xr + hr).sigmoid()
                    z = (xz + hz).sigmoid()
                    n = (xn + r * hn).tanh()  # n_t = tanh(W_in x + b_in + r * (W_hn h + b_hn))
                    h = (1 - z) * n + z * h   # h_t = (1 - z) * n + z * h_{t-1}
                    values = (r, z, n, h)
                else:
                    a = xw[:, t] + hw
                    h = a.tanh() if self.nonlinearity == "tanh" else a.relu()  # h_t = tanh(W x + U h_{t-1} + b)
                    values = (h,)
                if probe is not None:  # zeros: the values stay, the gradient reaches the state after step t
                    h = h + probe["h"][layer, :, t]
                    c = c + probe["c"][layer, :, t] if c is not None else None
                    values = (*values[:-2], c, h) if self.mode == "lstm" else (*values[:-1], h)
                for name, v in zip(GATE_NAMES[self.mode], values):
                    steps[name].append(v)
            layer_in = torch.stack(steps["h"], dim=1)  # (B, T, H)
            h_last.append(h)
            c_last.append(c)
            if trace is not None:
                for name, vs in steps.items():
                    trace[name].append(torch.stack(vs, dim=1).detach())  # (B, T, H)
        if trace is not None:
            self.gates = {name: torch.stack(vs) for name, vs in trace.items()}  # (L, B, T, H)
        h_n = torch.stack(h_last)  # (L, B, H)
        final = (h_n, torch.stack(c_last)) if self.mode == "lstm" else h_n
        return layer_in, final


class RecurrentNet(nn.Module):
    """Embedding (for token ids) or raw features -> Recurrent -> Linear on the last step or on every step."""

    def __init__(self, mode: str, hidden_size: int, num_layers: int, n_outputs: int, vocab_size: int | None = None,
                 embed_dim: int | None = None, n_features: int | None = None, per_step: bool = False):
        super().__init__()
        if (vocab_size is None) == (n_features is None):
            raise ValueError("give either vocab_size (token ids) or n_features (real-valued series)")
        self.per_step = per_step
        self.embedding = nn.Embedding(vocab_size, embed_dim) if vocab_size else None
        self.rnn = Recurrent(mode, embed_dim if vocab_size else n_features, hidden_size, num_layers)
        self.head = nn.Linear(hidden_size, n_outputs)

    def forward(self, x):
        if self.embedding is not None:
            x = self.embedding(x)  # (B, T) -> (B, T, E)
        out, _ = self.rnn(x)       # (B, T, H)
        return self.head(out if self.per_step else out[:, -1])  # (B, T, n_out) or (B, n_out)


_FULL = dict(vocab_size=10_000, embed_dim=128, hidden_size=256, num_layers=2, n_outputs=2)
_PAPERS = {"rnn": "https://doi.org/10.1207/s15516709cog1402_1",
           "lstm": "https://doi.org/10.1162/neco.1997.9.8.1735",
           "gru": "https://arxiv.org/abs/1406.1078"}


@register(family="rnn", group="rnn", input_kind="tokens", input_shape=(64,), title="RNN (Elman)",
          paper=_PAPERS["rnn"],
          en="A simple recurrent network as a sentence classifier: 10,000-word vocabulary, 128-d embeddings, two "
             "layers of 256 tanh units, and a 2-way output read from the last step. The same weights are applied "
             "at every step, h_t = tanh(W x_t + U h_(t-1) + b), so the hidden state carries what came before; "
             "gradients through many steps tend to vanish or explode.",
          zh="作为句子分类器的简单循环网络：词表 10,000、128 维词向量、两层各 256 个 tanh 单元，在最后一步读出二分类结果。"
             "每个时间步使用同一组权重，h_t = tanh(W x_t + U h_(t-1) + b)，隐藏状态因此携带前文信息；"
             "跨越很多步的梯度容易消失或爆炸。")
def rnn(n_outputs: int = 2, vocab_size: int = 10_000) -> nn.Module:
    return RecurrentNet("rnn", **{**_FULL, "n_outputs": n_outputs, "vocab_size": vocab_size})


@register(family="lstm", group="rnn", input_kind="tokens", input_shape=(64,), title="LSTM", paper=_PAPERS["lstm"],
          en="The same sentence classifier with LSTM layers: each unit keeps a memory cell c and three gates. The "
             "forget gate decides what of c to keep, the input gate what new content to write, the output gate "
             "what to expose as h. Because c is updated by addition, gradients survive many steps. Four weight "
             "sets per layer, so four times the simple RNN's recurrent parameters.",
          zh="同样的句子分类器，改用 LSTM 层：每个单元有一个记忆细胞 c 和三个门。遗忘门决定保留多少 c，"
             "输入门决定写入多少新内容，输出门决定把多少作为 h 输出。c 通过加法更新，梯度因此能跨越很多步。"
             "每层有四组权重，循环部分参数是简单 RNN 的四倍。")
def lstm(n_outputs: int = 2, vocab_size: int = 10_000) -> nn.Module:
    return RecurrentNet("lstm", **{**_FULL, "n_outputs": n_outputs, "vocab_size": vocab_size})


@register(family="gru", group="rnn", input_kind="tokens", input_shape=(64,), title="GRU", paper=_PAPERS["gru"],
          en="The same sentence classifier with GRU layers: a reset gate chooses how much of the past to use when "
             "proposing new content, and an update gate blends the old state with the proposal. No separate "
             "memory cell and three weight sets per layer, so it is lighter than the LSTM.",
          zh="同样的句子分类器，改用 GRU 层：重置门决定在生成候选内容时使用多少过去的信息，更新门把旧状态与候选内容"
             "按比例混合。没有单独的记忆细胞，每层三组权重，比 LSTM 更轻。")
def gru(n_outputs: int = 2, vocab_size: int = 10_000) -> nn.Module:
    return RecurrentNet("gru", **{**_FULL, "n_outputs": n_outputs, "vocab_size": vocab_size})


@register(family="rnn", group="rnn", input_kind="series", input_shape=(40, 1), title="Tiny RNN (series)",
          paper=_PAPERS["rnn"], teaching=True,
          en="A one-layer simple RNN with 16 units that reads a real-valued series and predicts the next value at "
             "every step, e.g. the next point of a sine wave.",
          zh="单层、16 个单元的简单 RNN，读入实数序列并在每一步预测下一个值，例如正弦波的下一个点。")
def tiny_rnn(n_outputs: int = 1, n_features: int = 1, hidden_size: int = 16) -> nn.Module:
    return RecurrentNet("rnn", hidden_size, 1, n_outputs, n_features=n_features, per_step=True)


@register(family="lstm", group="rnn", input_kind="tokens", input_shape=(24,), title="Tiny LSTM", paper=_PAPERS["lstm"],
          teaching=True,
          en="A one-layer LSTM with 16 units that labels every step of a short symbol sequence, e.g. the current "
             "bracket depth, a task whose solution a single gate can show.",
          zh="单层、16 个单元的 LSTM，为短符号序列的每一步打标签，例如当前括号深度；这类任务的解法可以在单个门上看出来。")
def tiny_lstm(n_outputs: int = 8, vocab_size: int = 8, embed_dim: int = 8, hidden_size: int = 16) -> nn.Module:
    return RecurrentNet("lstm", hidden_size, 1, n_outputs, vocab_size=vocab_size, embed_dim=embed_dim, per_step=True)


@register(family="rnn", group="rnn", input_kind="tokens", input_shape=(24,), title="Tiny RNN tagger",
          paper=_PAPERS["rnn"], teaching=True,
          en="A one-layer simple RNN with 16 tanh units on the tiny LSTM's per-step labelling task: no gates and no "
             "memory cell, so it shows what gates add, and how fast its gradient fades over the steps.",
          zh="单层、16 个 tanh 单元的简单 RNN，任务与小型 LSTM 相同（逐步打标签）：没有门也没有记忆细胞，"
             "可以看出门带来了什么，以及它的梯度随步数衰减得有多快。")
def tiny_rnn_tagger(n_outputs: int = 8, vocab_size: int = 8, embed_dim: int = 8, hidden_size: int = 16) -> nn.Module:
    return RecurrentNet("rnn", hidden_size, 1, n_outputs, vocab_size=vocab_size, embed_dim=embed_dim, per_step=True)


@register(family="gru", group="rnn", input_kind="tokens", input_shape=(24,), title="Tiny GRU", paper=_PAPERS["gru"],
          teaching=True,
          en="A one-layer GRU with 16 units on the same per-step labelling task as the tiny LSTM, for comparing "
             "the two kinds of gates side by side.",
          zh="单层、16 个单元的 GRU，任务与小型 LSTM 相同（逐步打标签），便于并排比较两种门控。")
def tiny_gru(n_outputs: int = 8, vocab_size: int = 8, embed_dim: int = 8, hidden_size: int = 16) -> nn.Module:
    return RecurrentNet("gru", hidden_size, 1, n_outputs, vocab_size=vocab_size, embed_dim=embed_dim, per_step=True)
