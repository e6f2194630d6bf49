"""The degradation race: the nets are built and counted as He et al. count them, a residual block adds its input
back, the race is deterministic for a seed, and the shipped run says what the view claims."""
import numpy as np
import pytest
import torch
import torch.nn as nn

from playground.core.errors import PlaygroundError
from playground.i18n import EN, ZH
from playground.lessons.degradation import race as rc
from playground.lessons.degradation.nets import Block, build_net, weighted_layers
from playground.lessons.degradation.shipped import SHIPPED_FILE, build_shipped, shipped_race


@pytest.mark.parametrize("kind", ["plain", "residual"])
@pytest.mark.parametrize("depth", [8, 20, 32])
def test_nets_have_the_depth_the_paper_counts(kind, depth):
    net = build_net(kind, depth, 32, 64, 10, torch.Generator().manual_seed(0))
    assert weighted_layers(net) == depth
    assert sum(isinstance(m, Block) for m in net.modules()) == (0 if kind == "plain" else (depth - 2) // 2)
    assert sum(isinstance(m, nn.BatchNorm1d) for m in net.modules()) == depth - 1  # every layer but the head
    assert net(torch.zeros(4, 64)).shape == (4, 10)


def test_a_residual_block_adds_its_input_back():
    block = Block(8).eval()
    x = torch.randn(5, 8)
    expected = torch.relu(x + block.f(x))  # y = relu(x + F(x))
    torch.testing.assert_close(block(x), expected)
    with torch.no_grad():  # F = 0 (its last batch norm scaled to 0): the block passes relu(x) on, no harm done
        block.f[-1].weight.zero_()
        block.f[-1].bias.zero_()
    torch.testing.assert_close(block(x), torch.relu(x))


def test_weights_are_he_normal_and_the_same_for_a_seed():
    a = build_net("plain", 20, 64, 64, 10, torch.Generator().manual_seed(3))
    b = build_net("plain", 20, 64, 64, 10, torch.Generator().manual_seed(3))
    for pa, pb in zip(a.parameters(), b.parameters()):
        torch.testing.assert_close(pa, pb)
    w = torch.cat([m.weight.flatten() for m in a.modules() if isinstance(m, nn.Linear) and m.in_features == 64])
    assert w.std().item() == pytest.approx((2 / 64) ** 0.5, rel=0.05)  # std = sqrt(2 / fan_in)


def test_the_race_is_deterministic_and_evaluates_on_the_whole_split():
    spec = rc.RaceSpec(depths=(4, 8), steps=20, seed=1)
    one, two = rc.Race(spec), rc.Race(spec)
    one.step(20)
    two.step(7)
    two.step(13)
    assert one.history.steps == two.history.steps == [0, *range(1, 21)]
    assert one.history.error == two.history.error
    assert set(one.history.error) == {"plain/4", "plain/8", "residual/4", "residual/8"}
    n = len(one.y)
    assert n == 1437 and all(round(e * n) == pytest.approx(e * n, abs=1e-3) for e in one.history.error["plain/8"])
    assert one.finished and one.step(5) is None and one.done == 20  # no step beyond the spec's


def test_settings_are_checked():
    assert rc.parse_depths("32, 8，20") == (8, 20, 32)
    assert rc.make_spec("8,20", "100", 0.1, 7.0) == rc.RaceSpec((8, 20), 100, 0.1, 7)
    for bad in ("", "7", "8, 58", "2", "a", "8,10,12,14,16", None, [8]):
        with pytest.raises(PlaygroundError, match="degradation_bad_depths"):
            rc.parse_depths(bad)
    with pytest.raises(PlaygroundError, match="degradation_bad_steps"):
        rc.make_spec("8", 5, 0.1, 0)
    with pytest.raises(PlaygroundError, match="degradation_bad_lr"):
        rc.make_spec("8", 100, float("nan"), 0)
    with pytest.raises(PlaygroundError, match="degradation_bad_seed"):
        rc.make_spec("8", 100, 0.1, -1)


def test_the_shipped_run_shows_degradation_in_plain_nets_only():
    """What the view claims: the deepest plain net ends with a higher training error than the shallowest; the
    deepest residual net does not."""
    spec, history, record = shipped_race()
    assert spec == rc.RaceSpec() and len(spec.depths) == 3
    final = rc.final_errors(history)
    shallow, deep = min(spec.depths), max(spec.depths)
    assert final[f"plain/{deep}"] > final[f"plain/{shallow}"]
    assert final[f"residual/{deep}"] <= final[f"residual/{shallow}"]
    assert rc.degrades(history, spec.depths, "plain") and not rc.degrades(history, spec.depths, "residual")
    assert history.steps[-1] == spec.steps and all(len(e) == len(history.steps) for e in history.error.values())
    assert record["spec"]["depths"] == [8, 20, 32] and record["torch"]


def test_the_shipped_run_starts_where_a_fresh_race_starts():
    """The shipped file came from this recipe: a fresh race's first evaluations (untrained, then a few steps in)
    match it."""
    spec, history, _ = shipped_race()
    race = rc.Race(spec)
    race.step(spec.eval_every)
    for key, errors in race.history.error.items():
        np.testing.assert_allclose(errors, history.error[key][:2], atol=2 / len(race.y))


def test_build_shipped_writes_a_record_the_loader_reads(tmp_path):
    path = tmp_path / "curves.json"
    record = build_shipped(path, rc.RaceSpec(depths=(4,), steps=10))
    spec, history, again = shipped_race(path)
    assert spec.depths == (4,) and history.steps[-1] == 10 and again["error"] == record["error"]
    assert SHIPPED_FILE.name == "degradation_curves.json"
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(PlaygroundError, match="degradation_no_shipped"):
        shipped_race(tmp_path / "broken.json")


def test_the_scene_states_the_shipped_numbers():
    """The degradation scene's note quotes the shipped run's final training errors, in both languages."""
    spec, history, _ = shipped_race()
    final = rc.final_errors(history)
    for table in (EN, ZH):
        note = table["scene_degradation_note"]
        for key in ("plain/8", "plain/32", "residual/32"):
            assert f"{100 * final[key]:.1f} %" in note, key
        assert str(spec.steps) in note
