"""The tiny BERT's guesses on a visitor's sentence: corrupted at the typed _ positions (or by the seeded rule), every
chosen position predicted in one forward pass. No gradio."""
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


def fill_masks(model: nn.Module, text: str, seed: int = 0, p: float = P_CHOSEN, top_k: int = 5) -> MaskedPrediction:
    """Corrupt the visitor's sentence (at the typed _ positions, else mask_tokens with `seed`) and let the model guess
    every chosen position in one forward pass of (1, T) ids."""
    chars = read_sentence(text)
    top_k = check_whole(top_k, 1, MAX_TOP_K, "masking_bad_top_k", "k")
    p = check_rate(p)
    index = {c: i for i, c in enumerate(CHAR_VOCAB)}
    tokens = ["<bos>", *chars, "<eos>"]
    if MASK_CHAR in chars:
        picked_by = "visitor"
        actions = [("mask" if t == MASK_CHAR else None) for t in tokens]
        corrupted = [MASK_ID if t == MASK_CHAR else index[t] for t in tokens]
        if not any(a is None for a in actions[1:-1]):
            log.info("fill_masks: every character is masked")
    else:
        picked_by = "seed"
        seed = check_whole(seed, 0, MAX_SEED, "masking_bad_seed", "seed")
        masking = mask_tokens([index[t] for t in tokens], torch.Generator().manual_seed(seed), p)
        actions, corrupted = masking.actions, masking.corrupted
    ids = torch.tensor([corrupted])  # (1, T)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits, _ = model(ids)  # (1, T, V)
    finally:
        model.train(was_training)
    probs = logits[0].float().softmax(dim=-1)  # (T, V) over the whole vocabulary
    char_ids = torch.tensor(CHAR_IDS)
    char_probs = probs[:, char_ids]  # (T, 46) only characters are ever guesses
    chosen = [i for i, a in enumerate(actions) if a is not None]
    values, order = char_probs[chosen].topk(top_k, dim=-1)  # (C, k)
    top_chars = [[CHAR_VOCAB[int(char_ids[j])] for j in row] for row in order]
    top_probs = [[float(v) for v in row] for row in values]
    p_original, correct = [], []
    for row, i in enumerate(chosen):
        if tokens[i] == MASK_CHAR:
            p_original.append(None)
            correct.append(None)
        else:
            p_original.append(float(probs[i, index[tokens[i]]]))
            correct.append(top_chars[row][0] == tokens[i])
    predicted: list[str | None] = [None] * len(tokens)
    for row, i in enumerate(chosen):
        predicted[i] = top_chars[row][0]
    known = [c for c in correct if c is not None]
    return MaskedPrediction(tokens=tokens, corrupted=[CHAR_VOCAB[i] for i in corrupted], actions=actions,
                            predicted=predicted, chosen=chosen, top_chars=top_chars, top_probs=top_probs,
                            p_original=p_original, correct=correct,
                            accuracy=sum(known) / len(known) if known else None, picked_by=picked_by)
