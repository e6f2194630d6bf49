"""Colour-blind safety: the dichromacy simulator reproduces known values, every categorical palette of the figures
keeps its colours apart under normal vision and the three simulated dichromacies, and a sweep over one figure per
viz module finds only CVD-safe colour scales and no two series told apart by a colour that a dichromat cannot see.

Threshold: palette.MIN_DELTA_E (ΔE*ab, CIE76), the reasons given beside it."""
import itertools
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.figures import palette as pl
from playground.figures import theme
from playground.figures.palette import DEFICIENCIES, MIN_DELTA_E, closest_pair, cvd_distance, delta_e, simulate, to_lab
from playground.lessons.activations import compute as fn
from playground.lessons.activations import figures as functions
from playground.lessons.architecture import conv_figures as conv_window
from playground.lessons.architecture import figures as architecture
from playground.lessons.attention import block as transformer_block
from playground.lessons.attention import block_figures as block_viz
from playground.lessons.attention import figures as attention
from playground.lessons.attention import positional as pe
from playground.lessons.attention import positional_figures as positional
from playground.lessons.attention import vit_figures as vit_attention
from playground.lessons.backprop import compute as bp
from playground.lessons.backprop import figures as backprop
from playground.lessons.cnn import figures as feature_maps
from playground.lessons.gan import figures as viz_gan
from playground.lessons.gates import figures as gates
from playground.lessons.losses import compute as loss_fn
from playground.lessons.losses import figures as losses
from playground.lessons.masking import figures as viz_masking
from playground.lessons.normalisation import figures as normalisation
from playground.lessons.optimizers import figures as optim_race
from playground.lessons.optimizers.compute import OPTIMIZERS, race, surface_grid
from playground.lessons.schedules import compute as schedule_fn
from playground.lessons.schedules import figures as schedules
from playground.lessons.seq2seq import figures as viz_seq2seq
from playground.lessons.sigmoids import figures as sigmoid_sum
from playground.lessons.train import figures as training
from playground.lessons.batches import figures as batch_race
from playground.lessons.batches.compute import Lane

VISIONS = ("normal", *DEFICIENCIES)


# ---------------------------------------------------------------------------------------------------------------
# (a) the simulator and the colour difference

def _encode(v: float) -> float:
    """sRGB encoding written out again, independently of palette.linear_to_srgb."""
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_neutrals_stay_neutral(deficiency):
    """Each Machado row sums to 1, so white, black and greys keep their value."""
    for grey in ("#ffffff", "#000000", "#808080", "#595959"):
        np.testing.assert_allclose(simulate(grey, deficiency), pl.to_rgb(grey), atol=2e-4)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_primaries_land_on_the_clipped_matrix_columns(deficiency):
    """In linear RGB a primary is a unit vector, so its simulation is the matrix column, clipped and encoded."""
    m = pl.MACHADO_2009[deficiency]
    for k, primary in enumerate(("#ff0000", "#00ff00", "#0000ff")):
        expected = [_encode(min(1.0, max(0.0, v))) for v in m[:, k]]
        np.testing.assert_allclose(simulate(primary, deficiency), expected, atol=1e-9)


def test_pinned_values_of_pure_red():
    """Red through the severity 1.0 matrices, worked by hand: protanopia (0.152286, 0.114503, -0.003882 -> 0)
    encodes to (0.4266, 0.3727, 0) = #6d5f00; deuteranopia (0.367322, 0.280085, -0.011820 -> 0) to
    (0.6400, 0.5658, 0) = #a39000; tritanopia (1.255528 -> 1, -0.078411 -> 0, 0.004733) to (1, 0, 0.0584) = #ff000f."""
    assert [pl.to_hex(simulate("#ff0000", d)) for d in DEFICIENCIES] == ["#6d5f00", "#a39000", "#ff000f"]


def test_lab_matches_published_srgb_values():
    """CIELAB (D65) of sRGB white and primaries as tabulated, e.g. by Lindbloom's calculator."""
    for color, lab in (("#ffffff", (100.0, 0.0, 0.0)), ("#ff0000", (53.24, 80.09, 67.20)),
                       ("#00ff00", (87.73, -86.18, 83.18)), ("#0000ff", (32.30, 79.19, -107.86))):
        np.testing.assert_allclose(to_lab(color), lab, atol=0.02)


def _hue(color, deficiency) -> float:
    _, a, b = to_lab(simulate(color, deficiency))
    return float(np.degrees(np.arctan2(b, a)))


