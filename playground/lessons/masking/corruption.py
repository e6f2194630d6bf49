"""BERT's masked-language-model corruption: 15% of the tokens chosen, of those 80% become [MASK], 10% a random token
and 10% stay; one sequence, a batch, and the proportions over many draws. No gradio. Devlin et al. 2019,
https://arxiv.org/abs/1810.04805; Google's create_pretraining_data.py, https://github.com/google-research/bert."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from playground.core.errors import PlaygroundError

from .tokens import BOS_ID, CHAR_IDS, EOS_ID, MASK_ID, MAX_TEXT, N_TOKENS, SPECIAL_IDS

ACTIONS = ("mask", "random", "keep")
CODES = {None: 0, "mask": 1, "random": 2, "keep": 3}  # action codes in the batched tensors
P_CHOSEN = 0.15
MASK_SHARE, KEEP_SHARE = 0.8, 0.1  # of the chosen tokens; the remaining 0.1 get a random token
MAX_DRAWS = 50_000


@dataclass
class Masking:
    """One sequence before and after the corruption; every list has one entry per position (T,)."""
    original: list[int]
    corrupted: list[int]
    actions: list[str | None]  # "mask", "random", "keep", or None where the position was not chosen

    @property
    def chosen(self) -> list[int]:
        return [i for i, a in enumerate(self.actions) if a is not None]


def check_rate(p) -> float:
    """A masking rate in (0, 1] as a float, or PlaygroundError("masking_bad_rate")."""
    try:
        value = float(p)
    except (TypeError, ValueError, OverflowError):
        raise PlaygroundError("masking_bad_rate", p=p) from None
    if not (math.isfinite(value) and 0 < value <= 1):
        raise PlaygroundError("masking_bad_rate", p=p)
    return value


def check_whole(value, low: int, high: int, key: str, name: str) -> int:
    """A whole number in [low, high] (an int, or a float with no fraction; never a bool), or PlaygroundError(key)
    with the value under `name` and high as limit."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok and isinstance(value, float) and value.is_integer():
        ok, value = True, int(value)
    if not ok or not low <= value <= high:
        raise PlaygroundError(key, **{name: value, "limit": high})
    return int(value)


def corrupt(ids: torch.Tensor, generator: torch.Generator, p: float = P_CHOSEN, exact: bool = True,
            special: Sequence[int] = SPECIAL_IDS, vocab_size: int = N_TOKENS,
            mask_id: int = MASK_ID) -> tuple[torch.Tensor, torch.Tensor]:
    """ids (B, T) -> (corrupted ids (B, T), action codes (B, T) int8: 0 not chosen, 1 mask, 2 random, 3 keep).

    exact=True (mask_tokens, fill_masks, evaluation, masking_statistics): each row chooses exactly
    max(1, round(n p)) of its n non-special positions, as create_pretraining_data.py does (Python's round, half to
    even; a row with no such position chooses none). exact=False (training batches): each non-special position is
    chosen on its own with probability p, as Hugging Face's DataCollatorForLanguageModeling does.
    Each chosen position draws once: below 0.8 -> mask_id, below 0.9 -> kept, else a token drawn uniformly from the
    non-special ids below vocab_size (which, as in Google's code, is the original one again 1 time in 46).
    """
    p = check_rate(p)
    candidate = ~torch.isin(ids, torch.tensor(list(special), dtype=ids.dtype))  # (B, T)
    keys = torch.rand(ids.shape, generator=generator)  # (B, T) uniform in [0, 1)
    if exact:
        n = candidate.sum(dim=1)  # (B,)
        k = torch.where(n > 0, torch.round(n.double() * p).long().clamp(min=1), 0)  # (B,)
        keys = keys.masked_fill(~candidate, 2.0)  # specials sort last
        rank = keys.argsort(dim=1).argsort(dim=1)  # (B, T) each position's place in its row's random order
        chosen = rank < k[:, None]
    else:
        chosen = candidate & (keys < p)
    u = torch.rand(ids.shape, generator=generator)  # (B, T) the one draw per chosen position
    pool = torch.tensor([t for t in range(vocab_size) if t not in special], dtype=ids.dtype)
    swaps = pool[torch.randint(len(pool), ids.shape, generator=generator)]  # (B, T)
    codes = torch.where(u < MASK_SHARE, CODES["mask"], torch.where(u < MASK_SHARE + KEEP_SHARE, CODES["keep"],
                                                                   CODES["random"]))
    codes = torch.where(chosen, codes, CODES[None]).to(torch.int8)  # (B, T)
    out = torch.where(codes == CODES["mask"], torch.full_like(ids, mask_id), ids)
    out = torch.where(codes == CODES["random"], swaps, out)
    return out, codes


