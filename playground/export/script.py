"""A standalone training script: the model's source, the data generator and the loop in one file that needs only
torch and numpy (plus timm or torchvision for catalog models, scikit-learn for the digits); the fixed code comes
from the templates in script_parts/. Also the Train tab's starting settings for a pair. No gradio here."""
from __future__ import annotations

import math
import re
from pathlib import Path

import torch

from playground.core import config
from playground.core.data.datasets import Dataset, dataset_info
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import ModelEntry, resolve
from playground.core.models.catalog import TV_NO_AUX
from playground.core.train.shipped import RECIPES
from playground.core.train.build import input_shape_for, model_kwargs
from playground.core.train.loop import lr_factor
from playground.core.train.spec import TrainSpec
from playground.core.train.tasks import EVAL_BATCH, datasets_for, make_task, resolve_loss
from playground.export.script_data import REMOTE_IMAGES, data_part, script_dataset
from playground.export.script_parts import classify, decoder_only, encoder_decoder, main, regress, tag, translate
from playground.export.sources import function_source, standalone_model_source
from playground.export.tables import file_stem
from playground.export.template import dict_literal, script_part, section

TASK_PARTS = {"classify": classify, "tag": tag, "regress": regress, "translate": translate}
_METRIC_FORMAT = {"accuracy": "{:.2%}", "sequence_accuracy": "{:.2%}", "r2": "{:.4f}"}


def default_train_spec(key: str, dataset: str) -> TrainSpec:
    """The settings the Train tab starts from for this pair: the shipped recipe when there is one, else its
    defaults (the Train tab uses this function)."""
    recipe = next((r for r in RECIPES.values() if r.model == key and r.dataset == dataset), None)
    if recipe is not None:
        return recipe
    info = dataset_info(dataset)
    if info.family == "toy2d":  # TensorFlow Playground's pace: a small net, a large step
        return TrainSpec(model=key, dataset=dataset, lr=0.03, epochs=100, batch_size=16)
    return TrainSpec(model=key, dataset=dataset, lr=3e-3 if info.family == "sequence" else 1e-3, epochs=5,
                     batch_size=64)


def _check_fit(entry: ModelEntry, data: Dataset, loss: str, kwargs: dict, input_shape: tuple[int, ...]) -> int:
    """One training step's forward on one example, on the meta device (no weights): a model whose input or output
    does not fit this data is refused, as the Train tab refuses it. Returns the parameter count."""
    try:
        model = build_on_meta(entry, **kwargs).eval()
    except Exception as e:  # noqa: BLE001 - any builder failure means these arguments do not work
        raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e).splitlines()[0][:200]) from None
    params = sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
    x = data.x_train[:1]
    if data.input_kind == "image":
        x = torch.zeros(1, *input_shape)  # (1, C, H, W)
    task = make_task(entry, data, loss)
    try:
        with torch.no_grad():
            task.step(model, x.to("meta"), data.y_train[:1].to("meta"))
    except Exception as e:  # noqa: BLE001 - any failure on one example means this data does not fit
        detail = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
        if not re.search(r"meta|data-dependent|item\(\)|NotImplemented", detail, re.I):
            raise PlaygroundError("train_mismatch_output", model=entry.key, dataset=data.key, detail=detail) from None
        # an op without a meta kernel says nothing about fit; a real forward does, when the model is small
        if params <= config.MAX_TRAIN_PARAMS:
            try:
                with torch.no_grad(), torch.random.fork_rng(devices=[]):  # leaves the global generator alone
                    task.step(entry.build(**kwargs).eval(), x, data.y_train[:1])
            except Exception as e2:  # noqa: BLE001
                raise PlaygroundError("train_mismatch_output", model=entry.key, dataset=data.key,
                                      detail=str(e2).strip().splitlines()[0][:200]) from None
    return params


