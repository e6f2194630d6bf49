"""The trainer: every task family learns, every optimiser works, runs reproduce, and bad settings, divergence,
Stop and the time limit end runs the way the user is told."""
import math
import threading

import pytest
import torch

from playground.core import config
from playground.core.errors import PlaygroundError
from playground.core.models import list_models, resolve
from playground.core.train.analysis import analyse, decision_grid
from playground.core.train.estimate import estimate
from playground.core.train.loop import Run, lr_factor, plan, train
from playground.core.train.spec import OPTIMIZERS, TrainSpec
from playground.core.train.tasks import datasets_for, fits


def _drop(losses, k=10):
    """Mean loss of the first k steps and of the last k steps."""
    return sum(losses[:k]) / k, sum(losses[-k:]) / k


@pytest.mark.parametrize("model, dataset, lr, steps", [
    ("lenet5", "digits", 3e-3, 60),                # image classification
    ("tiny_mlp", "circle", 0.03, 150),            # 2-D points
    ("tiny_lstm", "brackets", 1e-2, 80),          # a label per step
    ("tiny_rnn", "sine", 1e-2, 80),               # regression
    ("tiny_transformer", "reverse", 3e-3, 60),    # encoder-decoder
    ("tiny_seq2seq", "copy", 1e-2, 60),           # recurrent encoder-decoder
    ("tiny_gpt", "copy", 3e-3, 60),               # decoder-only on the same task
])
def test_loss_falls_within_a_few_steps(model, dataset, lr, steps):
    trained = train(TrainSpec(model=model, dataset=dataset, lr=lr, steps=steps, batch_size=32, eval_points=2))
    first, last = _drop(trained.history.train_loss)
    assert last < 0.8 * first, (first, last)
    assert trained.metrics["status"] == "done" and trained.metrics["steps"] == steps
    assert len(trained.history.train_loss) == steps and trained.history.eval_steps[-1] == steps


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.5), ("momentum", 0.1), ("adagrad", 0.1), ("rmsprop", 0.01),
                                           ("adam", 0.02), ("adamw", 0.02)])
def test_every_optimizer_learns(optimizer, lr):
    assert optimizer in OPTIMIZERS
    trained = train(TrainSpec(model="tiny_mlp", dataset="gauss", optimizer=optimizer, lr=lr, steps=120,
                              batch_size=32, model_options={"hidden": [8], "activation": "tanh"}))
    first, last = _drop(trained.history.train_loss)
    assert last < 0.7 * first and trained.metrics["accuracy"] > 0.9


def test_same_settings_same_curve_other_seed_other_curve():
    spec = TrainSpec(model="tiny_mlp", dataset="xor", lr=0.02, steps=60, batch_size=16)
    a, b = train(spec), train(spec)
    assert a.history.train_loss == b.history.train_loss and a.history.val_metric == b.history.val_metric
    c = train(TrainSpec.from_dict({**spec.to_dict(), "seed": 1}))
    assert c.history.train_loss != a.history.train_loss


def test_bce_for_two_classes():
    trained = train(TrainSpec(model="tiny_mlp", dataset="gauss", loss="bce", lr=0.03, steps=100, batch_size=32))
    assert trained.model.net.output.out_features == 1 and trained.metrics["accuracy"] > 0.9


def test_divergence_is_caught_and_named():
    spec = TrainSpec(model="tiny_rnn", dataset="sine", optimizer="momentum", lr=10, steps=200, batch_size=32)
    run = Run(spec)
    last = list(run.reports())[-1]
    assert last.status == "diverged" and last.step < 200
    assert not all(math.isfinite(v) for v in last.history.train_loss)
    with pytest.raises(PlaygroundError) as e:
        train(spec)
    assert e.value.key == "train_diverged" and e.value.params["lr"] == 10


def test_stop_keeps_the_model_trained_so_far():
    stop = threading.Event()
    run = Run(TrainSpec(model="tiny_mlp", dataset="circle", lr=0.03, steps=5000, batch_size=8), stop=stop,
              report_every=0.0)
    for i, snap in enumerate(run.reports()):
        if i == 3:
            stop.set()
    assert snap.status == "stopped" and 3 < snap.step < 5000
    result = run.result()
    assert result.metrics["status"] == "stopped" and result.metrics["steps"] == snap.step
    assert 0 <= result.metrics["accuracy"] <= 1 and not result.model.training


def test_time_limit_ends_the_run():
    run = Run(TrainSpec(model="tiny_mlp", dataset="circle", steps=5000, batch_size=8), max_seconds=0.0)
    last = list(run.reports())[-1]
    assert last.status == "time_limit" and last.step == 1


