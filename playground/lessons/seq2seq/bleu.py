"""BLEU as the course notes (d2l) define it: clipped n-gram precisions p_n weighted 1/2^n and a brevity penalty, for
one pair, the mean over pairs, and the lab's order. No gradio. Papineni et al. 2002, BLEU,
https://aclanthology.org/P02-1040/."""
from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from playground.core.errors import PlaygroundError
from playground.core.validate import whole

MAX_BLEU_K = 8
MAX_TOKENS = 200  # longest sequence parse_tokens accepts
BLEU_K = 4  # the lab's BLEU order, capped at the sequence length (see bleu_order)


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
        raise PlaygroundError("seq2seq_bleu_bad_k", k=k, low=1, high=MAX_BLEU_K)
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
        raise PlaygroundError("seq2seq_bleu_empty")
    if len(tokens) > MAX_TOKENS:
        raise PlaygroundError("seq2seq_bleu_too_long", n=len(tokens), limit=MAX_TOKENS)
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
