"""The Labs tab's GAN part, after GAN Lab: a generator and a discriminator trained live on 2-D points, with D's
decision surface, the way the generator loss pushes each generated point, the notes' two losses over steps, and a
worked example of those losses. The work happens in distributions, losses, spec, networks, coverage and lab."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.live import Pacer
from playground.ui.view import TabContext, TabView, chained, committed

from .distributions import DISTRIBUTIONS
from .lab import MAX_STEPS, GanLab, Snapshot
from .live import LabRun, step_for
from .losses import losses_from_scores
from .spec import G_LOSSES, MAX_D_STEPS, MAX_HIDDEN, MAX_LR, MAX_SEED, PRESET_STEPS, PRESETS, GanSpec, preset, validate
from .figures import plot_gan_field, plot_gan_losses

# A linked rate or seed outside what validate() accepts is left out of the view, with a warning naming it.
LINK_RANGES = {"gan_lr_g": lambda x, values: 0 < x <= MAX_LR, "gan_lr_d": lambda x, values: 0 < x <= MAX_LR,
               "gan_seed": lambda x, values: 0 <= x <= MAX_SEED and x == int(x)}
CHUNK = 25  # the steps slider's step (a live run redraws at its own pace: ui.live.Pacer)
# While the lab trains, a coarser field with fewer points and arrows keeps each redraw small for the browser.
LIVE_SNAPSHOT = dict(n_points=256, grid=40, n_arrows=64)
FIG_KEYS = ("step", "equilibrium", "loss", "score", "probability", "real", "fake", "gradient", "d_loss", "g_loss",
            "d_real", "d_fake")
SETTINGS = ("distribution", "g_loss", "lr_g", "lr_d", "d_steps", "hidden", "seed")


def _labels(lang: str) -> dict[str, str]:
    return {k: message("gan_fig_" + k, lang) for k in FIG_KEYS}


def make_spec(distribution, g_loss, lr_g, lr_d, d_steps, hidden, seed) -> GanSpec:
    return validate(GanSpec(distribution=distribution, g_loss=g_loss, lr_g=lr_g, lr_d=lr_d, d_steps=d_steps,
                                    hidden=hidden, seed=seed))


def status_text(lab: GanLab, snap: Snapshot, total: int, lang: str, stopped: bool = False) -> str:
    h = lab.history
    text = message("gan_status_stopped" if stopped else "gan_status", lang, step=lab.steps, total=total,
                   d_loss=f"{h.d_loss[-1]:.3f}", g_loss=f"{h.g_loss[-1]:.3f}", d_real=f"{h.d_real[-1]:.2f}",
                   d_fake=f"{h.d_fake[-1]:.2f}")
    if snap.coverage is not None:
        text += " " + message("gan_coverage", lang, covered=snap.coverage, modes=snap.n_modes,
                              share=f"{snap.on_modes:.0%}")
    return text


def total_steps(steps) -> int:
    """The steps setting as a whole number of generator steps, or the lab's message."""
    total = whole(steps)
    if total is None or not 1 <= total <= MAX_STEPS:
        raise PlaygroundError("gan_bad_steps", steps=steps, limit=MAX_STEPS)
    return total


def _draw(lab: GanLab, total: int, lang: str, stopped: bool = False, live: bool = False) -> tuple:
    snap = lab.snapshot(**LIVE_SNAPSHOT) if live else lab.snapshot()
    labels = _labels(lang)
    return (status_text(lab, snap, total, lang, stopped), plot_gan_field(snap, labels),
            plot_gan_losses(lab.history, labels))


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_preview(distribution, g_loss, lr_g, lr_d, d_steps, hidden, seed, steps, request: gr.Request = None):
    """The untrained networks on the chosen distribution: where training starts."""
    lab = GanLab(make_spec(distribution, g_loss, lr_g, lr_d, d_steps, hidden, seed))
    return _draw(lab, total_steps(steps), language_of(request))


@user_errors
def on_train(distribution, g_loss, lr_g, lr_d, d_steps, hidden, seed, steps, run: LabRun = None,
             request: gr.Request = None):
    """A fresh lab trained live, redrawn at a pace set by how long a redraw takes (coarse while it trains); at the
    end or at Stop (checked every STOP_CHECK seconds) a last redraw says where it ended."""
    lang = language_of(request)
    lab = GanLab(make_spec(distribution, g_loss, lr_g, lr_d, d_steps, hidden, seed))
    total = total_steps(steps)
    run = run if isinstance(run, LabRun) else LabRun()
    run.stop.clear()
    pacer = Pacer()
    yield pacer.draw(_draw, lab, total, lang, False, True)
    while lab.steps < total and not run.stop.is_set():
        step_for(lab, run, pacer.interval, total)
        if lab.steps < total and not run.stop.is_set():
            yield pacer.draw(_draw, lab, total, lang, False, True)
    yield _draw(lab, total, lang, stopped=lab.steps < total)  # the result, in full


def on_stop(run: LabRun):
    """Ask this visitor's GAN run to stop after its current chunk of steps."""
    if isinstance(run, LabRun):
        run.stop.set()


@user_errors
def on_preset(name, request: gr.Request = None):
    """A preset's settings into the controls; an unknown name (None from an API call) is a clear message."""
    spec = preset(name)
    return (spec.distribution, spec.g_loss, spec.lr_g, spec.lr_d, spec.d_steps, spec.hidden, spec.seed,
            PRESET_STEPS[name])


