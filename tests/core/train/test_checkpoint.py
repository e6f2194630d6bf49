"""Checkpoints: a trained model survives the round trip exactly; anything that is not our safetensors is refused
with a message, and pickle files are never opened."""
import json
import pickle

import pytest
import torch
from safetensors.torch import save_file

from playground.core.errors import PlaygroundError
from playground.core.train.analysis import evaluate_trained
from playground.core.train.checkpoint import METADATA_KEY, load_checkpoint, read_description, save_checkpoint
from playground.core.train.loop import train
from playground.core.train.spec import TrainSpec
from playground.core.train.trained import DataSummary


@pytest.fixture(scope="module")
def trained():
    return train(TrainSpec(model="tiny_mlp", dataset="circle", lr=0.03, steps=40, batch_size=16,
                           model_options={"hidden": [6, 5], "activation": "relu"}))


def test_round_trip_is_exact(trained, tmp_path):
    path = save_checkpoint(trained, tmp_path / "m.safetensors")
    loaded = load_checkpoint(path)
    for (k, a), (k2, b) in zip(trained.model.state_dict().items(), loaded.model.state_dict().items()):
        assert k == k2 and torch.equal(a, b)
    assert loaded.spec == trained.spec and loaded.kwargs["hidden"] == (6, 5)
    assert loaded.history.train_loss == trained.history.train_loss
    assert evaluate_trained(loaded) == evaluate_trained(trained)
    side = json.loads(path.with_suffix(".json").read_text())
    assert side["model"] == "tiny_mlp" and side["data"]["key"] == "circle"
    assert loaded.data == trained.data and side["data"] == trained.data.to_dict()


def test_data_summary_json_keeps_its_keys_and_order(trained):
    keys = ["key", "task", "input_kind", "input_shape", "classes", "n_classes", "mean", "std", "loss", "options"]
    d = trained.data.to_dict()
    assert list(d) == keys and d["input_shape"] == [2] and d["options"]["seed"] == 0
    assert json.dumps(DataSummary.from_dict(json.loads(json.dumps(d))).to_dict()) == json.dumps(d)
    assert DataSummary.from_dict({}) == DataSummary()  # an absent key takes its default


def test_tied_weights_round_trip(tmp_path):
    gpt = train(TrainSpec(model="tiny_gpt", dataset="copy", steps=2, batch_size=4, eval_points=1))
    loaded = load_checkpoint(save_checkpoint(gpt, tmp_path / "gpt.safetensors"))
    assert loaded.model.lm_head.weight is loaded.model.token_embedding.weight
    assert torch.equal(loaded.model.lm_head.weight, gpt.model.lm_head.weight)


def test_pickle_is_never_opened(trained, tmp_path):
    pt = tmp_path / "model.pt"
    torch.save(trained.model.state_dict(), pt)
    with pytest.raises(PlaygroundError) as e:
        load_checkpoint(pt)
    assert e.value.key == "checkpoint_not_safetensors"
    disguised = tmp_path / "model.safetensors"  # a pickle wearing our extension
    disguised.write_bytes(pickle.dumps({"w": [1, 2, 3]}))
    with pytest.raises(PlaygroundError) as e:
        load_checkpoint(disguised)
    assert e.value.key == "checkpoint_corrupt"


def test_foreign_and_mismatched_files_are_refused(trained, tmp_path):
    plain = tmp_path / "plain.safetensors"
    save_file({"w": torch.zeros(2)}, str(plain))
    with pytest.raises(PlaygroundError) as e:
        read_description(plain)
    assert e.value.key == "checkpoint_foreign"

    meta = json.loads(read_description(save_checkpoint(trained, tmp_path / "ok.safetensors")) and
                      (tmp_path / "ok.json").read_text())

    def forge(name, **changes):
        path = tmp_path / name
        save_file({k: v.contiguous() for k, v in trained.model.state_dict().items()}, str(path),
                  metadata={METADATA_KEY: json.dumps({**meta, **changes})})
        with pytest.raises(PlaygroundError) as e:
            load_checkpoint(path)
        return e.value.key

    assert forge("unknown.safetensors", model="no_such_net") == "checkpoint_unknown_model"
    assert forge("shapes.safetensors", kwargs={**meta["kwargs"], "hidden": [7, 5]}) == "checkpoint_mismatch"
    assert forge("args.safetensors", kwargs={"evil": 1}) == "checkpoint_mismatch"
    assert forge("other.safetensors", model="lenet5", kwargs={}) == "checkpoint_mismatch"
