"""The batch-size race: one core trainer for every lane, the updates an epoch takes at each batch size, the same
start for every lane, reproducible losses, and the note's claim (004_…) that a batch over 1,000 ends up worse."""
import math

import pytest
import torch

from playground.core.errors import PlaygroundError
from playground.i18n import EN, ZH
from playground.ui.scenes import scene
from playground.core.train.loop import Run, lr_factor
from playground.lessons.batches import compute as batches


@pytest.fixture(scope="module")
def scene_race():
    """The race of the scene batch_size_race (2 epochs of Adam at 0.01 on circle, seed 0), run to the end."""
    values = scene("batch_size_race").values
    assert (values["bs_epochs"], values["bs_lr"], values["bs_optimizer"]) == ("2", "0.01", "adam")
    return batches.final_race(values["bs_dataset"], 2, 0.01, "adam", int(values["bs_seed"]))


def test_an_epoch_takes_n_over_b_updates_and_the_full_batch_is_past_1000():
    n = batches.training_size("circle", 0)
    assert n == 2000  # half of the 4,000 points
    lanes = batches.plan_lanes("circle", 1, 0.05, "sgd", 0)
    assert [lane.batch for lane in lanes] == [1, 16, 256, 2000]
    assert [lane.total_updates for lane in lanes] == [2000, 125, math.ceil(2000 / 256), 1]
    assert [lane.total_updates for lane in batches.plan_lanes("circle", 3, 0.05, "sgd", 0)] == [6000, 375, 24, 3]
    assert lanes[-1].batch > 1000  # the notes' "very large batch"


def test_every_lane_starts_from_the_same_weights():
    specs = [batches.race_spec("circle", b, 1, 0.05, "sgd", 0) for b in batches.BATCHES]
    first = [Run(spec).model.state_dict() for spec in specs]
    for other in first[1:]:
        assert all(torch.equal(first[0][k], other[k]) for k in first[0])
    assert {(s.model, s.dataset, s.lr, s.optimizer, s.seed, s.epochs) for s in specs} == {
        ("tiny_mlp", "circle", 0.05, "sgd", 0, 1)}


def test_the_race_reproduces_and_streams(scene_race):
    lanes = scene_race
    assert [lane.status for lane in lanes] == ["done"] * 4
    assert [len(lane.losses) for lane in lanes] == [lane.total_updates for lane in lanes] == [4000, 250, 16, 2]
    for lane in lanes:
        assert lane.updates == list(range(1, lane.total_updates + 1))
        assert all(b >= a for a, b in zip(lane.seconds, lane.seconds[1:]))  # wall time only grows
        assert lane.seconds_per_epoch > 0
        assert lane.epochs == lane.total_updates * lane.batch / 2000 >= 2  # 16 x 256 is 2.048 epochs
        assert 0 <= lane.test_accuracy <= 1
    # a quarter epoch (500 updates at batch 1) is enough to see the stream and the repeat
    streamed = [[lane.status for lane in lanes] for lanes in batches.race("circle", 0.25, 0.01, "adam", 0,
                                                                           report_every=0.0)]
    assert len(streamed) > 4 and streamed[0] == ["running", "waiting", "waiting", "waiting"]
    assert streamed[-1] == ["done"] * 4
    once, again = (batches.final_race("circle", 0.25, 0.01, "adam", 0) for _ in range(2))
    assert [lane.losses for lane in once] == [lane.losses for lane in again]
    assert [lane.test_accuracy for lane in once] == [lane.test_accuracy for lane in again]


def test_small_batches_are_noisier_and_the_full_batch_ends_worse(scene_race):
    """The note (004_…): batches over 1,000 end up worse; the lecture: small batches make noisy updates."""
    one, sixteen, big, full = scene_race
    spread = [torch.tensor(lane.losses[len(lane.losses) // 2:]).std().item() for lane in (one, sixteen, big)]
    assert spread[0] > spread[1] > spread[2]  # the batch loss jumps most at batch 1
    assert full.test_accuracy == min(lane.test_accuracy for lane in scene_race) < 0.6  # near chance: 2 classes
    assert min(one.test_accuracy, sixteen.test_accuracy) > 0.9
    assert full.losses[-1] > big.losses[-1] > sixteen.losses[-1]
    note = EN["scene_batch_size_race_note"]
    assert all(f"{lane.total_updates:,}" in note for lane in scene_race) and "2,000" in note


@pytest.mark.parametrize("args, key", [
    (("moons", 1, 0.05, "sgd", 0), "dataset_unknown"), (("circle", 0, 0.05, "sgd", 0), "batches_bad_epochs"),
    (("circle", 21, 0.05, "sgd", 0), "batches_bad_epochs"), (("circle", 1, 0, "sgd", 0), "batches_bad_lr"),
    (("circle", 1, 2.0, "sgd", 0), "batches_bad_lr"), (("circle", 1, 0.05, "lion", 0), "train_optimizer_unknown"),
    (("circle", 1, 0.05, "sgd", -1), "train_bad_seed")])
def test_bad_settings_are_refused_by_name(args, key):
    with pytest.raises(PlaygroundError) as e:
        batches.plan_lanes(*args)
    assert e.value.key == key


def test_batches_differs_large_batch():
    """Goyal et al. (2017): the linear scaling rule gives batch 8,192 a rate of 3.2 from 0.1 at batch 256, reached
    by a gradual warm-up, which the core trainer's warm-up (lr_factor) follows: linear from rate / warmup up to the
    full rate at the warm-up's last step."""
    base, batch = 0.1, 8192
    rate = base * batch / 256
    assert rate == pytest.approx(3.2)
    epoch = 1_281_167 // batch  # ImageNet's training images, in updates of 8,192
    warmup, total = 5 * epoch, 90 * epoch
    ramp = [rate * lr_factor(s, total, warmup, "constant") for s in range(warmup)]
    assert ramp[0] == pytest.approx(rate / warmup) and ramp[-1] == pytest.approx(rate)
    assert all(b > a for a, b in zip(ramp, ramp[1:]))
    for text in (EN["batches_differs_large_batch"], ZH["batches_differs_large_batch"]):
        assert f"η = {rate:g}" in text and f"{batch:,}" in text and "η = 0.1 × B / 256" in text