@pytest.mark.parametrize("deficiency", ("protanopia", "deuteranopia"))
def test_red_and_green_collapse_onto_one_hue_for_red_green_dichromats(deficiency):
    assert delta_e("#ff0000", "#00ff00") > 150  # far apart for normal vision...
    assert abs(_hue("#ff0000", deficiency) - _hue("#00ff00", deficiency)) < 10  # ...both yellowish for these
    assert abs(_hue("#ff0000", "normal") - _hue("#00ff00", "normal")) > 90


def test_plotly_red_and_green_match_for_a_deuteranope():
    """The red and green of plotly's default colour cycle: ΔE 120 normally, a near match under deuteranopia (a
    protanope still sees the red darker)."""
    assert delta_e("#d62728", "#2ca02c") > 100
    assert delta_e(simulate("#d62728", "deuteranopia"), simulate("#2ca02c", "deuteranopia")) < 10
    assert delta_e(simulate("#d62728", "protanopia"), simulate("#2ca02c", "protanopia")) > 30


def test_tritanopia_loses_blue_yellow_but_keeps_red_green():
    assert cvd_distance("#ff0000", "#00ff00") < 0.5 * delta_e("#ff0000", "#00ff00")
    tri = delta_e(simulate("#56b4e9", "tritanopia"), simulate("#009e73", "tritanopia"))  # sky blue, bluish green
    assert tri < 0.4 * delta_e("#56b4e9", "#009e73")
    assert delta_e(simulate("#ff0000", "tritanopia"), simulate("#00ff00", "tritanopia")) > 100


def test_cvd_distance_is_the_minimum_over_visions_and_symmetric():
    pairs = [("#0072b2", "#d55e00"), ("#2563eb", "#7c3aed"), ("#ffffff", "#000000")]
    for c1, c2 in pairs:
        each = [delta_e(simulate(c1, v), simulate(c2, v)) for v in VISIONS]
        assert cvd_distance(c1, c2) == pytest.approx(min(each)) == pytest.approx(cvd_distance(c2, c1))
    assert cvd_distance("#2563eb", "#7c3aed") < 3  # blue and violet: one colour under tritanopia
    assert cvd_distance("#ffffff", "#000000") == pytest.approx(100, abs=0.01)
    assert cvd_distance("rgba(0,114,178,0.3)", "#0072b2") == 0  # alpha is ignored


# ---------------------------------------------------------------------------------------------------------------
# (b) every categorical palette the figures use

PALETTES = {
    "palette.OKABE_ITO": pl.OKABE_ITO.values(),
    "palette.COLORWAY": pl.COLORWAY,
    "theme.KIND_COLORS": theme.KIND_COLORS.values(),
    "theme.series_style colours": [theme.series_style(i, 6)["color"] for i in range(6)],
    "functions.ACTIVATION_COLORS": functions.ACTIVATION_COLORS.values(),
    "losses.LOSS_COLORS": losses.LOSS_COLORS.values(),
    "losses softmax bars": (losses.BAR, losses.BAR_T1),
    "optim_race.COLORS + FALLBACK": (*optim_race.COLORS.values(), *optim_race.FALLBACK),
    "training train / test": (training.TRAIN_COLOR, training.VAL_COLOR),
    "training series": (training.INPUT_COLOR, training.TRAIN_COLOR, training.VAL_COLOR),
    "training.CLASS_COLORS": training.CLASS_COLORS,
    "gates signs": (gates.POSITIVE, gates.NEGATIVE),
    "backprop forward / backward": (backprop.FORWARD, backprop.BACKWARD),
    "backprop signs": (backprop.POSITIVE, backprop.NEGATIVE),
    "backprop.NODE_COLORS": dict.fromkeys(backprop.NODE_COLORS.values()),
    "conv_window.COLORS": conv_window.COLORS,
    "normalisation shared / other": (normalisation.SHARED, normalisation.OTHER),
    "normalisation before / after": (normalisation.BEFORE, normalisation.SHARED),
    "attention.MASK_SCALE": [c for _, c in attention.MASK_SCALE],
    "sigmoid_sum units / constant / sum / target": (sigmoid_sum.UNIT, sigmoid_sum.CONSTANT, sigmoid_sum.TOTAL,
                                                    sigmoid_sum.TARGET),
}

