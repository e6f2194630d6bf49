"""The downloadable training script: it runs on its own (no Playground on the path), prints a finite loss, and
saves weights that load into the Playground's own model; its data and initial weights are the Playground's, and
models or datasets that cannot train are refused."""
import ast
import math
import os
import re
import runpy
import subprocess
import sys

import pytest
import torch

from playground.core.data.datasets import DATASETS, load_dataset
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import list_models, resolve
from playground.core.train.build import build_model, model_kwargs
from playground.core.train.loop import plan
from playground.core.train.shipped import RECIPES
from playground.core.train.spec import TrainSpec
from playground.core.train.tasks import datasets_for, resolve_loss
from playground.core.train.trained import data_summary, prepare_inputs
from playground.export.script import training_script, write_training_script

LOSS_LINE = re.compile(r"^epoch +1/1 +train loss (\S+) +test loss (\S+)", re.M)


def _app_spec(key: str, dataset: str) -> TrainSpec:
    """What the Train tab would train: the shipped recipe for the pair, else plain settings."""
    recipe = next((r for r in RECIPES.values() if r.model == key and r.dataset == dataset), None)
    return recipe or TrainSpec(model=key, dataset=dataset)


def _script_module(tmp_path, key: str, dataset: str | None = None) -> dict:
    """The script's globals, loaded without running main()."""
    path = write_training_script(key, tmp_path, dataset)
    return runpy.run_path(str(path), run_name="training_script_under_test")


RUNS = [
    ("lenet5", "digits"),                       # registry CNN, resized real digits
    ("tiny_mlp", "spiral"),                     # 2-D points; the recipe's 32-32 ReLU MLP
    ("tiny_lstm", "brackets"),                  # a label per step
    ("tiny_transformer", "reverse"),            # encoder-decoder, greedy decoding in the evaluation
    ("tiny_gpt", "reverse"),                    # decoder-only on the same task
    ("timm/resnet18", "digits"),                # timm, grey 8x8 digits to 3x32x32
    ("torchvision/resnet18", "shapes"),         # torchvision on the generated colour shapes
]


