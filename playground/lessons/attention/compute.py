"""Inside the from-scratch Transformers (encoder-decoder, GPT, BERT) on a sequence the visitor types: every layer's
and head's attention with its Q, K, V and scores, the model's greedy output, one head's scaled dot product step by
step, and the same head's scores under other masks. No gradio here; the Attention tab and its API call these.

Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k) + mask) V, with mask 0 where allowed and -inf elsewhere
(Vaswani et al., "Attention Is All You Need", 2017).
"""
from __future__ import annotations

import contextlib
import math
import re
import threading
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn as nn

from playground.core.data.generators import MAX_DEPTH
from playground.core.data.vocab import BOS, BRACKET_TOKENS, CHAR_VOCAB, PAD, TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import list_models, resolve
from playground.core.models.attention import MultiHeadAttention, causal_mask
from playground.core.probe import INSPECT_LOCK, random_model
from playground.core.train.trained import DataSummary

MAX_STEP_TOKENS = 10  # the step-by-step view shows every number, so it reads at most this many tokens
MAX_CONTINUATION = 16  # characters a char-level GPT writes after the typed text
MASK_CHAR = "_"  # typed in place of BERT's <mask> token
KINDS = ("encoder", "decoder", "cross")  # self-attention, masked (causal) self-attention, cross-attention
# The from-scratch Transformers that read typed input, how they read it, and what they were made for.
_FAMILY_KIND = {"transformer": "encoder_decoder", "gpt": "decoder", "bert": "encoder"}


@dataclass
class AttentionSubject:
    model: nn.Module
    key: str  # registry key
    kind: str  # "encoder_decoder", "decoder" (GPT) or "encoder" (BERT)
    vocab: tuple[str, ...]  # token id -> text
    task: str  # "translate" (digits in, digits out), "tag" (a class per position) or "text" (characters)
    dataset: str | None = None  # what it learnt; None for random weights
    classes: tuple[str, ...] = ()  # the tags of a tagging model
    trained_length: int | None = None  # the sequence length it learnt on, when it learnt one


@dataclass
class AttentionLayer:
    name: str  # module name, e.g. "decoder.1.cross_attention"
    kind: str  # one of KINDS
    block: int  # which encoder / decoder block
    weights: torch.Tensor  # (nh, Tq, Tk), every row sums to 1
    scores: torch.Tensor  # (nh, Tq, Tk) Q K^T / sqrt(d_k) before the mask
    mask: torch.Tensor | None  # (Tq, Tk) boolean, True where attention is allowed
    q: torch.Tensor  # (nh, Tq, hs)
    k: torch.Tensor  # (nh, Tk, hs)
    v: torch.Tensor  # (nh, Tk, hs)
    queries: list[str]  # token of each query row
    keys: list[str]  # token of each key column


@dataclass
class AttentionResult:
    layers: list[AttentionLayer]
    source: list[str]  # the typed tokens the model read
    output: list[str]  # what it wrote: decoded tokens, one tag per position, or BERT's guess per position
    expected: list[str] | None = None  # the right answer, for the toy tasks
    notices: list[tuple[str, dict]] = field(default_factory=list)  # (message key, params) worth telling the user

    def layer(self, name: str) -> AttentionLayer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise PlaygroundError("attention_unknown_layer", layer=name, names=", ".join(m.name for m in self.layers))


# ---------------------------------------------------------------------------------------------------------------
# Models

def attention_modules(model: nn.Module) -> dict[str, MultiHeadAttention]:
    """The model's attention modules by name, in registration (= execution) order."""
    found = {n: m for n, m in model.named_modules() if isinstance(m, MultiHeadAttention)}
    if not found:
        raise PlaygroundError("attention_no_layers")
    return found


def subject_from_trained(model: nn.Module, key: str, data: DataSummary) -> AttentionSubject:
    """A trained model (its data description, TrainedModel.data) as something to look inside."""
    entry = resolve(key)
    kind = _FAMILY_KIND.get(entry.family if entry else "")
    if kind is None or data.task not in ("translate", "tag"):
        raise PlaygroundError("attention_no_layers")
    attention_modules(model)
    vocab = BRACKET_TOKENS if data.key == "brackets" else TOKEN_VOCAB
    return AttentionSubject(model, key, kind, vocab, data.task, data.key, data.classes, data.options.get("seq_len"))


def _vocab_for(key: str) -> tuple[tuple[str, ...], str]:
    return (TOKEN_VOCAB, "translate") if key == "tiny_transformer" else (CHAR_VOCAB, "text")