# The palettes as they were before the colour-blind audit: the same check must reject each of them.
BEFORE_AUDIT = {
    "KIND_COLORS": ("#2563eb", "#0891b2", "#a855f7", "#ea580c", "#db2777", "#16a34a", "#ca8a04", "#475569",
                    "#94a3b8"),
    "functions.COLORS (activations)": ("#2563eb", "#16a34a", "#ea580c", "#db2777", "#7c3aed", "#0891b2", "#475569"),
    "functions.COLORS (losses)": ("#2563eb", "#ea580c", "#16a34a", "#db2777"),
    "optim_race.COLORS": ("#64748b", "#2563eb", "#16a34a", "#ca8a04", "#db2777", "#7c3aed"),
    "conv_window.COLORS": ("#e8eef7", "#d4d4d8", "#2563eb", "#93c5fd", "#dcfce7", "#16a34a"),
    "plot_shift palette": ("#6366f1", "#ea580c", "#16a34a", "#db2777", "#0891b2", "#ca8a04"),
    "plotly's default colorway": ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                                  "#7f7f7f", "#bcbd22", "#17becf"),
}


@pytest.mark.parametrize("name", PALETTES)
def test_palette_colours_stay_apart_under_every_deficiency(name):
    colors = list(PALETTES[name])
    assert len(colors) >= 2
    d, a, b = closest_pair(colors)
    assert d >= MIN_DELTA_E, f"{name}: {a} and {b} are only ΔE {d:.1f} apart"


@pytest.mark.parametrize("name", BEFORE_AUDIT)
def test_the_check_rejects_the_palettes_before_the_audit(name):
    assert closest_pair(BEFORE_AUDIT[name])[0] < MIN_DELTA_E


def test_kind_colors_cover_every_kind_and_norm_highlight_follows():
    kinds = {c for c, _ in theme._KIND_PATTERNS} | {"other"}
    assert set(theme.KIND_COLORS) == kinds
    assert normalisation.SHARED == theme.KIND_COLORS["norm"]


@pytest.mark.parametrize("n", range(1, 13))
def test_series_styles_never_repeat_and_get_dashes_beyond_four(n):
    styles = [theme.series_style(i, n) for i in range(n)]
    assert len({(s["color"], s["dash"]) for s in styles}) == n
    dashes = {s["dash"] for s in styles}
    assert dashes == {"solid"} if n <= theme.MAX_COLOUR_ONLY else len(dashes) > 1


# ---------------------------------------------------------------------------------------------------------------
# colour scales: sequential (lightness monotonic) or diverging (light neutral centre, ends apart), in every vision

def _stops(scale) -> tuple[list[float], list[np.ndarray]]:
    return [float(p) for p, _ in scale], [pl.to_rgb(c) for _, c in scale]


def _hue_distance(c1, c2) -> float:
    """The smallest chromatic difference (a*, b* only: lightness left out) over normal and simulated vision."""
    return min(float(np.hypot(*(to_lab(simulate(c1, v)) - to_lab(simulate(c2, v)))[1:])) for v in VISIONS)


def scale_problem(scale) -> str | None:
    """None for a CVD-safe continuous scale, else what is wrong with it. Sequential: lightness strictly monotonic
    in every vision and the ends at least MIN_DELTA_E apart. Diverging: lightness rising to one light, near-neutral
    stop in the middle (0.4..0.6) and falling after it, in every vision, and the two ends told apart by hue, not
    lightness alone, by at least MIN_DELTA_E in every vision (a red-green scale fails here)."""
    pos, rgb = _stops(scale)
    if cvd_distance(rgb[0], rgb[-1]) < MIN_DELTA_E:
        return f"the ends are only ΔE {cvd_distance(rgb[0], rgb[-1]):.1f} apart"
    lights = {v: np.array([to_lab(simulate(c, v))[0] for c in rgb]) for v in VISIONS}
    steps = {v: np.diff(L) for v, L in lights.items()}
    if all((s > 0).all() for s in steps.values()) or all((s < 0).all() for s in steps.values()):
        return None  # sequential
    top = int(np.argmax(lights["normal"]))
    centre_chroma = np.hypot(*to_lab(rgb[top])[1:])
    if not 0.4 <= pos[top] <= 0.6 or centre_chroma > 10:
        return f"lightness is not monotonic and its peak ({pos[top]:.2f}, chroma {centre_chroma:.0f}) is no centre"
    for v, L in lights.items():
        if not ((np.diff(L[:top + 1]) > 0).all() and (np.diff(L[top:]) < 0).all()):
            return f"lightness does not rise to the centre and fall after it under {v}"
    if _hue_distance(rgb[0], rgb[-1]) < MIN_DELTA_E:
        return f"the two arms differ in hue by only {_hue_distance(rgb[0], rgb[-1]):.1f}"
    return None


