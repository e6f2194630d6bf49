"""GPT-2's published weights (openai-community/gpt2, gpt2-medium) loaded into the registry's own GPT
(core.models.gpt), and its byte-level BPE tokenizer read from the checkpoint's tokenizer.json by `tokenizers`. No
gradio. Ref: Radford et al. 2019; Hugging Face's GPT2Model stores its linear layers as Conv1D, weight (in, out)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

from playground.core import config, hub
from playground.core.errors import PlaygroundError
from playground.core.models.gpt import GPT
from playground.core.probe import shared_model

REPOS = {"gpt2": "openai-community/gpt2", "gpt2-medium": "openai-community/gpt2-medium"}
CONFIG, WEIGHTS, TOKENIZER = "config.json", "model.safetensors", "tokenizer.json"
# The checkpoint's activation_function as our FeedForward's: GPT-2 was trained with GELU's tanh approximation.
ACTIVATIONS = {"gelu_new": "gelu_tanh", "gelu_pytorch_tanh": "gelu_tanh", "gelu": "gelu", "relu": "relu"}
# Byte-level BPE writes a space as Ġ and a line break as Ċ; shown to the visitor as ␣ and ↵.
VISIBLE = str.maketrans({"Ġ": "␣", "Ċ": "↵", "ĉ": "⇥"})
_BUFFERS = re.compile(r"^h\.\d+\.attn\.(bias|masked_bias)$")  # older checkpoints keep the causal mask as a buffer


@dataclass(frozen=True)
class GPT2Config:
    """The sizes our GPT takes from a checkpoint's config.json."""
    vocab_size: int
    n_positions: int
    n_layers: int
    n_heads: int
    d_model: int
    activation: str
    eps: float


def read_config(path: Path) -> GPT2Config:
    """config.json (Hugging Face's GPT2Config) -> GPT2Config; a checkpoint we cannot reproduce is refused."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        act = data.get("activation_function", "gelu_new")
        if act not in ACTIVATIONS or data.get("scale_attn_by_inverse_layer_idx") or not data.get(
                "scale_attn_weights", True):
            raise ValueError(f"unsupported attention or activation ({act})")
        return GPT2Config(int(data["vocab_size"]), int(data["n_positions"]), int(data["n_layer"]),
                          int(data["n_head"]), int(data["n_embd"]), ACTIVATIONS[act],
                          float(data.get("layer_norm_epsilon", 1e-5)))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise PlaygroundError("gpt2_bad_checkpoint", file=Path(path).name, detail=str(e)[:160]) from None


def convert_state_dict(hf: dict[str, torch.Tensor], n_layers: int) -> dict[str, torch.Tensor]:
    """Hugging Face GPT-2 names and layout -> our GPT's: Conv1D weights (in, out) transposed to Linear's (out, in),
    c_attn split into q, k, v, the LM head tied to the token embedding."""
    hf = {k.removeprefix("transformer."): v.float() for k, v in hf.items() if not _BUFFERS.match(
        k.removeprefix("transformer."))}
    hf.pop("lm_head.weight", None)  # tied to wte, as GPT-2 does

    def take(name):
        if name not in hf:
            raise KeyError(name)
        return hf.pop(name)

    out = {"token_embedding.weight": take("wte.weight"), "position_embedding.weight": take("wpe.weight"),
           "ln_f.weight": take("ln_f.weight"), "ln_f.bias": take("ln_f.bias")}
    for i in range(n_layers):
        src, dst = f"h.{i}.", f"blocks.{i}."
        for ln in ("ln_1", "ln_2"):
            out[dst + ln + ".weight"], out[dst + ln + ".bias"] = take(src + ln + ".weight"), take(src + ln + ".bias")
        w = take(src + "attn.c_attn.weight").T  # (3D, D): rows of W_Q, then W_K, then W_V
        b = take(src + "attn.c_attn.bias")      # (3D,)
        for name, w_part, b_part in zip(("q_proj", "k_proj", "v_proj"), w.chunk(3, dim=0), b.chunk(3)):
            out[dst + f"attn.{name}.weight"], out[dst + f"attn.{name}.bias"] = w_part.contiguous(), b_part.clone()
        pairs = (("attn.c_proj", "attn.out_proj"), ("mlp.c_fc", "mlp.linear1"), ("mlp.c_proj", "mlp.linear2"))
        for theirs, ours in pairs:
            out[dst + ours + ".weight"] = take(src + theirs + ".weight").T.contiguous()  # (in, out) -> (out, in)
            out[dst + ours + ".bias"] = take(src + theirs + ".bias")
    if hf:
        raise KeyError("unexpected " + ", ".join(sorted(hf)[:5]))
    out["lm_head.weight"] = out["token_embedding.weight"]
    return out


def gpt2_from_files(config_path: Path, weights_path: Path) -> GPT:
    """Our GPT with the checkpoint's sizes and weights, in eval mode, dropout off, LM head tied."""
    cfg = read_config(config_path)
    with torch.device("meta"):  # no random initialisation of 124M numbers only to overwrite them
        model = GPT(cfg.vocab_size, cfg.n_positions, cfg.n_layers, cfg.n_heads, cfg.d_model, dropout=0.0,
                    activation=cfg.activation, eps=cfg.eps)
    try:
        model.load_state_dict(convert_state_dict(load_file(str(weights_path)), cfg.n_layers), strict=True,
                              assign=True)
    except Exception as e:  # noqa: BLE001 -- missing or unexpected names, wrong shapes, an unreadable file
        raise PlaygroundError("gpt2_bad_checkpoint", file=Path(weights_path).name,
                              detail=str(e).replace("\n", " ")[:160]) from None
    model.lm_head.weight = model.token_embedding.weight  # assign=True gave each name its own Parameter
    return model.eval().requires_grad_(False)


