"""Google's published BERT (google-bert/bert-base-uncased) in our own from-scratch BERT: config.json, the weights'
names mapped onto ours, and the checkpoint's WordPiece tokenizer.json read by the `tokenizers` library. Files come
through playground.core.hub only when a visitor asks; the loaded model lives in probe.shared_model. No gradio."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

from playground.core import hub
from playground.core.errors import PlaygroundError
from playground.core.models.bert import BERT
from playground.core.probe import shared_model

REPO = "google-bert/bert-base-uncased"
CONFIG, WEIGHTS, TOKENIZER = "config.json", "model.safetensors", "tokenizer.json"
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

# Hugging Face's names (after the prefix "bert.") -> ours, per block; {i} is the block's index.
BLOCK_NAMES = {
    "attention.self.query": "attention.q_proj", "attention.self.key": "attention.k_proj",
    "attention.self.value": "attention.v_proj", "attention.output.dense": "attention.out_proj",
    "attention.output.LayerNorm": "add_norm1.norm", "intermediate.dense": "ffn.linear1",
    "output.dense": "ffn.linear2", "output.LayerNorm": "add_norm2.norm",
}
TOP_NAMES = {
    "embeddings.word_embeddings": "token_embedding", "embeddings.position_embeddings": "position_embedding",
    "embeddings.token_type_embeddings": "segment_embedding", "embeddings.LayerNorm": "embed_norm",
    "pooler.dense": "pooler.0", "cls.predictions.transform.dense": "mlm_head.transform.0",
    "cls.predictions.transform.LayerNorm": "mlm_head.transform.2", "cls.seq_relationship": "nsp_head",
}
# A BertForMaskedLM file has no pooler or next-sentence head: those keep their seeded values (no view uses them).
OPTIONAL = ("pooler.", "nsp_head.")


@dataclass(frozen=True)
class WordPiece:
    """The checkpoint's tokenizer and the ids of its special tokens."""
    tokenizer: Tokenizer
    cls_id: int
    sep_id: int
    mask_id: int
    pad_id: int

    @property
    def special_ids(self) -> tuple[int, ...]:
        return self.cls_id, self.sep_id, self.mask_id, self.pad_id

    @property
    def vocab_size(self) -> int:
        return self.tokenizer.get_vocab_size(with_added_tokens=True)


def bert_config(path: str | Path) -> dict:
    """config.json -> our BERT's arguments; refuses what our module does not compute (another activation or
    position embedding)."""
    cfg = json.loads(Path(path).read_text(encoding="utf-8"))
    act, positions = cfg.get("hidden_act", "gelu"), cfg.get("position_embedding_type", "absolute")
    if act != "gelu" or positions != "absolute":
        raise PlaygroundError("published_bert_unsupported", repo=REPO, what=f"{act}, {positions}")
    return dict(vocab_size=int(cfg["vocab_size"]), d_model=int(cfg["hidden_size"]),
                n_layers=int(cfg["num_hidden_layers"]), n_heads=int(cfg["num_attention_heads"]),
                d_ff=int(cfg["intermediate_size"]), max_len=int(cfg["max_position_embeddings"]),
                n_segments=int(cfg.get("type_vocab_size", 2)), pad_id=int(cfg.get("pad_token_id", 0) or 0),
                eps=float(cfg.get("layer_norm_eps", 1e-12)), dropout=0.0)


def our_name(name: str) -> str | None:
    """A checkpoint tensor's name -> ours, or None for tensors we have no use for (position_ids)."""
    name = re.sub(r"\.gamma$", ".weight", re.sub(r"\.beta$", ".bias", name))  # the original TF names
    name = name.removeprefix("bert.")
    if name in ("cls.predictions.bias", "cls.predictions.decoder.bias"):
        return "mlm_head.decoder.bias"
    if name == "cls.predictions.decoder.weight":
        return "token_embedding.weight"  # tied: the same matrix
    block = re.match(r"encoder\.layer\.(\d+)\.(.+)\.(weight|bias)$", name)
    if block:
        i, part, kind = block.groups()
        return f"encoder.{i}.{BLOCK_NAMES[part]}.{kind}" if part in BLOCK_NAMES else None
    stem, _, kind = name.rpartition(".")
    return f"{TOP_NAMES[stem]}.{kind}" if stem in TOP_NAMES else None


