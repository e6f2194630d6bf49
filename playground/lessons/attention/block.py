"""Inside one Transformer encoder block, step by step with the shape after each: embedding × √d_model, + PE, every
head, Concat(heads)·Wᴼ, Add & Norm, the feed-forward network, Add & Norm; Post-LN or Pre-LN. No gradio. Refs:
Vaswani et al. 2017 §3.1-3.4 (arxiv.org/abs/1706.03762); Xiong et al. 2020, Pre-LN (arxiv.org/abs/2002.04745)."""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import torch
import torch.nn as nn

from playground.core.data.vocab import TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models.attention import sinusoidal_table
from playground.core.models.transformer import EncoderBlock
from playground.core.session import trained_model_for

SHIPPED = "pretrained/tiny_transformer_reverse"
SOURCES = ("shipped", "random")  # the shipped Transformer's first encoder block on digits; a random block on words
NORMS = ("post", "pre")  # LayerNorm after each residual addition (the paper), or first inside each branch
EXAMPLES = {"shipped": "31415926", "random": "the cat sat on the mat"}
MAX_BLOCK_TOKENS = 16  # every number of the block is drawn, so it reads at most this many tokens
MAX_WORD = 12  # characters of a word shown on the axes (its vector comes from the whole word)
RANDOM_D_MODEL, RANDOM_HEADS, RANDOM_D_FF = 16, 4, 64  # d_ff = 4 × d_model, as in the paper (512 -> 2048)
RANDOM_ROWS = 1024  # rows of the random block's embedding table; a word takes row crc32(word) % RANDOM_ROWS
SEED = 0
# What each step's value is, in the dimension letters of the table: T tokens, h heads, d_k = d_model / h.
SYMBOLS = {"heads": "(h, T, d_k)", "ffn_hidden": "(T, d_ff)", "activation": "(T, d_ff)"}


@dataclass(frozen=True)
class BlockWeights:
    """One encoder block's parameters as plain tensors, Linear layout (out, in): Q, K, V, O projections, the two
    LayerNorms' (γ, β), the FFN's two layers."""
    w_q: torch.Tensor
    b_q: torch.Tensor
    w_k: torch.Tensor
    b_k: torch.Tensor
    w_v: torch.Tensor
    b_v: torch.Tensor
    w_o: torch.Tensor
    b_o: torch.Tensor
    norm1: tuple[torch.Tensor, torch.Tensor]
    norm2: tuple[torch.Tensor, torch.Tensor]
    w_1: torch.Tensor
    b_1: torch.Tensor
    w_2: torch.Tensor
    b_2: torch.Tensor
    n_heads: int
    eps: float

    @property
    def d_model(self) -> int:
        return self.w_q.shape[1]

    @property
    def d_ff(self) -> int:
        return self.w_1.shape[0]


@dataclass(frozen=True)
class BlockInput:
    """What the block reads: the tokens, their embedding rows (T, d_model) and the block's weights."""
    source: str
    tokens: list[str]
    embedded: torch.Tensor
    weights: BlockWeights


@dataclass(frozen=True)
class Step:
    """One step of the block: its key (text key attention_block_step_<key>), formula and value."""
    key: str
    formula: str
    value: np.ndarray

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.key, "(T, d_model)")


@dataclass(frozen=True)
class BlockTrace:
    """Every step in order, each head's attention weights (h, T, T), and each LayerNorm's input statistics:
    stats[name] = (mean (T,), variance (T,)), the variance over d_model with no Bessel correction."""
    source: str
    norm: str
    tokens: list[str]
    steps: list[Step]
    weights: np.ndarray
    stats: dict[str, tuple[np.ndarray, np.ndarray]]
    n_heads: int
    d_model: int
    d_ff: int

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


# ---------------------------------------------------------------------------------------------------------------
# Weights

