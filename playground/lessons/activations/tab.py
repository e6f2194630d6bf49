"""The Concepts tab's activations part: activation functions beside their slopes with the notes' table of their
properties, and what stacking layers does with and without a nonlinearity. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained

from . import compute as fn
from .figures import plot_activations, plot_stacking

STACKS = ("none", "relu", "tanh", "sigmoid")  # what the stacking view compares


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("activations_fig_" + k, lang) for k in keys}


def _yes(value: bool, lang: str) -> str:
    return message("activations_yes" if value else "activations_no", lang)


def properties_table(names, lang: str) -> str:
    """The notes' table of activation properties, for the chosen functions, as Markdown."""
    head = [message("activations_prop_" + k, lang) for k in ("name", "formula", "slope", "range", "monotonic",
                                                      "zero_centred", "smooth", "vanishes", "max_slope")]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        p = fn.PROPERTIES[name]
        cells = [message("activations_act_" + name, lang), f"`{p['formula']}`", f"`{p['slope']}`", p["range"],
                 message("activations_mono_" + p["monotonic"], lang), _yes(p["zero_centred"], lang), _yes(p["smooth"], lang),
                 message("activations_vanish_" + p["vanishes"], lang), f"{p['max_slope']:g}"]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")  # a bare | ends the cell
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_activations(names, alpha, request: gr.Request = None):
    """The chosen activation functions and their derivatives, and their properties."""
    lang = language_of(request)
    names = [n for n in (names or []) if n]
    if not names:
        raise PlaygroundError("activations_no_activation")
    curves = fn.curves(names, alpha=read_number(alpha, "activations_alpha", lang))
    labels = {**_labels(lang, "function", "derivative", "input"),
              **{n: message("activations_act_" + n, lang) for n in fn.ACTIVATIONS}}
    return plot_activations(curves, labels), properties_table(names, lang)


@user_errors
def on_stacking(depth, request: gr.Request = None):
    """A 1-D input through `depth` random layers, without a nonlinearity and with a few."""
    lang = language_of(request)
    depth = read_number(depth, "activations_depth", lang, whole_number=True)
    results = {k: fn.stack_layers(depth, None if k == "none" else k) for k in STACKS}
    labels = {**_labels(lang, "input", "output", "none"), **{n: message("activations_act_" + n, lang) for n in STACKS[1:]}}
    return plot_stacking(results, labels)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The activations sub-tab, drawn when the Concepts tab opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_activations"), id=ctx.tab_id):
        with gr.Row():
            act_boxes = gr.CheckboxGroup([(I18N("activations_act_" + n), n) for n in fn.ACTIVATIONS],
                                         value=["sigmoid", "tanh", "relu"], label=I18N("activations_activations"),
                                         elem_id="cpt_act_names")
            alpha_slider = gr.Slider(0, 0.5, value=0.1, step=0.01, label=I18N("activations_alpha"),
                                     info=I18N("activations_alpha_info"), elem_id="cpt_alpha")
        ctx.status_area()
        act_plot = gr.Plot(label=I18N("activations_act_plot"), elem_id="cpt_act_plot")
        act_table = gr.Markdown(elem_id="cpt_act_table")
        ctx.notes_differ("activations_differs_relu")
        gr.Markdown(I18N("activations_stack_intro"), elem_classes="pg-intro")
        depth_slider = gr.Slider(1, fn.MAX_DEPTH, value=4, step=1, label=I18N("activations_depth"), elem_id="cpt_depth")
        stack_plot = gr.Plot(label=I18N("activations_stack_plot"), elem_id="cpt_stack_plot")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    act_in, act_out = [act_boxes, alpha_slider], [act_plot, act_table]
    gr.on([act_boxes.input, alpha_slider.release], on_activations, act_in, act_out, api_name="activations", **light)
    depth_slider.release(on_stacking, depth_slider, stack_plot, api_name="stacking", **light)
    # Drawn when the Concepts tab opens, not at page load, so the first tab is not kept waiting.
    ctx.group_tab.select(on_activations, act_in, act_out, api_name="load_activations", **hidden
                         ).then(on_stacking, depth_slider, stack_plot, api_name="load_stacking", **hidden)
    steps = [(on_activations, act_in, act_out), (on_stacking, [depth_slider], [stack_plot])]

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_activations", concurrency_id="concepts",
                     concurrency_limit=4, **hidden)

    controls = {"activations": act_boxes, "alpha": alpha_slider, "depth": depth_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
