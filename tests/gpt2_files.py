"""A small GPT-2 with random weights, built by `transformers` (the oracle), and a byte-level BPE tokenizer trained by
`tokenizers` on a few sentences, written in the hub cache layout as openai-community/gpt2 so the app's own path
finds them offline. Tests only: the real checkpoint cannot be downloaded here."""
from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path

import torch

from tests.hub_layout import write_hub_repo

REPO = "openai-community/gpt2"
SENTENCES = ["The cat sat on the mat.", "A quick brown fox jumps over the lazy dog.",
             "Attention is all you need, they said.", "The weather is nice today and the sun is out.",
             "Language models predict the next token."] * 4


@lru_cache(maxsize=1)
def tiny_tokenizer_json() -> str:
    """A byte-level BPE tokenizer.json with GPT-2's pre-tokenizer and decoder and ~300 tokens."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=["<|endoftext|>"], show_progress=False)
    tok.train_from_iterator(SENTENCES, trainer)
    return tok.to_str()


@lru_cache(maxsize=2)
def tiny_gpt2_files(n_layers: int = 2, n_heads: int = 4, d_model: int = 64) -> dict[str, bytes]:
    """{config.json, model.safetensors, tokenizer.json} of a random GPT2LMHeadModel (seed 0) as save_pretrained
    writes them."""
    from tokenizers import Tokenizer
    from transformers import GPT2Config, GPT2LMHeadModel

    vocab = Tokenizer.from_str(tiny_tokenizer_json()).get_vocab_size()
    torch.manual_seed(0)
    cfg = GPT2Config(vocab_size=vocab, n_positions=128, n_embd=d_model, n_layer=n_layers, n_head=n_heads)
    model = GPT2LMHeadModel(cfg)
    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder)
        files = {name: (Path(folder) / name).read_bytes() for name in ("config.json", "model.safetensors")}
    files["tokenizer.json"] = tiny_tokenizer_json().encode("utf-8")
    return files


def install_tiny_gpt2(cache: Path, repo: str = REPO) -> Path:
    """Write the small GPT-2 as `repo` under the hub cache; returns the snapshot folder."""
    return write_hub_repo(cache, repo, tiny_gpt2_files())


def reference_model(snapshot: Path):
    """transformers' own GPT2LMHeadModel from the snapshot, eager attention (so it returns its weights)."""
    from transformers import GPT2LMHeadModel

    return GPT2LMHeadModel.from_pretrained(str(snapshot), attn_implementation="eager").eval()


def config_of(snapshot: Path) -> dict:
    return json.loads((snapshot / "config.json").read_text())
