"""The Train tab: pick a model and a dataset that fits it, set hyperparameters, watch it learn live, then look
at its mistakes, save it, or load one back. The session's model lives in gr.State (a Session) and is the visitor's
alone. The layout first, then the wiring; the callbacks are in callbacks.py, the work in playground.core.train."""
from __future__ import annotations

from dataclasses import dataclass, fields

import gradio as gr

from playground.core.models import resolve
from playground.core.train.estimate import estimate
from playground.core.train.shipped import available, load_pretrained
from playground.core.train.spec import LOSSES, OPTIMIZERS, SCHEDULES, TrainSpec, in_range
from playground.core.train.tasks import datasets_for
from playground.ui.feedback import I18N
from playground.ui.view import TabContext, TabView, chained, committed

from .callbacks import (
    on_estimate,
    on_evaluate,
    on_load_checkpoint,
    on_load_device,
    on_load_pretrained,
    on_relabel,
    on_schedule,
    on_select_dataset,
    on_select_model,
    on_session_info,
    on_stop,
    on_train,
)
from .settings import ACTIVATIONS, DEFAULT_DATASET, DEFAULT_MODEL, default_spec, model_choices
from .views import dataset_card

# A linked number outside the range TrainSpec accepts is left out with a warning, like any value that does not fit.
LINK_RANGES = {key: (lambda x, values, name=name: in_range(name, x)) for key, name in (
    ("lr", "lr"), ("batch", "batch_size"), ("epochs", "epochs"), ("steps", "steps"), ("momentum", "momentum"),
    ("weight_decay", "weight_decay"), ("warmup", "warmup_steps"), ("grad_clip", "grad_clip"), ("seed", "seed"))}
ESTIMATE_EVENT = dict(concurrency_id="estimate", concurrency_limit=2)  # estimates share two places


@dataclass(frozen=True)
class Settings:
    """The 22 settings widgets in the order of make_spec's parameters; the field names are the link keys."""
    model: gr.Dropdown
    dataset: gr.Dropdown
    optimizer: gr.Dropdown
    lr: gr.Number
    batch: gr.Number
    epochs: gr.Number
    steps: gr.Number
    momentum: gr.Number
    weight_decay: gr.Number
    warmup: gr.Number
    schedule: gr.Dropdown
    loss: gr.Dropdown
    grad_clip: gr.Number
    seed: gr.Number
    amp: gr.Checkbox
    hidden: gr.Textbox
    activation: gr.Dropdown
    noise: gr.Slider
    train_ratio: gr.Slider
    samples: gr.Number
    n_train: gr.Number
    seq_len: gr.Number

    def links(self) -> dict[str, gr.components.Component]:
        """Link key -> widget, in the order of the callbacks' parameters."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def ordered(self) -> list:
        """The widgets as the inputs of on_estimate and on_train (after the session)."""
        return list(self.links().values())


@dataclass(frozen=True)
class Widgets:
    """Everything the wiring needs: the settings, the displays and the buttons."""
    settings: Settings
    device: gr.Markdown
    card: gr.Markdown
    estimate: gr.Markdown
    schedule: gr.Plot
    train: gr.Button
    stop: gr.Button
    stop_note: gr.Markdown
    evaluate: gr.Button
    progress: gr.HTML
    curves: gr.Plot
    boundary: gr.Plot
    results: gr.Markdown
    confusion: gr.Plot
    gallery: gr.Gallery
    mistakes: gr.Markdown
    downloads: gr.File
    upload: gr.File
    pretrained: gr.Dropdown
    load_pretrained: gr.Button
    session_json: gr.Code
    session_button: gr.Button

    def option_widgets(self) -> list:
        """The dataset's options, shown only where the dataset has them."""
        s = self.settings
        return [s.noise, s.train_ratio, s.samples, s.n_train, s.seq_len]

    def recipe_widgets(self) -> list:
        """The settings a shipped recipe fills in."""
        s = self.settings
        return [s.optimizer, s.lr, s.batch, s.epochs, s.steps, s.warmup, s.schedule, s.grad_clip]

    def dataset_outputs(self) -> list:
        """What on_select_dataset fills in."""
        s = self.settings
        return [self.card, *self.option_widgets(), *self.recipe_widgets(), s.hidden, s.activation, self.boundary,
                self.gallery]

    def model_outputs(self) -> list:
        """What on_select_model fills in (the MLP widgets twice: visibility, then value)."""
        s = self.settings
        return [s.dataset, s.hidden, s.activation, *self.dataset_outputs()]

    def result_outputs(self) -> list:
        """What on_evaluate shows."""
        return [self.results, self.confusion, self.gallery, self.mistakes]

    def show_outputs(self, session_state: gr.State) -> list:
        """What on_train, on_load_checkpoint and on_load_pretrained show."""
        return [self.progress, self.curves, self.boundary, *self.result_outputs(), self.downloads, session_state]


