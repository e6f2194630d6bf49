"""A BERT's guesses on a visitor's sentence: corrupted at the typed _ positions (or by the seeded rule), every chosen
position predicted in one forward pass; the tiny BERT's characters here, BERT-base's WordPiece in wordpiece.py. No
gradio."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import torch
import torch.nn as nn

from playground.core.data.datasets import MAX_SEED
from playground.core.data.vocab import CHAR_VOCAB

from .corruption import P_CHOSEN, check_rate, check_whole, mask_tokens
from .tokens import CHAR_IDS, MASK_CHAR, MASK_ID, read_sentence

log = logging.getLogger("playground")

MAX_TOP_K = 10


@dataclass
class MaskedPrediction:
    """fill_masks' answer. Lists of length T run over <bos>, the characters, <eos>; lists of length C over the chosen
    positions, in the order of `chosen`."""
    tokens: list[str]  # (T,) "<bos>", the visitor's characters ("_" where the visitor masked), "<eos>"
    corrupted: list[str]  # (T,) what the model read: "<mask>" at [MASK]ed positions, the swapped character at random
    actions: list[str | None]  # (T,) "mask", "random", "keep" or None (not chosen)
    # (T,) the model's most likely character at the chosen positions, None elsewhere: the loss only ever covers chosen
    # positions, so the outputs at the others were never trained and mean nothing
    predicted: list[str | None]
    chosen: list[int]  # (C,) the positions the model is asked to predict, ascending
    top_chars: list[list[str]]  # (C, k) the k most likely characters, best first
    top_probs: list[list[float]]  # (C, k) their probabilities (softmax over the whole vocabulary)
    p_original: list[float | None]  # (C,) the probability of the original character; None where the visitor masked
    correct: list[bool | None]  # (C,) top guess == original; None where the visitor masked
    accuracy: float | None  # share of correct over the chosen positions with a known original; None if none
    picked_by: str  # "visitor" (the positions typed as _) or "seed" (mask_tokens)


@dataclass
class MaskedInput:
    """A sentence ready for the model: what it says, what the model reads, and which positions it must guess."""
    tokens: list[str]  # (T,) as shown: the visitor's mask mark where the visitor masked
    original: list[int | None]  # (T,) the ids, None where the visitor masked (no original to compare with)
    corrupted: list[int]  # (T,) the ids the model reads
    actions: list[str | None]  # (T,) "mask", "random", "keep" or None
    picked_by: str  # "visitor" or "seed"


def char_input(text: str, seed: int = 0, p: float = P_CHOSEN) -> MaskedInput:
    """The tiny BERT's input: characters, masked at the typed _ positions or else by mask_tokens with `seed`."""
    chars = read_sentence(text)
    p = check_rate(p)
    index = {c: i for i, c in enumerate(CHAR_VOCAB)}
    tokens = ["<bos>", *chars, "<eos>"]
    original = [None if t == MASK_CHAR else index[t] for t in tokens]
    if MASK_CHAR in chars:
        actions = [("mask" if t == MASK_CHAR else None) for t in tokens]
        if not any(a is None for a in actions[1:-1]):
            log.info("fill_masks: every character is masked")
        return MaskedInput(tokens, original, [MASK_ID if i is None else i for i in original], actions, "visitor")
    seed = check_whole(seed, 0, MAX_SEED, "masking_bad_seed", "seed")
    masking = mask_tokens(original, torch.Generator().manual_seed(seed), p)
    return MaskedInput(tokens, original, masking.corrupted, masking.actions, "seed")


def fill_masks(model: nn.Module, text: str, seed: int = 0, p: float = P_CHOSEN, top_k: int = 5) -> MaskedPrediction:
    """Corrupt the visitor's sentence (at the typed _ positions, else mask_tokens with `seed`) and let the model guess
    every chosen position in one forward pass of (1, T) ids."""
    top_k = check_whole(top_k, 1, MAX_TOP_K, "masking_bad_top_k", "k")
    inp = char_input(text, seed, p)
    return guess_masks(model, inp, top_k, CHAR_VOCAB.__getitem__, torch.tensor(CHAR_IDS))


def guess_masks(model: nn.Module, inp: MaskedInput, top_k: int, name_of, candidates: torch.Tensor | None = None
                ) -> MaskedPrediction:
    """A BERT's top_k guesses at every chosen position of `inp`, in one pass of (1, T) ids through its encoder and
    of the chosen positions through its MLM head; name_of(id) writes a token; candidates: the ids that may be
    guessed (None: the whole vocabulary)."""
    ids = torch.tensor([inp.corrupted])  # (1, T)
    chosen = [i for i, a in enumerate(inp.actions) if a is not None]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            h = model.encode(ids)[0, chosen]  # (C, D)
            # the MLM head only where a guess is asked: BERT-base's head makes 30,522 outputs per position
            logits = model.mlm_head(h)  # (C, V)
    finally:
        model.train(was_training)
    probs = logits.float().softmax(dim=-1)  # (C, V) over the whole vocabulary
    pool = probs if candidates is None else probs[:, candidates]  # (C, K) the ids that may be guesses
    values, order = pool.topk(min(top_k, pool.shape[1]), dim=-1)  # (C, k)
    ids_of = order if candidates is None else candidates[order]
    top_chars = [[name_of(int(j)) for j in row] for row in ids_of]
    top_probs = [[float(v) for v in row] for row in values]
    p_original, correct = [], []
    for row, i in enumerate(chosen):
        known = inp.original[i]
        p_original.append(None if known is None else float(probs[row, known]))
        correct.append(None if known is None else int(ids_of[row][0]) == known)
    predicted: list[str | None] = [None] * len(inp.tokens)
    for row, i in enumerate(chosen):
        predicted[i] = top_chars[row][0]
    known = [c for c in correct if c is not None]
    return MaskedPrediction(tokens=inp.tokens, corrupted=[name_of(i) for i in inp.corrupted], actions=inp.actions,
                            predicted=predicted, chosen=chosen, top_chars=top_chars, top_probs=top_probs,
                            p_original=p_original, correct=correct,
                            accuracy=sum(known) / len(known) if known else None, picked_by=inp.picked_by)