def _header_imports(body: str, extra: list[str]) -> str:
    """The script's imports: the standard ones its code uses, then the model source's own, each once."""
    std = [f"import {m}" for m in ("argparse", "math", "time", "zlib") if re.search(rf"\b{m}\.", body)]
    third = ["import numpy as np", "import torch", "import torch.nn as nn", "import torch.nn.functional as F"]
    seen = set(std + third)
    rest = [line for line in extra if not (line in seen or seen.add(line))]
    return "\n".join(["from __future__ import annotations", "", *std, "", *third, *rest]) + "\n"


def _model_part(entry: ModelEntry, dataset: str, kwargs: dict) -> tuple[list[str], str]:
    """The script's model section -> (the import lines it needs, its text): the registry model's source, or a
    timm / torchvision call, then build_model()."""
    call = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    if entry.source == "registry":
        imports, source = standalone_model_source(entry.key)
        text = section(f"The model: {entry.title}, as the Playground defines it (playground/core/models/)") + source
        builder = f"{entry.build.__name__}({call})"
    elif entry.source == "timm":
        imports, text = ["import timm"], section(f"The model: timm's {entry.title}, with random weights")
        builder = f"timm.create_model({entry.title!r}, pretrained=False, {call})"
    else:
        imports, text = ["import torchvision"], section(f"The model: torchvision's {entry.title}, with random weights")
        extra = {"aux_logits": False, "init_weights": False} if entry.title in TV_NO_AUX else {}
        if entry.title.startswith("vit_"):  # as playground.core.models.catalog builds it
            extra["image_size"] = entry.input_shape[-1]
        call = ", ".join(f"{k}={v!r}" for k, v in {**extra, **kwargs}.items())
        builder = f"torchvision.models.get_model({entry.title!r}, weights=None, {call})"
    return imports, text + f'''

def build_model() -> nn.Module:
    """{entry.title} sized for {dataset}: {call}."""
    return {builder}
'''


def _task_part(entry: ModelEntry, data: Dataset) -> str:
    """The script's loss and metric section: EVAL_BATCH, the target's scores for a translation, the task's code."""
    text = section(f"Loss and metric: {data.task}") + f"EVAL_BATCH = {EVAL_BATCH}\n"
    if data.task == "translate":
        text += "\n\n" + script_part(decoder_only if entry.input_kind == "tokens" else encoder_decoder) + "\n"
    return text + "\n\n" + script_part(TASK_PARTS[data.task]) + "\n"


def _training_part(entry: ModelEntry, spec: TrainSpec, metric: str, epochs: int, remote: bool) -> str:
    """The script's training section: MODEL, DEFAULTS (the run's settings), lr_factor and the main loop."""
    defaults = {"epochs": epochs, "batch_size": spec.batch_size, "lr": spec.lr,
                "optimizer": spec.optimizer if spec.optimizer in ("adam", "adamw") else "adam",
                "weight_decay": spec.weight_decay, "schedule": spec.schedule, "warmup": spec.warmup_steps,
                "grad_clip": spec.grad_clip, "seed": spec.seed}
    return (section("Training")
            + f"MODEL = {entry.key!r}\n{dict_literal('DEFAULTS', defaults, 'the Train tab starting settings')}\n"
            f"METRIC_FORMAT = {_METRIC_FORMAT[metric]!r}\n\n\n"
            + function_source(lr_factor) + "\n\n\n"
            + script_part(main, flags={"torchvision": remote}) + "\n")


