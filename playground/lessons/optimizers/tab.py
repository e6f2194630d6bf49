"""The Concepts tab's optimizer race: torch.optim's own optimizers from one start on a 2-D surface, their paths on
the contour and their losses over the steps, replayable step by step. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from . import compute as race
from .figures import plot_losses, plot_race

STEPS = 200  # the race's length at first


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("optimizers_fig_" + k, lang) for k in keys}


def race_text(surface: str, paths: dict, lang: str) -> str:
    """The surface's formula, then where each optimizer diverged or ended, as a Markdown list."""
    lines = [message("optimizers_race_formula", lang, formula=race.SURFACES[surface].formula)]
    lines += [message("optimizers_race_diverged", lang, name=message("optimizer_" + n, lang), step=t.diverged_at)
              for n, t in paths.items() if t.diverged_at is not None]
    lines += [message("optimizers_race_end", lang, name=message("optimizer_" + n, lang), loss=f"{t.loss[-1]:.3g}",
                      x=f"{t.xy[-1, 0]:.3f}", y=f"{t.xy[-1, 1]:.3f}")
              for n, t in paths.items() if t.diverged_at is None]
    return "\n".join(f"- {line}" for line in lines)


def read_settings(lr, momentum, beta1, beta2, weight_decay, lang: str) -> list[float]:
    """lr, momentum, β₁, β₂ and weight decay as numbers, or the message naming the one that is not."""
    return [read_number(v, name, lang) for v, name in ((lr, "concepts_lr"), (momentum, "optimizers_momentum"), (beta1, "β₁"),
                                                       (beta2, "optimizers_beta2"), (weight_decay, "optimizers_weight_decay"))]


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_race(surface, optimizers, steps, lr, momentum, beta1, beta2, weight_decay, upto, alpha=0.99,
            request: gr.Request = None):
    """torch.optim's optimizers from one start on a 2-D surface: paths on the contour and losses over steps;
    alpha is RMSprop's own moving-average coefficient."""
    lang = language_of(request)
    chosen = [o for o in (optimizers or []) if o]
    if not chosen:
        raise PlaygroundError("optimizers_no_optimizer")
    if not isinstance(surface, str) or surface not in race.SURFACES:  # a list, from an API call
        raise PlaygroundError("optimizers_bad_surface", name=surface)
    steps = read_number(steps, "optimizers_steps", lang, whole_number=True)
    alpha = read_number(alpha, "optimizers_alpha", lang, default=0.99)
    paths = race.cached_race(surface, tuple(chosen), steps, *read_settings(lr, momentum, beta1, beta2,
                                                                          weight_decay, lang), alpha)
    labels = {**_labels(lang, "diverged", "step", "loss", "start", "minimum"),
              **{o: message("optimizer_" + o, lang) for o in race.OPTIMIZERS}}
    upto = read_number(upto, "optimizers_upto", lang, whole_number=True, default=steps)
    shown = None if upto >= steps else max(0, upto)
    return (plot_race(race.surface_grid(surface), paths, labels, upto=shown, minima=race.SURFACES[surface].minima),
            plot_losses(paths, labels, upto=shown), race_text(surface, paths, lang))


def link_steps(values: dict) -> int:
    """The Steps a link sets when they fit the slider, else the default."""
    n = whole(values.get("steps"))
    return n if n is not None and 10 <= n <= race.MAX_STEPS else STEPS


# Linked numbers whose range the controls do not hold: the rate's (above 0), and a replay no longer than the race.
LINK_RANGES = {"lr": lambda x, values: 0 < x <= race.MAX_LR, "upto": lambda x, values: 1 <= x <= link_steps(values)}


def on_steps(steps, request: gr.Request = None):
    """"Show up to step" follows Steps: its maximum is the race's length, and a new length is shown whole."""
    n = whole(steps)
    return gr.skip() if n is None or not 1 <= n <= race.MAX_STEPS else gr.update(maximum=n, value=n)


def on_surface(surface):
    """A surface's own learning rate: Rosenbrock wants 0.002 where the bowl takes 0.02."""
    spec = race.SURFACES.get(surface) if isinstance(surface, str) else None
    return gr.skip() if spec is None else spec.lr


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def place_rules(ctx: TabContext) -> None:
    """Each optimizer's update rule as the notes write it and as torch.optim computes it, with the notes'
    differences called out beside it."""
    with gr.Accordion(I18N("optimizers_rules_title"), open=True, elem_id="cpt_rules"):
        gr.Markdown(I18N("optimizers_rules"), elem_id="cpt_rules_text")
        ctx.notes_differ("optimizers_differs_momentum")
        ctx.notes_differ("optimizers_differs_adagrad")
        ctx.notes_differ("optimizers_differs_adamw")


