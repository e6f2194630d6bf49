"""The data part of the training script: the dataset's settings, the functions of playground/core/data/ that
make it (copied), and a load_data() that calls them as the Playground does; torchvision's are downloaded."""
from __future__ import annotations

import torch

from playground.core.data.datasets import Dataset, dataset_info, load_dataset, normalise
from playground.core.data.torchvision_sets import TORCHVISION
from playground.export.script_parts import torchvision_raw
from playground.export.sources import data_source
from playground.export.template import dict_literal, script_part, section

REMOTE_IMAGES = {"mnist": ((1, 28, 28), 10), "fashion_mnist": ((1, 28, 28), 10), "cifar10": ((3, 32, 32), 10)}


def script_dataset(key: str, options: dict) -> Dataset:
    """The dataset as the exporter needs it; torchvision's are described, not downloaded (the script does that)."""
    if key not in REMOTE_IMAGES:
        return load_dataset(key, **options)
    shape, n = REMOTE_IMAGES[key]
    info = dataset_info(key)
    x, y = torch.zeros(1, *shape), torch.zeros(1, dtype=torch.long)  # (1, C, H, W), (1,)
    return Dataset(key, info.task, info.input_kind, x, y, x, y, n, tuple(str(i) for i in range(n)), None,
                   options={"seed": 0, **normalise(key, options)})


def _loader_calls(key: str, options: dict) -> tuple[list[str], list[str], dict[str, str]]:
    """The expressions load_data() makes its splits with, the data functions they need and the overrides,
    mirroring generators.make_splits."""
    info = dataset_info(key)
    o = {k: f'OPTIONS["{k}"]' for k in options if k != "seed"}
    override, split = {}, ("n_train", "n_test")  # the training split from stream 0, the test split from 1
    if key == "digits":
        return ["_digits()"], ["_digits"], override
    if key == "shapes":
        return ([f"_shapes(_rng(DATASET, seed, 0), {o['n_train']})", f"_shapes(_rng(DATASET, seed, 1), {o['n_test']})"],
                ["_shapes", "_rng"], override)
    if key in REMOTE_IMAGES:
        override["_torchvision_raw"] = script_part(torchvision_raw, {"TORCHVISION_CLASS": TORCHVISION[key]})
        return ([f"_torchvision(DATASET, data_dir, _rng(DATASET, seed, 0), {o['n_train']}, {o['n_test']})[:4]"],
                ["_torchvision", "_rng"], override)
    if info.family == "toy2d":
        return ([f"_toy2d(DATASET, _rng(DATASET, seed, 0), {o['n_samples']}, {o['noise']}, {o['train_ratio']})"],
                ["_toy2d", "_rng"], override)
    if key == "brackets":
        return ([f"_brackets(_rng(DATASET, seed, {i}), {o[n]}, {o['seq_len']})" for i, n in enumerate(split)],
                ["_brackets", "_rng"], override)
    if key == "sine":
        return ([f"_sine(_rng(DATASET, seed, {i}), {o[n]}, {o['seq_len']}, {o['noise']})" for i, n in enumerate(split)],
                ["_sine", "_rng"], override)
    if info.task == "translate":
        return ([f"_seq2seq(DATASET, seed, {o['n_train']}, {o['n_test']}, {o['seq_len']})"],
                ["_seq2seq", "_rng", "BOS"], override)
    # a dataset added to core/data needs its branch here (tests/export/test_training_script.py checks them all)
    raise RuntimeError(f"no standalone loader for the dataset {key!r}")


def _load_data_source(data: Dataset, input_shape: tuple[int, ...]) -> tuple[str, list[str], dict[str, str]]:
    """The script's load_data(), the data functions it calls and the overrides, mirroring datasets._build."""
    parts, needs, override = _loader_calls(data.key, data.options)
    lines = [
        "def load_data(seed: int = 0, limit: int | None = None" + (", data_dir: str = \"data\"" if data.key in
                                                                   REMOTE_IMAGES else "") + "):",
        '    """x_train, y_train, x_test, y_test as the model reads them (the first `limit` of each when given)."""',
        "    parts = " + ("(" + "\n             + ".join(parts) + ")" if len(parts) > 1 else parts[0]),
        "    x_train, y_train, x_test, y_test = (torch.from_numpy(np.ascontiguousarray(a)) for a in parts)",
    ]
    if data.input_kind == "image":
        c, h, w = input_shape
        needs.append("adapt_images")
        lines += ["    mean, std = x_train.mean().item(), x_train.std().item()  # of the raw training images",
                  "    x_train, y_train, x_test, y_test = x_train[:limit], y_train[:limit], x_test[:limit], "
                  "y_test[:limit]",
                  f"    # resized to {h}x{w} with {c} channel{'s' if c > 1 else ''}, then normalised",
                  f"    x_train, x_test = ((adapt_images(x, {c}, ({h}, {w})) - mean) / std for x in (x_train, x_test))",
                  "    return x_train, y_train, x_test, y_test"]
    else:
        lines += ["    return x_train[:limit], y_train[:limit], x_test[:limit], y_test[:limit]"]
    return "\n".join(lines), needs, override


def data_part(data: Dataset, input_shape: tuple[int, ...]) -> str:
    """The script's data section: DATASET, OPTIONS, CLASSES and INPUT_SHAPE, the copied data functions and
    load_data()."""
    load_source, needs, override = _load_data_source(data, input_shape)
    title = f"the {dataset_info(data.key).key} dataset"
    opts = {k: v for k, v in data.options.items() if k != "seed"}
    classes = "" if data.key in REMOTE_IMAGES else f"CLASSES = {tuple(data.classes)!r}\n"  # torchvision's: in the files
    # the title names datasets.py, where load_dataset() is: the scripts stay as they were before the split
    return (section(f"The data: {title}, made exactly as the Playground makes it (playground/core/data/datasets.py)")
            + f"DATASET = {data.key!r}\n{dict_literal('OPTIONS', opts)}\n{classes}"
            f"INPUT_SHAPE = {tuple(input_shape)!r}  # one example, as the model reads it\n"
            + data_source(needs + (["BOS"] if data.task == "translate" else []), override)
            + "\n\n\n" + load_source + "\n")