def mask_tokens(ids: Sequence[int] | torch.Tensor, generator: torch.Generator, p: float = P_CHOSEN,
                special: Sequence[int] = SPECIAL_IDS, vocab_size: int = N_TOKENS, mask_id: int = MASK_ID) -> Masking:
    """One sequence of ids (T,) -> Masking: exactly max(1, round(n p)) of its n non-special positions chosen."""
    row = torch.as_tensor(ids, dtype=torch.long).reshape(1, -1)  # (1, T)
    if not (~torch.isin(row, torch.tensor(list(special)))).any():
        raise PlaygroundError("masking_no_tokens")
    out, codes = corrupt(row, generator, p, exact=True, special=special, vocab_size=vocab_size, mask_id=mask_id)
    names = {v: k for k, v in CODES.items()}
    return Masking(row[0].tolist(), out[0].tolist(), [names[c] for c in codes[0].tolist()])


def masking_statistics(n_draws: int = 20_000, length: int = 40, seed: int = 0, p: float = P_CHOSEN) -> dict:
    """Mask n_draws random sentences of `length` characters (one corrupt(exact=True) call) and count.

    Returns {"draws", "length", "tokens" (n_draws * length), "p", "per_draw" (positions chosen per sentence),
    "counts", "observed", "expected"}: counts of "chosen", "mask", "random", "keep" and "random_same" (a random
    swap that drew the original again); observed = counts / tokens; expected = what the rule gives on average,
    chosen = per_draw / length (p itself when length * p is whole), mask 0.8, random 0.1, keep 0.1 of that, and
    random_same 0.1 / 46 of it.
    """
    n_draws = check_whole(n_draws, 1, MAX_DRAWS, "masking_bad_draws", "n")
    length = check_whole(length, 1, MAX_TEXT, "masking_bad_length", "n")
    p = check_rate(p)
    gen = torch.Generator().manual_seed(int(seed))
    chars = torch.tensor(CHAR_IDS)[torch.randint(len(CHAR_IDS), (n_draws, length), generator=gen)]  # (N, L)
    ids = torch.cat([torch.full((n_draws, 1), BOS_ID), chars, torch.full((n_draws, 1), EOS_ID)], dim=1)  # (N, L+2)
    out, codes = corrupt(ids, gen, p, exact=True)
    counts = {"chosen": int((codes > 0).sum()), **{a: int((codes == CODES[a]).sum()) for a in ACTIONS},
              "random_same": int(((codes == CODES["random"]) & (out == ids)).sum())}
    tokens = n_draws * length
    per_draw = max(1, round(length * p))
    share = per_draw / length
    expected = {"chosen": share, "mask": MASK_SHARE * share, "random": (1 - MASK_SHARE - KEEP_SHARE) * share,
                "keep": KEEP_SHARE * share, "random_same": (1 - MASK_SHARE - KEEP_SHARE) * share / len(CHAR_IDS)}
    return {"draws": n_draws, "length": length, "tokens": tokens, "p": p, "per_draw": per_draw, "counts": counts,
            "observed": {k: v / tokens for k, v in counts.items()}, "expected": expected}