def build(ctx: TabContext) -> TabView:
    """The optimizer race sub-tab, drawn when it opens; returns its link controls, its refresher and a resolver
    that gives a linked surface its own learning rate."""
    with gr.Tab(I18N("tab_optimizers"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("optimizers_race_intro"), elem_classes="pg-intro")
        with gr.Row():
            surface_dropdown = gr.Dropdown([(I18N("optimizers_surface_" + k), k) for k in race.SURFACES], value="bowl",
                                           label=I18N("optimizers_surface"), elem_id="cpt_surface")
            optim_boxes = gr.CheckboxGroup([(I18N("optimizer_" + o), o) for o in race.OPTIMIZERS],
                                           value=list(race.OPTIMIZERS), label=I18N("optimizers_optimizers"),
                                           elem_id="cpt_optimizers")
        with gr.Row():
            lr_number = gr.Number(race.SURFACES["bowl"].lr, label=I18N("concepts_lr"), info=I18N("optimizers_lr_info"),
                                  elem_id="cpt_lr")
            steps_slider = gr.Slider(10, race.MAX_STEPS, value=STEPS, step=10, label=I18N("optimizers_steps"), elem_id="cpt_steps")
            momentum_slider = gr.Slider(0, 0.99, value=0.9, step=0.01, label=I18N("optimizers_momentum"))
            beta1_slider = gr.Slider(0, 0.99, value=0.9, step=0.01, label="β₁ (Adam, AdamW)")
            beta2_slider = gr.Slider(0.5, 0.999, value=0.999, step=0.001, label=I18N("optimizers_beta2"))
            alpha_slider = gr.Slider(0.5, 0.999, 0.99, step=0.001, label=I18N("optimizers_alpha"), elem_id="cpt_alpha")
            decay_slider = gr.Slider(0, 0.5, value=0.01, step=0.01, label=I18N("optimizers_weight_decay"))
        upto_slider = gr.Slider(1, STEPS, value=STEPS, step=1, label=I18N("optimizers_upto"), info=I18N("optimizers_upto_info"),
                                elem_id="cpt_upto")
        ctx.status_area()
        race_markdown = gr.Markdown(elem_id="cpt_race_text")
        with gr.Row():
            race_plot = gr.Plot(label=I18N("optimizers_race_plot"), elem_id="cpt_race_plot", scale=3)
            race_loss_plot = gr.Plot(label=I18N("optimizers_race_loss_plot"), elem_id="cpt_race_loss", scale=2)
        place_rules(ctx)

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    race_in = [surface_dropdown, optim_boxes, steps_slider, lr_number, momentum_slider, beta1_slider, beta2_slider,
               decay_slider, upto_slider, alpha_slider]
    race_out = [race_plot, race_loss_plot, race_markdown]
    gr.on([optim_boxes.input, *committed(lr_number), momentum_slider.release, beta1_slider.release,
           beta2_slider.release, decay_slider.release, upto_slider.release, alpha_slider.release], on_race,
          race_in, race_out, api_name="optimizer_race", show_progress_on=race_markdown, **light)
    steps_slider.release(*chained([(on_steps, [steps_slider], [upto_slider]), (on_race, race_in, race_out)]),
                         api_name="race_steps", show_progress_on=race_markdown, **hidden, **light)
    surface_dropdown.input(on_surface, surface_dropdown, lr_number, api_name="surface_lr", **hidden
                           ).then(on_race, race_in, race_out, api_name="race_new_surface",
                                  show_progress_on=race_markdown, **hidden)
    tab.select(on_race, race_in, race_out, api_name="load_race", **hidden)

    def refresh(button: gr.Button):
        button.click(*chained([(on_race, race_in, race_out)]), api_name="refresh_race", concurrency_id="concepts",
                     concurrency_limit=4, **hidden)

    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        """A surface chosen by a link brings its own learning rate, unless the link sets one; "Show up to step"
        ends at the link's Steps."""
        out = {upto_slider: gr.update(maximum=link_steps(values), value=link_steps(values))}
        if values.get("surface") in race.SURFACES and "lr" not in values:
            out[lr_number] = gr.update(value=race.SURFACES[values["surface"]].lr)
        return out

    controls = {"surface": surface_dropdown, "optimizers": optim_boxes, "lr": lr_number, "steps": steps_slider,
                "momentum": momentum_slider, "beta1": beta1_slider, "beta2": beta2_slider,
                "weight_decay": decay_slider, "upto": upto_slider, "rmsprop_alpha": alpha_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh}, resolve_view, ranges=LINK_RANGES)