def _docstring(entry: ModelEntry, data: Dataset, params: int, input_shape: tuple[int, ...], metric: str,
               epochs: int) -> str:
    """The script's docstring: what it trains, what it needs, how to run it."""
    remote = data.key in REMOTE_IMAGES
    needs = ["torch", "numpy"] + (["scikit-learn"] if data.key == "digits" else []) + \
        (["torchvision"] if remote or entry.source == "torchvision" else []) + \
        (["timm"] if entry.source == "timm" else [])
    stem = file_stem(entry.key)
    shape = "x".join(map(str, input_shape))
    reads = {"image": f"{shape} images", "vector": "2-D points", "series": f"series of {shape} values",
             "tokens": f"{shape} tokens", "token_pair": f"{shape} source tokens"}[data.input_kind]
    shown = metric.replace("_", " ")
    return f'''"""Train {entry.title} (`{entry.key}`) on the {dataset_info(data.key).key} dataset.

A standalone script from the Neural Network Playground.
{params:,} parameters, reading {reads}; task: {data.task}, measured by test {shown}.
Model paper: {entry.paper or "see the library's documentation"}
Needs {", ".join(needs)}; nothing from the Playground itself.

    python {stem}_train.py                              # the Playground's settings ({epochs} epochs)
    python {stem}_train.py --epochs 5 --device cuda --save {stem}.pt

--save writes a state_dict: model = build_model(); model.load_state_dict(torch.load("{stem}.pt")).
--init continues from weights: a file from --save, or the .safetensors checkpoint the Train tab offers.
Every epoch prints the mean training loss, the test loss and the test {shown}.
"""
'''


def _chosen_spec(entry: ModelEntry, dataset: str | None, spec: TrainSpec | None) -> TrainSpec:
    """The run to write: `spec` when it is for this pair, else the Train tab's first settings for the dataset
    (default: the first that fits, as the Train tab picks it); refuses a dataset the model cannot read."""
    choices = datasets_for(entry)
    if not choices:
        raise PlaygroundError("train_no_dataset", model=entry.key)
    dataset = dataset or choices[0]
    dataset_info(dataset)  # an unknown dataset is refused by name before the pairing is checked
    if dataset not in choices:
        raise PlaygroundError("train_mismatch", model=entry.key, dataset=dataset, kind=entry.input_kind)
    if spec is not None and spec.model == entry.key and spec.dataset == dataset:
        return spec
    return default_train_spec(entry.key, dataset)


def training_script(key: str, dataset: str | None = None, *, model_options: dict | None = None,
                    data_options: dict | None = None, spec: TrainSpec | None = None) -> str:
    """The text of a self-contained Python file that trains `key` on `dataset` (default: the first dataset that
    fits, as the Train tab picks it) with the Train tab's starting settings; it needs torch and numpy only, plus
    timm / torchvision for catalog models and torchvision datasets, and scikit-learn for the digits.

    Args:
        model_options: builder arguments the Train tab exposes (hidden sizes and activation of the 2-D MLP);
            default: the shipped recipe's for this pair, else the builder's own.
        data_options: dataset options (n_train, seq_len, noise, ...); default: the recipe's, else the dataset's.
        spec: a run's settings (the session's model) to start from instead of the Train tab's first ones; its
            model and data options apply unless given above.
    """
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    spec = _chosen_spec(entry, dataset, spec)
    model_options = spec.model_options if model_options is None else model_options
    data = script_dataset(spec.dataset, dict(spec.data_options if data_options is None else data_options))
    loss = resolve_loss(spec, data)
    kwargs = model_kwargs(entry, data, loss, model_options)
    input_shape = input_shape_for(entry, data)
    params = _check_fit(entry, data, loss, kwargs, input_shape)
    metric = make_task(entry, data, loss).metric
    epochs = spec.epochs if spec.steps <= 0 else spec.steps * spec.batch_size / len(data.x_train)
    epochs = max(1, math.ceil(epochs))
    imports, model_text = _model_part(entry, spec.dataset, kwargs)
    body = (model_text + data_part(data, input_shape) + _task_part(entry, data)
            + _training_part(entry, spec, metric, epochs, data.key in REMOTE_IMAGES))
    text = re.sub(r"\n{4,}", "\n\n\n", body)  # at most two blank lines between the parts
    # the header, last: it lists what the body needs
    return _docstring(entry, data, params, input_shape, metric, epochs) + _header_imports(text, imports) + text


def write_training_script(key: str, folder: Path, dataset: str | None = None, spec: TrainSpec | None = None) -> Path:
    """<model>_train.py in folder (see training_script); returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem(key)}_train.py"
    path.write_text(training_script(key, dataset, spec=spec), encoding="utf-8")
    return path