@user_errors
def on_losses(d_real, d_fake, request: gr.Request = None):
    """The notes' losses for one pair of discriminator scores, every term written out."""
    lang = language_of(request)
    v = losses_from_scores(d_real, d_fake)
    return message("gan_losses_worked", lang, real=f"{float(d_real):.2f}", fake=f"{float(d_fake):.2f}",
                   d_loss=f"{v['d_loss']:.4f}", minimax=f"{v['g_loss_minimax']:.4f}",
                   non_saturating=f"{v['g_loss_non_saturating']:.4f}")


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def layout_losses() -> tuple[gr.Slider, gr.Slider, gr.Markdown]:
    """The two discriminator outputs and the losses they give."""
    gr.Markdown(I18N("gan_losses_intro"), elem_classes="pg-intro")
    with gr.Row():
        real_slider = gr.Slider(0.01, 0.99, value=0.9, step=0.01, label="D(x)", elem_id="gan_d_real")
        fake_slider = gr.Slider(0.01, 0.99, value=0.2, step=0.01, label="D(G(z))", elem_id="gan_d_fake")
    return real_slider, fake_slider, gr.Markdown(elem_id="gan_losses_text")


def _wire_run(train_button: gr.Button, stop_button: gr.Button, settings: list, outputs: list,
              run_state: gr.State) -> None:
    """Train streams the run; Stop sets the visitor's flag (in run_state), which the run checks every STOP_CHECK
    seconds."""
    train_button.click(on_train, [*settings, run_state], outputs, api_name="gan_train", concurrency_id="labs_train",
                       concurrency_limit=4, show_progress="hidden")
    stop_button.click(on_stop, run_state, None, api_name="gan_stop", api_visibility="private",
                      concurrency_limit=None, show_progress="hidden")


def build(ctx: TabContext) -> TabView:
    """The GAN sub-tab; returns its link controls and its refresher."""
    spec = PRESETS["default"]
    with gr.Tab(I18N("tab_gan"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("gan_intro"), elem_classes="pg-intro")
        run_state = gr.State(LabRun())  # inside the tab: a State beside the lab tabs shifts their buttons
        with gr.Row():
            preset_radio = gr.Radio([(I18N("gan_preset_" + p), p) for p in PRESETS], value="default",
                                    label=I18N("gan_preset"), elem_id="gan_preset")
            dist_dropdown = gr.Dropdown([(I18N("gan_dist_" + d), d) for d in DISTRIBUTIONS],
                                        value=spec.distribution, label=I18N("gan_distribution"), elem_id="gan_dist")
            loss_radio = gr.Radio([(I18N("gan_loss_" + k), k) for k in G_LOSSES], value=spec.g_loss,
                                  label=I18N("gan_g_loss"), info=I18N("gan_g_loss_info"), elem_id="gan_loss")
        with gr.Row():
            lr_g_number = gr.Number(spec.lr_g, label=I18N("gan_lr_g"), elem_id="gan_lr_g")
            lr_d_number = gr.Number(spec.lr_d, label=I18N("gan_lr_d"), elem_id="gan_lr_d")
            d_steps_slider = gr.Slider(1, MAX_D_STEPS, value=spec.d_steps, step=1, label=I18N("gan_d_steps"),
                                       elem_id="gan_d_steps")
            hidden_slider = gr.Slider(4, MAX_HIDDEN, value=spec.hidden, step=4, label=I18N("gan_hidden"),
                                      elem_id="gan_hidden")
            steps_slider = gr.Slider(CHUNK, 10_000, value=PRESET_STEPS["default"], step=CHUNK,
                                     label=I18N("gan_steps"), elem_id="gan_steps")
            seed_number = gr.Number(spec.seed, label=I18N("gan_seed"), precision=0, elem_id="gan_seed")
        with gr.Row():
            train_button = gr.Button(I18N("gan_train"), variant="primary", elem_id="gan_train")
            stop_button = gr.Button(I18N("gan_stop"), variant="stop", elem_id="gan_stop")
            ctx.status_area()
        status_markdown = gr.Markdown(elem_id="gan_status")
        with gr.Row():
            field_plot = gr.Plot(label=I18N("gan_field_plot"), elem_id="gan_field_plot", scale=3)
            loss_plot = gr.Plot(label=I18N("gan_loss_plot"), elem_id="gan_loss_plot", scale=2)
        real_slider, fake_slider, losses_markdown = layout_losses()

    settings = [dist_dropdown, loss_radio, lr_g_number, lr_d_number, d_steps_slider, hidden_slider, seed_number,
                steps_slider]
    outputs = [status_markdown, field_plot, loss_plot]
    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    preview = dict(api_visibility="private", show_progress_on=status_markdown, **light)
    _wire_run(train_button, stop_button, settings, outputs, run_state)
    preset_radio.input(on_preset, preset_radio, settings, api_name="gan_preset", api_visibility="private"
                       ).then(on_preview, settings, outputs, api_name="gan_preset_preview", **preview)
    gr.on([dist_dropdown.input, loss_radio.input, hidden_slider.release, *committed(seed_number)], on_preview, settings,
          outputs, api_name="gan_preview", show_progress_on=status_markdown, **light)
    gr.on([real_slider.release, fake_slider.release], on_losses, [real_slider, fake_slider], losses_markdown,
          api_name="gan_losses", **light)
    steps = [(on_preview, settings, outputs), (on_losses, [real_slider, fake_slider], [losses_markdown])]
    tab.select(*chained(steps), api_name="load_gan", **preview)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_gan", **preview)

    controls = {"gan_preset": preset_radio, "gan_dist": dist_dropdown, "gan_loss": loss_radio,
                "gan_lr_g": lr_g_number, "gan_lr_d": lr_d_number, "gan_d_steps": d_steps_slider,
                "gan_hidden": hidden_slider, "gan_steps": steps_slider, "gan_seed": seed_number,
                "gan_d_real": real_slider, "gan_d_fake": fake_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh}, ranges=LINK_RANGES)