@lru_cache(maxsize=8)
def read_tokenizer(path: str) -> Tokenizer:
    """The checkpoint's own tokenizer.json (byte-level BPE), read once per file."""
    try:
        return Tokenizer.from_file(path)
    except Exception as e:  # noqa: BLE001 -- the library raises a bare Exception for a bad file
        raise PlaygroundError("gpt2_bad_checkpoint", file=Path(path).name, detail=str(e)[:160]) from None


def repo_of(name: str) -> str:
    """"gpt2" / "gpt2-medium" -> its hub repository; anything else is refused."""
    if name not in REPOS:
        raise PlaygroundError("gpt2_unknown", name=str(name)[:40], choices=", ".join(REPOS))
    return REPOS[name]


def pending_download(name: str) -> int:
    """Bytes still to download for the model (0 when every file is cached, or nothing may be downloaded); a file
    over config.MAX_DOWNLOAD_BYTES is refused here, before anything is announced or downloaded."""
    repo = repo_of(name)
    missing = [f for f in (WEIGHTS, CONFIG, TOKENIZER) if hub.cached_hub_file(repo, f) is None]
    if not missing or hub.offline():
        return 0
    sizes = {f: hub.published_size(repo, f) for f in missing}
    for f, size in sizes.items():
        if size > config.MAX_DOWNLOAD_BYTES:
            raise PlaygroundError("hub_too_large", repo=repo, file=f, size=hub.size_text(size),
                                  limit=hub.size_text(config.MAX_DOWNLOAD_BYTES))
    return sum(sizes.values())


def published_gpt2(name: str) -> tuple[GPT, Tokenizer]:
    """(our GPT with the published weights, its tokenizer), from the hub cache or downloaded; the model is kept in
    probe.shared_model (read-only, shared by every visitor)."""
    repo = repo_of(name)
    weights = hub.hub_file(repo, WEIGHTS)  # the big one first: refused early
    cfg, tok = hub.hub_file(repo, CONFIG), hub.hub_file(repo, TOKENIZER)
    model = shared_model(("pretrained", repo, str(weights)), lambda: gpt2_from_files(cfg, weights))
    return model, read_tokenizer(str(tok))


def encode(tokenizer: Tokenizer, text: str) -> tuple[list[int], list[str]]:
    """Text -> (token ids, BPE tokens as the model sees them, Ġ for a space)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    return list(enc.ids), list(enc.tokens)


def visible_token(token: str) -> str:
    """A BPE token as the visitor reads it: "Ġthe" -> "␣the"."""
    return token.translate(VISIBLE)


def token_of(tokenizer: Tokenizer, token_id: int) -> str:
    """The BPE token of an id ("" for an id outside the vocabulary)."""
    return tokenizer.id_to_token(int(token_id)) or ""


def decode(tokenizer: Tokenizer, ids: list[int]) -> str:
    """Token ids -> text (bytes joined back, Ġ a space again)."""
    return tokenizer.decode(list(ids), skip_special_tokens=False)

