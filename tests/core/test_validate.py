"""Reading numbers a user typed: finite, whole where asked, never a bool."""
import math

import numpy as np
import pytest

from playground.core.validate import real, whole


@pytest.mark.parametrize("value, expected", [(3, 3), (3.0, 3), ("12", 12), (np.int64(7), 7), (-2, -2), ("1e3", 1000)])
def test_whole_numbers(value, expected):
    assert whole(value) == expected and type(whole(value)) is int


@pytest.mark.parametrize("value", [True, False, 2.5, "2.5", "x", "", None, math.nan, math.inf, -math.inf, [1], "1e400"])
def test_not_whole_numbers(value):
    assert whole(value) is None


@pytest.mark.parametrize("value, expected", [(0.5, 0.5), ("1e-3", 1e-3), (2, 2.0), (np.float32(0.25), 0.25)])
def test_reals(value, expected):
    assert real(value) == expected


@pytest.mark.parametrize("value", [True, None, "nan", "inf", math.nan, "abc", (1,)])
def test_not_reals(value):
    assert real(value) is None