# ---------------------------------------------------------------------------------------------------------------
# Layout

def _layout_choice() -> tuple[dict, dict]:
    with gr.Row(equal_height=True):
        model = gr.Dropdown(model_choices(), value=DEFAULT_MODEL, label=I18N("train_model"), info=I18N("train_model_info"),
                            allow_custom_value=True, filterable=True, elem_id="train_model", scale=2)
        dataset = gr.Dropdown([(I18N("dataset_" + k), k) for k in datasets_for(resolve(DEFAULT_MODEL))],
                              value=DEFAULT_DATASET, label=I18N("train_dataset"), elem_id="train_dataset", scale=2,
                              allow_custom_value=True)  # API clients may name any dataset; the core validates
        device = gr.Markdown(elem_id="train_device")
    card = gr.Markdown(dataset_card(DEFAULT_DATASET, "en"), elem_id="train_dataset_card")
    return dict(model=model, dataset=dataset), dict(device=device, card=card)


def _layout_data_options() -> dict:
    with gr.Accordion(I18N("train_data_options"), open=False):
        with gr.Row():
            options = dict(noise=gr.Slider(0, 0.5, value=0.0, step=0.05, label=I18N("train_noise"), visible=False),
                           train_ratio=gr.Slider(0.1, 0.9, value=0.5, step=0.05, label=I18N("train_train_ratio"),
                                                 visible=False),
                           samples=gr.Number(500, label=I18N("train_n_samples"), precision=0, visible=False),
                           n_train=gr.Number(2000, label=I18N("train_n_train"), precision=0, visible=False),
                           seq_len=gr.Number(8, label=I18N("train_seq_len"), precision=0, visible=False))
    return options


def _layout_recipe(first: TrainSpec) -> dict:
    with gr.Row():
        recipe = dict(optimizer=gr.Dropdown([(I18N("optimizer_" + o), o) for o in OPTIMIZERS], value=first.optimizer,
                                            label=I18N("train_optimizer"), elem_id="train_optimizer",
                                            allow_custom_value=True),
                      lr=gr.Number(first.lr, label=I18N("train_lr"), elem_id="train_lr"),
                      batch=gr.Number(first.batch_size, label=I18N("train_batch"), precision=0, elem_id="train_batch"),
                      epochs=gr.Number(first.epochs, label=I18N("train_epochs"), elem_id="train_epochs"),
                      steps=gr.Number(first.steps, label=I18N("train_steps"), info=I18N("train_steps_info"), precision=0,
                                      elem_id="train_steps"))
    return recipe


def _layout_more(first: TrainSpec) -> dict:
    with gr.Accordion(I18N("train_more"), open=False):
        with gr.Row():
            more = dict(momentum=gr.Number(0.9, label=I18N("train_momentum")),
                        weight_decay=gr.Number(0.0, label=I18N("train_weight_decay")),
                        warmup=gr.Number(first.warmup_steps, label=I18N("train_warmup"), precision=0),
                        schedule=gr.Dropdown([(I18N("train_sched_" + s), s) for s in SCHEDULES], value=first.schedule,
                                             label=I18N("train_schedule"), allow_custom_value=True))
        with gr.Row():
            more.update(loss=gr.Dropdown([(I18N("train_loss_" + s), s) for s in LOSSES], value="auto",
                                         label=I18N("train_loss"), allow_custom_value=True),
                        grad_clip=gr.Number(first.grad_clip, label=I18N("train_grad_clip")),
                        seed=gr.Number(0, label=I18N("train_seed"), precision=0),
                        amp=gr.Checkbox(True, label=I18N("train_amp")))
        with gr.Row():
            more.update(hidden=gr.Textbox("8,8", label=I18N("train_hidden"), info=I18N("train_hidden_info"),
                                          elem_id="train_hidden", visible=False),
                        activation=gr.Dropdown(list(ACTIVATIONS), value="tanh", label=I18N("train_activation"),
                                               visible=False, allow_custom_value=True))
    return more


