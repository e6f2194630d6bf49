"""The Concepts tab's back-propagation part: one example through a 2-2-1 sigmoid network, every value forward and
every gradient backward, by hand and by autograd, and the loss after one step. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from . import compute as bp
from .figures import plot_backprop

FIG_KEYS = ("input", "hidden", "output", "loss", "forward", "backward", "step", "autograd")


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("backprop_fig_" + k, lang) for k in keys}


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_backprop(x1, x2, y, lr, seed, request: gr.Request = None):
    """One example through a 2-2-1 sigmoid network: every value forward, every gradient backward, by hand and by
    autograd, and the loss after one step."""
    lang = language_of(request)
    x1, x2, y, lr = (read_number(v, name, lang) for v, name in ((x1, "x₁"), (x2, "x₂"), (y, "backprop_y"),
                                                                (lr, "concepts_lr")))
    result = bp.backprop([x1, x2], y, seed=read_number(seed, "backprop_seed", lang, whole_number=True), lr=lr)
    text = message("backprop_backprop_text", lang, loss=f"{result['loss']:.6f}", after=f"{result['after']:.6f}",
                   diff=f"{result['max_difference']:.1e}", lr=f"{lr:g}")
    return plot_backprop(result, _labels(lang, *FIG_KEYS)), text


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The back-propagation sub-tab, drawn when it opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_backprop"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("backprop_backprop_intro"), elem_classes="pg-intro")
        with gr.Row():
            x1_number = gr.Number(0.5, label="x₁", elem_id="cpt_x1")
            x2_number = gr.Number(-1.0, label="x₂", elem_id="cpt_x2")
            y_number = gr.Number(1.0, label=I18N("backprop_y"), elem_id="cpt_y")
            bp_lr_number = gr.Number(0.5, label=I18N("concepts_lr"), elem_id="cpt_bp_lr")
            seed_number = gr.Number(0, label=I18N("backprop_seed"), precision=0, elem_id="cpt_seed")
        ctx.status_area()
        backprop_markdown = gr.Markdown(elem_id="cpt_backprop_text")
        backprop_plot = gr.Plot(label=I18N("backprop_backprop_plot"), elem_id="cpt_backprop_plot")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    bp_in = [x1_number, x2_number, y_number, bp_lr_number, seed_number]
    bp_out = [backprop_plot, backprop_markdown]
    gr.on(committed(x1_number, x2_number, y_number, bp_lr_number, seed_number),
          on_backprop, bp_in, bp_out, api_name="backprop", **light)
    tab.select(on_backprop, bp_in, bp_out, api_name="load_backprop", **hidden)

    def refresh(button: gr.Button):
        button.click(*chained([(on_backprop, bp_in, bp_out)]), api_name="refresh_backprop",
                     concurrency_id="concepts", concurrency_limit=4, **hidden)

    controls = {"x1": x1_number, "x2": x2_number, "y": y_number, "bp_lr": bp_lr_number, "seed": seed_number}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
