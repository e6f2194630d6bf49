"""A language model on typed text, for the Attention tab's "Real GPT-2" view: GPT-2 with its published weights (loaded
when asked, core.gpt2) or the shipped tiny GPT (digits, no download), every layer's attention with its q, k, v, the
next token's probabilities under temperature, top-k and top-p, and a few tokens generated. No gradio."""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
import torch
from tokenizers import Tokenizer

from playground.core import gpt2
from playground.core.data.vocab import TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.session import choice_key, trained_model_for

from . import compute as am

SHIPPED_GPT = "pretrained/tiny_gpt_reverse"  # reverses digit strings; needs no download
CHOICES = (SHIPPED_GPT, *gpt2.REPOS)  # the shipped GPT, then GPT-2 small and medium
MAX_VIEW_TOKENS = 64  # GPT-2 reads 1024 positions; every layer × head is drawn, so a view reads at most this many
MAX_TOP_K = 50
MAX_NEW_TOKENS = 20
MAX_TEMPERATURE = 5.0
SEPARATOR = ">"  # typed for the tiny GPT's <bos>: the digits it reads, then what it wrote after them


@dataclass(frozen=True)
class LanguageModel:
    """A GPT and how it reads text: GPT-2's BPE tokenizer, or (tokenizer None) the tiny GPT's digits."""
    name: str
    model: torch.nn.Module
    tokenizer: Tokenizer | None

    def encode(self, text: str) -> tuple[list[int], list[str]]:
        """Text -> (ids, tokens as the model sees them); at most MAX_VIEW_TOKENS."""
        if self.tokenizer is not None:
            if not str(text or "").strip():
                raise PlaygroundError("attention_empty")
            ids, tokens = gpt2.encode(self.tokenizer, str(text))
        else:
            ids, tokens = _digits(text)
        if len(ids) > MAX_VIEW_TOKENS:
            raise PlaygroundError("attention_lm_too_long", n=len(ids), limit=MAX_VIEW_TOKENS,
                                  context=self.model.block_size)
        return ids, tokens

    def token(self, token_id: int) -> str:
        """The token of an id as the model sees it ("Ġthe"; "7", "<bos>" for the tiny GPT)."""
        if self.tokenizer is not None:
            return gpt2.token_of(self.tokenizer, token_id)
        return TOKEN_VOCAB[token_id] if 0 <= token_id < len(TOKEN_VOCAB) else ""

    def ends(self, token_id: int) -> bool:
        """Does this token end the text (<|endoftext|>, or a tiny GPT's special token)?"""
        if self.tokenizer is not None:
            return self.token(token_id) == "<|endoftext|>"
        return not self.token(token_id).isdecimal()

    def extend(self, text: str, ids: list[int], new: list[int]) -> str:
        """The text with the new tokens written after it."""
        if self.tokenizer is not None:
            return gpt2.decode(self.tokenizer, ids + new)
        digits = "".join(self.token(i) for i in new)
        return text.strip() + digits if SEPARATOR in text else text.strip() + SEPARATOR + digits


def _digits(text) -> tuple[list[int], list[str]]:
    """"31415926>62" -> the digits, <bos>, then the digits after ">" (the tiny GPT's own format)."""
    text = "".join(str(text or "").split())
    if not text.replace(SEPARATOR, ""):
        raise PlaygroundError("attention_empty")
    source, _, answer = text.partition(SEPARATOR)
    unknown = sorted({c for c in source + answer if not c.isdecimal() or not c.isascii()})
    if unknown or not source:
        raise PlaygroundError("attention_lm_digits", symbols=" ".join(unknown[:12]) or SEPARATOR)
    tokens = [*source, "<bos>", *answer]
    return [TOKEN_VOCAB.index(t) for t in tokens], tokens


def language_model(choice) -> LanguageModel:
    """The shipped tiny GPT, or GPT-2 from the hub cache (downloaded when not cached and the network allows)."""
    name = choice_key(choice)
    if name == SHIPPED_GPT:
        return LanguageModel(name, trained_model_for(name, None)[0], None)
    model, tokenizer = gpt2.published_gpt2(name)
    return LanguageModel(name, model, tokenizer)


@dataclass
class LanguageRun:
    """The model on the text: its tokens (as the model sees them), every layer's attention, the next-token logits."""
    ids: list[int]
    tokens: list[str]
    layers: list[am.AttentionLayer]
    logits: np.ndarray  # (V,) at the last position


# The last few runs, so a chain of views on one text (attention, then the next token) runs the model once. Keyed by
# the model's id and the text; a weak reference confirms the id still names that model (read-only cache).
_RUNS: OrderedDict[tuple[int, str], tuple[weakref.ref, LanguageRun]] = OrderedDict()
_RUNS_LOCK = threading.Lock()
KEEP_RUNS = 4


def run_language_model(lm: LanguageModel, text: str) -> LanguageRun:
    """One pass over the text with every attention module recorded; logits of the last position only. Kept for
    the next call on the same model and text."""
    key = (id(lm.model), str(text))
    with _RUNS_LOCK:
        found = _RUNS.get(key)
        if found is not None and found[0]() is lm.model:
            _RUNS.move_to_end(key)
            return found[1]
    run = _run(lm, str(text))
    with _RUNS_LOCK:
        _RUNS[key] = (weakref.ref(lm.model), run)
        while len(_RUNS) > KEEP_RUNS:
            _RUNS.popitem(last=False)
    return run


