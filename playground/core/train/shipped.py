"""The teaching models that ship in pretrained/: their recipes, the script that trains them, and the loader.

Rebuild them with `python -m playground.pretrained` (writes pretrained/*.safetensors and manifest.json). Each
recipe is a TrainSpec with an explicit seed, so the same torch version on a CPU gives the same weights.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import importlib
import json
import logging
import time
from functools import lru_cache
from pathlib import Path

import torch

from playground.core import config
from playground.core.errors import PlaygroundError

from .analysis import evaluate_trained
from .checkpoint import load_checkpoint, save_checkpoint
from .loop import train
from .spec import TrainSpec
from .trained import TrainedModel

DIRECTORY = config.PRETRAINED_DIR
MANIFEST = "manifest.json"
log = logging.getLogger("playground")

RECIPES: dict[str, TrainSpec] = {
    "lenet5_digits": TrainSpec(model="lenet5", dataset="digits", optimizer="adamw", lr=3e-3, weight_decay=0.01,
                               batch_size=32, epochs=20, schedule="cosine", seed=0),
    "tiny_transformer_reverse": TrainSpec(model="tiny_transformer", dataset="reverse", optimizer="adam", lr=3e-3,
                                          batch_size=64, steps=2000, warmup_steps=100, schedule="cosine",
                                          grad_clip=1.0, seed=0),
    "tiny_gpt_reverse": TrainSpec(model="tiny_gpt", dataset="reverse", optimizer="adam", lr=3e-3, batch_size=64,
                                  steps=2000, warmup_steps=100, schedule="cosine", grad_clip=1.0, seed=0),
    "tiny_lstm_brackets": TrainSpec(model="tiny_lstm", dataset="brackets", optimizer="adam", lr=1e-2,
                                    batch_size=32, epochs=10, schedule="cosine", seed=0),
    "tiny_gru_brackets": TrainSpec(model="tiny_gru", dataset="brackets", optimizer="adam", lr=1e-2,
                                   batch_size=32, epochs=10, schedule="cosine", seed=0),
    "tiny_rnn_brackets": TrainSpec(model="tiny_rnn_tagger", dataset="brackets", optimizer="adam", lr=1e-2,
                                   batch_size=32, epochs=10, schedule="cosine", seed=0),
    "tiny_seq2seq_reverse": TrainSpec(model="tiny_seq2seq", dataset="reverse", data_options={"n_train": 50000},
                                      optimizer="adam", lr=5e-3, batch_size=64, steps=2000, warmup_steps=100,
                                      schedule="cosine", grad_clip=1.0, seed=0),
    "tiny_seq2seq_sort": TrainSpec(model="tiny_seq2seq", dataset="sort", data_options={"n_train": 50000},
                                   optimizer="adam", lr=5e-3, batch_size=64, steps=1000, warmup_steps=100,
                                   schedule="cosine", grad_clip=1.0, seed=0),
    "tiny_mlp_spiral": TrainSpec(model="tiny_mlp", dataset="spiral",
                                 model_options={"hidden": [32, 32], "activation": "relu"}, optimizer="adam", lr=0.01,
                                 batch_size=16, epochs=200, schedule="cosine", seed=0),
}
# Shipped models that their lab trains with its own loop (masked-LM corruption, captions with attention) rather than
# a TrainSpec: name -> "module:function", where the function takes the directory, writes the weights file there and
# returns its manifest item (file, model, dataset, seed, steps, metrics, train_seconds, torch).
LAB_BUILDS: dict[str, str] = {
    "tiny_bert_mlm": "playground.lessons.masking.mlm:build_pretrained",
    "show_attend_tell_shapes": "playground.lessons.captioning.compute:build_pretrained",
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(directory: Path = DIRECTORY) -> dict:
    try:
        return json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def _intact(directory: Path = DIRECTORY) -> list[str]:
    """Names of the shipped models whose file is present and its sha256 as recorded."""
    manifest = read_manifest(directory)
    return [name for name, item in manifest.items()
            if (directory / item["file"]).is_file() and _sha256(directory / item["file"]) == item["sha256"]]


def available(directory: Path = DIRECTORY) -> list[str]:
    """Names of the shipped checkpoints (TrainSpec recipes) whose file is present and intact; the labs' own
    models (LAB_BUILDS) are found with shipped_file."""
    return [name for name in _intact(directory) if name not in LAB_BUILDS]


def shipped_file(name: str, directory: Path = DIRECTORY) -> Path:
    """The intact weights file of a shipped model (for the lab models, which their own modules load)."""
    if name not in _intact(directory):
        raise PlaygroundError("pretrained_missing", name=name)
    return directory / read_manifest(directory)[name]["file"]


@lru_cache(maxsize=None)
def _load(name: str, directory: Path) -> TrainedModel:
    item = read_manifest(directory).get(name)
    if item is None or name not in available(directory):
        raise PlaygroundError("pretrained_missing", name=name)
    return load_checkpoint(directory / item["file"])


def _check_name(name) -> str:
    if not isinstance(name, str):  # a menu's value from an API call may be a list or a number
        raise PlaygroundError("pretrained_unknown", name=name)
    return name


def shared_pretrained(name: str) -> TrainedModel:
    """The cached shipped model itself, shared by every visitor: look, never train (load_pretrained copies)."""
    return _load(_check_name(name), DIRECTORY)


def load_pretrained(name: str, directory: Path = DIRECTORY) -> TrainedModel:
    """A private copy of a shipped model (the cached original stays untouched, in eval mode)."""
    return copy.deepcopy(_load(_check_name(name), directory))


def build(names: list[str] | None = None, directory: Path = DIRECTORY) -> dict:
    """Train the recipes on the CPU and write weights + manifest; returns the manifest."""
    torch.use_deterministic_algorithms(True)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(directory)
    for name in names or [*RECIPES, *LAB_BUILDS]:
        if name in LAB_BUILDS:
            module, function = LAB_BUILDS[name].split(":")
            item = getattr(importlib.import_module(module), function)(directory)
            manifest[name] = {**item, "sha256": _sha256(directory / item["file"])}
            log.warning("%s: %s in %.1f s", name, item["metrics"], item["train_seconds"])
            continue
        spec = RECIPES[name]
        t = time.perf_counter()
        trained = train(TrainSpec.from_dict({**spec.to_dict(), "device": "cpu"}), max_seconds=3600)
        seconds = time.perf_counter() - t
        path = save_checkpoint(trained, directory / f"{name}.safetensors", side_json=False)
        metrics = evaluate_trained(trained)
        manifest[name] = {"file": path.name, "sha256": _sha256(path), "model": spec.model, "dataset": spec.dataset,
                          "seed": spec.seed, "steps": trained.metrics["steps"], "metrics": metrics,
                          "train_seconds": round(seconds, 1), "torch": torch.__version__}
        log.warning("%s: %s in %.1f s", name, metrics, seconds)
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Train the shipped teaching models into pretrained/.")
    known = [*RECIPES, *LAB_BUILDS]
    parser.add_argument("names", nargs="*", help=f"recipes to rebuild (default: all of {', '.join(known)})")
    args = parser.parse_args()
    if set(args.names) - set(known):
        parser.error(f"unknown recipe(s): {', '.join(sorted(set(args.names) - set(known)))}")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.names or None)
