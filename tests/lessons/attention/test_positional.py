"""Positional encoding lab: the formulas against hand-computed values and independent oracles (the attention
module's table, complex-number rotation, the ALiBi reference slopes), then the figure builders."""
import cmath
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.models.attention import sinusoidal_table
from playground.lessons.attention import positional as pe
from playground.lessons.attention import positional_figures as vz

KEYS = ("position dimension value similarity dim sin cos matrix shifted rotated error sinusoidal learned rope alibi "
        "no_learned query key").split()
LABELS = {k: f"<{k}>" for k in KEYS}  # marked, so a test can see which label reached the figure


def test_sinusoidal_matches_hand_computed_entries():
    table = pe.sinusoidal(6, 4)  # w_0 = 1, w_1 = 10000^(-2/4) = 0.01
    assert table.shape == (6, 4) and table.dtype == np.float64
    np.testing.assert_allclose(table[0], [0, 1, 0, 1], atol=0)
    assert table[1, 0] == pytest.approx(math.sin(1)) and table[1, 1] == pytest.approx(math.cos(1))
    assert table[3, 2] == pytest.approx(math.sin(0.03)) and table[3, 3] == pytest.approx(math.cos(0.03))
    assert pe.sinusoidal(8, 8)[5, 6] == pytest.approx(math.sin(5e-3))  # i = 3: w = 10000^(-6/8) = 1e-3


def test_sinusoidal_matches_the_attention_modules_float32_table():
    # float32 angles pos * w lose about pos * 6e-8, so the agreement is checked over the first 32 positions.
    ours = pe.sinusoidal(32, 64)
    theirs = sinusoidal_table(32, 64).double().numpy()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=2e-6)


def test_similarity_is_the_gram_matrix_and_a_sum_of_cosines():
    table = pe.sinusoidal(20, 16)
    sim = pe.similarity(table)
    assert sim.shape == (20, 20)
    np.testing.assert_allclose(np.diag(sim), 8.0, atol=1e-12)  # sin^2 + cos^2 per pair, d/2 pairs
    w = 10000.0 ** (-np.arange(0, 16, 2) / 16)
    assert sim[7, 3] == pytest.approx(np.cos(4 * w).sum(), abs=1e-12)


@pytest.mark.parametrize("length,d_model,k", [(64, 2, 1), (128, 8, 3), (1024, 64, 10), (1024, 512, 100),
                                              (512, 128, 0), (300, 16, 299)])
def test_one_matrix_shifts_every_position(length, d_model, k):
    check = pe.shift_check(length, d_model, k)
    assert check["k"] == k and check["positions"] == length - k
    assert check["error_float64"] < 1e-12
    assert check["error_float32"] < 1e-4


def test_shift_matrix_works_at_any_position_by_hand():
    table, m = pe.sinusoidal(400, 32), pe.shift_matrix(32, 7)
    assert np.abs(m - np.eye(32)).max() > 0.5  # not the identity, so the check below says something
    for pos in (0, 1, 150, 392):
        np.testing.assert_allclose(m @ table[pos], table[pos + 7], atol=1e-12)


def test_the_transposed_block_would_fail_the_check():
    table, m = pe.sinusoidal(100, 16), pe.shift_matrix(16, 5)
    assert np.abs(table[:95] @ m - table[5:]).max() > 0.1  # M_k^T shifts backwards: the order of signs matters


@pytest.mark.parametrize("d_model,k", [(8, 3), (64, 17), (512, 250)])
def test_shift_matrix_is_orthogonal_and_composes(d_model, k):
    m = pe.shift_matrix(d_model, k)
    np.testing.assert_allclose(m @ m.T, np.eye(d_model), atol=1e-12)
    np.testing.assert_allclose(pe.shift_matrix(d_model, 2) @ m, pe.shift_matrix(d_model, k + 2), atol=1e-12)
    np.testing.assert_allclose(pe.shift_matrix(d_model, 0), np.eye(d_model), atol=0)


def test_least_squares_finds_a_linear_map_without_the_formula():
    check = pe.shift_check(512, 512, 10)
    assert check["positions"] > check["fit_rank"]  # more equations than unknowns, so a tiny residual is evidence
    assert check["fit_error"] < 1e-9


