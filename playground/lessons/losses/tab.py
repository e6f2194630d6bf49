"""The Concepts tab's losses part: MSE, MAE, cross-entropy and BCE for one target, and softmax of typed logits at
a temperature. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained

from . import compute as fn
from .figures import plot_losses, plot_softmax


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("losses_fig_" + k, lang) for k in keys}


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_losses(target, request: gr.Request = None):
    """MSE and MAE over a prediction, cross-entropy and BCE over a probability, for one target."""
    lang = language_of(request)
    labels = {**_labels(lang, "regression", "classification", "prediction", "probability", "loss", "target"),
              **{n: message("losses_loss_" + n, lang) for n in fn.LOSSES}}
    target = read_number(target, "losses_target", lang)
    return plot_losses(fn.loss_curves(target), target, labels)


@user_errors
def on_softmax(logits, temperature, request: gr.Request = None):
    """softmax(z / T) of the typed logits."""
    lang = language_of(request)
    z = fn.parse_logits(logits)
    temperature = read_number(temperature, "losses_temperature", lang)
    probs = fn.softmax(z, temperature)
    text = message("losses_softmax_text", lang, t=f"{temperature:g}", probs=", ".join(f"{100 * p:.1f}%" for p in probs))
    return plot_softmax(probs, z, temperature, _labels(lang, "class", "logit", "probability", "temperature")), text


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The losses sub-tab, drawn when the Concepts tab opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_losses"), id=ctx.tab_id):
        target_slider = gr.Slider(0, 1, value=0.8, step=0.05, label=I18N("losses_target"),
                                  info=I18N("losses_target_info"), elem_id="cpt_target")
        ctx.status_area()
        loss_plot = gr.Plot(label=I18N("losses_loss_plot"), elem_id="cpt_loss_plot")
        ctx.notes_differ("losses_differs_mse")
        gr.Markdown(I18N("losses_softmax_intro"), elem_classes="pg-intro")
        with gr.Row():
            logits_box = gr.Textbox("3, 1, -1", label=I18N("losses_logits"), info=I18N("losses_logits_info"),
                                    elem_id="cpt_logits")
            temperature_slider = gr.Slider(0.05, 10, value=1, step=0.05, label=I18N("losses_temperature"),
                                           info=I18N("losses_temperature_info"), elem_id="cpt_temperature")
        softmax_text = gr.Markdown(elem_id="cpt_softmax_text")
        softmax_plot = gr.Plot(label=I18N("losses_softmax_plot"), elem_id="cpt_softmax_plot")
        ctx.notes_differ("losses_differs_cross_entropy")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    softmax_in, softmax_out = [logits_box, temperature_slider], [softmax_plot, softmax_text]
    target_slider.release(on_losses, target_slider, loss_plot, api_name="losses", **light)
    gr.on([logits_box.submit, temperature_slider.release], on_softmax, softmax_in, softmax_out, api_name="softmax",
          **light)
    # Drawn when the Concepts tab opens, beside the activations sub-tab.
    ctx.group_tab.select(on_losses, target_slider, loss_plot, api_name="load_losses", **hidden
                         ).then(on_softmax, softmax_in, softmax_out, api_name="load_softmax", **hidden)
    steps = [(on_losses, [target_slider], [loss_plot]), (on_softmax, softmax_in, softmax_out)]

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_losses", concurrency_id="concepts", concurrency_limit=4,
                     **hidden)

    controls = {"target": target_slider, "logits": logits_box, "temperature": temperature_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
