"""The Concepts tab's curves-from-sigmoids part: a target curve fitted live by a constant plus n sigmoids (or ReLUs),
every unit's contribution drawn, then the same network in the note's matrix form with numbers. The work happens
in .compute (the fit) and .matrix (the worked example)."""
from __future__ import annotations

import time

import gradio as gr
import plotly.graph_objects as go

from playground.core.errors import PlaygroundError
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.live import Pacer
from playground.ui.view import TabContext, TabView, chained, committed

from . import compute as fn
from . import matrix
from .figures import plot_sigmoid_sum

FRAMES = 12  # a live fit redraws about this often, never faster than ui.live.Pacer allows
FIG_KEYS = ("units", "constant", "total", "target", "x", "y")
ACT_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU"}  # in formulas: the same in every language


def make_fit(target, points, units, activation, seed, lang: str) -> fn.SigmoidFit:
    """A fresh fit at its starting weights, from the controls' values."""
    spec = fn.FitSpec(target=target, points=points, units=read_number(units, "sigmoids_units", lang, whole_number=True),
                      activation=activation, seed=read_number(seed, "sigmoids_seed", lang, whole_number=True))
    return fn.SigmoidFit(spec)


def total_steps(steps, lang: str) -> int:
    """The steps setting as a whole number in range, or the lesson's message."""
    total = read_number(steps, "sigmoids_steps", lang, whole_number=True)
    if not fn.MIN_STEPS <= total <= fn.MAX_STEPS:
        raise PlaygroundError("sigmoids_bad_steps", steps=total, low=fn.MIN_STEPS, high=fn.MAX_STEPS)
    return total


def draw(fit: fn.SigmoidFit, total: int, lang: str, key: str = "sigmoids_status") -> tuple[str, go.Figure]:
    """(status text, figure) of the fit as it stands."""
    parts = fit.parts()
    act, mse = ACT_NAMES[fit.spec.activation], f"{parts.mse:.4g}"
    labels = {k: message("sigmoids_fig_" + k, lang, act=act) for k in FIG_KEYS}
    labels["title"] = message("sigmoids_fig_title", lang, units=fit.spec.units, act=act, step=fit.steps, mse=mse)
    return message(key, lang, step=fit.steps, total=total, mse=mse), plot_sigmoid_sum(parts, labels)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_sigmoid_sum(target, points, units, activation, seed, steps, request: gr.Request = None):
    """The network at its starting weights against the target: the instant first paint, before any step."""
    lang = language_of(request)
    total = total_steps(steps, lang)
    return draw(make_fit(target, points, units, activation, seed, lang), total, lang, "sigmoids_status_start")


@user_errors
def on_fit(target, points, units, activation, seed, steps, run: fn.FitRun = None, request: gr.Request = None):
    """A fresh fit trained live: about FRAMES redraws, paced by ui.live.Pacer; Stop (run.stop) is seen between two
    redraws, and a last redraw says where the fit ended."""
    lang = language_of(request)
    fit, total = make_fit(target, points, units, activation, seed, lang), total_steps(steps, lang)
    run = run if isinstance(run, fn.FitRun) else fn.FitRun()
    run.stop.clear()
    pacer, chunk = Pacer(), fn.frame_steps(total, FRAMES)
    yield pacer.draw(draw, fit, total, lang)
    while fit.steps < total and not run.stop.is_set():
        started = time.perf_counter()
        fit.step(min(chunk, total - fit.steps))
        if fit.steps < total and not run.stop.wait(max(0.0, pacer.interval - (time.perf_counter() - started))):
            yield pacer.draw(draw, fit, total, lang)
    yield draw(fit, total, lang, "sigmoids_status_stopped" if fit.steps < total else "sigmoids_status")


def on_stop(run: fn.FitRun):
    """Ask this visitor's fit to stop at its next redraw."""
    if isinstance(run, fn.FitRun):
        run.stop.set()


