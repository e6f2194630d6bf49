"""Latency of the Attention tab's views as its callbacks compute them, text in -> figure JSON out: read the text,
greedy decoding, one recorded forward pass, the overview of every layer x head, the enlarged head; the
step-by-step view and the mask lab; the positional-encoding lab at 512 x 512; inside a Transformer block. Median
and p95 over repeated calls on this machine, with the goals of issue 5 (p95 under 150 ms and 200 ms).

    PYTHONPATH=. python benchmarks/attention_views.py          # every view
    PYTHONPATH=. python benchmarks/attention_views.py block    # inside a block only
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import print_table  # noqa: E402
from playground.core.session import Session  # noqa: E402
from playground.lessons.attention import block_tab, positional_tab, sequence_tab, subjects  # noqa: E402

PICTURE = ("sample", "shapes", 0, None, None)
DIGITS = "31415926535897932384626433832795028841971693993751058209749445923"
WORDS = "the cat sat on the mat and then it saw a dog run far off home"  # 16 words


def block_cases() -> list:
    """Inside a block: the shipped Transformer on 8 and 16 digits, the random block on 6 and 16 words."""
    settings = (("shipped", DIGITS[:8], 8, "post"), ("shipped", DIGITS[:16], 16, "pre"),
                ("random", "the cat sat on the mat", 6, "post"), ("random", WORDS, 16, "pre"))
    return [(f"inside a block: {source}, {n} tokens, {norm}-LN",
             lambda a=(source, text, norm): block_tab.on_transformer_block(*a)) for source, text, n, norm in settings]


def main(repeats: int = 40) -> None:
    s = Session()
    digits = DIGITS
    cases = []
    for n in (8, 16, 32, 64):
        cases.append((f"attention: shipped Transformer, {n} digits", lambda n=n: sequence_tab.on_attention(
            subjects.DEFAULT, digits[:n], None, 0, *PICTURE, s)))
    for n in (8, 31):
        cases.append((f"attention: shipped GPT, {n} digits", lambda n=n: sequence_tab.on_attention(
            "pretrained/tiny_gpt_reverse", digits[:n], None, 0, *PICTURE, s)))
    cases.append(("attention: tiny_bert (random), 64 characters", lambda: sequence_tab.on_attention(
        "tiny_bert", ("the cat sat on the mat " * 3)[:64], None, 0, *PICTURE, s)))
    cases.append(("attention: ViT-Tiny (random), 224 px picture", lambda: sequence_tab.on_attention(
        "timm/vit_tiny_patch16_224", "", None, 0, *PICTURE, s)))
    cases.append(("step by step, 10 tokens", lambda: sequence_tab.on_steps(
        subjects.DEFAULT, digits[:16], "decoder.0.self_attention", 0, s)))
    cases.append(("mask lab, 16 + 4 <pad> tokens", lambda: sequence_tab.on_mask_lab(
        subjects.DEFAULT, digits[:16], "encoder.1.attention", 0, 4, s)))
    for n in (64, 512):
        cases.append((f"positional-encoding lab, {n} x {n}", lambda n=n: positional_tab.on_positional(
            n, n, "0 1 6 7 20 21", 3, 8, 0, "pretrained/tiny_gpt_reverse", s)))
    print_table(cases + block_cases(), repeats)


if __name__ == "__main__":
    if sys.argv[1:] == ["block"]:
        print_table(block_cases(), 40)
    else:
        main()
