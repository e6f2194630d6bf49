"""The Concepts tab's learning-rate schedules: the trainer's warm-up and decay (core's lr_factor) and the
Transformer's schedule, drawn step by step and returned as numbers. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.core.validate import whole
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from . import compute as sched
from .figures import plot_lr_schedule


def _labels(lang: str) -> dict[str, str]:
    return {k: message("schedules_fig_" + k, lang) for k in ("step", "lr", "warmup", "peak")}


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_lr_schedule(kind, peak_lr, warmup_steps, total_steps, d_model, request: gr.Request = None):
    """The learning rate of steps 1..total_steps under one schedule: its figure, and a JSON object whose `lr`
    lists the rates."""
    lang = language_of(request)
    peak = read_number(peak_lr, "schedules_peak_lr", lang)
    warmup, total, d = (read_number(v, name, lang, whole_number=True) for v, name in (
        (warmup_steps, "schedules_warmup_steps"), (total_steps, "schedules_total_steps"),
        (d_model, "schedules_d_model")))
    rates = sched.schedule_rates(kind if isinstance(kind, str) else repr(kind), peak, warmup, total, d)
    summary = sched.schedule_summary(kind, rates)
    text = message("schedules_summary", lang, peak=f"{summary['peak_lr']:.3g}", step=summary["peak_step"],
                   last=summary["steps"], final=f"{summary['final_lr']:.3g}")
    return plot_lr_schedule(rates, warmup, _labels(lang)), {"kind": kind, "summary": text, **summary}


def _whole_in(low: int, high: int):
    return lambda x, values: whole(x) is not None and low <= x <= high


# Linked numbers must fit what the schedule accepts (the boxes themselves hold any number).
LINK_RANGES = {"peak_lr": lambda x, values: 0 < x <= sched.MAX_LR, "warmup_steps": _whole_in(0, sched.MAX_TOTAL),
               "total_steps": _whole_in(1, sched.MAX_TOTAL), "d_model": _whole_in(1, sched.MAX_D_MODEL)}


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The schedules sub-tab, drawn when it opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_schedules"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("schedules_intro"), elem_classes="pg-intro")
        kind_radio = gr.Radio([(I18N("schedules_kind_" + k), k) for k in sched.KINDS], value="cosine",
                              label=I18N("schedules_kind"), elem_id="cpt_lr_kind")
        with gr.Row():
            peak_number = gr.Number(1e-3, label=I18N("schedules_peak_lr"), info=I18N("schedules_peak_lr_info"),
                                    elem_id="cpt_lr_peak")
            warmup_number = gr.Number(100, label=I18N("schedules_warmup_steps"), precision=0,
                                      elem_id="cpt_lr_warmup")
            total_number = gr.Number(1000, label=I18N("schedules_total_steps"), precision=0, elem_id="cpt_lr_total")
            d_model_number = gr.Number(512, label=I18N("schedules_d_model"), info=I18N("schedules_d_model_info"),
                                       precision=0, elem_id="cpt_lr_d_model")
        ctx.status_area()
        schedule_plot = gr.Plot(label=I18N("schedules_plot"), elem_id="cpt_lr_plot")
        ctx.notes_differ("schedules_differs_weight_decay")
        # every rate, for API callers; drawn as a JSON tree its thousands of numbers (a DOM node each) froze the page
        schedule_json = gr.JSON(label=I18N("schedules_json"), visible=False, elem_id="cpt_lr_json")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    lr_in = [kind_radio, peak_number, warmup_number, total_number, d_model_number]
    lr_out = [schedule_plot, schedule_json]
    gr.on([kind_radio.input, *committed(peak_number, warmup_number, total_number, d_model_number)],
          on_lr_schedule, lr_in, lr_out, api_name="lr_schedule", **light)
    tab.select(on_lr_schedule, lr_in, lr_out, api_name="load_lr_schedule", **hidden)

    def refresh(button: gr.Button):
        button.click(*chained([(on_lr_schedule, lr_in, lr_out)]), api_name="refresh_lr_schedule",
                     concurrency_id="concepts", concurrency_limit=4, **hidden)

    controls = {"schedule": kind_radio, "peak_lr": peak_number, "warmup_steps": warmup_number,
                "total_steps": total_number, "d_model": d_model_number}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh}, ranges=LINK_RANGES)
