"""Inside the recurrent taggers (simple RNN, LSTM, GRU) on a bracket string the visitor types: every gate and state
per step and unit, the units that track the nesting depth, and how much gradient flows back from the last step to
each earlier one. No gradio here; the Gates tab and its API call these.

Refs: Hochreiter & Schmidhuber, "Long Short-Term Memory" (1997); Cho et al., "Learning Phrase Representations using
RNN Encoder-Decoder" (2014); LSTMVis: Strobelt et al. (2018), https://arxiv.org/abs/1606.07461 (units that follow a
hidden quantity); Bengio, Simard & Frasconi, "Learning Long-Term Dependencies with Gradient Descent is Difficult"
(1994) (vanishing gradients).
"""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn as nn

from playground.core.data.generators import MAX_DEPTH
from playground.core.data.vocab import BRACKET_TOKENS
from playground.core.errors import PlaygroundError
from playground.core.models import resolve
from playground.core.models.recurrent import GATE_NAMES, Recurrent, RecurrentNet
from playground.core.probe import INSPECT_LOCK, random_model
from playground.core.train.trained import DataSummary

MAX_STEPS = 200  # longest input the view reads
TAGGERS = ("tiny_lstm", "tiny_gru", "tiny_rnn_tagger")  # registry keys that read symbols and tag every step
# The random teaching taggers read brackets too, so the same string runs through every model and they compare.
_RANDOM_CLASSES = tuple(str(d) for d in range(8))


@dataclass
class GateSubject:
    model: nn.Module  # a RecurrentNet with an embedding
    key: str  # registry key
    mode: str  # "rnn", "lstm" or "gru"
    vocab: tuple[str, ...]  # token id -> text
    classes: tuple[str, ...] = ()  # the tags
    dataset: str | None = None  # what it learnt; None for random weights
    trained_length: int | None = None  # the string length it learnt on


@dataclass
class GateResult:
    tokens: list[str]
    gates: dict[str, np.ndarray]  # name -> (T, H) float32, in GATE_NAMES[mode] order, layer 0
    output: list[str]  # predicted tag per step
    expected: list[str] | None  # true depth after each step, when the input stays within 0..MAX_DEPTH
    notices: list[tuple[str, dict]] = field(default_factory=list)  # (message key, params) worth telling the user


# ---------------------------------------------------------------------------------------------------------------
# Models

def _check_tagger(model: nn.Module) -> Recurrent:
    if not isinstance(model, RecurrentNet) or model.embedding is None or not model.per_step:
        raise PlaygroundError("gates_no_recurrent")
    return model.rnn


def subject_from_trained(model: nn.Module, key: str, data: DataSummary) -> GateSubject:
    """A trained recurrent tagger (its data description, TrainedModel.data) as something to look inside."""
    if data.task != "tag" or data.key != "brackets":
        raise PlaygroundError("gates_no_recurrent")
    rnn = _check_tagger(model)
    if model.embedding.num_embeddings < len(BRACKET_TOKENS):
        raise PlaygroundError("gates_no_recurrent")
    return GateSubject(model, key, rnn.mode, BRACKET_TOKENS, data.classes, data.key, data.options.get("seq_len"))


def subject_from_key(key: str) -> GateSubject:
    """A teaching tagger (tiny_lstm, tiny_gru, tiny_rnn_tagger) with random (seeded) weights, shared read-only."""
    if resolve(key) is None:
        raise PlaygroundError("unknown_model", model=key)
    if key not in TAGGERS:
        raise PlaygroundError("gates_no_recurrent")
    model = random_model(key)
    return GateSubject(model, key, _check_tagger(model).mode, BRACKET_TOKENS, _RANDOM_CLASSES)


# ---------------------------------------------------------------------------------------------------------------
# Text in

def read_input(subject: GateSubject, text: str) -> tuple[list[int], list[str], list]:
    """Typed text -> (token ids, token texts, notices); spaces are ignored, at most MAX_STEPS symbols are read."""
    symbols = [c for c in (text or "") if not c.isspace()]
    if not symbols:
        raise PlaygroundError("gates_empty")
    index = {t: i for i, t in enumerate(subject.vocab)}
    unknown = sorted({s for s in symbols if s not in index})
    if unknown:
        raise PlaygroundError("gates_unknown_symbols", symbols=" ".join(unknown[:12]),
                              allowed=" ".join(subject.vocab))
    notices = []
    if len(symbols) > MAX_STEPS:
        notices.append(("gates_truncated", {"n": len(symbols), "limit": MAX_STEPS}))
        symbols = symbols[:MAX_STEPS]
    return [index[s] for s in symbols], symbols, notices


def depth_profile(tokens: list[str]) -> np.ndarray:
    """(T,) int64: the nesting depth after each symbol ("(" opens, ")" closes; may go below 0)."""
    return np.cumsum([1 if t == "(" else -1 for t in tokens], dtype=np.int64)


def _expected(tokens: list[str]) -> list[str] | None:
    depth = depth_profile(tokens)
    return [str(d) for d in depth] if depth.min() >= 0 and depth.max() <= MAX_DEPTH else None


def _ids_tensor(subject: GateSubject, ids: list[int]) -> torch.Tensor:
    p = next(subject.model.parameters())
    return torch.tensor([ids], device=p.device)  # (1, T)


# ---------------------------------------------------------------------------------------------------------------
# Gates per step

@contextlib.contextmanager
def recording(model: RecurrentNet):
    """The model's Recurrent keeps every gate (rnn.gates, name -> (L, B, T, H)) inside the block; the model runs in
    eval mode, and shared models take turns (INSPECT_LOCK). Yields the Recurrent."""
    rnn = _check_tagger(model)
    with INSPECT_LOCK:
        was_training = model.training
        model.eval()
        try:
            rnn.record = threading.get_ident()  # this thread's passes only (see Recurrent)
            yield rnn
        finally:
            rnn.record, rnn.gates = False, {}
            model.train(was_training)


