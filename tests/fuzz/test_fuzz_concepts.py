"""Fuzzing the Concepts tab: activations, stacking, losses, softmax, the optimizer race, normalisation, backprop."""
import pytest
from hypothesis import strategies as st

from .fuzzing import choices, fuzz, numbers, texts

pytestmark = pytest.mark.fuzz


def test_activations(demo):
    fuzz(demo, "activations")


def test_stacking(demo):
    fuzz(demo, "stacking")


def test_losses(demo):
    fuzz(demo, "losses")


def test_softmax(demo):
    logits = st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=12).map(
        lambda z: ", ".join(f"{v:g}" for v in z))
    fuzz(demo, "softmax", {"logits": texts(logits, alphabet="0123456789,. -e+")})


def test_optimizer_race(demo):
    fuzz(demo, "optimizer_race", {"lr": numbers(1e-4, 0.1)})


def test_surface_lr(demo):
    fuzz(demo, "surface_lr")


def test_race_steps(demo):
    fuzz(demo, "race_steps", {"lr": numbers(1e-4, 0.1)})


def sizes(n: int) -> st.SearchStrategy:
    """n sizes typed as a shape, e.g. '4x6x8'."""
    return st.lists(st.integers(2, 9), min_size=n, max_size=n).map(lambda d: "x".join(map(str, d)))


# A layout and a shape it takes (4 sizes for images, 3 for sequences), drawn together; wild: any of each.
LAYOUT_AND_SHAPE = (st.sampled_from((("image", 4), ("sequence", 3))).flatmap(
                        lambda layout_n: st.tuples(st.just(layout_n[0]), sizes(layout_n[1]))),
                    st.tuples(st.one_of(choices(("image", "sequence"))),
                              st.one_of(texts(st.integers(2, 4).flatmap(sizes), alphabet="0123456789x× "))))


def test_normalisation(demo):
    fuzz(demo, "normalisation", {("layout", "shape"): LAYOUT_AND_SHAPE})


def test_backprop(demo):
    fuzz(demo, "backprop", {"x1": numbers(-3, 3), "x2": numbers(-3, 3), "y": numbers(0, 1), "lr": numbers(0.01, 2),
                            "seed": numbers(0, 100, 1)})


POINTS = st.lists(st.tuples(st.integers(-20, 20), st.floats(-50, 50, allow_nan=False)), min_size=1, max_size=22).map(
    lambda pts: "; ".join(f"{x} {y:g}" for x, y in pts))
SIGMOIDS = {"points": texts(POINTS, alphabet="0123456789.,; -e"), "units": numbers(1, 50, 1),
            "steps": numbers(50, 5000, 50), "seed": numbers(0, 10_000, 1)}


def test_sigmoid_sum(demo):
    fuzz(demo, "sigmoid_sum", SIGMOIDS)


def test_sigmoid_sum_fit(demo):
    fuzz(demo, "sigmoid_sum_fit", SIGMOIDS, mutate_at_most=3)


def test_sigmoid_matrix(demo):
    inputs = st.lists(st.floats(-100, 100, allow_nan=False), min_size=3, max_size=3).map(
        lambda v: ", ".join(f"{x:g}" for x in v))
    fuzz(demo, "sigmoid_matrix", {"inputs": texts(inputs, alphabet="0123456789,. -e")})


def test_lr_schedule(demo):
    fuzz(demo, "lr_schedule", {"peak_lr": numbers(1e-5, 1), "warmup_steps": numbers(0, 2000, 1),
                               "total_steps": numbers(1, 5000, 1), "d_model": numbers(1, 1024, 1)})
def test_batch_size_race(demo):
    """The race's first reports (a stream is closed after them): any dataset, epochs, rate, optimiser or seed."""
    fuzz(demo, "batch_size_race", {"epochs": numbers(1, 3), "lr": numbers(1e-3, 0.5), "seed": numbers(0, 100, 1)})


def test_batch_size_plan(demo):
    fuzz(demo, "batch_size_plan", {"epochs": numbers(1, 20), "lr": numbers(1e-3, 1), "seed": numbers(0, 100, 1)})
