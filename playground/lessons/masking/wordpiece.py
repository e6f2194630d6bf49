"""BERT-base on a typed English sentence: WordPiece tokens from the checkpoint's own tokenizer (## pieces kept),
the notes' corruption on them or the visitor's own blanks (_ or [MASK] for a word), and the top-5 guesses over the
whole vocabulary. No gradio."""
from __future__ import annotations

import re

import torch

from playground.core.data.datasets import MAX_SEED
from playground.core.errors import PlaygroundError
from playground.core.published_bert import WordPiece

from .corruption import P_CHOSEN, check_rate, check_whole, mask_tokens
from .predictions import MaskedInput, MaskedPrediction, guess_masks

MASK_MARK = re.compile(r"\[mask\]|_+", re.IGNORECASE)  # what a visitor types for a word BERT should guess
MAX_CHARS = 4000  # read no further: BERT-base's 512 positions hold about 2,000 characters of English
TOP_K = 5


def read_words(wp: WordPiece, text: str, max_len: int) -> tuple[list[int], list[bool]]:
    """Typed text -> ([CLS] WordPiece ids [SEP], True where the visitor typed a blank); raises masking_empty,
    masking_bert_too_long."""
    text = (text or "").strip()
    if not text:
        raise PlaygroundError("masking_empty")
    if len(text) > MAX_CHARS:
        raise PlaygroundError("masking_bert_text_too_long", n=f"{len(text):,}", limit=max_len,
                              chars=f"{MAX_CHARS:,}")
    pieces = MASK_MARK.split(text)
    ids, blank = [wp.cls_id], [False]
    for k, piece in enumerate(pieces):
        words = wp.tokenizer.encode(piece, add_special_tokens=False).ids
        ids += words
        blank += [False] * len(words)
        if k < len(pieces) - 1:
            ids.append(wp.mask_id)
            blank.append(True)
    ids.append(wp.sep_id)
    blank.append(False)
    if len(ids) == 2:
        raise PlaygroundError("masking_empty")
    if len(ids) > max_len:
        raise PlaygroundError("masking_bert_too_long", n=f"{len(ids):,}", limit=max_len)
    return ids, blank


def word_input(wp: WordPiece, text: str, seed: int = 0, p: float = P_CHOSEN, max_len: int = 512,
               vocab_size: int | None = None) -> MaskedInput:
    """BERT-base's input: WordPiece ids masked at the typed blanks, or else 15% chosen by mask_tokens with `seed`
    (80% [MASK], 10% a random vocabulary entry, 10% kept)."""
    ids, blank = read_words(wp, text, max_len)
    p = check_rate(p)
    name = wp.tokenizer.id_to_token
    tokens = [name(i) for i in ids]
    if any(blank):
        actions = ["mask" if b else None for b in blank]
        original = [None if b else i for i, b in zip(ids, blank)]
        return MaskedInput(tokens, original, ids, actions, "visitor")
    seed = check_whole(seed, 0, MAX_SEED, "masking_bad_seed", "seed")
    masking = mask_tokens(ids, torch.Generator().manual_seed(seed), p, special=wp.special_ids,
                          vocab_size=vocab_size or wp.vocab_size, mask_id=wp.mask_id)
    return MaskedInput(tokens, list(ids), masking.corrupted, masking.actions, "seed")


def fill_word_masks(model: torch.nn.Module, wp: WordPiece, text: str, seed: int = 0,
                    top_k: int = TOP_K) -> MaskedPrediction:
    """BERT's top_k guesses (softmax over its whole vocabulary) at each chosen WordPiece position of the sentence."""
    inp = word_input(wp, text, seed, max_len=model.max_len, vocab_size=model.token_embedding.num_embeddings)
    return guess_masks(model, inp, top_k, wp.tokenizer.id_to_token)
