"""Fuzzing the convolution basics (Concepts): the counts, pooling, one convolution output, FC as a convolution."""
import pytest
from hypothesis import strategies as st

from .fuzzing import fuzz, numbers, texts

pytestmark = pytest.mark.fuzz


def grids(max_side: int = 10) -> st.SearchStrategy:
    """A grid typed as rows of numbers, e.g. '1 -2; 3 4'."""
    row = st.integers(1, max_side).flatmap(
        lambda w: st.lists(st.lists(st.integers(-9, 9), min_size=w, max_size=w), min_size=1, max_size=max_side))
    return row.map(lambda rows: "; ".join(" ".join(map(str, r)) for r in rows))


GRID = texts(grids(), alphabet="0123456789-.e;, \n")
KERNEL = texts(grids(4), alphabet="0123456789-.e;, \n")


def test_convolution_counts(demo):
    fuzz(demo, "convolution_counts", {"size": numbers(1, 2048, 1), "field": numbers(1, 64, 1),
                                      "channels": numbers(1, 64, 1), "maps": numbers(1, 64, 1)})


def test_pooling(demo):
    fuzz(demo, "pooling", {"grid": GRID, "kernel": numbers(1, 10, 1), "stride": numbers(1, 10, 1)})


def test_conv_step(demo):
    fuzz(demo, "conv_step", {"grid": GRID, "kernel": KERNEL, "bias": numbers(-10, 10), "stride": numbers(1, 10, 1),
                             "padding": numbers(0, 4, 1), "row": numbers(0, 10, 1), "col": numbers(0, 10, 1)})


def test_fc_as_conv(demo):
    fuzz(demo, "fc_as_conv", {"channels": numbers(1, 16, 1), "height": numbers(1, 16, 1), "width": numbers(1, 16, 1),
                              "outputs": numbers(1, 32, 1)})