@pytest.fixture(scope="module")
def script_runs(tmp_path_factory):
    """Every script in RUNS started at once for one short epoch on the CPU (most of a run is importing torch,
    so running them side by side takes a fraction of the time): (key, dataset) -> (process, script, weights)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    runs = {}
    for key, dataset in RUNS:
        folder = tmp_path_factory.mktemp("script")
        path = write_training_script(key, folder, dataset)
        saved = folder / "weights.pt"
        # -I: isolated, so neither PYTHONPATH nor the working directory can lend it the playground package
        proc = subprocess.Popen([sys.executable, "-I", str(path), "--epochs", "1", "--limit", "64", "--batch-size",
                                 "32", "--device", "cpu", "--save", str(saved)], cwd=folder, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        runs[key, dataset] = proc, path, saved
    yield runs
    for proc, _, _ in runs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow  # each run is a separate Python process training for a few seconds
@pytest.mark.parametrize("key, dataset", RUNS)
def test_script_trains_on_its_own_and_saves_loadable_weights(script_runs, key, dataset):
    proc, path, saved = script_runs[key, dataset]
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
    output, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, output
    match = LOSS_LINE.search(output)
    assert match, output
    assert math.isfinite(float(match.group(1))) and math.isfinite(float(match.group(2)))
    model = build_model(resolve(key), plan(_app_spec(key, dataset)).kwargs, seed=1)
    model.load_state_dict(torch.load(saved, weights_only=True))  # strict: the same keys and shapes


def test_initial_weights_and_settings_are_the_playground_s(tmp_path):
    spec = RECIPES["tiny_lstm_brackets"]
    ns = _script_module(tmp_path, "tiny_lstm", "brackets")
    torch.manual_seed(spec.seed)
    ours = ns["build_model"]().state_dict()
    theirs = build_model(resolve("tiny_lstm"), plan(spec).kwargs, spec.seed).state_dict()
    assert ours.keys() == theirs.keys() and all(torch.equal(ours[k], theirs[k]) for k in ours)
    assert ns["DEFAULTS"]["lr"] == spec.lr and ns["DEFAULTS"]["batch_size"] == spec.batch_size


# A model that fits each dataset the Playground builds itself; the torchvision datasets are downloaded, not built.
_READER = {"image": "lenet5", "vector": "tiny_mlp", "tokens": "tiny_lstm", "series": "tiny_rnn",
           "token_pair": "tiny_seq2seq"}


@pytest.mark.parametrize("dataset", [k for k, info in DATASETS.items() if info.local])
def test_script_data_equal_the_playground_s(tmp_path, dataset):
    key = _READER[DATASETS[dataset].input_kind]
    ns = _script_module(tmp_path, key, dataset)
    p = plan(_app_spec(key, dataset))
    summary = data_summary(p.data, p.input_shape, p.loss)
    want = (prepare_inputs(p.data.x_train, summary), p.data.y_train, prepare_inputs(p.data.x_test, summary),
            p.data.y_test)
    got = ns["load_data"](0)
    assert all(a.dtype == b.dtype and torch.equal(a, b) for a, b in zip(got, want)), dataset
    assert [len(t) for t in ns["load_data"](0, limit=5)] == [5, 5, 5, 5]


@pytest.mark.parametrize("dataset", [k for k, info in DATASETS.items() if not info.local])
def test_torchvision_datasets_are_downloaded_by_the_script(dataset):
    text = training_script("lenet5", dataset)
    assert "download=True" in text and '"--data-dir"' in text
    compile(text, "script.py", "exec")


# Registry models no built-in dataset can train: sentence classifiers (the only token data is labelled per step),
# BERT (no masked-language data) and the full AlexNet (a 32x32 image shrinks to nothing in it).
REFUSED = {"rnn", "lstm", "gru", "bert", "tiny_bert", "alexnet", "show_attend_tell", "tiny_show_attend_tell"}


@pytest.mark.parametrize("key", [k for k in list_models() if k not in REFUSED])
def test_every_trainable_registry_model_is_inlined_whole(tmp_path, key):
    """The script's build_model() has the parameters and buffers of the Playground's model (on the meta device,
    so the large ones cost nothing)."""
    dataset = datasets_for(resolve(key))[0]
    ns = _script_module(tmp_path, key, dataset)
    with torch.device("meta"):
        ours = ns["build_model"]()
    spec = _app_spec(key, dataset)
    data = load_dataset(dataset, seed=spec.seed, **spec.data_options)
    theirs = build_on_meta(resolve(key), **model_kwargs(resolve(key), data, resolve_loss(spec, data),
                                                        spec.model_options))
    assert {k: v.shape for k, v in ours.state_dict().items()} == {k: v.shape for k, v in theirs.state_dict().items()}


_STDLIB = set(sys.stdlib_module_names)


@pytest.mark.parametrize("key, dataset, allowed", [
    ("lenet5", "digits", {"sklearn"}),
    ("tiny_gpt", "reverse", set()),
    ("tiny_densenet", "mnist", {"torchvision"}),
    ("timm/resnet18", "shapes", {"timm"}),
    ("torchvision/resnet18", "digits", {"torchvision", "sklearn"}),
])
def test_script_imports_only_torch_numpy_and_what_the_choice_needs(key, dataset, allowed):
    text = training_script(key, dataset)
    assert not re.search(r"^\s*(from|import)\s+(playground|\.)", text, re.M)
    tree = ast.parse(text)

    def imports(nodes) -> set:
        found = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0
                found.add(node.module.split(".")[0])
        return found
    # what the choice needs, plus safetensors, imported only by the function that reads an --init checkpoint
    assert imports(ast.walk(tree)) - _STDLIB == {"torch", "numpy", "safetensors"} | allowed
    assert "safetensors" not in imports(tree.body)


def test_defaults_follow_the_train_tab():
    assert "DATASET = 'circle'" in training_script("tiny_mlp")            # the first dataset that fits
    assert "DATASET = 'digits'" in training_script("timm/resnet18")
    assert "epochs=26" in training_script("tiny_transformer", "reverse")  # the recipe's 2,000 steps of 64 of 5,000
    assert "hidden=(32, 32), activation='relu'" in training_script("tiny_mlp", "spiral")


@pytest.mark.parametrize("key, dataset, error", [
    ("no_such_model", None, "unknown_model"),
    ("lenet5", "reverse", "train_mismatch"),                      # digit strings are no images
    ("lenet5", "no_such_data", "dataset_unknown"),
    ("tiny_bert", None, "train_no_dataset"),                         # no masked-language data built in
    ("lstm", "brackets", "train_mismatch_output"),                # one label per sequence, the data has one per step
    ("alexnet", None, "train_mismatch_output"),                   # 32x32 shrinks to nothing in it
    ("torchvision/vit_b_16", None, "train_mismatch_output"),      # fixed 224x224 input
])
def test_what_cannot_train_is_refused(key, dataset, error):
    with pytest.raises(PlaygroundError) as info:
        training_script(key, dataset)
    assert info.value.key == error


def test_file_name(tmp_path):
    path = write_training_script("timm/resnet18", tmp_path / "out")
    assert path == tmp_path / "out" / "timm_resnet18_train.py" and path.stat().st_size > 0