def _named(name: str):
    return go.Heatmap(colorscale=name).colorscale  # as plotly stores (and sends) a named scale


ALLOWED_NAMED = ("Blues", "Greys", "Greys_r", "Viridis", "Cividis", "RdBu", "RdBu_r")
CONTINUOUS_CONSTANTS = {"optim_race.SURFACE_SCALE": optim_race.SURFACE_SCALE,
                        "training.BOUNDARY_SCALE": training.BOUNDARY_SCALE,
                        "attention.MASK_SCALE": attention.MASK_SCALE,
                        "theme.overlay_scale": theme.overlay_scale(1.0),
                        "gan.FIELD_SCALE": viz_gan.FIELD_SCALE}
# discrete scales: one flat band per category, their colours checked as palettes above
DISCRETE_CONSTANTS = {"conv_window.SCALE": (conv_window.SCALE, conv_window.COLORS),
                      "normalisation.MASK_SCALE": (normalisation.MASK_SCALE,
                                                   (normalisation.OTHER, normalisation.SHARED)),
                      "seq2seq.CELL_SCALE": (viz_seq2seq.CELL_SCALE, viz_seq2seq.CELL_COLORS),
                      "training.CLASS_SCALE": (training.CLASS_SCALE, training.CLASS_COLORS),
                      **{f"masking._discrete_scale({n})": (viz_masking._discrete_scale(n),
                                                            [viz_masking.COLORS[c] for c in viz_masking.CATEGORIES[:n]])
                         for n in range(2, len(viz_masking.CATEGORIES) + 1)}}


@pytest.mark.parametrize("name", ALLOWED_NAMED)
def test_allowed_named_scales_are_safe(name):
    assert scale_problem(_named(name)) is None


@pytest.mark.parametrize("name", CONTINUOUS_CONSTANTS)
def test_scale_constants_are_safe(name):
    assert scale_problem(CONTINUOUS_CONSTANTS[name]) is None


@pytest.mark.parametrize("name", DISCRETE_CONSTANTS)
def test_discrete_scales_are_flat_bands_of_a_safe_palette(name):
    scale, colors = DISCRETE_CONSTANTS[name]
    assert [pl.to_hex(pl.to_rgb(c)) for _, c in scale[::2]] == [pl.to_hex(pl.to_rgb(c)) for c in colors]
    assert all(a[1] == b[1] for a, b in zip(scale[::2], scale[1::2]))  # each band one colour
    assert closest_pair(colors)[0] >= MIN_DELTA_E


@pytest.mark.parametrize("scale", [
    "RdYlGn", "Jet", "Rainbow", "Portland",
    [[0, "#d73027"], [0.5, "#ffffff"], [1, "#1a9850"]],  # red - white - green
    [[0.0, "rgba(0,0,255,0)"], [0.25, "rgba(0,160,255,0.5)"], [0.6, "rgba(255,220,0,0.8)"],
     [1.0, "rgba(255,0,0,1)"]],  # the Grad-CAM overlay before the audit
])
def test_the_scale_check_rejects_red_green_and_rainbow_scales(scale):
    assert scale_problem(_named(scale) if isinstance(scale, str) else scale) is not None


# ---------------------------------------------------------------------------------------------------------------
# (c) a sweep over one figure (or a few) per viz module

class Labels(dict):
    def __missing__(self, key):
        return f"<{key}>"


L = Labels()
RNG = np.random.default_rng(0)


def _figures_architecture__figures():
    kinds = ["Conv2d", "MaxPool2d", "BatchNorm2d", "Linear", "MultiheadAttention", "LSTM", "Embedding",
             "Sequential", "Dropout"]
    names = [f"layer{i}" for i in range(len(kinds))]
    return [architecture.plot_layer_profile(names, kinds, list(range(10, 10 + len(kinds))), [100] * len(kinds), L),
            architecture.plot_block_diagram([(n, k, "1x8") for n, k in zip(names, kinds)], "1x3x8x8")]


def _figures_attention__figures():
    t, d = 5, 4
    w = RNG.random((2, t, t))
    w /= w.sum(-1, keepdims=True)
    mask = np.tril(np.ones((t, t), bool))
    toks = list("abcde")
    scores = RNG.normal(size=(t, t))
    steps = dict(queries=toks, keys=toks, d_k=d, q=RNG.normal(size=(t, d)), k=RNG.normal(size=(t, d)),
                 v=RNG.normal(size=(t, d)), qk=scores, scaled=scores / 2, masked=np.where(mask, scores, -np.inf),
                 weights=w[0], out=RNG.normal(size=(t, d)))
    lab = dict(tokens=toks, bidirectional=(np.ones((1, t, t), bool), w), causal=(mask[None], w),
               padding=(np.ones((1, t, t), bool), w))
    return [attention.plot_attention_overview([("a", w)], L), attention.plot_attention_head(w[0], toks, toks, L, mask),
            attention.plot_attention_steps(steps, L), attention.plot_mask_lab(lab, L)]