def test_rope_rotates_pairs_like_complex_numbers():
    x = np.random.default_rng(1).standard_normal((5, 6))
    pos = np.array([0.0, 1.0, 2.5, 10.0, 300.0])
    out = pe.rope_rotate(x, pos)
    theta = 10000.0 ** (-np.arange(0, 6, 2) / 6)
    for t in range(5):
        for i in range(3):
            z = complex(x[t, 2 * i], x[t, 2 * i + 1]) * cmath.exp(1j * pos[t] * theta[i])
            assert out[t, 2 * i] == pytest.approx(z.real, abs=1e-12)
            assert out[t, 2 * i + 1] == pytest.approx(z.imag, abs=1e-12)
    np.testing.assert_allclose(pe.rope_rotate([[1.0, 0.0]], [math.pi / 2]), [[0.0, 1.0]], atol=1e-15)


def test_rope_preserves_norms():
    x = np.random.default_rng(2).standard_normal((40, 64))
    out = pe.rope_rotate(x, np.random.default_rng(3).uniform(0, 1000, 40))
    assert np.abs(out - x).max() > 0.1
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), np.linalg.norm(x, axis=1), rtol=1e-12)


@pytest.mark.parametrize("length,d_head,seed", [(16, 2, 0), (64, 32, 1), (256, 128, 7)])
def test_rope_scores_depend_only_on_the_offset(length, d_head, seed):
    s = pe.rope_scores(length, d_head, seed=seed)
    assert s.shape == (length, length)
    assert np.ptp(s) > 0.1 * np.abs(s).max()  # not constant, so the Toeplitz check below is not vacuous
    np.testing.assert_allclose(s[1:, 1:], s[:-1, :-1], atol=1e-9)
    np.testing.assert_array_equal(pe.rope_scores(length, d_head, seed=seed), s)  # seeded


def test_alibi_slopes_for_powers_of_two():
    np.testing.assert_array_equal(pe.alibi_slopes(8), 2.0 ** -np.arange(1, 9))
    # start * start^i, as the reference computes it, rounds a little: 1e-14, not bit-exact.
    np.testing.assert_allclose(pe.alibi_slopes(16), 2.0 ** -np.arange(0.5, 8.5, 0.5), rtol=1e-14)


def test_alibi_slopes_between_powers_of_two_follow_the_reference():
    # get_slopes(12) and get_slopes(6) from ofirpress/attention_with_linear_biases.
    expected_12 = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625,
                   0.7071067811865476, 0.3535533905932738, 0.17677669529663687, 0.08838834764831845]
    np.testing.assert_allclose(pe.alibi_slopes(12), expected_12, rtol=1e-15)
    np.testing.assert_allclose(pe.alibi_slopes(6), [0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125], rtol=1e-15)


def test_alibi_bias_is_causal_and_linear_in_distance():
    bias = pe.alibi_bias(10, 8, 2)  # slope 1/8
    assert np.isneginf(bias[np.triu_indices(10, 1)]).all()
    assert (np.diag(bias) == 0).all() and not np.signbit(np.diag(bias)).any()
    assert bias[5, 1] == -0.5 and bias[9, 0] == -9 / 8
    assert np.isfinite(bias[np.tril_indices(10)]).all()


def test_learned_positions_come_from_the_gpt_embedding():
    gpt = create_model("tiny_gpt")
    table = pe.learned_positions(gpt)
    np.testing.assert_array_equal(table, gpt.position_embedding.weight.detach().numpy())
    assert table.dtype == np.float64
    assert pe.learned_positions(create_model("tiny_transformer")) is None  # a fixed sinusoidal buffer


def test_compare_schemes_shapes():
    learned = np.random.default_rng(0).standard_normal((64, 16))
    schemes = pe.compare_schemes(32, 16, n_heads=4, head=1, learned=learned)
    assert schemes["sinusoidal"].shape == (32, 16) and schemes["learned"].shape == (32, 16)
    assert schemes["rope"].shape == (32, 32) and schemes["alibi"].shape == (32, 32)
    np.testing.assert_array_equal(schemes["learned"], learned[:32])
    assert schemes["alibi"][1, 0] == -pe.alibi_slopes(4)[1]
    assert pe.compare_schemes(8, 4)["learned"] is None