def forget_runs() -> None:
    """Empty the kept runs (benchmarks time the model, not the cache)."""
    with _RUNS_LOCK:
        _RUNS.clear()


@torch.no_grad()
def _run(lm: LanguageModel, text: str) -> LanguageRun:
    ids, tokens = lm.encode(text)
    shown = [gpt2.visible_token(t) for t in tokens]
    with am.recording(lm.model) as modules:
        logits = lm.model(torch.tensor([ids]), last_only=True)[0, -1]  # (V,)
        layers = []
        for block, m in enumerate(modules.values()):
            last = m.last
            layers.append(am.AttentionLayer(
                f"blocks.{block}.attn", "decoder", block, last["attn"][0].float(), last["scores"][0].float(),
                last["mask"][0, 0], last["q"][0].float(), last["k"][0].float(), last["v"][0].float(), shown, shown))
    return LanguageRun(ids, tokens, layers, logits.double().numpy())


def steps_of(run: LanguageRun, block: int, head: int) -> dict:
    """The scaled dot product of one head on the first am.MAX_STEP_TOKENS tokens (a causal model's first tokens
    attend as they would alone), in the step-by-step view's format (compute.layer_steps)."""
    if not 0 <= int(block) < len(run.layers):
        raise PlaygroundError("attention_bad_block", block=int(block), n=len(run.layers))
    layer, n = run.layers[int(block)], am.MAX_STEP_TOKENS
    cut = replace(layer, q=layer.q[:, :n], k=layer.k[:, :n], v=layer.v[:, :n], weights=layer.weights[:, :n, :n],
                  scores=layer.scores[:, :n, :n], mask=layer.mask[:n, :n], queries=layer.queries[:n],
                  keys=layer.keys[:n])
    notices = [("attention_truncated", {"n": len(run.ids), "limit": n})] if len(run.ids) > n else []
    return am.layer_steps(cut, head, notices)


# ---------------------------------------------------------------------------------------------------------------
# The next token

def check_sampling(temperature, top_k, top_p=1.0) -> tuple[float, int, float]:
    """Temperature in [0, MAX_TEMPERATURE] (0: greedy), top-k in 1..MAX_TOP_K, top-p in (0, 1]."""
    t, k, p = float(temperature), int(top_k), float(top_p)
    if not (0 <= t <= MAX_TEMPERATURE and 1 <= k <= MAX_TOP_K and 0 < p <= 1) or k != float(top_k):
        raise PlaygroundError("attention_lm_bad_sampling", temperature=temperature, top_k=top_k, top_p=top_p,
                              max_t=MAX_TEMPERATURE, max_k=MAX_TOP_K)
    return t, k, p


def probabilities(logits: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(logits / T) over the vocabulary (V,); T = 0 puts all the probability on the most likely token."""
    if temperature == 0:
        p = np.zeros_like(logits, dtype=np.float64)
        p[int(np.argmax(logits))] = 1.0
        return p
    z = logits.astype(np.float64) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def kept(probs_sorted: np.ndarray, top_k: int, top_p: float) -> int:
    """How many of the most likely tokens top-k and then top-p keep: the fewest whose total reaches p."""
    cumulative = np.cumsum(probs_sorted[:top_k])
    return int(min(top_k, np.searchsorted(cumulative, top_p - 1e-12) + 1))


def next_token(lm: LanguageModel, logits: np.ndarray, temperature: float, top_k: int) -> list[dict]:
    """The top_k candidates {"id", "token", "probability"}, most likely first; probability is softmax(logits/T)."""
    p = probabilities(logits, temperature)
    order = np.argsort(-p, kind="stable")[:top_k]
    return [{"id": int(i), "token": lm.token(int(i)), "probability": float(p[i])} for i in order]


@torch.no_grad()
def generate(lm: LanguageModel, text: str, n: int, temperature: float, top_k: int, top_p: float, greedy: bool,
             seed: int = 0) -> tuple[str, list[dict]]:
    """Append n tokens (greedy: the most likely; else sampled from the top-k, top-p candidates, renormalised) ->
    (the new text, one {"id", "token", "probability", "kept"} per token written)."""
    if not 1 <= int(n) <= MAX_NEW_TOKENS or int(n) != float(n):
        raise PlaygroundError("attention_lm_bad_count", n=n, limit=MAX_NEW_TOKENS)
    ids, _ = lm.encode(text)
    rng = np.random.default_rng(int(seed) % 2**32)  # any whole number is a seed
    new, written = [], []
    for _ in range(int(n)):
        if len(ids) + len(new) >= min(MAX_VIEW_TOKENS, lm.model.block_size):
            break
        logits = lm.model(torch.tensor([ids + new]), last_only=True)[0, -1].double().numpy()
        p = probabilities(logits, temperature)
        order = np.argsort(-p, kind="stable")
        m = 1 if greedy or temperature == 0 else kept(p[order], top_k, top_p)
        pick = int(order[0] if m == 1 else rng.choice(order[:m], p=p[order[:m]] / p[order[:m]].sum()))
        written.append({"id": pick, "token": lm.token(pick), "probability": float(p[pick]), "kept": m})
        if lm.ends(pick):
            break
        new.append(pick)
    return lm.extend(text, ids, new), written

