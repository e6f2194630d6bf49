"""Curve decimation for live figures: a bounded number of points that keeps the first, the last, and each stretch's
lowest and highest point."""
import numpy as np
import pytest

from playground.figures.decimate import MAX_CURVE_POINTS, decimate, decimate_xy


@pytest.mark.parametrize("n", [MAX_CURVE_POINTS + 1, 1234, 20_000, 100_003])
def test_long_curves_are_cut_to_the_limit_with_both_ends(n):
    y = np.random.default_rng(n).normal(size=n)
    idx = decimate(y)
    assert len(idx) <= MAX_CURVE_POINTS and idx[0] == 0 and idx[-1] == n - 1
    assert np.all(np.diff(idx) > 0)  # in order, no point twice


def test_short_curves_are_kept_whole():
    assert decimate(np.arange(10.0)).tolist() == list(range(10))
    assert len(decimate([])) == 0


def test_spikes_and_dips_survive():
    y = np.random.default_rng(0).uniform(0.4, 0.6, 20_000)
    y[7_777], y[12_345] = 5.0, -3.0  # one step's spike and one step's dip, far from either end
    x, kept = decimate_xy(np.arange(1, len(y) + 1), y)
    assert kept.max() == 5.0 and kept.min() == -3.0
    assert x[kept.argmax()] == 7_778 and x[kept.argmin()] == 12_346  # at their own steps
    assert x.dtype == np.float32 and len(x) == len(kept)


def test_nan_is_kept_out_of_the_extremes():
    y = np.linspace(1.0, 2.0, 5_000)
    y[100:200] = np.nan
    kept = y[decimate(y)]
    assert np.nanmin(kept) == 1.0 and np.nanmax(kept) == 2.0
