"""The Concepts tab: what sits between the architectures. Activation functions and their slopes, losses and
softmax, an optimizer race with torch.optim's own optimizers on 2-D surfaces, BatchNorm against LayerNorm on one
tensor, and back-propagation through a tiny network with every number. The work happens in playground.functions,
playground.optim_race, playground.normalisation and playground.backprop."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.i18n import message
from playground.lessons.activations.figures import plot_activations, plot_losses, plot_softmax, plot_stacking
from playground.lessons.backprop.figures import plot_backprop
from playground.lessons.normalisation.figures import plot_norm_axes, plot_norm_histograms
from playground.lessons.optimizers.figures import plot_losses as plot_race_losses
from playground.lessons.optimizers.figures import plot_race
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained

from playground.lessons.activations import compute as fn
from playground.lessons.backprop import compute as bp
from playground.lessons.normalisation import compute as nm
from playground.lessons.optimizers import compute as race

STACKS = ("none", "relu", "tanh", "sigmoid")  # what the stacking view compares
PER_GROUP = {("image", "batch"): "channel", ("image", "layer"): "sample", ("sequence", "batch"): "feature",
             ("sequence", "layer"): "token"}


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("cpt_fig_" + k, lang) for k in keys}


def _yes(value: bool, lang: str) -> str:
    return message("cpt_yes" if value else "cpt_no", lang)


def properties_table(names, lang: str) -> str:
    """The notes' table of activation properties, for the chosen functions, as Markdown."""
    head = [message("cpt_prop_" + k, lang) for k in ("name", "formula", "slope", "range", "monotonic",
                                                      "zero_centred", "smooth", "vanishes", "max_slope")]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        p = fn.PROPERTIES[name]
        cells = [message("cpt_act_" + name, lang), f"`{p['formula']}`", f"`{p['slope']}`", p["range"],
                 message("cpt_mono_" + p["monotonic"], lang), _yes(p["zero_centred"], lang), _yes(p["smooth"], lang),
                 message("cpt_vanish_" + p["vanishes"], lang), f"{p['max_slope']:g}"]
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
        raise PlaygroundError("concept_no_activation")
    curves = fn.curves(names, alpha=read_number(alpha, "cpt_alpha", lang))
    labels = {**_labels(lang, "function", "derivative", "input"),
              **{n: message("cpt_act_" + n, lang) for n in fn.ACTIVATIONS}}
    return plot_activations(curves, labels), properties_table(names, lang)


@user_errors
def on_stacking(depth, request: gr.Request = None):
    """A 1-D input through `depth` random layers, without a nonlinearity and with a few."""
    lang = language_of(request)
    depth = read_number(depth, "cpt_depth", lang, whole_number=True)
    results = {k: fn.stack_layers(depth, None if k == "none" else k) for k in STACKS}
    labels = {**_labels(lang, "input", "output", "none"), **{n: message("cpt_act_" + n, lang) for n in STACKS[1:]}}
    return plot_stacking(results, labels)


@user_errors
def on_losses(target, request: gr.Request = None):
    """MSE and MAE over a prediction, cross-entropy and BCE over a probability, for one target."""
    lang = language_of(request)
    labels = {**_labels(lang, "regression", "classification", "prediction", "probability", "loss", "target"),
              **{n: message("cpt_loss_" + n, lang) for n in fn.LOSSES}}
    target = read_number(target, "cpt_target", lang)
    return plot_losses(fn.loss_curves(target), target, labels)


@user_errors
def on_softmax(logits, temperature, request: gr.Request = None):
    """softmax(z / T) of the typed logits."""
    lang = language_of(request)
    z = fn.parse_logits(logits)
    temperature = read_number(temperature, "cpt_temperature", lang)
    probs = fn.softmax(z, temperature)
    text = message("cpt_softmax_text", lang, t=f"{temperature:g}", probs=", ".join(f"{100 * p:.1f}%" for p in probs))
    return plot_softmax(probs, z, temperature, _labels(lang, "class", "logit", "probability",
                                                               "temperature")), text


