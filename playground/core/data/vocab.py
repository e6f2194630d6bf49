"""Token vocabularies of the sequence datasets and the char-level models, and decoding ids back to text.
Core module: imports no gradio."""
from __future__ import annotations

import torch

PAD, BOS, EOS = 0, 1, 2
TOKEN_VOCAB = ("<pad>", "<bos>", "<eos>", *(str(d) for d in range(10)))   # digit d has id d + 3
BRACKET_TOKENS = ("(", ")")                                               # input ids 0 and 1
# Characters for the char-level teaching GPT and BERT: specials, then a space, letters, digits and punctuation.
CHAR_VOCAB = ("<pad>", "<bos>", "<eos>", "<mask>", " ", *"abcdefghijklmnopqrstuvwxyz", *"0123456789", *".,;:!?'-()")


def decode_tokens(ids, classes: tuple[str, ...] = TOKEN_VOCAB) -> str:
    """Token ids (a sequence or 1-D tensor) joined into text, skipping <pad>, <bos> and <eos>."""
    ids = ids.tolist() if isinstance(ids, torch.Tensor) else ids
    return "".join(classes[int(i)] for i in ids if int(i) not in (PAD, BOS, EOS))
