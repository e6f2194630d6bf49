"""Race figures: a contour plus one path per optimizer (and the start and minima), cut at `upto`, legend entries
that name the step of a divergence once the cut reaches it, log-spaced levels only for wide non-negative surfaces,
and a loss axis that is logarithmic unless some loss is negative."""
import json

import numpy as np
import pytest

from playground.lessons.optimizers.compute import OPTIMIZERS, SURFACES, Trajectory, race, surface_grid
from playground.lessons.optimizers.figures import FLOOR, plot_losses, plot_race

LABELS = {k: f"<{k}>" for k in (*OPTIMIZERS, "start", "minimum", "step", "loss")}
LABELS["diverged"] = "<diverged at {step}>"


@pytest.fixture(scope="module")
def rosenbrock():
    """lr 0.01 for 50 steps: plain and momentum SGD diverge at step 5, the adaptive four do not."""
    return surface_grid("rosenbrock", n=40), race("rosenbrock", OPTIMIZERS, 50, lr=0.01)


def _paths(fig):
    return [d for d in fig.data if d.type == "scatter" and d.mode == "lines+markers"]


def test_one_path_per_optimizer_plus_contour_minima_and_start(rosenbrock):
    grid, trs = rosenbrock
    fig = plot_race(grid, trs, LABELS, minima=SURFACES["rosenbrock"].minima)
    assert [d.type for d in fig.data] == ["contour"] + ["scatter"] * 8  # paths, then the minimum and start on top
    assert fig.data[-2].name == "<minimum>" and list(fig.data[-2].x) == [1] and list(fig.data[-2].y) == [1]
    assert fig.data[-1].name == "<start>" and (fig.data[-1].x[0], fig.data[-1].y[0]) == (-1.5, 2.0)
    assert len(_paths(fig)) == 6 and fig.data[0].colorbar.title.text == "<loss>"
    assert len(plot_race(grid, trs, LABELS).data) == 8  # no minima given: no minimum trace
    assert len(plot_race(grid, {}, LABELS).data) == 1  # nothing raced: the contour alone
    json.loads(fig.to_json())


def test_legend_names_the_divergence_step_once_the_cut_reaches_it(rosenbrock):
    grid, trs = rosenbrock
    assert trs["sgd"].diverged_at == 5 and trs["adam"].diverged_at is None
    names = [d.name for d in _paths(plot_race(grid, trs, LABELS))]
    assert names == ["<sgd> (<diverged at 5>)", "<momentum> (<diverged at 5>)", "<adagrad>", "<rmsprop>", "<adam>",
                     "<adamw>"]
    before = plot_race(grid, trs, LABELS, upto=4)
    assert [d.name for d in _paths(before)][:2] == ["<sgd>", "<momentum>"]
    assert _paths(plot_race(grid, trs, LABELS, upto=5))[0].name == "<sgd> (<diverged at 5>)"
    plain = dict(LABELS, diverged="diverged at step")  # a label without {step} gets the step appended
    assert _paths(plot_race(grid, trs, plain))[0].name == "<sgd> (diverged at step 5)"
    assert [d.name for d in plot_losses(trs, LABELS).data][:2] == ["<sgd> (<diverged at 5>)",
                                                                   "<momentum> (<diverged at 5>)"]


def test_paths_are_cut_at_upto_and_end_in_a_marker(rosenbrock):
    grid, trs = rosenbrock
    for upto, adam_points, sgd_points in [(None, 51, 5), (0, 1, 1), (3, 4, 4), (20, 21, 5), (10_000, 51, 5)]:
        paths = {d.name.split(" ")[0]: d for d in _paths(plot_race(grid, trs, LABELS, upto=upto))}
        assert len(paths["<adam>"].x) == adam_points and len(paths["<sgd>"].x) == sgd_points
        np.testing.assert_allclose(paths["<adam>"].x, trs["adam"].xy[:adam_points, 0], rtol=1e-6)
        steps = np.asarray(paths["<adam>"].customdata)[:, 0]
        assert list(steps) == list(range(adam_points))
        sizes = np.asarray(paths["<adam>"].marker.size)
        assert sizes[-1] > sizes[0] or adam_points == 1
    full = {d.name.split(" ")[0]: d for d in _paths(plot_race(grid, trs, LABELS))}
    assert full["<sgd>"].marker.symbol[-1] == "x" and full["<adam>"].marker.symbol[-1] == "circle"
    early = {d.name.split(" ")[0]: d for d in _paths(plot_race(grid, trs, LABELS, upto=2))}
    assert early["<sgd>"].marker.symbol[-1] == "circle"  # not yet diverged at step 2
    losses = plot_losses(trs, LABELS, upto=3)
    assert all(len(d.y) == 4 for d in losses.data)


def test_log_levels_for_wide_non_negative_surfaces_only():
    rosen = plot_race(surface_grid("rosenbrock"), {}, LABELS).data[0]
    xs, ys, z = surface_grid("rosenbrock")
    assert float(np.max(rosen.z)) == pytest.approx(np.log10(z.max() * 1.0001), rel=1e-5)  # log10(z + 1e-4 top)
    assert "1000" in rosen.colorbar.ticktext and "1" in rosen.colorbar.ticktext
    saddle = plot_race(surface_grid("saddle"), {}, LABELS).data[0]
    z = surface_grid("saddle")[2]
    np.testing.assert_allclose(saddle.z, z, rtol=1e-6, atol=1e-6)  # linear: raw values, negatives kept
    assert saddle.colorbar.ticktext is None
    flat = (np.arange(3.0), np.arange(3.0), np.full((3, 3), 5.0) + np.eye(3))  # 5..6: a narrow range
    np.testing.assert_allclose(plot_race(flat, {}, LABELS).data[0].z, flat[2])


def test_view_stays_on_the_window():
    trs = race("saddle", ["momentum"], 200, lr=0.01)  # runs far beyond y = 2
    fig = plot_race(surface_grid("saddle"), trs, LABELS)
    assert list(fig.layout.xaxis.range) == [-2, 2] and list(fig.layout.yaxis.range) == [-2, 2]


def test_loss_axis_is_log_unless_some_loss_is_negative(rosenbrock):
    _, trs = rosenbrock
    fig = plot_losses(trs, LABELS)
    assert fig.layout.yaxis.type == "log" and len(fig.data) == 6
    assert fig.layout.xaxis.title.text == "<step>" and fig.layout.yaxis.title.text == "<loss>"
    zero = {"adam": Trajectory(xy=np.zeros((3, 2)), loss=np.array([1.0, 0.0, 0.0]), diverged_at=None)}
    np.testing.assert_array_equal(plot_losses(zero, LABELS).data[0].y, [1.0, FLOOR, FLOOR])
    saddle = plot_losses(race("saddle", ["adam", "sgd"], 50, lr=0.05), LABELS)
    assert saddle.layout.yaxis.type == "linear" and min(saddle.data[0].y) < 0
    json.loads(saddle.to_json())