def _figures_backprop__figures():
    return [backprop.plot_backprop(bp.backprop([1.0, 0.5], 1.0), L)]


def _figures_architecture__conv_figures():
    return [conv_window.plot_conv_window(5, 1, 5, (1, 1), [1, 2, 3], [1, 2, 3], L)]


def _figures_cnn__figures():
    maps = RNG.normal(size=(4, 6, 6))
    return [feature_maps.plot_feature_maps(maps, range(4), L),
            feature_maps.plot_feature_maps(np.abs(maps), range(4), L),
            feature_maps.plot_filters(RNG.normal(size=(4, 2, 3, 3)), L),
            feature_maps.plot_overview([("a", maps), ("b", maps[:2])], L),
            feature_maps.plot_top_k([("cat", 0.7), ("dog", 0.3)], L),
            feature_maps.plot_grad_cam(RNG.random((8, 8, 3)), RNG.random((8, 8)), L),
            feature_maps.plot_input(RNG.random((8, 8, 1)), L, region=(1, 1, 3, 3))]


def _figures_activations__figures():
    return [functions.plot_activations(fn.curves(fn.ACTIVATIONS, n=21), L),
            functions.plot_stacking({k: fn.stack_layers(2, None if k == "none" else k, n=21)
                                     for k in ("none", *fn.ACTIVATIONS)}, L)]


def _figures_losses__figures():
    return [losses.plot_losses(loss_fn.loss_curves(0.3, n=21), 0.3, L),
            losses.plot_softmax(loss_fn.softmax([3, 1, -1], 0.5), [3, 1, -1], 0.5, L)]


def _figures_gates__figures():
    t, h = 8, 5
    g = {name: RNG.random((t, h)).astype(np.float32) for name in ("i", "f", "g", "o", "c", "h")}
    toks = list("(()(()))")
    return [gates.plot_gates(g, toks, L),
            gates.plot_units(g, toks, [("c", u) for u in range(5)] + [("h", u) for u in range(3)], L,
                             target=np.arange(t)),
            gates.plot_unit_ranking([("c", 2, 0.9), ("f", 3, -0.8)], L),
            gates.plot_gradient_flow({n: RNG.random(t) for n in ("RNN", "GRU", "LSTM", "chosen")}, toks, L)]


def _figures_normalisation__figures():
    x = RNG.normal(size=(2, 3, 4, 4)).astype(np.float32)
    return [normalisation.plot_norm_axes("image", "batch", (2, 3, 4, 4), L),
            normalisation.plot_norm_histograms(x, (x - x.mean()) / x.std(), L, per="channel")]


@pytest.fixture(scope="module")
def race_result():
    return surface_grid("rosenbrock", n=20), race("rosenbrock", OPTIMIZERS, 20, lr=0.01)


def _figures_optimizers__figures(race_result):
    grid, trs = race_result
    return [optim_race.plot_race(grid, trs, L, minima=[(1.0, 1.0)]), optim_race.plot_losses(trs, L)]


def _figures_schedules__figures():
    rates = schedule_fn.schedule_rates("cosine", 1e-3, 10, 100)
    return [schedules.plot_lr_schedule(rates, 10, L), schedules.plot_lr_schedule(rates, 0, L)]


def _figures_attention__positional_figures():
    table = pe.sinusoidal(64, 32)
    return [positional.plot_pe_matrix(table, L), positional.plot_pe_waves(table, [0, 1, 6, 7, 20, 21, 2, 3], L),
            positional.plot_similarity(pe.similarity(table), L),
            positional.plot_shift(table, 3, pe.shift_matrix(32, 3), pe.shift_check(64, 32, 3), L),
            positional.plot_schemes(pe.compare_schemes(16, 16, learned=RNG.normal(size=(16, 16))), L)]


