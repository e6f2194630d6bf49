"""Seq2seq lab: BLEU as in d2l, teacher-forced vs free-running (greedy) decoding of one pair, and live training of
tiny_seq2seq with a teacher-forcing ratio. Plain PyTorch, no gradio. Refs: Papineni et al. 2002, BLEU,
https://aclanthology.org/P02-1040/; Bengio et al. 2015, scheduled sampling, https://arxiv.org/abs/1506.03099."""
from __future__ import annotations

import contextlib
import logging
import math
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.datasets import DEFAULT_OPTIONS, MAX_SEED, load_dataset, option_range
from playground.core.data.vocab import BOS, EOS, PAD, TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.validate import real, whole

log = logging.getLogger("playground")

TASKS = ("reverse", "sort", "copy")
MODEL = "tiny_seq2seq"
MAX_LENGTH = 16  # longest digit string a visitor may type (the datasets' seq_len reaches 16 too)
MAX_BLEU_K = 8
MAX_TOKENS = 200  # longest sequence parse_tokens accepts
BLEU_K = 4  # the lab's BLEU order, capped at the sequence length (see bleu_order)
MAX_STEPS = 3000  # training steps one lab may take in all
MAX_LR = 0.1
MAX_BATCH = 512
EVAL_EVERY = 25  # the lab evaluates every this many steps, and at the end of each step() call
EVAL_SIZE = 256  # the fixed test batch: the first EVAL_SIZE examples of the test split
GRAD_CLIP = 1.0  # max gradient norm, the usual guard for recurrent networks


def _check_task(task) -> str:
    if task not in TASKS:
        raise PlaygroundError("s2s_bad_task", task=task, allowed=", ".join(TASKS))
    return task


# ---------------------------------------------------------------------------------------------------------------
# BLEU

@dataclass(frozen=True)
class Bleu:
    """BLEU of one prediction against one label, the d2l way: BP * prod_n p_n^(1/2^n), n = 1..k.

    matches[n-1]: the clipped matches of n-grams (each label n-gram matches at most as often as it occurs);
    totals[n-1]: the prediction's n-grams, len(pred) - n + 1 (0 when it is shorter than n); precisions[n-1]:
    p_n = matches / totals, None where totals is 0 (undefined); weights[n-1] = 1/2^n; brevity_penalty:
    exp(min(0, 1 - len(label) / len(pred))), 0 for an empty prediction; too_short: the prediction has fewer than k
    tokens, so some p_n is undefined and the score is 0.
    """
    k: int
    pred_len: int
    label_len: int
    matches: tuple[int, ...]
    totals: tuple[int, ...]
    precisions: tuple[float | None, ...]
    weights: tuple[float, ...]
    brevity_penalty: float
    score: float
    too_short: bool


def bleu(pred: Sequence, label: Sequence, k: int = 4) -> Bleu:
    """BLEU of token sequences pred and label (lists of strings or ints), n-grams up to k (1..MAX_BLEU_K).

    A prediction shorter than k tokens (the empty one included) scores 0 with too_short set: p_n for n > len(pred)
    is 0/0. (d2l's `bleu` instead leaves those n out of the product, so "a" against "a b" scores exp(-1) there.)
    """
    order = whole(k)
    if order is None or not 1 <= order <= MAX_BLEU_K:
        raise PlaygroundError("s2s_bleu_bad_k", k=k, low=1, high=MAX_BLEU_K)
    pred, label = list(pred), list(label)
    matches, totals, precisions = [], [], []
    for n in range(1, order + 1):
        label_counts = Counter(tuple(label[i:i + n]) for i in range(len(label) - n + 1))
        pred_counts = Counter(tuple(pred[i:i + n]) for i in range(len(pred) - n + 1))
        # clipped matches: an n-gram counts at most as often as the label has it
        hit = sum(min(c, label_counts[g]) for g, c in pred_counts.items())
        total = max(0, len(pred) - n + 1)
        matches.append(hit)
        totals.append(total)
        precisions.append(hit / total if total else None)
    weights = tuple(0.5 ** n for n in range(1, order + 1))
    # BP = exp(min(0, 1 - len_label / len_pred)): below 1 only for predictions shorter than the label
    bp = math.exp(min(0.0, 1 - len(label) / len(pred))) if pred else 0.0
    too_short = len(pred) < order
    score = 0.0
    if not too_short:
        # score = BP * prod_n p_n^(1/2^n)
        score = bp * math.prod(p ** w for p, w in zip(precisions, weights))
    return Bleu(order, len(pred), len(label), tuple(matches), tuple(totals), tuple(precisions), weights, bp, score,
                too_short)


