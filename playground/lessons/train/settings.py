"""The Train tab's settings: the default model and dataset, the models offered, and the widgets' values read into a
TrainSpec (make_spec). No gradio: the tab and its callbacks pass plain values in."""
from __future__ import annotations

from playground.core.data.datasets import DATASETS, dataset_info
from playground.core.errors import PlaygroundError
from playground.core.models import list_models, resolve
from playground.core.train.spec import TrainSpec
from playground.core.train.tasks import datasets_for
from playground.export.script import default_train_spec

DEFAULT_MODEL, DEFAULT_DATASET = "lenet5", "digits"
DATA_OPTIONS = ("noise", "train_ratio", "n_samples", "n_train", "seq_len")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "gelu")

default_spec = default_train_spec  # the shipped recipe for the pair, else the defaults; shared with the exporter


def model_choices() -> list[str]:
    """Teaching models first (they train in seconds), then the rest of the registry; only models that some
    built-in dataset fits."""
    return [k for k in list_models(teaching=True) + list_models(teaching=False) if datasets_for(resolve(k))]


def _hidden(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in str(text).replace(" ", "").split(",") if s]
    except ValueError:
        raise PlaygroundError("train_bad_hidden", text=text) from None
    if not 1 <= len(sizes) <= 6 or not all(1 <= s <= 256 for s in sizes):
        raise PlaygroundError("train_bad_hidden", text=text)
    return sizes


def make_spec(model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay, warmup, schedule,
              loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train,
              seq_len) -> TrainSpec:
    """The widgets' values, in the order of the tab's settings -> a TrainSpec (the core validates the numbers)."""
    entry = resolve(model)
    if entry is None:
        raise PlaygroundError("unknown_model", model=model)
    if not isinstance(dataset, str) or dataset not in DATASETS:  # a list, from an API call
        raise PlaygroundError("dataset_unknown", name=dataset)
    values = dict(noise=noise, train_ratio=train_ratio, n_samples=n_samples, n_train=n_train, seq_len=seq_len)
    allowed = dataset_info(dataset).options
    data_options = {k: v for k, v in values.items() if k in allowed and v is not None}
    model_options = {}
    if entry.family == "mlp" and entry.input_kind == "vector":
        model_options = {"hidden": _hidden(hidden), "activation": activation}
    return TrainSpec(model=entry.key, dataset=dataset, data_options=data_options, model_options=model_options,
                     optimizer=optimizer, lr=lr, batch_size=batch_size, epochs=epochs, steps=steps or 0,
                     momentum=momentum, weight_decay=weight_decay, warmup_steps=warmup or 0, schedule=schedule,
                     loss=loss, grad_clip=grad_clip or 0, seed=seed, amp=bool(amp))


# The Train tab's settings, in the order of its widgets; callbacks name them (Gradio finds `request` by name).
SETTINGS = tuple(make_spec.__code__.co_varnames[:make_spec.__code__.co_argcount])