def _figures_attention__block_figures():
    trace = transformer_block.trace_block("random", "the cat sat on the mat", "pre")
    panels = [(s.key, s.value) for s in trace.steps if s.value.ndim == 2][:9]
    return [block_viz.plot_block_steps(panels, trace.tokens, L),
            block_viz.plot_block_heads(trace.weights, trace.step("concat").value, trace.step("attention").value,
                                       trace.tokens, L),
            block_viz.plot_block_norm(trace.stats, trace.tokens, L)]


def _figures_train__figures():
    history = dict(steps=list(range(10)), train_loss=list(np.linspace(2, 1, 10)), eval_steps=[4, 9],
                   train_metric=[0.5, 0.7], val_loss=[1.5, 1.2], val_metric=[0.4, 0.6])
    coords = np.linspace(-2, 2, 9)
    x, y = RNG.normal(size=(20, 2)), RNG.integers(0, 2, 20)
    series = RNG.normal(size=(3, 12))
    return [training.plot_curves(history, L), training.plot_confusion([[3, 1], [0, 4]], ["a", "b"], L),
            training.plot_decision_boundary(coords, RNG.random((9, 9)), x, y, x[:5], y[:5], L),
            training.plot_series(series, series, series, L),
            training.plot_schedule(np.arange(10), np.linspace(0.1, 1, 10), 3, L)]


def _figures_batches__figures():
    lanes = [Lane(b, 5, list(range(1, 6)), list(RNG.random(5)), list(np.linspace(0, 1, 5)), 1.0, 1.0, "done", 0.9)
             for b in (1, 16, 256, 2000)]
    names = ["1", "16", "256", "2000"]
    return [batch_race.plot_batch_losses(lanes, names, L), batch_race.plot_batch_summary(lanes, names, L)]


def _figures_attention__vit_figures():
    maps = RNG.random((2, 2, 3, 3))
    w = RNG.random((10, 10))
    return [vit_attention.plot_patch_overview(maps, L), vit_attention.plot_patch_attention(RNG.random((12, 12, 3)),
                                                                                            maps[0, 0], L),
            vit_attention.plot_token_matrix(w / w.sum(1, keepdims=True), 1, (3, 3), L)]


def _figures_gan__figures():
    from playground.lessons.gan import figures as viz
    from playground.lessons.gan.lab import GanLab
    from playground.lessons.gan.spec import PRESETS
    lab = GanLab(PRESETS["default"])
    lab.step(3)
    return [viz.plot_gan_field(lab.snapshot(), L), viz.plot_gan_losses(lab.history, L)]


def _figures_seq2seq__figures():
    from playground.lessons.seq2seq.bleu import bleu
    from playground.lessons.seq2seq.decoding import decode_both
    from playground.lessons.seq2seq.lab import Seq2seqLab, Seq2seqSpec
    from playground.lessons.seq2seq.tasks import read_digits
    from playground.lessons.seq2seq import figures as viz
    lab = Seq2seqLab(Seq2seqSpec())
    lab.step(2)
    src, tgt = read_digits("31415926", "reverse")
    score = bleu("a b b c d".split(), "a b c d e f".split(), 3)
    from playground.lessons.seq2seq.beam import beam_view
    from playground.lessons.seq2seq.padding import padded_loss, read_batch
    return [viz.plot_decoding(decode_both(lab.model, src, tgt), L), viz.plot_bleu(score, L),
            viz.plot_seq2seq_curves(lab.history, L), viz.plot_beam(beam_view(lab.model, src, tgt, 4), L),
            viz.plot_masked_loss(padded_loss(lab.model, read_batch("31415926, 2718, 5", "reverse")), L)]


def _figures_masking__figures():
    from playground.lessons.masking.corruption import masking_statistics
    from playground.lessons.masking.mlm import shared_mlm
    from playground.lessons.masking.predictions import fill_masks
    from playground.lessons.masking import figures as viz
    pred = fill_masks(shared_mlm(), "the little cat sat on the warm mat.", seed=0)
    heads = RNG.dirichlet(np.ones(6), size=(12, 6)).astype(np.float32)  # (nh, T, T), rows sum to 1
    return [viz.plot_masking(pred, L), viz.plot_predictions(pred, L),
            viz.plot_masking_statistics(masking_statistics(n_draws=200), L),
            viz.plot_head_view(heads, ["[CLS]", "the", "[MASK]", "sat", "##s", "[SEP]"], L, 1)]


def _figures_detection__figures():
    from playground.lessons.detection.anchors import anchor_levels
    from playground.lessons.detection.roi import roi_view
    from playground.lessons.detection.scenes import sample_scene
    from playground.lessons.detection import figures as viz
    image, boxes, names = sample_scene(0, 128)
    view = roi_view(image, boxes, stride=8, output_size=4, kind="align")
    return [viz.plot_roi(view.feature, view.boxes, view.bins, view.pooled, L, "align", view.spatial_scale,
                         names=names),
            viz.plot_anchors(image, anchor_levels((128, 128)), L, 0)]


