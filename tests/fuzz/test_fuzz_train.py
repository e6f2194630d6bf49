"""Fuzzing the Train tab: model and dataset choices, the estimate, training (the first reports of a tiny run),
Stop, evaluation, checkpoints and shipped models; and the rule that the session's model survives bad input."""
import pytest
from hypothesis import strategies as st

from playground.core.models import resolve
from playground.core.train.shipped import available
from playground.core.train.spec import LOSSES, OPTIMIZERS, SCHEDULES
from playground.core.train.tasks import datasets_for

from .fuzzing import CHECKPOINTS, NEVER_DRAWN, booleans, choices, files, fuzz, numbers, sessions, texts

pytestmark = pytest.mark.fuzz

MODELS = ("tiny_mlp", "lenet5", "tiny_rnn", "tiny_lstm", "tiny_gru", "tiny_rnn_tagger", "tiny_transformer",
          "tiny_gpt", "tiny_resnet", "mlp")
DATASETS = ("circle", "xor", "gauss", "spiral", "digits", "shapes", "brackets", "sine", "reverse", "copy", "sort")
# A model and a dataset it can learn, drawn together: drawn apart, nearly every pair is a mismatch and the
# examples never get past that first check. Wild pairs mix any model (or none) with any dataset.
PAIRS = [(m, d) for m in MODELS if resolve(m) for d in datasets_for(resolve(m)) if d not in NEVER_DRAWN]
MODEL_CHOICES, DATASET_CHOICES = choices(MODELS, extra_wild=("resnet152", "vgg16", "timm/resnet18", "bert")), \
    choices(DATASETS)
MODEL_AND_DATASET = (st.sampled_from(PAIRS), st.tuples(st.one_of(MODEL_CHOICES), st.one_of(DATASET_CHOICES)))
HIDDEN = st.lists(st.integers(1, 16), min_size=1, max_size=3).map(lambda h: ",".join(map(str, h)))
# The 22 settings kept small: a run that gets through takes a fraction of a second to its first report.
SETTINGS = {
    ("model", "dataset"): MODEL_AND_DATASET,
    "optimizer": choices(OPTIMIZERS), "lr": numbers(1e-4, 0.1), "batch_size": numbers(1, 32, 1),
    "epochs": numbers(1, 3, 1), "steps": numbers(0, 30, 1), "momentum": numbers(0, 0.99),
    "weight_decay": numbers(0, 0.1), "warmup": numbers(0, 10, 1), "schedule": choices(SCHEDULES),
    "loss": (st.just("auto"), st.one_of(st.sampled_from(LOSSES), choices(LOSSES)[1])),  # a named one may not fit
    "grad_clip": numbers(0, 5), "seed": numbers(0, 1000, 1), "amp": booleans(),
    "hidden": texts(HIDDEN, alphabet="0123456789, "), "activation": choices(("tanh", "relu", "sigmoid",
                                                                             "leaky_relu", "gelu")),
    # within every dataset's range (playground.data.option_range), so a valid value fits whichever was drawn
    "n_samples": numbers(50, 400, 1), "n_train": numbers(100, 300, 1), "seq_len": numbers(4, 12, 1),
}


def test_train_select_model(demo):
    fuzz(demo, "train_select_model", {"model": choices(MODELS), "dataset": choices(DATASETS)})


def test_train_select_dataset(demo):
    fuzz(demo, "train_select_dataset", {"model": choices(MODELS), "dataset": choices(DATASETS)})


def test_estimate(demo):
    fuzz(demo, "estimate", SETTINGS, mutate_at_most=4)


def test_train_schedule(demo):
    """The run's learning rate at each step, drawn beside the estimate."""
    fuzz(demo, "train_schedule", SETTINGS, mutate_at_most=4)


def test_refresh_estimate(demo):
    """The tab's redraw after a language switch: the dataset menu's titles, the card, the device, the estimate."""
    fuzz(demo, "refresh_estimate", SETTINGS, mutate_at_most=4)


def test_train(demo):
    fuzz(demo, "train", {**SETTINGS, "session": sessions()}, replaces_model=True, mutate_at_most=4)


def test_stop_training(demo):
    fuzz(demo, "stop_training")


def test_evaluate(demo):
    fuzz(demo, "evaluate")


def test_load_checkpoint(demo):
    fuzz(demo, "load_checkpoint", {"file": files(CHECKPOINTS)}, replaces_model=True)


def test_load_pretrained(demo):
    fuzz(demo, "load_pretrained", {"name": choices(available(), extra_wild=("../lenet5_digits", "manifest",
                                                                             "lenet5_digits.safetensors"))},
         replaces_model=True)


def test_session_model(demo):
    fuzz(demo, "session_model")