def _random_model(key: str) -> nn.Module:
    n = len(_vocab_for(key)[0])
    return random_model(key, (("src_vocab", n), ("tgt_vocab", n)) if key == "tiny_transformer" else
                        (("vocab_size", n),))


def subject_from_key(key: str) -> AttentionSubject:
    """A teaching Transformer with random (seeded) weights, shared read-only between visitors: tiny_transformer
    reads digits; tiny_gpt and tiny_bert read characters."""
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    if entry.family not in _FAMILY_KIND:
        raise PlaygroundError("attention_no_layers")
    if key not in list_models(group="transformer", teaching=True):
        raise PlaygroundError("attention_teaching_only", model=key)
    vocab, task = _vocab_for(key)
    return AttentionSubject(_random_model(key), key, _FAMILY_KIND[entry.family], vocab, task)


def max_tokens(subject: AttentionSubject) -> int:
    """The longest input the model takes: its positions, less room for the answer when a GPT writes one."""
    m = subject.model
    if subject.kind == "encoder_decoder":
        return m.positional.max_len
    if subject.kind == "decoder":
        return (m.block_size - 1) // 2 if subject.task == "translate" else m.block_size
    return m.max_len


# ---------------------------------------------------------------------------------------------------------------
# Text in

def allowed_symbols(subject: AttentionSubject) -> str:
    if subject.vocab is TOKEN_VOCAB:
        return "0-9"
    if subject.vocab is BRACKET_TOKENS:
        return "( )"
    extra = f" {MASK_CHAR} (<mask>)" if subject.kind == "encoder" else ""
    return "a-z 0-9 " + " ".join(CHAR_VOCAB[5 + 36:]) + " (space)" + extra


def read_input(subject: AttentionSubject, text: str, limit: int | None = None) -> tuple[list[int], list[str], list]:
    """Typed text -> (token ids, token texts, notices); digits and brackets ignore spaces, characters keep them."""
    text = (text or "").strip()
    if not text:
        raise PlaygroundError("attention_empty")
    if subject.vocab is CHAR_VOCAB:
        symbols = ["<mask>" if c == MASK_CHAR and subject.kind == "encoder" else c for c in text.lower()]
    else:
        symbols = [c for c in text if not c.isspace() and c not in ",;"]
    index = {t: i for i, t in enumerate(subject.vocab)}
    unknown = sorted({s for s in symbols if s not in index})
    if unknown:
        raise PlaygroundError("attention_unknown_symbols", symbols=" ".join(unknown[:12]), allowed=allowed_symbols(subject))
    notices = []
    limit = min(limit or max_tokens(subject), max_tokens(subject))
    if len(symbols) > limit:
        notices.append(("attention_truncated", {"n": len(symbols), "limit": limit}))
        symbols = symbols[:limit]
    return [index[s] for s in symbols], symbols, notices


# ---------------------------------------------------------------------------------------------------------------
# Running the model with its attention recorded