def _figures_captioning__figures():
    from playground.lessons.captioning import compute as cap
    from playground.lessons.captioning import figures as viz
    image, _ = cap.sample_scene(0)
    caption = cap.caption_image(cap.shared_captioner(), image)
    return [viz.plot_caption_attention(caption.image, caption, L), viz.plot_caption_probabilities(caption, L)]


def _figures_degradation__figures():
    from playground.lessons.degradation import figures as viz
    depths = (8, 20, 32, 44)
    error = {f"{kind}/{d}": [0.9, 0.1 * i, 0.05 * i] for kind in viz.KINDS for i, d in enumerate(depths, 1)}
    return [viz.plot_degradation([0, 10, 20], error, depths, Labels(layers="{depth} layers"))]


def _figures_convolution__figures():
    from playground.lessons.convolution import counts as cn
    from playground.lessons.convolution import figures as viz
    from playground.lessons.convolution import windows as wn
    counts = cn.layer_counts(28, 5, 1, 6, check=False)
    x = wn.read_grid(wn.POOL_EXAMPLE, "input")
    pooled = wn.pool(x, 3, 2, True)
    step = wn.conv_step(wn.read_grid(wn.CONV_INPUT_EXAMPLE, "input"), wn.read_grid(wn.CONV_KERNEL_EXAMPLE, "k"),
                        1.0, 2, 1, 0, 1)
    whole, pixel = cn.fc_as_conv(3, 4, 4, 5)
    return [viz.plot_weight_counts(["a", "b", "c"], [c.connections for c in counts], [c.weights for c in counts], L),
            viz.plot_pooling(x, pooled.windows, pooled.maximum, pooled.average, pooled.winners, L),
            viz.plot_conv_step(step.padded, step.padding, step.kernel, step.output, step.row, step.col, step.stride,
                               L),
            viz.plot_fc_vs_conv([("whole", whole.fc_out.numpy(), whole.conv_out.numpy()),
                                 ("pixel", pixel.fc_out.numpy(), pixel.conv_out.numpy())], L)]


def _figures_sigmoids__figures():
    from playground.lessons.sigmoids import compute as sig
    figs = []
    for activation in sig.ACTIVATIONS:
        fit = sig.SigmoidFit(sig.FitSpec(units=5, activation=activation))
        fit.step(3)
        figs.append(sigmoid_sum.plot_sigmoid_sum(fit.parts(), L))
    return figs


BUILDERS = {name.removeprefix("_figures_").replace("__", "."): f for name, f in globals().items()
            if name.startswith("_figures_")}
LESSONS = Path(pl.__file__).resolve().parents[1] / "lessons"


def test_the_sweep_covers_every_viz_module():
    """Every figure module of every lesson (lessons/<lesson>/*figures.py) has a builder here."""
    modules = {f"{p.parent.name}.{p.stem}" for p in LESSONS.glob("*/*figures.py")}
    assert modules == set(BUILDERS)


def _figures(module: str, request) -> list[go.Figure]:
    builder = BUILDERS[module]
    if module == "optimizers.figures":
        return builder(request.getfixturevalue("race_result"))
    return builder()


def _canonical(scale) -> tuple:
    """A colour scale as ((position, '#rrggbb'), ...): alpha dropped, so an overlay at any opacity is one scale."""
    return tuple((round(float(p), 6), pl.to_hex(pl.to_rgb(c))) for p, c in scale)


ALLOWED_SCALES = {_canonical(_named(n)): n for n in ALLOWED_NAMED}
ALLOWED_SCALES.update({_canonical(s): n for n, s in CONTINUOUS_CONSTANTS.items()})
ALLOWED_SCALES.update({_canonical(s): n for n, (s, _) in DISCRETE_CONSTANTS.items()})
DEFAULT_COLORWAY = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                    "#bcbd22", "#17becf")  # plotly.js's, for a figure that sets none


