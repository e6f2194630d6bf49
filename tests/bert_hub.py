"""A small random BERT in google-bert/bert-base-uncased's own files, for offline tests and benchmarks: a
transformers BertForMaskedLM (the reference) saved with a WordPiece tokenizer.json made by `tokenizers`, written
into the Hugging Face hub cache layout where the app's own loader looks."""
from __future__ import annotations

import string
import tempfile
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import WordPiece

from playground.core.published_bert import REPO
from tests.hub_layout import write_hub_repo

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ("the cat sat on mat dog ran to park a is of capital france paris city big small red blue play "
         "read book went home and it was very good day").split()


def small_vocab(size: int | None = None) -> list[str]:
    """Specials, whole words, single characters and their ## continuations; padded with [unusedN] to `size`."""
    chars = list(string.ascii_lowercase + string.digits + ".,?!'-")
    vocab = SPECIALS + WORDS + chars + ["##" + c for c in chars] + ["##ing", "##s", "##ed", "##er"]
    vocab = list(dict.fromkeys(vocab))
    if size:
        vocab += [f"[unused{i}]" for i in range(size - len(vocab))]
    return vocab


def wordpiece_tokenizer(vocab: list[str]) -> Tokenizer:
    """bert-base-uncased's tokenizer pipeline over `vocab`: BERT normaliser (lower-casing), BERT pre-tokenizer,
    WordPiece with ##, and [CLS] ... [SEP] around every sentence."""
    ids = {t: i for i, t in enumerate(vocab)}
    tok = Tokenizer(WordPiece(ids, unk_token="[UNK]", continuing_subword_prefix="##"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])])
    tok.decoder = decoders.WordPiece(prefix="##")
    tok.add_special_tokens(SPECIALS)
    return tok


def small_bert(vocab_size: int, seed: int = 0, hidden: int = 64, layers: int = 2, heads: int = 4,
               ff: int = 128, positions: int = 64):
    """A random transformers BertForMaskedLM (eager attention, eval mode), seeded."""
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=ff, max_position_embeddings=positions,
                        attn_implementation="eager")
    model = BertForMaskedLM(config).eval()
    with torch.no_grad():  # the LayerNorms and the output bias away from their 1 / 0 start, so a mix-up shows
        for name, p in model.named_parameters():
            if "LayerNorm" in name or name.endswith("bias"):
                p.add_(0.1 * torch.randn_like(p))
    return model


def write_small_bert(cache: Path, repo: str = REPO, vocab_size: int | None = None, **sizes):
    """Save small_bert(...) and its tokenizer as `repo` in the hub cache `cache`; returns (model, Tokenizer)."""
    vocab = small_vocab(vocab_size)
    tok = wordpiece_tokenizer(vocab)
    model = small_bert(len(vocab), **sizes)
    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder)
        tok.save(str(Path(folder) / "tokenizer.json"))
        files = {name: (Path(folder) / name).read_bytes() for name in ("config.json", "model.safetensors",
                                                                        "tokenizer.json")}
    write_hub_repo(cache, repo, files)
    return model, tok