def weights_of_registry_block(block: EncoderBlock) -> BlockWeights:
    """The registry's own EncoderBlock (playground.core.models.transformer) as BlockWeights."""
    att, ffn = block.attention, block.ffn
    if not isinstance(ffn.activation, nn.ReLU):
        raise ValueError(f"expected a ReLU feed-forward network, got {ffn.activation}")
    return BlockWeights(att.q_proj.weight, att.q_proj.bias, att.k_proj.weight, att.k_proj.bias, att.v_proj.weight,
                        att.v_proj.bias, att.out_proj.weight, att.out_proj.bias,
                        (block.add_norm1.norm.weight, block.add_norm1.norm.bias),
                        (block.add_norm2.norm.weight, block.add_norm2.norm.bias), ffn.linear1.weight,
                        ffn.linear1.bias, ffn.linear2.weight, ffn.linear2.bias, att.n_heads, block.add_norm1.norm.eps)


def weights_of_torch_layer(layer: nn.TransformerEncoderLayer) -> BlockWeights:
    """A torch.nn.TransformerEncoderLayer (ReLU) as BlockWeights: in_proj stacks W_Q, W_K, W_V row-wise."""
    att = layer.self_attn
    w_q, w_k, w_v = att.in_proj_weight.chunk(3)  # (d_model, d_model) each
    b_q, b_k, b_v = att.in_proj_bias.chunk(3)
    return BlockWeights(w_q, b_q, w_k, b_k, w_v, b_v, att.out_proj.weight, att.out_proj.bias,
                        (layer.norm1.weight, layer.norm1.bias), (layer.norm2.weight, layer.norm2.bias),
                        layer.linear1.weight, layer.linear1.bias, layer.linear2.weight, layer.linear2.bias,
                        att.num_heads, layer.norm1.eps)


def shipped_model() -> nn.Module:
    """The shipped encoder-decoder that reverses digit strings (shared, read-only)."""
    return trained_model_for(SHIPPED, None)[0]


@lru_cache(maxsize=1)
def random_block() -> tuple[torch.Tensor, nn.TransformerEncoderLayer]:
    """The seeded random block: an embedding table (RANDOM_ROWS, d_model) drawn with std 1/√d_model (as when it
    is shared with the output layer), and a torch.nn.TransformerEncoderLayer (d_ff = 4 d_model, ReLU, no dropout)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        layer = nn.TransformerEncoderLayer(RANDOM_D_MODEL, RANDOM_HEADS, RANDOM_D_FF, dropout=0.0,
                                           activation="relu", batch_first=True)
        table = torch.randn(RANDOM_ROWS, RANDOM_D_MODEL) / math.sqrt(RANDOM_D_MODEL)
    layer.eval().requires_grad_(False)
    return table, layer


# ---------------------------------------------------------------------------------------------------------------
# Input

def check_choice(source: str, norm: str) -> None:
    """Raise attention_block_bad_choice unless source is one of SOURCES and norm one of NORMS."""
    if source not in SOURCES or norm not in NORMS:
        raise PlaygroundError("attention_block_bad_choice", source=str(source)[:40], norm=str(norm)[:40])


def word_row(word: str) -> int:
    """The random table's row of a word: the same word always gets the same vector."""
    return zlib.crc32(word.encode("utf-8")) % RANDOM_ROWS


def read_block_input(source: str, text) -> BlockInput:
    """Typed text -> BlockInput: digits for the shipped Transformer, words (split at spaces) for the random
    block; at most MAX_BLOCK_TOKENS tokens."""
    check_choice(source, "post")
    # Control characters and lone surrogates are dropped: they would name no word and break the page's JSON.
    text = "".join(c for c in str(text or "") if c.isprintable() or c.isspace()).strip()
    if not text:
        raise PlaygroundError("attention_empty")
    if source == "shipped":
        tokens = [c for c in text if not c.isspace() and c not in ",;"]
        unknown = sorted({c for c in tokens if c not in "0123456789"})
        if unknown:
            raise PlaygroundError("attention_block_digits", symbols=" ".join(unknown[:12]))
    else:
        tokens = text.lower().split()
    if len(tokens) > MAX_BLOCK_TOKENS:
        raise PlaygroundError("attention_block_too_long", n=len(tokens), limit=MAX_BLOCK_TOKENS)
    if source == "shipped":
        model = shipped_model()
        ids = torch.tensor([TOKEN_VOCAB.index(c) for c in tokens])  # digit d has id d + 3
        return BlockInput(source, tokens, model.src_embedding.weight.detach()[ids],
                          weights_of_registry_block(model.encoder[0]))
    table, layer = random_block()
    rows = torch.tensor([word_row(w) for w in tokens])
    shown = [w if len(w) <= MAX_WORD else w[:MAX_WORD - 1] + "…" for w in tokens]  # axis labels stay short
    return BlockInput(source, shown, table[rows], weights_of_torch_layer(layer))