def _colour_values(value, owner=None) -> list[str]:
    """A colour property -> its colours ([] when unset); a per-point array -> its distinct colours; numbers on the
    owner's colour scale (cmin..cmax) -> the scale's nearest stop for each."""
    if value is None:
        return []
    if isinstance(value, str):
        return [pl.to_hex(pl.to_rgb(value))]
    values = np.asarray(value).ravel()
    if values.dtype.kind in "iuf" and owner is not None and owner.colorscale:
        stops = [(float(p), c) for p, c in owner.colorscale]
        low, high = float(owner.cmin), float(owner.cmax)
        picks = ((float(v) - low) / (high - low) for v in dict.fromkeys(values.tolist()))
        return list(dict.fromkeys(pl.to_hex(pl.to_rgb(min(stops, key=lambda s: abs(s[0] - x))[1])) for x in picks))
    return list(dict.fromkeys(pl.to_hex(pl.to_rgb(c)) for c in values if c is not None))


def _series(fig: go.Figure):
    """(style, colours, name, kind) of each scatter and bar trace: style is what tells traces apart besides colour
    (type, mode, dash, marker symbol); colours the colour that draws it (the layout's colorway in turn if unset)."""
    colorway = fig.layout.colorway or DEFAULT_COLORWAY
    out = []
    for i, t in enumerate(fig.data):
        if t.type not in ("scatter", "bar"):
            continue
        mode = getattr(t, "mode", None) or ("markers" if t.type == "bar" else "lines")
        symbol = getattr(t.marker, "symbol", None)  # bars have none
        symbol = symbol if symbol is None or isinstance(symbol, str) else tuple(symbol)[0]
        dash = (t.line.dash if t.type == "scatter" else None) or "solid"
        style = (t.type, mode, dash, symbol)
        colours = []
        if t.type == "scatter" and "lines" in mode:
            colours = _colour_values(t.line.color)
        if not colours:
            colours = _colour_values(t.marker.color, t.marker)
            outline = _colour_values(t.marker.line.color, t.marker.line)
            if colours == ["#ffffff"] and outline:  # hollow markers: the outline carries the colour
                colours = outline
        if not colours:
            colours = [pl.to_hex(pl.to_rgb(colorway[i % len(colorway)]))]
        out.append((style, colours, t.name, "lines" in mode))
    return out


@pytest.mark.parametrize("module", sorted(BUILDERS))
def test_every_colour_scale_is_an_allowed_one(module, request):
    for fig in _figures(module, request):
        for t in fig.data:
            for scale in (getattr(t, "colorscale", None), getattr(getattr(t, "marker", None), "colorscale", None)):
                if scale is not None:
                    assert _canonical(scale) in ALLOWED_SCALES, f"{module}: {t.type} uses an unchecked scale {scale}"


@pytest.mark.parametrize("module", sorted(BUILDERS))
def test_series_told_apart_by_colour_alone_stay_apart(module, request):
    for fig in _figures(module, request):
        series = _series(fig)
        for _, colours, name, _ in series:  # colours within one trace (classes, signs, node kinds)
            d, a, b = closest_pair(colours)
            assert d >= MIN_DELTA_E, f"{module} {name!r}: {a} and {b} only ΔE {d:.1f} apart"
        singles = [s for s in series if len(s[1]) == 1]
        for (s1, (c1,), n1, _), (s2, (c2,), n2, _) in itertools.combinations(singles, 2):
            if s1 != s2 or (c1 == c2 and n1 == n2):  # another style, or one series drawn in two panels
                continue
            assert c1 != c2, f"{module}: {n1!r} and {n2!r} look identical ({c1}, {s1})"
            d = cvd_distance(c1, c2)
            assert d >= MIN_DELTA_E, f"{module}: {n1!r} {c1} and {n2!r} {c2} only ΔE {d:.1f} apart ({s1})"
        by_style = {}
        for style, (c,), _, is_line in singles:
            if is_line:
                by_style.setdefault(style, set()).add(c)
        for style, colours in by_style.items():  # more lines than this need a second cue
            assert len(colours) <= theme.MAX_COLOUR_ONLY, f"{module}: {len(colours)} lines differ only by colour"


@pytest.mark.parametrize("module", sorted(BUILDERS))
def test_shapes_told_apart_by_colour_alone_stay_apart(module, request):
    """Outlines and edges drawn as layout shapes (the block diagram's kinds, backprop's signed edges)."""
    for fig in _figures(module, request):
        groups = {}
        for s in fig.layout.shapes:
            if s.line.color is not None:
                groups.setdefault((s.type, s.line.dash or "solid"), set()).add(pl.to_hex(pl.to_rgb(s.line.color)))
        for key, colours in groups.items():
            d, a, b = closest_pair(colours)
            assert d >= MIN_DELTA_E, f"{module}: shapes {key} {a} and {b} only ΔE {d:.1f} apart"