def _layout_run() -> dict:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            run = dict(estimate=gr.Markdown(elem_id="train_estimate"))
        with gr.Column(scale=2, min_width=240):  # the run's learning rate, small, updated with the estimate
            run.update(schedule=gr.Plot(label=I18N("train_schedule_plot"), elem_id="train_schedule_plot"))
    with gr.Row():
        run.update(train=gr.Button(I18N("train_train"), variant="primary", elem_id="train_button"),
                   stop=gr.Button(I18N("train_stop"), variant="stop", elem_id="stop_button"),
                   evaluate=gr.Button(I18N("train_evaluate"), elem_id="evaluate_button"))
    run.update(stop_note=gr.Markdown(visible=False))  # Stop's answer, for API clients only
    run.update(progress=gr.HTML(elem_id="train_progress"))
    with gr.Row():
        run.update(curves=gr.Plot(label=I18N("train_curves"), elem_id="curves_plot", scale=3),
                   boundary=gr.Plot(label=I18N("train_boundary"), elem_id="boundary_plot", scale=2, visible=False))
    return run


def _layout_results() -> dict:
    results = dict(results=gr.Markdown(elem_id="train_results"))
    with gr.Row():
        results.update(confusion=gr.Plot(label=I18N("train_confusion"), elem_id="confusion_plot"))
        with gr.Column():
            results.update(gallery=gr.Gallery(label=I18N("train_mistakes"), columns=6, height=300,
                                              elem_id="mistakes_gallery"),
                           mistakes=gr.Markdown(elem_id="mistakes_table"))
    return results


def _layout_files() -> dict:
    with gr.Accordion(I18N("train_files"), open=False):
        with gr.Row():
            files = dict(downloads=gr.File(label=I18N("train_download"), file_count="multiple", interactive=False,
                                           elem_id="download_files"),
                         upload=gr.File(label=I18N("train_upload"), file_types=[".safetensors"], type="filepath",
                                        elem_id="upload_file"))
            with gr.Column():
                files.update(pretrained=gr.Dropdown(available(), value=(available() or [None])[0],
                                                    label=I18N("train_pretrained"), elem_id="pretrained_dropdown",
                                                    allow_custom_value=True),
                             load_pretrained=gr.Button(I18N("train_load_pretrained"), elem_id="pretrained_button"))
        files.update(session_json=gr.Code(language="json", label=I18N("train_session"), visible=False),
                     session_button=gr.Button(visible=False))  # API only: what model this session holds
    return files


def layout(first: TrainSpec, ctx: TabContext) -> Widgets:
    """The tab's components, top to bottom; `first` is the spec whose settings the widgets start with, `ctx` places
    the tab's status area."""
    with gr.Tab(I18N("tab_train"), id="train"):
        gr.Markdown(I18N("train_intro"), elem_classes="pg-intro")
        choice, top = _layout_choice()
        options = _layout_data_options()
        recipe = _layout_recipe(first)
        more = _layout_more(first)
        ctx.status_area()
        rest = {**_layout_run(), **_layout_results(), **_layout_files()}
    settings = Settings(**choice, **recipe, **more, **options)
    return Widgets(settings=settings, **top, **rest)


# ---------------------------------------------------------------------------------------------------------------
# Wiring

def _wire_choice(w: Widgets) -> None:
    """A model or a dataset picked: the datasets, options and recipe that go with it, then the estimate and the
    run's learning-rate schedule (which the warm-up and the schedule redraw on their own)."""
    s, settings = w.settings, w.settings.ordered()
    schedule = dict(api_visibility="private", show_progress="hidden", **ESTIMATE_EVENT)
    s.model.input(
        on_select_model, [s.model, s.dataset], w.model_outputs(), api_name="train_select_model",
    ).success(on_estimate, settings, w.estimate, api_name="estimate_after_model", api_visibility="private",
              show_progress="minimal", **ESTIMATE_EVENT
              ).success(on_schedule, settings, w.schedule, api_name="schedule_after_model", **schedule)
    s.dataset.input(
        on_select_dataset, [s.model, s.dataset], w.dataset_outputs(), api_name="train_select_dataset",
    ).success(on_estimate, settings, w.estimate, api_name="estimate_after_dataset", api_visibility="private",
              show_progress="minimal", **ESTIMATE_EVENT
              ).success(on_schedule, settings, w.schedule, api_name="schedule_after_dataset", **schedule)
    gr.on([s.optimizer.input, *committed(s.lr, s.batch, s.epochs, s.steps)],
          on_estimate, settings, w.estimate, api_name="estimate", trigger_mode="always_last",
          show_progress="minimal", **ESTIMATE_EVENT
          ).success(on_schedule, settings, w.schedule, api_name="schedule_after_estimate", **schedule)
    gr.on([s.schedule.input, *committed(s.warmup)], on_schedule, settings, w.schedule, api_name="train_schedule",
          trigger_mode="always_last", show_progress="hidden", **ESTIMATE_EVENT)