# ---------------------------------------------------------------------------------------------------------------
# The block, in NumPy float32: on a busy 2-core machine each of torch's small matrix products waited ~20 ms for
# its second thread after the figures' work; NumPy's take microseconds. Tests hold it to torch's modules.

def as_arrays(w: BlockWeights) -> BlockWeights:
    """The same weights as float32 NumPy arrays."""
    def arr(t):
        return t.detach().cpu().numpy().astype(np.float32) if isinstance(t, torch.Tensor) else np.float32(t)
    fields = {k: getattr(w, k) for k in ("w_q", "b_q", "w_k", "b_k", "w_v", "b_v", "w_o", "b_o", "w_1", "b_1",
                                         "w_2", "b_2")}
    return replace(w, **{k: arr(v) for k, v in fields.items()}, norm1=tuple(arr(t) for t in w.norm1),
                   norm2=tuple(arr(t) for t in w.norm2))


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float):
    """(T, D) -> (LayerNorm(x) (T, D), mean (T,), variance (T,)); y = γ (x - μ) / √(σ² + ε) + β per token."""
    mean = x.mean(axis=-1)  # (T,)
    var = x.var(axis=-1)  # (T,): divided by D, as LayerNorm does
    y = (x - mean[:, None]) / np.sqrt(var[:, None] + np.float32(eps)) * gamma + beta
    return y, mean, var