@torch.no_grad()
def record_gates(subject: GateSubject, text: str) -> GateResult:
    """One forward pass over the text: every gate and state of layer 0 as (T, H), and the tag at every step."""
    ids, tokens, notices = read_input(subject, text)
    with recording(subject.model) as rnn:
        logits = subject.model(_ids_tensor(subject, ids))  # (1, T, n_classes)
        gates = {name: rnn.gates[name][0, 0].float().cpu().numpy() for name in GATE_NAMES[rnn.mode]}  # (T, H)
    pred = logits[0].argmax(-1).tolist()
    output = [subject.classes[i] if i < len(subject.classes) else str(i) for i in pred]
    if subject.trained_length and len(tokens) != subject.trained_length:  # length generalisation is not a given
        notices.append(("gates_other_length", {"n": len(tokens), "trained": subject.trained_length}))
    return GateResult(tokens, gates, output, _expected(tokens), notices)


def find_units(gates: dict[str, np.ndarray], target: np.ndarray, top: int = 8) -> list[tuple[str, int, float]]:
    """gates: name -> (T, H); target (T,) -> the `top` (gate, unit, Pearson r) ranked by |r| over every gate and
    unit. A constant series (a saturated unit, or a flat target) counts as r = 0."""
    y = np.asarray(target, dtype=np.float64)
    t = y.shape[0]
    if t < 3:
        raise PlaygroundError("gates_too_short", n=t)
    names = list(gates)
    x = np.concatenate([np.asarray(gates[n], dtype=np.float64).reshape(t, -1) for n in names], axis=1)  # (T, N)
    widths = [np.asarray(gates[n]).reshape(t, -1).shape[1] for n in names]
    # r = sum((x - mean x) (y - mean y)) / sqrt(sum (x - mean x)^2 * sum (y - mean y)^2)
    xc, yc = x - x.mean(axis=0), y - y.mean()
    denom = np.sqrt((xc * xc).sum(axis=0) * (yc * yc).sum())
    flat = (np.ptp(x, axis=0) == 0) | (np.ptp(y) == 0)  # exact test: a constant's centred values may not be 0
    r = np.where(flat | (denom == 0), 0.0, (xc.T @ yc) / np.where(denom == 0, 1.0, denom))  # (N,)
    r = np.clip(r, -1.0, 1.0)
    labels = [(n, u) for n, w in zip(names, widths) for u in range(w)]
    order = np.argsort(-np.abs(r), kind="stable")[:max(0, int(top))]
    return [(labels[k][0], labels[k][1], float(r[k])) for k in order]


# ---------------------------------------------------------------------------------------------------------------
# Gradient flow

@contextlib.contextmanager
def probing(model: RecurrentNet, batch: int, steps: int):
    """Zero tensors that require grad added to layer 0's state after every step (Recurrent.probe), eval mode,
    INSPECT_LOCK held; yields {"h": (L, B, T, H)} (and "c" for the LSTM). Removed in `finally`."""
    rnn = _check_tagger(model)
    p = next(rnn.parameters())
    shape = (rnn.num_layers, batch, steps, rnn.hidden_size)  # (L, B, T, H)
    probe = {name: torch.zeros(shape, dtype=p.dtype, device=p.device, requires_grad=True)
             for name in (("h", "c") if rnn.mode == "lstm" else ("h",))}
    with INSPECT_LOCK:
        was_training = model.training
        model.eval()
        try:
            rnn.probe, rnn.probe_thread = probe, threading.get_ident()
            yield probe
        finally:
            rnn.probe, rnn.probe_thread = None, None
            model.train(was_training)


def gradient_flow(subject: GateSubject, text: str) -> np.ndarray:
    """(T,) float64: for each step t the Frobenius norm of the Jacobian d h_T / d s_t of the last hidden state with
    respect to the state after step t (s_t = h_t, or (h_t, c_t) for the LSTM), layer 0. The last entry is
    ||I|| = sqrt(H)."""
    ids, _, _ = read_input(subject, text)
    model, n = subject.model, len(ids)
    hidden = _check_tagger(model).hidden_size
    # H copies of the input in one batch; copy k backpropagates unit k of h_T, so its probe gradient is row k of
    # every Jacobian d h_T / d s_t: the whole Jacobian from one forward and one backward pass.
    x = _ids_tensor(subject, ids).expand(hidden, n)  # (H, T)
    with torch.enable_grad(), probing(model, hidden, n) as probe:
        _, final = model.rnn(model.embedding(x))
        h_last = (final[0] if subject.mode == "lstm" else final)[0]  # (H copies, H) layer 0
        # allow_unused: with one symbol, h_T does not depend on the probe of c_T (only later steps would read it)
        grads = torch.autograd.grad(h_last.diagonal().sum(), list(probe.values()),
                                    allow_unused=True)  # each (L, H copies, T, H) or None
    sq = sum(g[0].double().square().sum(dim=(0, 2)) for g in grads if g is not None)  # (T,) over h (and c)
    return sq.sqrt().cpu().numpy()


def compare_gradient_flow(subjects: dict[str, GateSubject], text: str) -> dict[str, np.ndarray]:
    """The same text through several models -> name -> (T,) gradient norms; the models must read the same symbols."""
    vocabs = {tuple(s.vocab) for s in subjects.values()}
    if len(vocabs) > 1:
        raise PlaygroundError("gates_vocab_mismatch")
    return {name: gradient_flow(s, text) for name, s in subjects.items()}