def bert_from_state(args: dict, state: dict[str, torch.Tensor], source: str = WEIGHTS) -> BERT:
    """Our BERT(**args) in eval mode with a checkpoint's tensors (Hugging Face's names); every tensor of ours
    must be given (the pooler and next-sentence head may be missing) with its shape, else a message."""
    model = BERT(**args)
    ours = model.state_dict()
    mapped = {}
    for name, tensor in state.items():
        target = our_name(name)
        if target is not None:
            mapped[target] = tensor
    missing = [n for n in ours if n not in mapped and not n.startswith(OPTIONAL) and n != "mlm_head.decoder.weight"]
    wrong = [n for n, t in mapped.items() if n in ours and tuple(t.shape) != tuple(ours[n].shape)]
    if missing or wrong:
        detail = "; ".join(filter(None, ["missing " + ", ".join(missing[:4]) if missing else "",
                                         "shape " + ", ".join(wrong[:4]) if wrong else ""]))
        raise PlaygroundError("published_bert_mismatch", repo=REPO, file=source, detail=detail)
    mapped["mlm_head.decoder.weight"] = mapped["token_embedding.weight"]
    model.load_state_dict({**ours, **mapped}, strict=True)
    return model.eval()


def _build(repo: str, config_path: Path, weights_path: Path) -> BERT:
    args = bert_config(config_path)
    try:
        state = load_file(str(weights_path))
    except Exception as e:  # noqa: BLE001 - a damaged or foreign file, as the visitor's message
        raise PlaygroundError("published_bert_mismatch", repo=repo, file=WEIGHTS,
                              detail=str(e).replace("\n", " ")[:200]) from None
    return bert_from_state(args, state)


def load_bert(repo: str = REPO) -> BERT:
    """The published BERT in our module, from the hub cache (downloaded on first use, size checked), shared
    read-only by every visitor through probe.shared_model (keyed by the snapshot's file, so a new revision or
    another cache loads anew)."""
    config_path, weights_path = hub.hub_file(repo, CONFIG), hub.hub_file(repo, WEIGHTS)
    return shared_model(("pretrained", repo, str(weights_path)), lambda: _build(repo, config_path, weights_path))


@lru_cache(maxsize=4)
def _wordpiece_at(path: str) -> WordPiece:
    try:
        tok = Tokenizer.from_file(path)
    except Exception as e:  # noqa: BLE001
        raise PlaygroundError("published_bert_mismatch", repo=REPO, file=TOKENIZER,
                              detail=str(e).replace("\n", " ")[:200]) from None
    ids = {t: tok.token_to_id(t) for t in SPECIALS}
    if any(ids[t] is None for t in ("[CLS]", "[SEP]", "[MASK]")):
        raise PlaygroundError("published_bert_mismatch", repo=REPO, file=TOKENIZER, detail="no [CLS] [SEP] [MASK]")
    return WordPiece(tok, ids["[CLS]"], ids["[SEP]"], ids["[MASK]"], ids["[PAD]"] if ids["[PAD]"] is not None else 0)


def load_wordpiece(repo: str = REPO) -> WordPiece:
    """The checkpoint's own tokenizer.json (WordPiece, lower-casing), read once per file."""
    return _wordpiece_at(str(hub.hub_file(repo, TOKENIZER)))


def download_size(repo: str = REPO) -> int | None:
    """Bytes still to download before BERT can run (the weights' published size), or None when all is cached
    or nothing may be downloaded (hub_file then says why)."""
    if all(hub.cached_hub_file(repo, f) for f in (CONFIG, WEIGHTS, TOKENIZER)) or hub.offline():
        return None
    try:
        return hub.published_size(repo, WEIGHTS)
    except PlaygroundError:
        return None