@user_errors
def on_race(surface, optimizers, steps, lr, momentum, beta1, beta2, weight_decay, upto, request: gr.Request = None):
    """torch.optim's optimizers from one start on a 2-D surface: paths on the contour and losses over steps."""
    lang = language_of(request)
    chosen = [o for o in (optimizers or []) if o]
    if not chosen:
        raise PlaygroundError("concept_no_optimizer")
    if not isinstance(surface, str) or surface not in race.SURFACES:  # a list, from an API call
        raise PlaygroundError("concept_bad_surface", name=surface)
    steps = read_number(steps, "cpt_steps", lang, whole_number=True)
    settings = [read_number(v, name, lang) for v, name in ((lr, "cpt_lr"), (momentum, "cpt_momentum"),
                                                           (beta1, "β₁"), (beta2, "cpt_beta2"),
                                                           (weight_decay, "cpt_weight_decay"))]
    paths = race.cached_race(surface, tuple(chosen), steps, *settings)
    labels = {**_labels(lang, "diverged", "step", "loss", "start", "minimum"),
              **{o: message("opt_" + o, lang) for o in race.OPTIMIZERS}}
    upto = read_number(upto, "cpt_upto", lang, whole_number=True, default=steps)
    shown = None if upto >= steps else max(0, upto)
    lines = [message("cpt_race_formula", lang, formula=race.SURFACES[surface].formula)]
    lines += [message("cpt_race_diverged", lang, name=message("opt_" + n, lang), step=t.diverged_at)
              for n, t in paths.items() if t.diverged_at is not None]
    lines += [message("cpt_race_end", lang, name=message("opt_" + n, lang), loss=f"{t.loss[-1]:.3g}",
                      x=f"{t.xy[-1, 0]:.3f}", y=f"{t.xy[-1, 1]:.3f}")
              for n, t in paths.items() if t.diverged_at is None]
    return (plot_race(race.surface_grid(surface), paths, labels, upto=shown, minima=race.SURFACES[surface].minima),
            plot_race_losses(paths, labels, upto=shown), "\n".join(f"- {line}" for line in lines))


def on_surface(surface):
    """A surface's own learning rate: Rosenbrock wants 0.002 where the bowl takes 0.02."""
    spec = race.SURFACES.get(surface) if isinstance(surface, str) else None
    return gr.skip() if spec is None else spec.lr


@user_errors
def on_normalisation(layout, kind, shape, gamma, beta, request: gr.Request = None):
    """Which axes BatchNorm and LayerNorm average over, and the values before and after, on one tensor."""
    lang = language_of(request)
    dims = _shape(shape)
    x = nm.make_tensor(layout, dims)
    out = nm.normalise(x, kind, layout, gamma=read_number(gamma, "γ", lang), beta=read_number(beta, "β", lang))
    labels = _labels(lang, "batch", "layer", "sample", "channel", "token", "feature", "shared", "other",
                     "per_statistic", "before", "after", "value", "count", "mean", "std")
    axes = " × ".join(message(f"cpt_axis_{layout}_{a}", lang) for a in out["axes"])
    text = message("cpt_norm_text", lang, kind=message("cpt_norm_" + kind, lang), axes=axes,
                   n=int(nm.axes_mask(layout, kind, tuple(x.shape)).sum()), stats=int(out["mean"].numel()),
                   mean=f"{float(out['y'].mean()):.3f}", std=f"{float(out['y'].std(unbiased=False)):.3f}")
    per = PER_GROUP[(layout, kind)]  # the groups whose means the histograms mark
    return plot_norm_axes(layout, kind, tuple(x.shape), labels), \
        plot_norm_histograms(x, out["y"], labels, per=per), text


def _shape(text) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in str(text or "").lower().replace("×", "x").split("x"))
    except ValueError:
        raise PlaygroundError("concept_bad_shape", shape=str(text), limit=nm.MAX_DIM,
                              max_elements=nm.MAX_ELEMENTS) from None