@user_errors
def on_matrix(inputs, activation, request: gr.Request = None):
    """The note's 3x3 example in matrix form, r = b + Wx, a = act(r), y = b + c^T a, on the typed inputs."""
    if activation not in fn.ACTIVATIONS:
        raise PlaygroundError("sigmoids_bad_activation", activation=activation)
    form = matrix.matrix_form(matrix.parse_inputs(inputs), activation)
    return matrix.matrix_text(form, "σ" if activation == "sigmoid" else "ReLU")


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def _layout_fit(ctx: TabContext) -> dict:
    """The fit's controls, buttons and views, by name."""
    spec = fn.FitSpec()
    c: dict = {}
    with gr.Row():
        c["target"] = gr.Radio([(I18N("sigmoids_target_" + t), t) for t in fn.TARGETS], value=spec.target,
                               label=I18N("sigmoids_target"), elem_id="sigmoid_target")
        c["points"] = gr.Textbox(spec.points, label=I18N("sigmoids_points"), info=I18N("sigmoids_points_info"),
                                 elem_id="sigmoid_points")
    with gr.Row():
        c["units"] = gr.Slider(fn.MIN_UNITS, fn.MAX_UNITS, value=spec.units, step=1, label=I18N("sigmoids_units"),
                               elem_id="sigmoid_units")
        c["activation"] = gr.Radio([(I18N("sigmoids_act_" + a), a) for a in fn.ACTIVATIONS], value=spec.activation,
                                   label=I18N("sigmoids_activation"), info=I18N("sigmoids_activation_info"),
                                   elem_id="sigmoid_activation")
        c["steps"] = gr.Slider(fn.MIN_STEPS, fn.MAX_STEPS, value=1500, step=50, label=I18N("sigmoids_steps"),
                               elem_id="sigmoid_steps")
        c["seed"] = gr.Number(spec.seed, label=I18N("sigmoids_seed"), precision=0, elem_id="sigmoid_seed")
    with gr.Row():
        c["fit"] = gr.Button(I18N("sigmoids_fit"), variant="primary", elem_id="sigmoid_fit")
        c["stop"] = gr.Button(I18N("sigmoids_stop"), variant="stop", elem_id="sigmoid_stop")
        ctx.status_area()
    c["text"] = gr.Markdown(elem_id="sigmoid_sum_text")
    c["plot"] = gr.Plot(label=I18N("sigmoids_plot"), elem_id="sigmoid_sum_plot")
    return c


def build(ctx: TabContext) -> TabView:
    """The curves-from-sigmoids sub-tab, drawn when it opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_sigmoids"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("sigmoids_intro"), elem_classes="pg-intro")
        run_state = gr.State(fn.FitRun())  # inside the tab: a State beside the sub-tabs shifts their buttons
        c = _layout_fit(ctx)
        gr.Markdown(I18N("sigmoids_matrix_intro"), elem_classes="pg-intro")
        inputs_box = gr.Textbox(", ".join(f"{v:g}" for v in matrix.EXAMPLE_X), label=I18N("sigmoids_inputs"),
                                info=I18N("sigmoids_inputs_info"), elem_id="sigmoid_inputs")
        ctx.notes_differ("sigmoids_differs_index")
        matrix_markdown = gr.Markdown(elem_id="sigmoid_matrix_text")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    settings = [c["target"], c["points"], c["units"], c["activation"], c["seed"], c["steps"]]
    outputs = [c["text"], c["plot"]]
    matrix_in = [inputs_box, c["activation"]]
    gr.on([c["target"].input, c["activation"].input, c["units"].release, c["steps"].release, c["points"].submit,
           *committed(c["seed"])], on_sigmoid_sum, settings, outputs, api_name="sigmoid_sum",
          show_progress_on=c["text"], **light)
    c["fit"].click(on_fit, [*settings, run_state], outputs, api_name="sigmoid_sum_fit", concurrency_id="concepts_fit",
                   concurrency_limit=4, show_progress="hidden")
    c["stop"].click(on_stop, run_state, None, api_name="sigmoid_sum_stop", concurrency_limit=None,
                    show_progress="hidden", **hidden)
    gr.on([inputs_box.submit, c["activation"].input], on_matrix, matrix_in, matrix_markdown, api_name="sigmoid_matrix",
          **light)
    steps = [(on_sigmoid_sum, settings, outputs), (on_matrix, matrix_in, [matrix_markdown])]
    tab.select(*chained(steps), api_name="load_sigmoids", **hidden, **light)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_sigmoids", **hidden, **light)

    controls = {"sig_target": c["target"], "sig_points": c["points"], "sig_units": c["units"],
                "sig_act": c["activation"], "sig_steps": c["steps"], "sig_seed": c["seed"], "sig_inputs": inputs_box}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