def parse_tokens(text: str) -> list[str]:
    """Typed text -> tokens: split at whitespace when there is any, otherwise one token per character.

    Full-width characters and spaces are folded to ASCII first (NFKC), so "ａ　ｂ" reads as "a b".
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    tokens = text.split() if any(c.isspace() for c in text) else list(text)
    if not tokens:
        raise PlaygroundError("s2s_bleu_empty")
    if len(tokens) > MAX_TOKENS:
        raise PlaygroundError("s2s_bleu_too_long", n=len(tokens), limit=MAX_TOKENS)
    return tokens


def corpus_bleu_mean(preds: Sequence[Sequence], labels: Sequence[Sequence], k: int = 4) -> float:
    """The mean of the sentence BLEU scores of aligned (pred, label) pairs (not Papineni's pooled corpus BLEU)."""
    if len(preds) != len(labels) or not len(preds):
        raise ValueError(f"need as many predictions as labels, at least one; got {len(preds)} and {len(labels)}")
    return float(np.mean([bleu(p, t, k).score for p, t in zip(preds, labels)]))


def bleu_order(length: int) -> int:
    """The lab's BLEU order for sequences of this length: BLEU_K, or the length where that is shorter (a prediction
    of 3 tokens has no 4-gram, so k = 4 would score every one of them 0)."""
    return max(1, min(BLEU_K, int(length)))


# ---------------------------------------------------------------------------------------------------------------
# Typed input

def read_digits(text: str, task: str) -> tuple[list[int], list[int]]:
    """Typed digits -> (source ids (S,), target ids (S + 1,) = [BOS, task(digits)]), ids as in the datasets
    (digit d has id d + 3). Spaces are ignored and full-width digits read as digits."""
    task = _check_task(task)
    symbols = [c for c in unicodedata.normalize("NFKC", text or "") if not c.isspace()]
    if not symbols:
        raise PlaygroundError("s2s_empty")
    bad = sorted({c for c in symbols if c not in "0123456789"})
    if bad:
        raise PlaygroundError("s2s_not_digits", symbols=" ".join(bad[:12]))
    if len(symbols) > MAX_LENGTH:
        raise PlaygroundError("s2s_too_long", n=len(symbols), limit=MAX_LENGTH)
    digits = [int(c) for c in symbols]
    out = {"reverse": digits[::-1], "copy": digits, "sort": sorted(digits)}[task]
    return [d + 3 for d in digits], [BOS] + [d + 3 for d in out]


# ---------------------------------------------------------------------------------------------------------------
# Decoding one pair

@dataclass(frozen=True, eq=False)
class Track:
    """One way of decoding a target of T tokens: what the decoder was fed and what it chose at each step.

    inputs (T,): the token fed at step t (BOS at t = 0), fed its text; ids (T,): the argmax, tokens its text;
    prob (T,): its probability; true_prob (T,): the probability of the target token; correct (T,): ids == target.
    """
    inputs: np.ndarray
    fed: list[str]
    ids: np.ndarray
    tokens: list[str]
    prob: np.ndarray
    true_prob: np.ndarray
    correct: np.ndarray

    @property
    def accuracy(self) -> float:
        return float(self.correct.mean()) if self.correct.size else 0.0


@dataclass(frozen=True, eq=False)
class Decoding:
    """Teacher-forced and free-running greedy decoding of one source against its target.

    source, target: tokens as text; target_ids (T,) without BOS. forced: the decoder is fed the TRUE previous
    token; free: it is fed its OWN previous choice. first_divergence: the first position (0-based) where free
    differs from the target, None where it never does. eos_at: the first position where free chose EOS (the
    digit tasks have none; decoding still runs to the target length so the rows stay aligned).
    """
    source: list[str]
    target: list[str]
    target_ids: np.ndarray
    forced: Track
    free: Track
    first_divergence: int | None
    eos_at: int | None


def token_text(i: int) -> str:
    """A token id as text: the digit, "<bos>" etc., or "#i" beyond the vocabulary."""
    return TOKEN_VOCAB[i] if 0 <= i < len(TOKEN_VOCAB) else f"#{i}"


def _check_model(model) -> nn.Module:
    if not (isinstance(model, nn.Module) and callable(getattr(model, "encode", None))
            and callable(getattr(model, "decode", None))):
        raise PlaygroundError("s2s_not_seq2seq")
    return model


@contextlib.contextmanager
def _evaluating(model: nn.Module):
    """Eval mode and no gradients inside the block; the model's mode is restored afterwards."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        model.train(was_training)


def _device(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def _greedy(model: nn.Module, state, bos: torch.Tensor, n: int) -> torch.Tensor:
    """Free-running greedy decoding from an encoder state: n steps, each fed the previous argmax.
    bos (B, 1) -> logits (B, n, V)."""
    token, out = bos, []
    for _ in range(n):
        logits, state = model.decode(token, state)  # (B, 1, V)
        out.append(logits)
        token = logits[:, -1].argmax(-1, keepdim=True)  # (B, 1)
    return torch.cat(out, dim=1)  # (B, n, V)


def _track(inputs: torch.Tensor, logits: torch.Tensor, target: torch.Tensor) -> Track:
    """inputs (T,), logits (T, V), target (T,) -> a Track."""
    probs = logits.float().softmax(-1)  # (T, V)
    chosen = probs.argmax(-1)  # (T,)
    ids = chosen.cpu().numpy().astype(np.int64)
    fed = inputs.cpu().numpy().astype(np.int64)
    return Track(inputs=fed, fed=[token_text(int(i)) for i in fed], ids=ids, tokens=[token_text(int(i)) for i in ids],
                 prob=probs.gather(-1, chosen[:, None])[:, 0].cpu().numpy().astype(np.float32),
                 true_prob=probs.gather(-1, target[:, None])[:, 0].cpu().numpy().astype(np.float32),
                 correct=ids == target.cpu().numpy())


def decode_both(model: nn.Module, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> Decoding:
    """One source (S,) and target (T,) or (T + 1,) with a leading BOS (the datasets' form; it is dropped) ->
    Decoding: the argmax at each step, fed the true previous token (teacher forcing) and fed the model's own
    previous choice (free-running greedy), both for T steps from the same encoder state."""
    model = _check_model(model)
    src_ids, tgt_ids = [int(i) for i in src_ids], [int(i) for i in tgt_ids]
    if tgt_ids and tgt_ids[0] == BOS:
        tgt_ids = tgt_ids[1:]
    if not src_ids or not tgt_ids:
        raise ValueError("decode_both needs a non-empty source and target")
    device = _device(model)
    src = torch.tensor([src_ids], device=device)  # (1, S)
    target = torch.tensor(tgt_ids, device=device)  # (T,)
    forced_in = torch.tensor([BOS] + tgt_ids[:-1], device=device)  # (T,): BOS, then the true previous tokens
    with _evaluating(model):
        state = model.encode(src)
        forced_logits, _ = model.decode(forced_in[None], state)  # (1, T, V)
        free_logits = _greedy(model, state, forced_in[None, :1], len(tgt_ids))  # (1, T, V)
    forced = _track(forced_in, forced_logits[0], target)
    free_ids = free_logits[0].argmax(-1)  # (T,)
    free = _track(torch.cat([forced_in[:1], free_ids[:-1]]), free_logits[0], target)
    wrong = np.flatnonzero(~free.correct)
    eos = np.flatnonzero(free.ids == EOS)
    return Decoding(source=[token_text(i) for i in src_ids], target=[token_text(i) for i in tgt_ids],
                    target_ids=np.asarray(tgt_ids, dtype=np.int64), forced=forced, free=free,
                    first_divergence=int(wrong[0]) if wrong.size else None,
                    eos_at=int(eos[0]) if eos.size else None)


# ---------------------------------------------------------------------------------------------------------------
# Scoring a batch

def masked_cross_entropy(logits: torch.Tensor, target: torch.Tensor, pad: int = PAD) -> torch.Tensor:
    """logits (B, T, V), target (B, T) -> the mean cross-entropy over the non-padding tokens (a 0-d tensor).

    Padding positions get weight 0, so they neither add to the loss nor count in the mean (d2l's masked loss).
    """
    ce = F.cross_entropy(logits.flatten(0, 1).float(), target.flatten(), reduction="none")  # (B*T,)
    mask = (target != pad).flatten().float()  # (B*T,)
    return (ce * mask).sum() / mask.sum().clamp(min=1.0)


def _strip(ids: Sequence[int]) -> list[int]:
    """A sequence for BLEU: cut at the first EOS, without PAD and BOS."""
    out = []
    for i in ids:
        if i == EOS:
            break
        if i not in (PAD, BOS):
            out.append(int(i))
    return out


@dataclass(frozen=True)
class Scores:
    """A model on a batch: loss (teacher forced, padding masked), token accuracy teacher-forced and free-running,
    sequence accuracy (every token right) both ways, mean sentence BLEU of the free-running output at order
    bleu_k."""
    loss: float
    forced_accuracy: float
    free_accuracy: float
    forced_sequence_accuracy: float
    free_sequence_accuracy: float
    bleu: float
    bleu_k: int


def evaluate_batch(model: nn.Module, src: torch.Tensor, tgt: torch.Tensor, k: int | None = None) -> Scores:
    """src (B, S), tgt (B, T + 1) = [BOS, target] as in the datasets -> Scores. k: BLEU order, by default
    bleu_order(T)."""
    model = _check_model(model)
    device = _device(model)
    src, tgt = src.to(device), tgt.to(device)
    target = tgt[:, 1:]  # (B, T)
    mask = target != PAD  # (B, T)
    k = bleu_order(target.shape[1]) if k is None else k
    with _evaluating(model):
        state = model.encode(src)
        forced_logits, _ = model.decode(tgt[:, :-1], state)  # (B, T, V)
        free = _greedy(model, state, tgt[:, :1], target.shape[1]).argmax(-1)  # (B, T)
        loss = masked_cross_entropy(forced_logits, target).item()
    forced = forced_logits.argmax(-1)  # (B, T)
    n = mask.sum().clamp(min=1)
    right_forced, right_free = (forced == target) | ~mask, (free == target) | ~mask  # padding counts as right
    scores = [bleu(_strip(p), _strip(t), k).score for p, t in zip(free.tolist(), target.tolist())]
    return Scores(loss=loss,
                  forced_accuracy=((forced == target) & mask).sum().item() / n.item(),
                  free_accuracy=((free == target) & mask).sum().item() / n.item(),
                  forced_sequence_accuracy=right_forced.all(dim=1).float().mean().item(),
                  free_sequence_accuracy=right_free.all(dim=1).float().mean().item(),
                  bleu=float(np.mean(scores)), bleu_k=k)


# ---------------------------------------------------------------------------------------------------------------
# The live lab

@dataclass(frozen=True)
class Seq2seqSpec:
    """One lab run. teacher_forcing: the probability of feeding the TRUE previous token at each decoder step (1:
    plain teacher forcing; 0: always the model's own previous argmax, as at test time)."""
    task: str = "reverse"
    length: int = DEFAULT_OPTIONS["reverse"]["seq_len"]
    teacher_forcing: float = 1.0
    lr: float = 3e-3
    batch_size: int = 64
    seed: int = 0

    def validate(self) -> "Seq2seqSpec":
        """A copy with clean types, or PlaygroundError for the first bad field."""
        task = _check_task(self.task)
        low, high = (int(v) for v in option_range(task, "seq_len"))
        length = whole(self.length)
        if length is None or not low <= length <= high:
            raise PlaygroundError("s2s_bad_length", value=self.length, low=low, high=high)
        ratio = real(self.teacher_forcing)
        if ratio is None or not 0 <= ratio <= 1:
            raise PlaygroundError("s2s_bad_teacher_forcing", value=self.teacher_forcing)
        lr = real(self.lr)
        if lr is None or not 0 < lr <= MAX_LR:
            raise PlaygroundError("s2s_bad_lr", value=self.lr, limit=MAX_LR)
        batch = whole(self.batch_size)
        if batch is None or not 1 <= batch <= MAX_BATCH:
            raise PlaygroundError("s2s_bad_batch_size", value=self.batch_size, low=1, high=MAX_BATCH)
        seed = whole(self.seed)
        if seed is None or not 0 <= seed <= MAX_SEED:
            raise PlaygroundError("s2s_bad_seed", value=self.seed, limit=MAX_SEED)
        return replace(self, task=task, length=length, teacher_forcing=ratio, lr=lr, batch_size=batch, seed=seed)


@dataclass
class Seq2seqHistory:
    """One entry per evaluation point (step 0 first). train_loss: the mean training loss over the steps since the
    previous point (nan at step 0), under the spec's teacher-forcing ratio; the rest are Scores fields on the
    fixed test batch."""
    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    forced_accuracy: list[float] = field(default_factory=list)
    free_accuracy: list[float] = field(default_factory=list)
    forced_sequence_accuracy: list[float] = field(default_factory=list)
    free_sequence_accuracy: list[float] = field(default_factory=list)
    bleu: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


class Seq2seqLab:
    """tiny_seq2seq learning one digit task while it is watched. Deep-copyable and picklable (model, optimizer,
    random generators and history travel together); the same spec and the same step() calls give the same
    history.

    Each step draws a batch (with replacement) and decodes it step by step: at decoder step t >= 1 each example
    is fed its true previous token with probability spec.teacher_forcing, else the model's own previous argmax
    (no gradient flows through that choice). The coin flips have their own generator, so two labs with the same
    seed see the same batches whatever their ratio.
    """

    def __init__(self, spec: Seq2seqSpec):
        self.spec = spec = spec.validate()
        data = load_dataset(spec.task, seed=spec.seed, seq_len=spec.length)
        self.x_train, self.y_train = data.x_train, data.y_train  # (N, L), (N, L + 1)
        self.x_test, self.y_test = data.x_test[:EVAL_SIZE], data.y_test[:EVAL_SIZE]  # (E, L), (E, L + 1)
        vocab = len(TOKEN_VOCAB)
        with torch.random.fork_rng(devices=[]):  # seeded initial weights, the global generator left as it was
            torch.manual_seed(spec.seed)
            self.model = create_model(MODEL, src_vocab=vocab, tgt_vocab=vocab)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=spec.lr)
        self.batch_gen = torch.Generator().manual_seed(2 * spec.seed)  # which examples
        self.coin_gen = torch.Generator().manual_seed(2 * spec.seed + 1)  # true or own token, per example and step
        self.bleu_k = bleu_order(spec.length)
        self.steps = 0
        self.history = Seq2seqHistory()
        self._losses: list[float] = []
        self._record()

    def __getstate__(self) -> dict:
        # the training split is rebuilt from the spec (load_dataset is seeded and cached): copies stay small
        state = dict(self.__dict__)
        del state["x_train"], state["y_train"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        data = load_dataset(self.spec.task, seed=self.spec.seed, seq_len=self.spec.length)
        self.x_train, self.y_train = data.x_train, data.y_train

    def test_pair(self, i: int = 0) -> tuple[list[int], list[int]]:
        """The i-th example of the fixed test batch as (source ids (L,), target ids (L + 1,) with BOS)."""
        i = int(i) % len(self.x_test)
        return self.x_test[i].tolist(), self.y_test[i].tolist()

    def _train_step(self) -> float:
        spec, model = self.spec, self.model
        idx = torch.randint(len(self.x_train), (spec.batch_size,), generator=self.batch_gen)
        src, y = self.x_train[idx], self.y_train[idx]  # (B, L), (B, T + 1)
        target = y[:, 1:]  # (B, T)
        t_len = target.shape[1]
        coins = torch.rand((spec.batch_size, t_len), generator=self.coin_gen) < spec.teacher_forcing  # (B, T)
        model.train()
        state = model.encode(src)
        if spec.teacher_forcing >= 1:  # every input is the true token: one pass over the whole target
            logits, _ = model.decode(y[:, :-1], state)  # (B, T, V)
        else:
            token, outs = y[:, :1], []  # BOS
            for t in range(t_len):
                step_logits, state = model.decode(token, state)  # (B, 1, V)
                outs.append(step_logits)
                own = step_logits[:, -1].argmax(-1, keepdim=True)  # (B, 1), no gradient through the argmax
                token = torch.where(coins[:, t:t + 1], y[:, t + 1:t + 2], own)  # (B, 1): true or own previous
            logits = torch.cat(outs, dim=1)  # (B, T, V)
        loss = masked_cross_entropy(logits, target)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        self.optimizer.step()
        return loss.item()

    def _record(self) -> None:
        s = evaluate_batch(self.model, self.x_test, self.y_test, self.bleu_k)
        h = self.history
        h.steps.append(self.steps)
        h.train_loss.append(float(np.mean(self._losses)) if self._losses else float("nan"))
        self._losses = []
        for name in ("loss", "forced_accuracy", "free_accuracy", "forced_sequence_accuracy",
                     "free_sequence_accuracy", "bleu"):
            getattr(h, name).append(getattr(s, name))

    def step(self, n: int = EVAL_EVERY) -> Seq2seqHistory:
        """Train n steps, evaluating every EVAL_EVERY steps and after the last; returns the history."""
        count = whole(n)
        if count is None or not 1 <= count <= MAX_STEPS:
            raise PlaygroundError("s2s_bad_steps", steps=n, limit=MAX_STEPS)
        if self.steps + count > MAX_STEPS:
            raise PlaygroundError("s2s_step_limit", done=self.steps, limit=MAX_STEPS)
        for i in range(count):
            self._losses.append(self._train_step())
            self.steps += 1
            if self.steps % EVAL_EVERY == 0 or i == count - 1:
                self._record()
        if not math.isfinite(self.history.train_loss[-1]):
            log.warning("seq2seq lab: training loss is %s at step %d", self.history.train_loss[-1], self.steps)
        return self.history
