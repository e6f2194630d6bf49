"""The sigmoids sub-tab's callbacks as Gradio calls them: the instant first paint, the live fit and its Stop, the
matrix form, both languages, and bad input as messages."""
import gradio as gr
import plotly.graph_objects as go
import pytest

from playground.i18n import message
from playground.lessons.sigmoids import compute as fn
from playground.lessons.sigmoids import matrix
from playground.lessons.sigmoids import tab

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
DEFAULTS = ("piecewise", fn.DEFAULT_POINTS, 3, "sigmoid", 0, 1500)


def test_first_paint_is_the_starting_weights():
    text, fig = tab.on_sigmoid_sum(*DEFAULTS, EN)
    assert text.startswith("The starting weights, before any step") and "1500 steps" in text
    assert isinstance(fig, go.Figure) and [t.name for t in fig.data] == [
        "each unit cᵢ·sigmoid(bᵢ + wᵢx)", "constant b", "target", "sum b + Σᵢ cᵢ·sigmoid(bᵢ + wᵢx)"]
    assert "step 0" in fig.layout.title.text
    units = fig.data[0]
    assert len(units.x) == 3 * (fn.N_GRID + 1)  # three units in one trace, a gap after each
    text, fig = tab.on_sigmoid_sum("sine", "", 50, "relu", 7, 100, ZH)
    assert text.startswith("初始权重") and "ReLU" in fig.data[0].name and len(fig.data[0].x) == 50 * (fn.N_GRID + 1)


def test_the_live_fit_streams_and_ends_lower():
    frames = list(tab.on_fit("piecewise", "", 6, "relu", 1, 100, fn.FitRun(), EN))
    assert len(frames) >= 3  # the start, at least one redraw on the way, the end
    first, last = frames[0][0], frames[-1][0]
    assert first.startswith("Step 0 of 100") and last.startswith("Step 100 of 100")
    mse = [float(t.split("error ")[1].rstrip(".")) for t, _ in (frames[0], frames[-1])]
    assert mse[1] < mse[0]


def test_stop_ends_the_fit_with_a_message():
    run = fn.FitRun()
    fit = tab.on_fit(*DEFAULTS[:5], 5000, run, EN)
    assert next(fit)[0].startswith("Step 0 of 5000")
    tab.on_stop(run)
    rest = list(fit)
    assert rest and rest[-1][0].startswith("Stopped at step") and len(rest) == 1
    tab.on_stop(None)  # an API call without the state: nothing to stop, no error


@pytest.mark.parametrize("args,match", [
    (("piecewise", "", 0, "sigmoid", 0, 1500), "from 1 to 50"),
    (("piecewise", "", 3, "sigmoid", 0, 10), "from 50 to 5000"),
    (("piecewise", "", 3, "tanh", 0, 1500), "Unknown kind of unit"),
    (("points", "0 0", 3, "sigmoid", 0, 1500), "2 to 20 points"),
    (("points", "0 0; 0 1", 3, "sigmoid", 0, 1500), "share an x"),
    (("moon", "", 3, "sigmoid", 0, 1500), "Unknown target"),
    (("piecewise", "", "abc", "sigmoid", 0, 1500), "Units"),
])
def test_bad_settings_are_messages(args, match):
    with pytest.raises(gr.Error, match=match):
        tab.on_sigmoid_sum(*args, EN)
    with pytest.raises(gr.Error, match=match):
        next(tab.on_fit(*args, fn.FitRun(), EN))


def test_matrix_form_in_both_activations_and_bad_inputs():
    text = tab.on_matrix("1, -1, 2", "sigmoid", EN)
    y = matrix.matrix_form(matrix.EXAMPLE_X)["y"]
    assert f"{y:.4f}".replace("-", "−") in text and "σ(r)" in text
    text = tab.on_matrix("1, -1, 2", "relu", ZH)
    assert "ReLU(r) = [0, 3, 0]" in text and "y = b + cᵀa = 0.5000 + (1)·0 + (−2)·3 + (3)·0 = −5.5000" in text
    assert "r₃ = b₃ + w₃₁x₁ + w₃₂x₂ + w₃₃x₃ = −1 + 2·(1) + 0·(−1) + (−1)·(2) = −1" in text
    with pytest.raises(gr.Error, match="三个数"):
        tab.on_matrix("1, 2", "sigmoid", ZH)
    with pytest.raises(gr.Error, match="Unknown kind of unit"):
        tab.on_matrix("1, 2, 3", None, EN)


def test_status_messages_exist_in_both_languages():
    for key in ("sigmoids_status", "sigmoids_status_start", "sigmoids_status_stopped"):
        assert "{mse}" not in message(key, "zh-CN", step=1, total=2, mse="0.1")
