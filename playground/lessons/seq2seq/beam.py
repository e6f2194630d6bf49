"""Beam search over any next-token scorer, greedy decoding beside it, and both run on an encoder-decoder; every kept
hypothesis and its log-probability recorded per step for the figure. Plain PyTorch and NumPy, no gradio. Sutskever
et al. 2014 (beam search in seq2seq); Wu et al. 2016 (length normalisation), https://arxiv.org/abs/1609.08144."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from playground.core.data.vocab import BOS, EOS
from playground.core.errors import PlaygroundError
from playground.core.validate import whole

from .decoding import check_model, evaluating, model_device, token_text

MAX_WIDTH = 8  # the widest beam the view draws

# step(tokens (k,), state) -> (log-probabilities (k, V) as float64, new state): extends k hypotheses by one token
Step = Callable[[np.ndarray, object], tuple[np.ndarray, object]]
# pick(state, rows (n,)) -> the state of those hypotheses, in that order
Pick = Callable[[object, np.ndarray], object]


@dataclass(frozen=True)
class BeamStep:
    """The hypotheses kept at one step, best first: token (n,), parent (n,) the row of the previous step's kept
    list it extends (-1 at the first step), logp (n,) log p(token | prefix), total (n,) the sum of log p so far,
    finished (n,) True where the token is EOS (the hypothesis leaves the beam)."""
    token: np.ndarray
    parent: np.ndarray
    logp: np.ndarray
    total: np.ndarray
    finished: np.ndarray


@dataclass(frozen=True)
class Hypothesis:
    """A finished sequence: tokens (without BOS), log p of each, their sum, the score it is ranked by (the sum
    divided by length ** alpha), and its nodes [(step, row), ...] in the search's record."""
    tokens: tuple[int, ...]
    logp: tuple[float, ...]
    total: float
    score: float
    nodes: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Beam:
    """A beam search: width, alpha, every step's kept hypotheses, and the finished ones ranked by score (best
    first)."""
    width: int
    alpha: float
    steps: list[BeamStep]
    ranked: list[Hypothesis]

    @property
    def best(self) -> Hypothesis:
        return self.ranked[0]


def normalised(total: float, length: int, alpha: float) -> float:
    """The ranking score: sum of log p / length ** alpha (alpha 0: the plain sum; 1: the mean per token)."""
    return total / max(length, 1) ** alpha


def _list_pick(state, rows: np.ndarray):
    return [state[int(r)] for r in rows]


def _path(steps: list[BeamStep], t: int, row: int) -> list[tuple[int, int]]:
    nodes = []
    while row >= 0:
        nodes.append((t, row))
        row, t = int(steps[t].parent[row]), t - 1
    return nodes[::-1]


def _hypothesis(steps: list[BeamStep], t: int, row: int, alpha: float) -> Hypothesis:
    nodes = _path(steps, t, row)
    tokens = tuple(int(steps[s].token[r]) for s, r in nodes)
    logp = tuple(float(steps[s].logp[r]) for s, r in nodes)
    total = float(steps[t].total[row])
    return Hypothesis(tokens, logp, total, normalised(total, len(tokens), alpha), tuple(nodes))


def beam_search(step: Step, state, width: int, max_len: int, bos: int = BOS, eos: int | None = EOS,
                alpha: float = 0.0, pick: Pick = _list_pick) -> Beam:
    """Beam search from one start state: at each step every live hypothesis is extended by every token, and the
    `width` best sums of log p are kept (ties: the earlier hypothesis, then the lower token id, as argmax breaks
    them). A hypothesis that picks `eos` leaves the beam finished; the search ends when none is live or after
    max_len tokens. Finished and surviving hypotheses are ranked by sum / length ** alpha."""
    if width < 1 or max_len < 1:
        raise ValueError("beam_search needs width >= 1 and max_len >= 1")
    steps: list[BeamStep] = []
    live_rows = np.zeros(1, dtype=np.int64)  # rows of the previous step that are still live
    tokens = np.array([bos], dtype=np.int64)
    totals = np.zeros(1)
    for _ in range(max_len):
        logp, state = step(tokens, state)  # (k, V)
        logp = np.asarray(logp, dtype=np.float64)
        scores = (totals[:, None] + logp).ravel()  # (k * V,) row-major: hypothesis, then token
        keep = np.argsort(-scores, kind="stable")[:width]  # the best, earlier index first on ties
        hyp, tok = np.divmod(keep, logp.shape[1])
        parent = live_rows[hyp] if steps else np.full(len(keep), -1, dtype=np.int64)
        done = tok == eos if eos is not None else np.zeros(len(keep), dtype=bool)
        steps.append(BeamStep(tok.astype(np.int64), parent.astype(np.int64), logp[hyp, tok], scores[keep], done))
        alive = np.flatnonzero(~done)
        if alive.size == 0:
            break
        state = pick(state, hyp[alive])
        live_rows, tokens, totals = alive, tok[alive], scores[keep][alive]
    ends = [(t, r) for t, s in enumerate(steps) for r in range(len(s.token))
            if s.finished[r] or t == len(steps) - 1]
    ranked = [_hypothesis(steps, t, r, alpha) for t, r in ends]
    ranked.sort(key=lambda h: -h.score)  # stable: equal scores keep the search's order
    return Beam(width, float(alpha), steps, ranked)