@user_errors
def on_backprop(x1, x2, y, lr, seed, request: gr.Request = None):
    """One example through a 2-2-1 sigmoid network: every value forward, every gradient backward, by hand and by
    autograd, and the loss after one step."""
    lang = language_of(request)
    x1, x2, y, lr = (read_number(v, name, lang) for v, name in ((x1, "x₁"), (x2, "x₂"), (y, "cpt_y"),
                                                                (lr, "cpt_lr")))
    result = bp.backprop([x1, x2], y, seed=read_number(seed, "cpt_seed", lang, whole_number=True), lr=lr)
    text = message("cpt_backprop_text", lang, loss=f"{result['loss']:.6f}", after=f"{result['after']:.6f}",
                   diff=f"{result['max_difference']:.1e}", lr=f"{lr:g}")
    return plot_backprop(result, _labels(lang, "input", "hidden", "output", "loss", "forward", "backward", "step",
                                         "autograd")), text


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    with gr.Tab(I18N("tab_concepts"), id="concepts") as tab:
        gr.Markdown(I18N("cpt_intro"), elem_classes="pg-intro")
        with gr.Tabs():
            with gr.Tab(I18N("cpt_sub_activations"), id="cpt_activations"):
                with gr.Row():
                    act_boxes = gr.CheckboxGroup([(I18N("cpt_act_" + n), n) for n in fn.ACTIVATIONS],
                                                 value=["sigmoid", "tanh", "relu"], label=I18N("cpt_activations"),
                                                 elem_id="cpt_act_names")
                    alpha_slider = gr.Slider(0, 0.5, value=0.1, step=0.01, label=I18N("cpt_alpha"),
                                             info=I18N("cpt_alpha_info"), elem_id="cpt_alpha")
                act_plot = gr.Plot(label=I18N("cpt_act_plot"), elem_id="cpt_act_plot")
                act_table = gr.Markdown(elem_id="cpt_act_table")
                gr.Markdown(I18N("cpt_stack_intro"), elem_classes="pg-intro")
                depth_slider = gr.Slider(1, fn.MAX_DEPTH, value=4, step=1, label=I18N("cpt_depth"),
                                         elem_id="cpt_depth")
                stack_plot = gr.Plot(label=I18N("cpt_stack_plot"), elem_id="cpt_stack_plot")
            with gr.Tab(I18N("cpt_sub_losses"), id="cpt_losses"):
                target_slider = gr.Slider(0, 1, value=0.8, step=0.05, label=I18N("cpt_target"),
                                          info=I18N("cpt_target_info"), elem_id="cpt_target")
                loss_plot = gr.Plot(label=I18N("cpt_loss_plot"), elem_id="cpt_loss_plot")
                gr.Markdown(I18N("cpt_softmax_intro"), elem_classes="pg-intro")
                with gr.Row():
                    logits_box = gr.Textbox("3, 1, -1", label=I18N("cpt_logits"), info=I18N("cpt_logits_info"),
                                            elem_id="cpt_logits")
                    temperature_slider = gr.Slider(0.05, 10, value=1, step=0.05, label=I18N("cpt_temperature"),
                                                   info=I18N("cpt_temperature_info"), elem_id="cpt_temperature")
                softmax_text = gr.Markdown(elem_id="cpt_softmax_text")
                softmax_plot = gr.Plot(label=I18N("cpt_softmax_plot"), elem_id="cpt_softmax_plot")
            with gr.Tab(I18N("cpt_sub_race"), id="cpt_race") as race_tab:
                gr.Markdown(I18N("cpt_race_intro"), elem_classes="pg-intro")
                with gr.Row():
                    surface_dropdown = gr.Dropdown([(I18N("cpt_surface_" + k), k) for k in race.SURFACES],
                                                   value="bowl", label=I18N("cpt_surface"),
                                                   elem_id="cpt_surface")
                    optim_boxes = gr.CheckboxGroup([(I18N("opt_" + o), o) for o in race.OPTIMIZERS],
                                                   value=list(race.OPTIMIZERS), label=I18N("cpt_optimizers"),
                                                   elem_id="cpt_optimizers")
                with gr.Row():
                    lr_number = gr.Number(race.SURFACES["bowl"].lr, label=I18N("cpt_lr"), info=I18N("cpt_lr_info"),
                                          elem_id="cpt_lr")
                    steps_slider = gr.Slider(10, 1000, value=200, step=10, label=I18N("cpt_steps"),
                                             elem_id="cpt_steps")
                    momentum_slider = gr.Slider(0, 0.99, value=0.9, step=0.01, label=I18N("cpt_momentum"))
                    beta1_slider = gr.Slider(0, 0.99, value=0.9, step=0.01, label="β₁ (Adam, AdamW)")
                    beta2_slider = gr.Slider(0.5, 0.999, value=0.999, step=0.001,
                                             label=I18N("cpt_beta2"))
                    decay_slider = gr.Slider(0, 0.5, value=0.01, step=0.01, label=I18N("cpt_weight_decay"))
                upto_slider = gr.Slider(1, 1000, value=1000, step=1, label=I18N("cpt_upto"),
                                        info=I18N("cpt_upto_info"), elem_id="cpt_upto")
                race_text = gr.Markdown(elem_id="cpt_race_text")
                with gr.Row():
                    race_plot = gr.Plot(label=I18N("cpt_race_plot"), elem_id="cpt_race_plot", scale=3)
                    race_loss_plot = gr.Plot(label=I18N("cpt_race_loss_plot"), elem_id="cpt_race_loss", scale=2)
            with gr.Tab(I18N("cpt_sub_norm"), id="cpt_norm") as norm_tab:
                gr.Markdown(I18N("cpt_norm_intro"), elem_classes="pg-intro")
                with gr.Row():
                    layout_radio = gr.Radio([(I18N("cpt_layout_" + k), k) for k in nm.LAYOUTS], value="image",
                                            label=I18N("cpt_layout"), elem_id="cpt_layout")
                    kind_radio = gr.Radio([(I18N("cpt_norm_" + k), k) for k in nm.KINDS], value="batch",
                                          label=I18N("cpt_norm_kind"), elem_id="cpt_norm_kind")
                    shape_box = gr.Textbox("8x4x8x8", label=I18N("cpt_shape"), info=I18N("cpt_shape_info"),
                                           elem_id="cpt_shape")
                    gamma_slider = gr.Slider(0.1, 3, value=1, step=0.1, label="γ")
                    beta_slider = gr.Slider(-2, 2, value=0, step=0.1, label="β")
                norm_text = gr.Markdown(elem_id="cpt_norm_text")
                with gr.Row():
                    norm_axes_plot = gr.Plot(label=I18N("cpt_norm_axes"), elem_id="cpt_norm_axes")
                    norm_hist_plot = gr.Plot(label=I18N("cpt_norm_hist"), elem_id="cpt_norm_hist")
            with gr.Tab(I18N("cpt_sub_backprop"), id="cpt_backprop") as backprop_tab:
                gr.Markdown(I18N("cpt_backprop_intro"), elem_classes="pg-intro")
                with gr.Row():
                    x1_number = gr.Number(0.5, label="x₁", elem_id="cpt_x1")
                    x2_number = gr.Number(-1.0, label="x₂", elem_id="cpt_x2")
                    y_number = gr.Number(1.0, label=I18N("cpt_y"), elem_id="cpt_y")
                    bp_lr_number = gr.Number(0.5, label=I18N("cpt_lr"), elem_id="cpt_bp_lr")
                    seed_number = gr.Number(0, label=I18N("cpt_seed"), precision=0, elem_id="cpt_seed")
                backprop_text = gr.Markdown(elem_id="cpt_backprop_text")
                backprop_plot = gr.Plot(label=I18N("cpt_backprop_plot"), elem_id="cpt_backprop_plot")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    act_in, act_out = [act_boxes, alpha_slider], [act_plot, act_table]
    race_in = [surface_dropdown, optim_boxes, steps_slider, lr_number, momentum_slider, beta1_slider, beta2_slider,
               decay_slider, upto_slider]
    race_out = [race_plot, race_loss_plot, race_text]
    norm_in = [layout_radio, kind_radio, shape_box, gamma_slider, beta_slider]
    norm_out = [norm_axes_plot, norm_hist_plot, norm_text]
    bp_in = [x1_number, x2_number, y_number, bp_lr_number, seed_number]
    bp_out = [backprop_plot, backprop_text]
    gr.on([act_boxes.input, alpha_slider.release], on_activations, act_in, act_out, api_name="activations", **light)
    depth_slider.release(on_stacking, depth_slider, stack_plot, api_name="stacking", **light)
    target_slider.release(on_losses, target_slider, loss_plot, api_name="losses", **light)
    gr.on([logits_box.submit, temperature_slider.release], on_softmax, [logits_box, temperature_slider],
          [softmax_plot, softmax_text], api_name="softmax", **light)
    gr.on([optim_boxes.input, lr_number.submit, steps_slider.release, momentum_slider.release,
           beta1_slider.release, beta2_slider.release, decay_slider.release, upto_slider.release], on_race,
          race_in, race_out, api_name="optimizer_race", show_progress_on=race_text, **light)
    surface_dropdown.input(on_surface, surface_dropdown, lr_number, api_name="surface_lr",
                           api_visibility="private").then(on_race, race_in, race_out, api_name="race_new_surface",
                                                          api_visibility="private", show_progress_on=race_text)
    gr.on([layout_radio.input, kind_radio.input, shape_box.submit, gamma_slider.release, beta_slider.release],
          on_normalisation, norm_in, norm_out, api_name="normalisation", **light)
    gr.on([x1_number.submit, x2_number.submit, y_number.submit, bp_lr_number.submit, seed_number.submit],
          on_backprop, bp_in, bp_out, api_name="backprop", **light)
    hidden = dict(api_visibility="private")
    # Each view is drawn when its tab opens, not at page load, so the first tab is not kept waiting.
    tab.select(on_activations, act_in, act_out, api_name="load_activations", **hidden
              ).then(on_stacking, depth_slider, stack_plot, api_name="load_stacking", **hidden
                     ).then(on_losses, target_slider, loss_plot, api_name="load_losses", **hidden
                            ).then(on_softmax, [logits_box, temperature_slider], [softmax_plot, softmax_text],
                                   api_name="load_softmax", **hidden)
    race_tab.select(on_race, race_in, race_out, api_name="load_race", **hidden)
    norm_tab.select(on_normalisation, norm_in, norm_out, api_name="load_normalisation", **hidden)
    backprop_tab.select(on_backprop, bp_in, bp_out, api_name="load_backprop", **hidden)

    def refresher(*draws):
        def refresh(button: gr.Button):
            steps = [(fn_, inputs if isinstance(inputs, list) else [inputs], outputs if isinstance(outputs, list)
                      else [outputs]) for fn_, inputs, outputs in draws]
            button.click(*chained(steps), api_name="refresh_" + draws[0][0].__name__.removeprefix("on_"),
                         concurrency_id="concepts", concurrency_limit=4, **hidden)
        return refresh

    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        """A surface chosen by a link brings its own learning rate, unless the link sets one."""
        if values.get("surface") in race.SURFACES and "lr" not in values:
            return {lr_number: gr.update(value=race.SURFACES[values["surface"]].lr)}
        return {}

    return TabView("concepts", {
        "activations": act_boxes, "alpha": alpha_slider, "depth": depth_slider, "target": target_slider,
        "logits": logits_box, "temperature": temperature_slider, "surface": surface_dropdown,
        "optimizers": optim_boxes, "lr": lr_number, "steps": steps_slider, "momentum": momentum_slider,
        "beta1": beta1_slider, "beta2": beta2_slider, "weight_decay": decay_slider, "upto": upto_slider,
        "layout": layout_radio, "kind": kind_radio, "shape": shape_box, "gamma": gamma_slider, "beta": beta_slider,
        "x1": x1_number, "x2": x2_number, "y": y_number, "bp_lr": bp_lr_number, "seed": seed_number,
    }, {"cpt_activations": refresher((on_activations, act_in, act_out), (on_stacking, depth_slider, stack_plot)),
        "cpt_losses": refresher((on_losses, target_slider, loss_plot),
                                (on_softmax, [logits_box, temperature_slider], [softmax_plot, softmax_text])),
        "cpt_race": refresher((on_race, race_in, race_out)),
        "cpt_norm": refresher((on_normalisation, norm_in, norm_out)),
        "cpt_backprop": refresher((on_backprop, bp_in, bp_out))}, resolve_view)
