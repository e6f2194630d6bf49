"""Which BERT the masking lab runs: the shipped character-level tiny BERT (always there) or Google's published
BERT-base (uncased, WordPiece), loaded from the hub cache when a visitor picks it; its input, guesses and attention
maps. No gradio."""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn

from playground.core.data.vocab import CHAR_VOCAB
from playground.core.probe import INSPECT_LOCK
from playground.core.published_bert import WordPiece, download_size, load_bert, load_wordpiece
from playground.core.train.shipped import shipped_file

from .mlm import shared_mlm
from .predictions import MaskedInput, MaskedPrediction, char_input, fill_masks
from .wordpiece import TOP_K, fill_word_masks, word_input

TINY, BASE = "tiny_bert", "bert-base-uncased"
MODELS = (TINY, BASE)
SHIPPED = "tiny_bert_mlm"


def model_choice(value) -> str:
    """A choice as sent (anything, from an API call or a link) -> TINY or BASE; anything else is the tiny BERT."""
    return BASE if value == BASE else TINY


@dataclass(frozen=True)
class MaskingModel:
    """A BERT ready for the lab: the model and, for BERT-base, its WordPiece tokenizer."""
    key: str
    model: nn.Module
    wordpiece: WordPiece | None = None

    def read(self, text: str, seed: int) -> MaskedInput:
        """The sentence as the model reads it (masked at the visitor's blanks or by the seeded rule)."""
        if self.wordpiece is None:
            return char_input(text, seed)
        return word_input(self.wordpiece, text, seed, max_len=self.model.max_len,
                          vocab_size=self.model.token_embedding.num_embeddings)

    def guess(self, text: str, seed: int) -> MaskedPrediction:
        """The top-5 guesses at every chosen position."""
        if self.wordpiece is None:
            return fill_masks(self.model, text, seed=seed, top_k=TOP_K)
        return fill_word_masks(self.model, self.wordpiece, text, seed, TOP_K)

    def token(self, i: int) -> str:
        return CHAR_VOCAB[i] if self.wordpiece is None else self.wordpiece.tokenizer.id_to_token(i)

    @property
    def n_layers(self) -> int:
        return len(self.model.encoder)


def masking_model(choice) -> MaskingModel:
    """The chosen BERT: the shipped tiny one, or BERT-base from the hub cache (hub_* messages when it cannot be had;
    the tokenizer first, the weights last, so a small file's failure costs no large download)."""
    if model_choice(choice) == BASE:
        wordpiece = load_wordpiece()
        return MaskingModel(BASE, load_bert(), wordpiece)
    shipped_file(SHIPPED)  # a missing or damaged file -> a clear message, not a traceback
    return MaskingModel(TINY, shared_mlm())


def pending_download(choice) -> int | None:
    """Bytes BERT-base still has to download (None when cached, offline, or the tiny BERT)."""
    return download_size() if model_choice(choice) == BASE else None


@contextlib.contextmanager
def recording(model: nn.Module):
    """Every encoder block's attention keeps its weights from this thread's passes; shared models take turns."""
    blocks = [block.attention for block in model.encoder]
    with INSPECT_LOCK:
        try:
            for m in blocks:
                m.record = threading.get_ident()  # this thread's passes only (see MultiHeadAttention)
            yield blocks
        finally:
            for m in blocks:
                m.record, m.last = False, {}


def attention_maps(model: nn.Module, ids: list[int]) -> np.ndarray:
    """Every block's attention weights on one sequence of ids (T,): (L, nh, T, T), rows queries, columns keys."""
    x = torch.tensor([ids])  # (1, T)
    with recording(model) as blocks, torch.no_grad():
        model.encode(x)  # the heads add nothing to the attention
        maps = [m.last["attn"][0] for m in blocks]  # L of (nh, T, T)
    return torch.stack(maps).float().numpy()