def greedy_search(step: Step, state, max_len: int, bos: int = BOS, eos: int | None = EOS) -> Hypothesis:
    """Greedy decoding: at each step the argmax token, fed back; stops after `eos` or max_len tokens."""
    token, tokens, logps = bos, [], []
    for _ in range(max_len):
        logp, state = step(np.array([token], dtype=np.int64), state)
        row = np.asarray(logp, dtype=np.float64)[0]  # (V,)
        token = int(np.argmax(row))
        tokens.append(token)
        logps.append(float(row[token]))
        if token == eos:
            break
    total = float(np.sum(logps))
    return Hypothesis(tuple(tokens), tuple(logps), total, total, tuple((t, 0) for t in range(len(tokens))))


# ---------------------------------------------------------------------------------------------------------------
# On an encoder-decoder

def _pick_state(state, rows: np.ndarray):
    """The decoder state of the given hypotheses: (L, k, H), or a tuple of them (the LSTM's h and c)."""
    if isinstance(state, tuple):
        return tuple(_pick_state(s, rows) for s in state)
    return state[:, torch.as_tensor(rows, device=state.device)]  # (L, n, H)


def _model_step(model: nn.Module) -> Step:
    device = model_device(model)

    def step(tokens: np.ndarray, state):
        logits, state = model.decode(torch.as_tensor(tokens, device=device)[:, None], state)  # (k, 1, V)
        # float64 before the softmax: distinct logits stay distinct, so ties fall as the argmax breaks them
        return torch.log_softmax(logits[:, -1].double(), dim=-1).cpu().numpy(), state
    return step


@dataclass(frozen=True)
class BeamView:
    """What the beam view shows: the source and target as text, the beam, and greedy decoding of the same
    source (tokens and log p per step)."""
    source: list[str]
    target: list[str]
    beam: Beam
    greedy: Hypothesis

    def text(self, tokens: Sequence[int]) -> list[str]:
        return [token_text(int(i)) for i in tokens]


def check_width(width) -> int:
    """The beam width as an int from 1 to MAX_WIDTH, or PlaygroundError."""
    w = whole(width)
    if w is None or not 1 <= w <= MAX_WIDTH:
        raise PlaygroundError("seq2seq_bad_width", value=width, limit=MAX_WIDTH)
    return w


def beam_view(model: nn.Module, src_ids: Sequence[int], tgt_ids: Sequence[int], width) -> BeamView:
    """Beam search of the given width and greedy decoding on one source (S,), each for as many tokens as the
    target (T,) or (T + 1,) with a leading BOS has; sums of log p are compared unnormalised (equal lengths)."""
    model = check_model(model)
    width = check_width(width)
    src_ids, tgt_ids = [int(i) for i in src_ids], [int(i) for i in tgt_ids]
    if tgt_ids and tgt_ids[0] == BOS:
        tgt_ids = tgt_ids[1:]
    if not src_ids or not tgt_ids:
        raise ValueError("beam_view needs a non-empty source and target")
    step = _model_step(model)
    with evaluating(model):
        state = model.encode(torch.tensor([src_ids], device=model_device(model)))  # (L, 1, H)
        beam = beam_search(step, state, width, len(tgt_ids), pick=_pick_state)
        greedy = greedy_search(step, state, len(tgt_ids))
    return BeamView([token_text(i) for i in src_ids], [token_text(i) for i in tgt_ids], beam, greedy)
