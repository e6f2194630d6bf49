"""The Labs tab's degradation part (ResNet's reason): plain and residual nets of several depths trained side by
side, their training error in two panels. Opens with the shipped run (pretrained/degradation_curves.json); Train
runs the race again live, redrawn at the pace of ui.live.Pacer, with its progress in the tab's status area."""
from __future__ import annotations

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.live import Pacer
from playground.ui.view import TabContext, TabView, chained

from .figures import KINDS, plot_degradation
from .race import MAX_STEPS, Race, RaceHistory, RaceRun, RaceSpec, degrades, final_errors, make_spec, net_key, \
    step_for
from .shipped import shipped_race

FIG_KEYS = ("plain", "residual", "step", "error", "layers")
DEFAULT = RaceSpec()


def _labels(lang: str) -> dict[str, str]:
    return {k: message("degradation_fig_" + k, lang) for k in FIG_KEYS}


def _depths_text(depths) -> str:
    return ", ".join(str(d) for d in depths)


def result_text(history: RaceHistory, depths: tuple[int, ...], lang: str) -> str:
    """The training error of every net at the last evaluation, and what the two kinds show."""
    final = final_errors(history)
    lines = [message("degradation_final", lang, step=history.steps[-1])]
    for kind in KINDS:
        cells = ", ".join(message("degradation_cell", lang, depth=d, error=f"{100 * final[net_key(kind, d)]:.1f} %")
                          for d in depths)
        lines.append(message("degradation_row", lang, kind=message("degradation_fig_" + kind, lang), errors=cells))
    if len(depths) > 1:
        plain = "degradation_plain_degrades" if degrades(history, depths, "plain") else "degradation_plain_holds"
        residual = ("degradation_residual_degrades" if degrades(history, depths, "residual")
                    else "degradation_residual_holds")
        lines += ["", message(plain, lang), message(residual, lang)]
    return "\n".join(lines)


def _draw(race: Race, lang: str, stopped: bool = False) -> tuple:
    """(status, figure, result) of a race in progress, finished or stopped."""
    spec, h = race.spec, race.history
    key = "degradation_status_done" if race.finished else ("degradation_status_stopped" if stopped
                                                             else "degradation_status")
    status = message(key, lang, step=race.done, total=spec.steps, seconds=f"{race.seconds:.1f}")
    return status, plot_degradation(h.steps, h.error, spec.depths, _labels(lang)), result_text(h, spec.depths, lang)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_shipped(request: gr.Request = None):
    """The shipped race: its curves and what they show, read from pretrained/ (no training)."""
    lang = language_of(request)
    spec, history, record = shipped_race()
    note = message("degradation_shipped_note", lang, depths=_depths_text(spec.depths), steps=spec.steps, lr=spec.lr,
                   seed=spec.seed, seconds=record.get("cpu_seconds", record.get("train_seconds", "?")),
                   threads=record.get("threads", "?"))
    return (plot_degradation(history.steps, history.error, spec.depths, _labels(lang)),
            result_text(history, spec.depths, lang) + "\n\n" + note)


@user_errors
def on_train(depths, steps, lr, seed, run: RaceRun = None, request: gr.Request = None):
    """A fresh race trained live, redrawn at the Pacer's pace; Stop (checked after every step) ends it with a last
    redraw that says where it stopped."""
    lang = language_of(request)
    race = Race(make_spec(depths, steps, lr, seed))
    run = run if isinstance(run, RaceRun) else RaceRun()
    run.stop.clear()
    pacer = Pacer()
    yield pacer.draw(_draw, race, lang)
    while not race.finished and not run.stop.is_set():
        step_for(race, run, pacer.interval)
        if not race.finished and not run.stop.is_set():
            yield pacer.draw(_draw, race, lang)
    race.evaluate()  # the last point where it stopped
    yield _draw(race, lang, stopped=not race.finished)


def on_stop(run: RaceRun):
    """Ask this visitor's race to stop after its current step."""
    if isinstance(run, RaceRun):
        run.stop.set()


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The degradation sub-tab; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_degradation"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("degradation_intro"), elem_classes="pg-intro")
        run_state = gr.State(RaceRun())  # inside the tab: a State beside the lab tabs shifts their buttons
        with gr.Row():
            depths_box = gr.Textbox(_depths_text(DEFAULT.depths), label=I18N("degradation_depths"),
                                    info=I18N("degradation_depths_info"), max_lines=1, elem_id="degradation_depths")
            steps_slider = gr.Slider(50, MAX_STEPS, value=DEFAULT.steps, step=50, label=I18N("degradation_steps"),
                                     elem_id="degradation_steps")
            lr_number = gr.Number(DEFAULT.lr, label=I18N("degradation_lr"), elem_id="degradation_lr")
            seed_number = gr.Number(DEFAULT.seed, label=I18N("degradation_seed"), precision=0,
                                    elem_id="degradation_seed")
        with gr.Row():
            train_button = gr.Button(I18N("degradation_train"), variant="primary", elem_id="degradation_train")
            stop_button = gr.Button(I18N("degradation_stop"), variant="stop", elem_id="degradation_stop")
            shipped_button = gr.Button(I18N("degradation_show_shipped"), elem_id="degradation_shipped")
        area = ctx.status_area()
        plot = gr.Plot(label=I18N("degradation_plot"), elem_id="degradation_plot")
        result_markdown = gr.Markdown(elem_id="degradation_result")
        ctx.notes_differ("degradation_differs_resnet_dropout")

    settings = [depths_box, steps_slider, lr_number, seed_number]
    train_button.click(on_train, [*settings, run_state], [area, plot, result_markdown], api_name="degradation",
                       concurrency_id="labs_train", concurrency_limit=4, show_progress="hidden")
    stop_button.click(on_stop, run_state, None, api_name="degradation_stop", api_visibility="private",
                      concurrency_limit=None, show_progress="hidden")
    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    shipped_button.click(on_shipped, None, [plot, result_markdown], api_name="degradation_shipped", **light)
    steps = [(on_shipped, [], [plot, result_markdown])]
    tab.select(*chained(steps), api_name="load_degradation", api_visibility="private", **light)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_degradation", api_visibility="private", **light)

    controls = {"degradation_depths": depths_box, "degradation_steps": steps_slider, "degradation_lr": lr_number,
                "degradation_seed": seed_number}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