@pytest.mark.parametrize("call,key,params", [
    (lambda: pe.sinusoidal(1, 8), "attention_pe_bad_size", dict(length=1, d_model=8, limit=pe.MAX_PE)),
    (lambda: pe.sinusoidal(8, 7), "attention_pe_bad_size", dict(length=8, d_model=7, limit=pe.MAX_PE)),
    (lambda: pe.sinusoidal(2000, 8), "attention_pe_bad_size", dict(length=2000, d_model=8, limit=pe.MAX_PE)),
    (lambda: pe.rope_scores(8, 2048), "attention_pe_bad_size", dict(length=8, d_model=2048, limit=pe.MAX_PE)),
    (lambda: pe.check_dims([0, 3, 8, -1], 8), "attention_pe_bad_dims", dict(dims="8, -1")),
    (lambda: pe.shift_check(16, 8, 16), "attention_pe_bad_offset", dict(offset=16, limit=15)),
    (lambda: pe.shift_check(16, 8, -1), "attention_pe_bad_offset", dict(offset=-1, limit=15)),
    (lambda: pe.alibi_bias(8, 8, 8), "attention_pe_bad_head", dict(head=8, n=8)),
    (lambda: pe.alibi_bias(8, 4, -1), "attention_pe_bad_head", dict(head=-1, n=4)),
    (lambda: pe.alibi_slopes(0), "attention_pe_bad_heads", dict(n=0, limit=pe.MAX_HEADS)),
])
def test_bad_values_raise_playground_errors(call, key, params):
    with pytest.raises(PlaygroundError) as info:
        call()
    assert info.value.key == key and info.value.params == params


def test_good_dims_pass_through():
    assert pe.check_dims([0, 5, 7], 8) == [0, 5, 7]


@pytest.mark.parametrize("n", [16, 512])
def test_single_heatmaps_have_the_table_shape(n):
    table = pe.sinusoidal(n, n)
    for fig in (vz.plot_pe_matrix(table, LABELS), vz.plot_similarity(pe.similarity(table), LABELS)):
        assert isinstance(fig, go.Figure) and len(fig.data) == 1
        shown = min(n, vz.MAX_CELLS)  # large tables are thinned to every s-th row and column, at their positions
        assert fig.data[0].type == "heatmap" and np.shape(fig.data[0].z) == (shown, shown)
        assert fig.data[0].dx == n // shown and fig.data[0].x0 == 0
        assert fig.data[0].text is None  # no per-cell text
        assert fig.to_json()


def test_waves_one_line_per_dimension_named_by_labels():
    fig = vz.plot_pe_waves(pe.sinusoidal(50, 8), [0, 5], LABELS)
    assert [t.name for t in fig.data] == ["<dim> 0 (<sin>)", "<dim> 5 (<cos>)"]
    assert len(fig.data[1].y) == 50 and fig.data[1].y[0] == pytest.approx(1.0)


@pytest.mark.parametrize("d_model,pairs", [(8, (0, 1)), (512, (0, 32, 64))])
def test_shift_figure_panels_and_error_title(d_model, pairs):
    table, k = pe.sinusoidal(128, d_model), 5
    check = pe.shift_check(128, d_model, k)
    fig = vz.plot_shift(table, k, pe.shift_matrix(d_model, k), check, LABELS)
    block = min(d_model, vz.SHIFT_BLOCK)  # the leading block of M_k
    assert fig.data[0].type == "heatmap" and np.shape(fig.data[0].z) == (block, block)
    assert len(fig.data) == 1 + 2 * 2 * len(pairs)  # per pair: sin and cos, each a line and markers
    assert f"{check['error_float64']:.1e}" in fig.layout.title.text and "<error>" in fig.layout.title.text
    lines, marks = fig.data[1], fig.data[2]
    assert lines.mode == "lines" and marks.mode == "markers" and lines.xaxis == "x2"
    np.testing.assert_allclose(lines.y, marks.y, atol=1e-6)  # the two curves overlap


@pytest.mark.parametrize("n", [12, 512])
def test_schemes_figure_with_and_without_a_learned_table(n):
    learned = np.random.default_rng(0).standard_normal((600, n))
    fig = vz.plot_schemes(pe.compare_schemes(n, n, learned=learned), LABELS)
    shown = min(n, vz.MAX_CELLS)
    assert len(fig.data) == 4 and [np.shape(t.z) for t in fig.data] == [(shown, shown)] * 4
    assert [t.xaxis for t in fig.data] == ["x", "x2", "x3", "x4"]
    alibi = np.asarray(fig.data[3].z)
    assert np.isnan(alibi[0, 1]) and not np.isinf(alibi).any()
    titles = {a.text for a in fig.layout.annotations}
    assert {"<sinusoidal>", "<learned>", "<rope>", "<alibi>"} <= titles and "<no_learned>" not in titles
    assert fig.to_json()

    fig = vz.plot_schemes(pe.compare_schemes(n, n), LABELS)
    assert len(fig.data) == 3 and "x2" not in [t.xaxis for t in fig.data]
    assert "<no_learned>" in {a.text for a in fig.layout.annotations}
    assert fig.to_json()