@pytest.mark.parametrize("changes, key", [
    ({"lr": 0}, "train_bad_lr"), ({"lr": -0.1}, "train_bad_lr"), ({"lr": float("nan")}, "train_bad_lr"), ({"lr": 1e6}, "train_bad_lr"),
    ({"lr": "fast"}, "train_bad_lr"), ({"batch_size": 0}, "train_bad_batch_size"), ({"batch_size": 2.5}, "train_bad_batch_size"),
    ({"batch_size": 10_000}, "train_bad_batch_size"), ({"epochs": 0}, "train_bad_epochs"), ({"steps": -1}, "train_bad_steps"),
    ({"optimizer": "lion"}, "train_optimizer_unknown"), ({"schedule": "exp"}, "train_schedule_unknown"),
    ({"loss": "hinge"}, "train_loss_unknown"), ({"loss": "mse"}, "train_loss_mismatch"),
    ({"momentum": 1.5}, "train_bad_momentum"), ({"seed": -1}, "train_bad_seed"),
    ({"dataset": "sine"}, "train_mismatch"), ({"dataset": "imagenet"}, "dataset_unknown"),
    ({"model": "no_such_model"}, "unknown_model"), ({"model": "resnet152"}, "train_too_many_params"),
    ({"epochs": 5000}, "train_too_many_steps"), ({"model_options": {"depth": 3}}, "train_model_option"),
    ({"device": "tpu"}, "train_device_unknown"),
])
def test_bad_settings_are_refused_by_name(changes, key):
    spec = TrainSpec.from_dict({**TrainSpec(model="lenet5", dataset="digits").to_dict(), **changes})
    with pytest.raises(PlaygroundError) as e:
        plan(spec)
    assert e.value.key == key


def test_absent_device_is_refused():
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(PlaygroundError) as e:
        plan(TrainSpec(model="lenet5", dataset="digits", device="cuda"))
    assert e.value.key == "train_device_missing"


def test_a_model_that_cannot_read_the_data_says_so():
    with pytest.raises(PlaygroundError) as e:  # a sentence classifier has one output per sequence, not per step
        Run(TrainSpec(model="lstm", dataset="brackets"))
    assert e.value.key == "train_mismatch_output"


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setattr(config, "MAX_TRAIN_PARAMS", 1000)
    with pytest.raises(PlaygroundError) as e:
        plan(TrainSpec(model="lenet5", dataset="digits"))
    assert e.value.key == "train_too_many_params" and e.value.params["limit"] == "1,000"


@pytest.mark.parametrize("key", list_models(teaching=True))
def test_every_teaching_model_trains_on_every_dataset_offered(key):
    offered = datasets_for(resolve(key))
    if resolve(key).family in ("bert", "show_attend_tell"):  # masked words and captions: the Labs tab trains them
        assert offered == []
        return
    assert offered, key
    for dataset in offered:
        if dataset in ("mnist", "fashion_mnist", "cifar10"):
            continue
        options = {"n_train": 100, "n_test": 100} if dataset in ("shapes",) else {}
        trained = train(TrainSpec(model=key, dataset=dataset, steps=2, batch_size=4, eval_points=1,
                                  data_options=options))
        assert math.isfinite(trained.metrics["loss"]), (key, dataset)


def test_detectors_are_not_offered_a_classification_dataset():
    assert datasets_for(resolve("torchvision/fasterrcnn_resnet50_fpn")) == []
    assert datasets_for(resolve("torchvision/resnet18"))


def test_catalog_models_train_on_small_images():
    entry = resolve("timm/resnet18")
    assert fits(entry, "shapes") and not fits(entry, "reverse")
    trained = train(TrainSpec(model="timm/resnet18", dataset="digits", steps=2, batch_size=4, eval_points=1))
    assert trained.data.input_shape == (3, 32, 32) and trained.model.fc.out_features == 10


def test_schedules():
    assert [lr_factor(s, 100, 10, "constant") for s in (0, 4, 9, 50)] == [0.1, 0.5, 1.0, 1.0]
    assert lr_factor(10, 100, 10, "cosine") == 1.0 and lr_factor(100, 100, 10, "cosine") == pytest.approx(0)
    assert lr_factor(55, 100, 10, "linear") == pytest.approx(0.5)
    assert lr_factor(60, 100, 0, "step") == pytest.approx(0.1) and lr_factor(80, 100, 0, "step") == pytest.approx(0.01)


def test_estimate_measures_this_device():
    est = estimate(TrainSpec(model="lenet5", dataset="digits", epochs=2))
    assert est.params == 61_706 and est.steps == 2 * 1437 // 64 + 1
    assert 0 < est.seconds < 120 and est.memory_bytes > 61_706 * 4 * 4 and est.over_limit is None
    slow = estimate(TrainSpec(model="lenet5", dataset="digits", steps=config.MAX_TRAIN_STEPS, batch_size=1437))
    assert slow.over_limit == "train_too_slow"


def test_analysis_counts_agree_with_accuracy():
    trained = train(TrainSpec(model="lenet5", dataset="digits", steps=30, lr=3e-3))
    a = analyse(trained, limit=1000)
    total = sum(map(sum, a.confusion))
    right = sum(a.confusion[i][i] for i in range(10))
    assert total == 360 and right / total == pytest.approx(a.metrics["accuracy"])
    assert len(a.mistakes) == total - right and all(m["true"] != m["pred"] for m in a.mistakes)


def test_decision_grid_is_a_probability_map():
    trained = train(TrainSpec(model="tiny_mlp", dataset="gauss", lr=0.03, steps=100, batch_size=32))
    coords, probs = decision_grid(trained.model, "cross_entropy", resolution=21)
    assert coords.shape == (21,) and probs.shape == (21, 21) and probs.min() >= 0 and probs.max() <= 1
    assert probs[0, 0] < 0.5 < probs[-1, -1] or probs[0, 0] > 0.5 > probs[-1, -1]  # the clusters sit on a diagonal


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_mixed_precision_on_cuda():
    trained = train(TrainSpec(model="lenet5", dataset="digits", steps=50, lr=3e-3, device="cuda", amp=True))
    assert trained.metrics["device"] == "cuda" and math.isfinite(trained.metrics["loss"])