def softmax(s: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (each row sums to 1)."""
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def multi_head(x: np.ndarray, w: BlockWeights) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x (T, D) -> (heads (h, T, d_k), weights (h, T, T), Concat(heads) (T, D), MHA(x) (T, D))."""
    t, d = x.shape
    h = w.n_heads
    d_k = d // h

    def split(y):
        return y.reshape(t, h, d_k).transpose(1, 0, 2)  # (h, T, d_k)

    # Q = x W_Q^T + b_Q, and so K and V
    q, k, v = (split(x @ wt.T + b) for wt, b in ((w.w_q, w.b_q), (w.w_k, w.b_k), (w.w_v, w.b_v)))
    # head_i = softmax(Q_i K_i^T / sqrt(d_k)) V_i
    weights = softmax(q @ k.transpose(0, 2, 1) / np.float32(math.sqrt(d_k)))  # (h, T, T)
    heads = weights @ v  # (h, T, d_k)
    concat = heads.transpose(1, 0, 2).reshape(t, d)  # (T, h * d_k): the heads side by side
    # MultiHead(x) = Concat(head_1..head_h) W_O + b_O
    return heads, weights, concat, concat @ w.w_o.T + w.b_o


def feed_forward(x: np.ndarray, w: BlockWeights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x (T, D) -> (x W_1 + b_1 (T, d_ff), its ReLU (T, d_ff), FFN(x) = ReLU(x W_1 + b_1) W_2 + b_2 (T, D))."""
    hidden = x @ w.w_1.T + w.b_1
    active = np.maximum(hidden, np.float32(0))
    return hidden, active, active @ w.w_2.T + w.b_2


def run_block(inp: BlockInput, norm: str) -> BlockTrace:
    """The block on the input: Post-LN is LayerNorm(x + Sublayer(x)) (the paper), Pre-LN x + Sublayer(LayerNorm(x))."""
    check_choice(inp.source, norm)
    w = as_arrays(inp.weights)
    d = w.d_model
    e = inp.embedded.detach().cpu().numpy().astype(np.float32)  # (T, D)
    scaled = e * np.float32(math.sqrt(d))  # the paper multiplies the embedding by sqrt(d_model); scores divide by sqrt(d_k)
    x = scaled + sinusoidal_table(len(inp.tokens), d).numpy()  # (T, D)
    steps = [Step("embedding", "e = E[token]", e), Step("scaled", "e · √d_model", scaled),
             Step("input", "x = e · √d_model + PE", x)]
    stats = {}
    if norm == "post":
        heads, weights, concat, mha = multi_head(x, w)
        a = x + mha
        y, *stats["norm1"] = layer_norm(a, *w.norm1, w.eps)  # stats: (mean, variance) of a, per token
        hidden, active, ffn = feed_forward(y, w)
        b = y + ffn
        out, *stats["norm2"] = layer_norm(b, *w.norm2, w.eps)
        steps += [Step("heads", "head_i = softmax(Q_i K_iᵀ / √d_k) V_i", heads),
                  Step("concat", "Concat(head_1 … head_h)", concat),
                  Step("attention", "MHA(x) = Concat · Wᴼ + bᴼ", mha), Step("add1", "a = x + MHA(x)", a),
                  Step("norm1", "y = LayerNorm(a)", y), Step("ffn_hidden", "z = y W₁ + b₁", hidden),
                  Step("activation", "ReLU(z)", active), Step("ffn", "FFN(y) = ReLU(z) W₂ + b₂", ffn),
                  Step("add2", "b = y + FFN(y)", b), Step("norm2", "out = LayerNorm(b)", out)]
    else:
        n1, *stats["norm1"] = layer_norm(x, *w.norm1, w.eps)
        heads, weights, concat, mha = multi_head(n1, w)
        a = x + mha
        n2, *stats["norm2"] = layer_norm(a, *w.norm2, w.eps)
        hidden, active, ffn = feed_forward(n2, w)
        out = a + ffn  # the residual path from x to out carries no LayerNorm
        steps += [Step("norm1", "n₁ = LayerNorm(x)", n1),
                  Step("heads", "head_i = softmax(Q_i K_iᵀ / √d_k) V_i", heads),
                  Step("concat", "Concat(head_1 … head_h)", concat),
                  Step("attention", "MHA(n₁) = Concat · Wᴼ + bᴼ", mha), Step("add1", "a = x + MHA(n₁)", a),
                  Step("norm2", "n₂ = LayerNorm(a)", n2), Step("ffn_hidden", "z = n₂ W₁ + b₁", hidden),
                  Step("activation", "ReLU(z)", active), Step("ffn", "FFN(n₂) = ReLU(z) W₂ + b₂", ffn),
                  Step("add2", "out = a + FFN(n₂)", out)]
    stats = {k: tuple(v) for k, v in stats.items()}  # (mean, variance) per token
    return BlockTrace(inp.source, norm, list(inp.tokens), steps, weights, stats, w.n_heads, d, w.d_ff)


def trace_block(source: str, text, norm: str) -> BlockTrace:
    """Read the text for the source's block and run it (Post-LN or Pre-LN)."""
    check_choice(source, norm)
    return run_block(read_block_input(source, text), norm)


def scale_summary(trace: BlockTrace) -> dict[str, float]:
    """Root mean squares of the embedding e, of e · √d_model and of PE[:T], and √d_model itself: multiplying
    brings an embedding drawn with std 1/√d_model to the scale of the positional encoding."""
    e, scaled, x = (trace.step(k).value.astype(np.float64) for k in ("embedding", "scaled", "input"))

    def rms(z):
        return float(np.sqrt(np.mean(z ** 2)))
    return dict(root=math.sqrt(trace.d_model), embedding=rms(e), scaled=rms(scaled), positional=rms(x - scaled))
