"""The tiny BERT's character tokens: the special ids, what a visitor may type (with _ for [MASK]), and sentences
encoded as <bos> characters <eos>, padded. No gradio."""
from __future__ import annotations

from typing import Sequence

import torch

from playground.core.data.vocab import CHAR_VOCAB
from playground.core.errors import PlaygroundError

PAD_ID, BOS_ID, EOS_ID, MASK_ID = (CHAR_VOCAB.index(t) for t in ("<pad>", "<bos>", "<eos>", "<mask>"))
SPECIAL_IDS = (PAD_ID, BOS_ID, EOS_ID, MASK_ID)
N_TOKENS = len(CHAR_VOCAB)  # 50 tokens; tiny_bert has 64 embedding rows, ids 50..63 are never used
CHAR_IDS = tuple(i for i in range(N_TOKENS) if i not in SPECIAL_IDS)  # the 46 characters a random swap draws from
MASK_CHAR = "_"  # typed by the visitor where BERT should guess
MAX_TEXT = 62  # tiny_bert's 64 positions less <bos> and <eos>


def allowed_chars() -> str:
    """The characters a visitor may type, for messages."""
    return "a-z 0-9 " + " ".join(CHAR_VOCAB[5 + 36:]) + " (space) " + MASK_CHAR + " ([MASK])"


def read_sentence(text: str) -> list[str]:
    """Typed text -> its characters, lowercased, ends stripped; raises masking_empty, masking_unknown_chars, masking_too_long."""
    chars = list((text or "").strip().lower())
    if not chars:
        raise PlaygroundError("masking_empty")
    known = set(CHAR_VOCAB[4:]) | {MASK_CHAR}
    unknown = sorted(set(chars) - known)
    if unknown:
        shown = " ".join(repr(c)[1:-1] if c.isprintable() else repr(c) for c in unknown[:12])
        raise PlaygroundError("masking_unknown_chars", chars=shown, allowed=allowed_chars())
    if len(chars) > MAX_TEXT:
        raise PlaygroundError("masking_too_long", n=len(chars), limit=MAX_TEXT)
    return chars


def encode(texts: Sequence[str], length: int | None = None) -> torch.Tensor:
    """Corpus sentences -> ids (N, T): <bos> characters <eos>, padded with <pad> to the longest (or `length`)."""
    index = {c: i for i, c in enumerate(CHAR_VOCAB)}
    t = length or max(len(s) for s in texts) + 2
    out = torch.full((len(texts), t), PAD_ID, dtype=torch.long)  # (N, T)
    for row, text in enumerate(texts):
        out[row, :len(text) + 2] = torch.tensor([BOS_ID, *(index[c] for c in text), EOS_ID])
    return out
