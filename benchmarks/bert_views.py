"""Latency of the masking lab with BERT-base, settings in -> figure JSON out, through the app's own path: a random
model of BERT-base's exact size (transformers' BertForMaskedLM, 12 layers, d 768, 30,522 WordPiece entries) saved
as google-bert/bert-base-uncased in a temporary hub cache (this machine cannot download the published weights; the
arithmetic is the same). Loading once (safetensors into our BERT), then guesses and the head view; median and p95.

    PYTHONPATH=. python benchmarks/bert_views.py
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ["HF_HUB_OFFLINE"] = "1"

from benchmarks.timing import print_table  # noqa: E402
from playground.lessons.masking import tab as lab_masking  # noqa: E402
from playground.lessons.masking.subjects import BASE, masking_model  # noqa: E402
from tests.bert_hub import write_small_bert  # noqa: E402

SENTENCE = "the cat sat on the mat and went home to read a big red book about the city of paris in france ."
BLANKS = "the cat sat on the _ and went home to read a big red _ about the city of paris in france ."


def main(repeats: int = 20) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HF_HUB_CACHE"] = str(Path(folder) / "hub")
        t0 = time.perf_counter()
        write_small_bert(Path(folder) / "hub", vocab_size=30_522, hidden=768, layers=12, heads=12, ff=3072,
                         positions=512)
        print(f"random BERT-base written in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        subject = masking_model(BASE)
        print(f"first load (config, tokenizer, 440 MB safetensors into our BERT): {time.perf_counter() - t0:.2f} s; "
              f"{sum(p.numel() for p in subject.model.parameters()):,} parameters, "
              f"{len(subject.read(SENTENCE, 0).tokens)} tokens in the sentence\n")
        cases = [
            ("BERT-base: 15% masked + top-5 guesses (both figures)",
             lambda: lab_masking.on_mask_model(BASE, SENTENCE, 0)),
            ("BERT-base: two typed blanks + top-5 guesses", lambda: lab_masking.on_mask_model(BASE, BLANKS, 0)),
            ("BERT-base: head view, layer 6 (12 heads)", lambda: lab_masking.on_heads(BASE, SENTENCE, 0, 6)[0]),
            ("tiny BERT: masking + guesses", lambda: lab_masking.on_mask_model("tiny_bert", SENTENCE[:60], 0)),
            ("tiny BERT: head view, layer 2", lambda: lab_masking.on_heads("tiny_bert", SENTENCE[:60], 0, 2)[0]),
        ]
        print_table(cases, repeats)


if __name__ == "__main__":
    main()