def _wire_run(w: Widgets, session_state: gr.State) -> None:
    """Train (every run reaches the callback: callbacks.TRAIN_SLOTS keeps the places and the line), Stop, Evaluate."""
    w.train.click(on_train, [session_state, *w.settings.ordered()], w.show_outputs(session_state), api_name="train",
                  concurrency_id="train", concurrency_limit=None, show_progress="hidden")
    w.stop.click(on_stop, session_state, w.stop_note, api_name="stop_training", concurrency_limit=None,
                 show_progress="hidden")
    w.evaluate.click(on_evaluate, session_state, w.result_outputs(), api_name="evaluate", concurrency_id="evaluate",
                     concurrency_limit=2, show_progress_on=w.results)


def _wire_files(w: Widgets, session_state: gr.State) -> None:
    """A checkpoint uploaded or a shipped model loaded into the session; the session's model as JSON (API only)."""
    shown = w.show_outputs(session_state)
    w.upload.upload(on_load_checkpoint, [w.upload, session_state], shown, api_name="load_checkpoint",
                    show_progress_on=w.results)
    w.load_pretrained.click(on_load_pretrained, [w.pretrained, session_state], shown, api_name="load_pretrained",
                            show_progress_on=w.results)
    w.session_button.click(on_session_info, session_state, w.session_json, api_name="session_model")


def _first_paint(w: Widgets) -> list:
    """First paint in the visitor's language: dataset names and card, then the estimate (with a link, the link
    restorer does this after the link's values: the resolver with no values, then the refresher)."""
    s = w.settings
    return [([(on_select_model, [s.model, s.dataset], w.model_outputs()),
              (on_estimate, s.ordered(), [w.estimate]), (on_schedule, s.ordered(), [w.schedule])],
             dict(api_name="load_train", api_visibility="private", **ESTIMATE_EVENT))]


def _as_update(value) -> dict:
    """A callback's output as an update dict, so that a restored link's values can be merged into it."""
    return value if isinstance(value, dict) else gr.update(value=value)


def _view_resolver(w: Widgets):
    """resolve(values, request) of the TabView: for a restored link, the chosen model's datasets and the chosen
    dataset's options and recipe (which the link's own values then override); without values, the defaults'."""
    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        try:
            out = on_select_model(values.get("model", DEFAULT_MODEL), values.get("dataset", DEFAULT_DATASET), request)
        except gr.Error:
            return {}  # the refresh's estimate explains what is wrong with the model
        updates: dict = {}
        for component, value in zip(w.model_outputs(), out):
            updates[component] = {**updates.get(component, {}), **_as_update(value)}  # the MLP widgets come twice
        return updates
    return resolve_view


def _estimate_refresher(w: Widgets):
    """The refresher of a restored view: its button redraws the estimate."""
    def refresh(button: gr.Button):
        button.click(*chained([(on_relabel, [w.settings.model, w.settings.dataset], [w.settings.dataset, w.card, w.device]),
                               (on_estimate, w.settings.ordered(), [w.estimate]),
                               (on_schedule, w.settings.ordered(), [w.schedule])]),
                     api_name="refresh_estimate", api_visibility="private", **ESTIMATE_EVENT)
    return refresh


def warm_up() -> None:
    """Load and check the shipped models, and pay torch's first-optimiser import cost before any visitor."""
    for name in available():
        load_pretrained(name)
    estimate(default_spec(DEFAULT_MODEL, DEFAULT_DATASET))


def build(ctx: TabContext) -> TabView:
    """The Train tab: layout, then its events; the TabView links its 22 settings."""
    warm_up()
    w = layout(default_spec(DEFAULT_MODEL, DEFAULT_DATASET), ctx)
    _wire_choice(w)
    _wire_run(w, ctx.session)
    _wire_files(w, ctx.session)
    ctx.demo.load(on_load_device, None, w.device, api_name="load_device", api_visibility="private")
    return TabView("train", w.settings.links(), {"train": _estimate_refresher(w)}, _view_resolver(w),
                   extra=[w.card, w.boundary, w.gallery], first_paint=_first_paint(w), ranges=LINK_RANGES)