def _device_of(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


@contextlib.contextmanager
def recording(model: nn.Module):
    """Every attention module keeps its last q, k, v, scores, mask and weights inside the block; the model runs in
    eval mode, and shared models take turns (INSPECT_LOCK). Yields {name: module}."""
    modules = attention_modules(model)
    with INSPECT_LOCK:
        was_training = model.training
        model.eval()
        try:
            for m in modules.values():
                m.record = threading.get_ident()  # this thread's passes only (see MultiHeadAttention)
            yield modules
        finally:
            for m in modules.values():
                m.record, m.last = False, {}
            model.train(was_training)


def layer_kind(subject: AttentionSubject, name: str) -> str:
    """An attention module's kind by its name: "cross", "decoder", "encoder" (or the model's kind)."""
    if "cross" in name:
        return "cross"
    if subject.kind == "encoder_decoder":
        return "decoder" if name.startswith("decoder") else "encoder"
    return subject.kind


def _collect(subject, modules, labels: dict[str, tuple[list[str], list[str]]]) -> list[AttentionLayer]:
    """Recorded tensors of batch item 0 -> AttentionLayers; labels maps a kind to (query tokens, key tokens)."""
    out = []
    for name, m in modules.items():
        last = m.last
        if not last:  # a module this forward pass did not use (the decoder, when only the encoder ran)
            continue
        kind = layer_kind(subject, name)
        mask = last["mask"]
        out.append(AttentionLayer(
            name, kind, int(re.search(r"\d+", name).group()) if re.search(r"\d+", name) else 0,
            last["attn"][0].float().cpu(), last["scores"][0].float().cpu(),
            None if mask is None else mask[0, 0].cpu(), last["q"][0].float().cpu(), last["k"][0].float().cpu(),
            last["v"][0].float().cpu(), *labels[kind]))
    return out


def _expected(subject: AttentionSubject, tokens: list[str]) -> list[str] | None:
    """The right answer on the toy task the model learnt (None when it learnt none, or the input has none)."""
    if subject.dataset in ("reverse", "copy", "sort"):
        return {"reverse": tokens[::-1], "copy": list(tokens), "sort": sorted(tokens)}[subject.dataset]
    if subject.dataset == "brackets":
        depth = np.cumsum([1 if t == "(" else -1 for t in tokens])
        return [str(d) for d in depth] if depth.min() >= 0 and depth.max() <= MAX_DEPTH else None
    return None


@torch.no_grad()
def _greedy_translate(subject: AttentionSubject, src: torch.Tensor, n: int) -> list[int]:
    """Greedy decoding: start from BOS, feed back the most likely token n times."""
    model, device = subject.model, src.device
    ys = torch.full((1, 1), BOS, dtype=torch.long, device=device)
    memory = model.encode(src) if subject.kind == "encoder_decoder" else None
    for _ in range(n):
        if memory is not None:
            logits = model.generator(model.decode(ys, memory))[:, -1]
        else:
            logits = model(torch.cat([src, ys], dim=1))[:, -1]
        ys = torch.cat([ys, logits.argmax(-1, keepdim=True)], dim=1)
    return ys[0, 1:].tolist()


@torch.no_grad()
def _continue_text(model: nn.Module, ids: list[int], n: int, device) -> list[int]:
    seq = torch.tensor([ids], device=device)
    for _ in range(n):
        nxt = model(seq[:, -model.block_size:])[:, -1].argmax(-1, keepdim=True)  # (1, 1)
        seq = torch.cat([seq, nxt], dim=1)
    return seq[0, len(ids):].tolist()


@torch.no_grad()
def run_attention(subject: AttentionSubject, text: str, limit: int | None = None) -> AttentionResult:
    """Read the text, let the model answer (greedy), and record every attention module on the final pass."""
    ids, tokens, notices = read_input(subject, text, limit)
    model, device, vocab = subject.model, _device_of(subject.model), subject.vocab
    src = torch.tensor([ids], device=device)  # (1, S)
    was_training = model.training
    model.eval()
    try:
        if subject.task == "translate":
            out = _greedy_translate(subject, src, len(ids))
            output = [vocab[i] for i in out]
            target_in = ["<bos>"] + output[:-1]  # the decoder reads BOS and its own earlier answers
            with recording(model) as modules:
                if subject.kind == "encoder_decoder":
                    model(src, torch.tensor([[BOS] + out[:-1]], device=device))
                    labels = {"encoder": (tokens, tokens), "decoder": (target_in, target_in),
                              "cross": (target_in, tokens)}
                else:  # a GPT reads source, BOS and its answer as one sequence
                    model(torch.cat([src, torch.tensor([[BOS] + out[:-1]], device=device)], dim=1))
                    seq = tokens + target_in
                    labels = {"decoder": (seq, seq)}
                layers = _collect(subject, modules, labels)
        else:
            with recording(model) as modules:
                logits = model(src)
                layers = _collect(subject, modules, {subject.kind: (tokens, tokens)})
            if subject.kind == "encoder":  # BERT: its guess for every position (what it would fill in at <mask>)
                output = [vocab[i] for i in logits[0][0].argmax(-1).tolist()]
            elif subject.task == "tag":
                pred = logits[0].argmax(-1).tolist()
                output = [subject.classes[i] if i < len(subject.classes) else str(i) for i in pred]
            else:
                n = min(MAX_CONTINUATION, model.block_size - len(ids))
                output = [vocab[i] for i in _continue_text(model, ids, max(n, 0), device)]
    finally:
        model.train(was_training)
    if subject.trained_length and len(tokens) != subject.trained_length:  # length generalisation is not a given
        notices.append(("attention_other_length", {"n": len(tokens), "trained": subject.trained_length}))
    return AttentionResult(layers, tokens, output, _expected(subject, tokens), notices)


# ---------------------------------------------------------------------------------------------------------------
# One head, step by step, and under other masks

def check_head(layer: AttentionLayer, head: int) -> int:
    n = layer.weights.shape[0]
    head = int(head)
    if not 0 <= head < n:
        raise PlaygroundError("attention_bad_head", head=head, n=n)
    return head


def attention_steps(subject: AttentionSubject, text: str, name: str, head: int) -> dict:
    """softmax(Q K^T / sqrt(d_k) + mask) V for one head on (at most MAX_STEP_TOKENS of) the text, every
    intermediate as a NumPy array: q (Tq, hs), k and v (Tk, hs), qk and scaled and masked (Tq, Tk), weights
    (Tq, Tk), out (Tq, hs); plus d_k, the token labels, and the notices."""
    result = run_attention(subject, text, limit=MAX_STEP_TOKENS)
    return layer_steps(result.layer(name), head, result.notices)


def layer_steps(layer: AttentionLayer, head: int, notices: list) -> dict:
    """attention_steps' arrays for one head of a recorded layer (see attention_steps)."""
    h = check_head(layer, head)
    q, k, v = layer.q[h].double(), layer.k[h].double(), layer.v[h].double()
    d_k = q.shape[-1]
    qk = q @ k.T                                   # (Tq, Tk)
    scaled = qk / math.sqrt(d_k)
    allowed = layer.mask if layer.mask is not None else torch.ones_like(scaled, dtype=torch.bool)
    masked = scaled.masked_fill(~allowed, float("-inf"))
    weights = masked.softmax(dim=-1)               # each row sums to 1
    out = weights @ v                              # (Tq, hs): this head's share of the output, before W_O
    arrays = {"q": q, "k": k, "v": v, "qk": qk, "scaled": scaled, "masked": masked, "weights": weights, "out": out}
    return {**{n: a.numpy() for n, a in arrays.items()}, "d_k": d_k, "queries": layer.queries, "keys": layer.keys,
            "recorded": layer.weights[h].numpy(), "has_mask": layer.mask is not None, "notices": notices}


MASKS = ("bidirectional", "causal", "padding")
MAX_PAD = 16


def mask_matrix(kind: str, t: int, n_pad: int) -> torch.Tensor:
    """(T, T) boolean, True where a query (row) may attend to a key (column)."""
    if kind == "bidirectional":
        return torch.ones(t, t, dtype=torch.bool)
    if kind == "causal":
        return causal_mask(t)
    if kind == "padding":  # the last n_pad positions are padding: no query may attend to them
        keep = torch.arange(t) < t - n_pad
        return keep[None, :].expand(t, t).clone()
    raise PlaygroundError("attention_bad_mask", mask=kind)


@torch.no_grad()
def mask_lab(subject: AttentionSubject, text: str, block: int, head: int, n_pad: int) -> dict:
    """One self-attention head of `block` on the text followed by n_pad <pad> tokens, its scores under each of
    MASKS -> {"tokens", "scores" (T, T), mask name: (mask (T, T), weights (T, T))}; for an encoder-decoder, the
    encoder's self-attention."""
    n_pad = int(n_pad)
    if not 0 <= n_pad <= MAX_PAD:
        raise PlaygroundError("attention_bad_pad", n=n_pad, limit=MAX_PAD)
    if n_pad and subject.vocab[PAD] != "<pad>":  # the bracket tagger's vocabulary is only ( and )
        raise PlaygroundError("attention_no_pad")
    ids, tokens, notices = read_input(subject, text, limit=max_tokens(subject) - n_pad)
    model, device = subject.model, _device_of(subject.model)
    x = torch.tensor([ids + [PAD] * n_pad], device=device)  # (1, T)
    with recording(model) as modules:
        if subject.kind == "encoder_decoder":
            model.encode(x)
        else:
            model(x)
        selfs = [(n, m.last) for n, m in modules.items() if m.last and "cross" not in n]
        blocks = {int(re.search(r"\d+", n).group()): last for n, last in selfs}
    block = int(block)
    if block not in blocks:
        raise PlaygroundError("attention_bad_block", block=block, n=len(blocks))
    last = blocks[block]
    h = int(head)
    if not 0 <= h < last["scores"].shape[1]:
        raise PlaygroundError("attention_bad_head", head=h, n=last["scores"].shape[1])
    scores = last["scores"][0, h].float().cpu()  # (T, T)
    t = scores.shape[0]
    out = {"tokens": tokens + ["<pad>"] * n_pad, "scores": scores.numpy(), "notices": notices}
    for kind in MASKS:
        mask = mask_matrix(kind, t, n_pad)
        out[kind] = (mask.numpy(), scores.masked_fill(~mask, float("-inf")).softmax(-1).numpy())
    return out
