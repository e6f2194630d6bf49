"""The Train tab: pick a model and a dataset that fits it, set hyperparameters, watch it learn live, then look
at its mistakes, save it, or load one back. The session's model lives in gr.State (a Session) and is the visitor's
alone. Layout in build(), callbacks above it; the work happens in playground.core.train."""
from __future__ import annotations

import html
import json
from pathlib import Path

import gradio as gr

from playground.core import config
from playground.core.data.datasets import DATASETS, DEFAULT_OPTIONS, dataset_info, load_dataset, option_range
from playground.core.data.vocab import BRACKET_TOKENS, decode_tokens
from playground.core.errors import PlaygroundError
from playground.core.models import list_models, resolve
from playground.core.session import Session
from playground.core.train.analysis import analyse, decision_grid, load_test_split, series_predictions
from playground.core.train.checkpoint import load_checkpoint, save_checkpoint
from playground.core.train.devices import describe_device, pick_device
from playground.core.train.estimate import estimate
from playground.core.train.loop import Run
from playground.core.train.shipped import available, load_pretrained
from playground.core.train.slots import Slots
from playground.core.train.spec import LOSSES, OPTIMIZERS, SCHEDULES, TrainSpec
from playground.core.train.tasks import datasets_for
from playground.core.train.trained import DataSummary, TrainedModel
from playground.export.script import default_train_spec, write_training_script
from playground.export.tables import download_folder, file_stem
from playground.i18n import message
from playground.ui.feedback import I18N, human_bytes, language_of, user_errors
from playground.ui.view import TabContext, TabView
from playground.ui.zerogpu import ZERO_GPU, gpu_task

from .figures import image_tile, plot_confusion, plot_curves, plot_decision_boundary, plot_series

DEFAULT_MODEL, DEFAULT_DATASET = "lenet5", "digits"
# Training runs going on at once across all visitors, and a line of runs waiting for a place (see slots.py). On a
# ZeroGPU Space the platform queues GPU calls itself, and each call runs in a worker process of its own.
TRAIN_SLOTS = None if ZERO_GPU else Slots(config.TRAIN_CONCURRENCY, config.TRAIN_WAITING)
WAIT_POLL = 1.0  # seconds between "yours is number n in line" updates while waiting
DATA_OPTIONS = ("noise", "train_ratio", "n_samples", "n_train", "seq_len")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "gelu")
MAX_MISTAKES = 16


def model_choices() -> list[str]:
    """Teaching models first (they train in seconds), then the rest of the registry; only models that some
    built-in dataset fits."""
    return [k for k in list_models(teaching=True) + list_models(teaching=False) if datasets_for(resolve(k))]


default_spec = default_train_spec  # the shipped recipe for the pair, else the defaults; shared with the exporter


# ---------------------------------------------------------------------------------------------------------------
# Text

def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("tr_fig_" + k, lang) for k in keys}


def _fmt_metric(name: str, value: float) -> str:
    return f"{value:.4f}" if name in ("loss", "r2") else f"{value:.2%}"


def metrics_markdown(metrics: dict, lang: str) -> str:
    rows = [(message("tr_metric_" + k, lang), _fmt_metric(k, v)) for k, v in metrics.items()
            if k in ("loss", "accuracy", "sequence_accuracy", "r2") and isinstance(v, (int, float))]
    head = "| " + " | ".join(r[0] for r in rows) + " |\n|" + "---|" * len(rows) + "\n"
    return head + "| " + " | ".join(f"**{r[1]}**" for r in rows) + " |"


def progress_html(step: int, total: int, text: str) -> str:
    """A progress bar that sits above the plots instead of covering them."""
    share = 100 * step / max(total, 1)
    return (f'<div class="train-progress"><div class="bar"><div style="width:{share:.1f}%"></div></div>'
            f'<div class="text">{text}</div></div>')


def status_text(snap, device: str, lang: str) -> str:
    key = {"running": "tr_status_running", "done": "tr_status_done", "stopped": "tr_status_stopped",
           "time_limit": "tr_status_time_limit", "diverged": "tr_status_diverged"}[snap.status]
    return message(key, lang, step=snap.step, total=snap.total_steps, epoch=f"{snap.epoch:.2f}",
                   rate=f"{snap.samples_per_second:,.0f}", eta=f"{snap.eta:.0f}", elapsed=f"{snap.elapsed:.1f}",
                   device=device)


def estimate_markdown(spec: TrainSpec, lang: str) -> str:
    est = estimate(spec)
    text = message("tr_estimate", lang, params=f"{est.params:,}", steps=f"{est.steps:,}",
                   seconds=f"{est.seconds:.1f}", memory=human_bytes(est.memory_bytes), device=est.device)
    if est.over_limit:
        text += "\n\n" + message(est.over_limit, lang, seconds=f"{est.seconds:.0f}",
                                 limit=f"{config.MAX_TRAIN_SECONDS:.0f}")
    return text


def dataset_card(key: str, lang: str) -> str:
    info = dataset_info(key)
    return f"**{info.title.get(lang) or info.title['en']}** — {info.description.get(lang) or info.description['en']}"


# ---------------------------------------------------------------------------------------------------------------
# Building a spec from the widgets

def _hidden(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in str(text).replace(" ", "").split(",") if s]
    except ValueError:
        raise PlaygroundError("tr_bad_hidden", text=text) from None
    if not 1 <= len(sizes) <= 6 or not all(1 <= s <= 256 for s in sizes):
        raise PlaygroundError("tr_bad_hidden", text=text)
    return sizes


def make_spec(model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay, warmup, schedule,
              loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train,
              seq_len) -> TrainSpec:
    entry = resolve(model)
    if entry is None:
        raise PlaygroundError("unknown_model", model=model)
    if not isinstance(dataset, str) or dataset not in DATASETS:  # a list, from an API call
        raise PlaygroundError("dataset_unknown", name=dataset)
    values = dict(noise=noise, train_ratio=train_ratio, n_samples=n_samples, n_train=n_train, seq_len=seq_len)
    allowed = dataset_info(dataset).options
    data_options = {k: v for k, v in values.items() if k in allowed and v is not None}
    model_options = {}
    if entry.family == "mlp" and entry.input_kind == "vector":
        model_options = {"hidden": _hidden(hidden), "activation": activation}
    return TrainSpec(model=entry.key, dataset=dataset, data_options=data_options, model_options=model_options,
                     optimizer=optimizer, lr=lr, batch_size=batch_size, epochs=epochs, steps=steps or 0,
                     momentum=momentum, weight_decay=weight_decay, warmup_steps=warmup or 0, schedule=schedule,
                     loss=loss, grad_clip=grad_clip or 0, seed=seed, amp=bool(amp))


# ---------------------------------------------------------------------------------------------------------------
# Result views

def _mistake_views(trained: TrainedModel, analysis, lang: str):
    """Gallery items for image data; a Markdown table for sequences; nothing for the rest."""
    data, _ = load_test_split(trained)
    if data.input_kind == "image":
        items = [(image_tile(data.x_test[m["index"]].numpy()),
                  message("tr_mistake_caption", lang, true=data.classes[m["true"]], pred=data.classes[m["pred"]]))
                 for m in analysis.mistakes]
        return items, ""
    if data.task in ("tag", "translate"):
        head = (f"| # | {message('tr_col_input', lang)} | {message('tr_col_expected', lang)} | "
                f"{message('tr_col_predicted', lang)} |\n|---|---|---|---|\n")
        rows = []
        for m in analysis.mistakes[:10]:
            src = data.x_test[m["index"]].tolist()
            if data.task == "translate":
                src_text = decode_tokens(src, data.classes)
                exp, got = decode_tokens(m["true"], data.classes), decode_tokens(m["pred"], data.classes)
            else:
                src_text = "".join(BRACKET_TOKENS[t] for t in src)
                exp, got = "".join(map(str, m["true"])), "".join(map(str, m["pred"]))
            rows.append(f"| {m['index']} | `{src_text}` | `{exp}` | `{got}` |")
        return [], head + "\n".join(rows) if rows else message("tr_no_mistakes", lang)
    return [], ""


def result_outputs(trained: TrainedModel, lang: str):
    """metrics Markdown, confusion (or series) figure, gallery items, mistakes Markdown."""
    analysis = analyse(trained, limit=MAX_MISTAKES)
    figure = None
    if analysis.confusion is not None:
        figure = plot_confusion(analysis.confusion, analysis.classes, _labels(lang, "true", "pred"))
    elif trained.data.task == "regress":
        figure = plot_series(*series_predictions(trained, 3), _labels(lang, "input", "target", "pred", "step"))
    gallery, table = _mistake_views(trained, analysis, lang)
    card = message("tr_result_head", lang, model=trained.spec.model, dataset=trained.data.key or "?",
                   steps=trained.metrics.get("steps", "?"))
    return card + "\n\n" + metrics_markdown(analysis.metrics, lang), figure, gallery, table


def curves_figure(history: dict, task: str, lang: str):
    labels = _labels(lang, "loss", "step", "train", "test")
    labels["metric"] = message("tr_fig_r2" if task == "regress" else "tr_fig_accuracy", lang)
    return plot_curves(history, labels, metric_is_accuracy=task != "regress")


def boundary_figure(model, summary: DataSummary, lang: str):
    """Live decision boundary for 2-D data, or None for any other kind."""
    if summary.input_kind != "vector":
        return None
    options = {k: v for k, v in summary.options.items() if k != "seed"}
    data = load_dataset(summary.key, seed=summary.options.get("seed", 0), **options)
    coords, probs = decision_grid(model, summary.loss)
    return plot_decision_boundary(coords, probs, data.x_train.numpy(), data.y_train.numpy(), data.x_test.numpy(),
                                  data.y_test.numpy(), _labels(lang, "train", "test", "probability"))


def checkpoint_files(trained: TrainedModel) -> list[str]:
    """Write the session's model to a fresh temporary folder -> [weights, description, training script] paths
    for download; the script (`--init` the weights) continues the run on the visitor's own machine."""
    folder = download_folder()
    name = f"{file_stem(trained.spec.model)}-{trained.data.key or 'model'}.safetensors"
    path = save_checkpoint(trained, folder / name)
    files = [str(path), str(path.with_suffix(".json"))]
    try:
        files.append(str(write_training_script(trained.spec.model, folder, trained.spec.dataset, spec=trained.spec)))
    except PlaygroundError:
        pass  # a model no script can train (none the Train tab trains today): the weights still come
    return files


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_select_model(model: str, dataset: str, request: gr.Request = None):
    """A model was picked: offer the datasets that fit it; MLP width settings only for 2-D MLPs."""
    entry = resolve(model)
    if entry is None:
        raise PlaygroundError("unknown_model", model=model)
    lang = language_of(request)
    keys = datasets_for(entry)
    if not keys:
        raise PlaygroundError("tr_no_dataset", model=entry.key)
    value = dataset if dataset in keys else keys[0]
    choices = [(dataset_info(k).title.get(lang) or dataset_info(k).title["en"], k) for k in keys]
    is_mlp2d = entry.family == "mlp" and entry.input_kind == "vector"
    return (gr.update(choices=choices, value=value), gr.update(visible=is_mlp2d), gr.update(visible=is_mlp2d),
            *on_select_dataset(entry.key, value, request))  # the MLP widgets appear twice: visibility, then value


@user_errors
def on_select_dataset(model: str, dataset: str, request: gr.Request = None):
    """A dataset was picked: show its options and card, and fill in the recipe's settings when one exists."""
    lang = language_of(request)
    info = dataset_info(dataset)
    spec = default_spec(model, dataset)
    defaults = {**DEFAULT_OPTIONS[dataset], **spec.data_options}  # the dataset's defaults, or the recipe's
    visible = [gr.update(visible=True, value=defaults[name], minimum=option_range(dataset, name)[0],
                         maximum=option_range(dataset, name)[1]) if name in info.options else gr.update(visible=False)
               for name in DATA_OPTIONS]
    settings = [spec.optimizer, spec.lr, spec.batch_size, spec.epochs, spec.steps, spec.warmup_steps, spec.schedule,
                spec.grad_clip]
    hidden = spec.model_options.get("hidden")
    mlp = [",".join(map(str, hidden)) if hidden else gr.skip(), spec.model_options.get("activation", gr.skip())]
    views = [gr.update(visible=info.family == "toy2d"), gr.update(visible=info.family == "image")]
    return (dataset_card(dataset, lang), *visible, *settings, *mlp, *views)


# The Train tab's settings, in the order of its widgets; callbacks name them (Gradio finds `request` by name).
SETTINGS = tuple(make_spec.__code__.co_varnames[:make_spec.__code__.co_argcount])


@user_errors
def on_estimate(model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay, warmup, schedule,
                loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train, seq_len,
                request: gr.Request = None):
    """Time and memory this run should take on this device, measured over a few steps."""
    spec = make_spec(**{k: v for k, v in locals().items() if k in SETTINGS})
    return estimate_markdown(spec, language_of(request))


@gpu_task()
@user_errors
def on_train(session: Session, model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay,
             warmup, schedule, loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train,
             seq_len, request: gr.Request = None):
    """Stream the run: progress bar, curves and (for 2-D data) the decision boundary, then the results."""
    settings = {k: v for k, v in locals().items() if k in SETTINGS}
    lang = language_of(request)
    session = session if isinstance(session, Session) else Session()
    if session.running:
        raise PlaygroundError("tr_already_running")
    spec = make_spec(**settings)
    est = estimate(spec)
    if est.over_limit:
        raise PlaygroundError(est.over_limit, seconds=f"{est.seconds:.0f}", limit=f"{config.MAX_TRAIN_SECONDS:.0f}")
    ticket = TRAIN_SLOTS.join() if TRAIN_SLOTS else None  # a full line: "busy, try again", nothing has changed
    session.stop.clear()
    session.running = True
    try:
        skip = gr.skip()
        while ticket is not None and not session.stop.is_set() and (place := TRAIN_SLOTS.wait(ticket, WAIT_POLL)):
            yield (progress_html(0, 1, message("tr_status_waiting", lang, position=place, places=TRAIN_SLOTS.places)),
                   *[skip] * 7, session)
        if session.stop.is_set():  # Stop while waiting: out of the line, the session's model untouched
            yield progress_html(0, 1, message("tr_status_left_line", lang)), *[skip] * 7, session
            return
        run = Run(spec, stop=session.stop)
        session.live = run
        device = describe_device(run.device)
        for snap in run.reports():
            if snap.status == "diverged":
                break
            yield (progress_html(snap.step, snap.total_steps, status_text(snap, device, lang)),
                   curves_figure(snap.history.to_dict(), run.plan.data.task, lang),
                   boundary_figure(run.model, run.summary, lang) if run.summary.input_kind == "vector" else skip,
                   skip, skip, skip, skip, skip, session)
        if run.status == "diverged":
            raise PlaygroundError("train_diverged", step=run.step, lr=spec.lr)
        session.trained = run.result()
        if ZERO_GPU:  # the GPU goes back when this call ends; the other tabs read the model on the CPU
            session.trained.model.cpu()
        results = result_outputs(session.trained, lang)
        yield (progress_html(snap.step, snap.total_steps, status_text(snap, device, lang)),
               curves_figure(snap.history.to_dict(), run.plan.data.task, lang),
               boundary_figure(run.model, run.summary, lang) if run.summary.input_kind == "vector" else None,
               *results, checkpoint_files(session.trained), session)
    finally:
        if ticket is not None:
            TRAIN_SLOTS.leave(ticket)
        session.running = False
        session.live = None


@user_errors
def on_stop(session: Session, request: gr.Request = None):
    """Ask the running training of this session to stop after its current step."""
    if isinstance(session, Session) and session.running:
        session.stop.set()
        return message("tr_stopping", language_of(request))
    return message("tr_nothing_to_stop", language_of(request))


def _require_model(session) -> TrainedModel:
    if not isinstance(session, Session) or session.trained is None:
        raise PlaygroundError("tr_no_model")
    return session.trained


def _show_trained(trained: TrainedModel, lang: str, note: str):
    history = trained.history.to_dict()
    task = trained.data.task or "classify"
    boundary = boundary_figure(trained.model, trained.data, lang)
    metrics, figure, gallery, table = result_outputs(trained, lang)
    return (progress_html(1, 1, html.escape(note)), curves_figure(history, task, lang) if history["steps"] else None,
            gr.update(value=boundary, visible=boundary is not None), metrics, figure,
            gr.update(value=gallery, visible=trained.data.input_kind == "image"), table,
            checkpoint_files(trained))


@user_errors
def on_evaluate(session: Session, request: gr.Request = None):
    """Metrics, confusion matrix and mistakes of the session's model on its test split."""
    trained = _require_model(session)
    lang = language_of(request)
    metrics, figure, gallery, table = result_outputs(trained, lang)
    return metrics, figure, gallery, table


@user_errors
def on_load_checkpoint(file, session: Session, request: gr.Request = None):
    """Replace the session's model with an uploaded checkpoint (safetensors only, validated)."""
    if not file:
        raise PlaygroundError("tr_no_file")
    session = session if isinstance(session, Session) else Session()
    if session.running:
        raise PlaygroundError("tr_already_running")
    path = file if isinstance(file, str) else getattr(file, "name", str(file))
    trained = load_checkpoint(path)
    if trained.data.key not in DATASETS:
        raise PlaygroundError("checkpoint_mismatch", name=Path(path).name, detail="dataset")
    session.trained = trained
    lang = language_of(request)
    return (*_show_trained(trained, lang, message("tr_loaded", lang, name=Path(path).name)), session)


@user_errors
def on_load_pretrained(name: str, session: Session, request: gr.Request = None):
    """Put one of the shipped teaching models into this session."""
    session = session if isinstance(session, Session) else Session()
    if session.running:
        raise PlaygroundError("tr_already_running")
    session.trained = load_pretrained(name)
    lang = language_of(request)
    return (*_show_trained(session.trained, lang, message("tr_loaded", lang, name=name)), session)


@user_errors
def on_session_info(session: Session, request: gr.Request = None) -> str:
    """JSON summary of the session's model (for API clients): spec, data description and metrics."""
    trained = _require_model(session)
    return json.dumps({"spec": trained.spec.to_dict(), "data": {k: v for k, v in trained.data.to_dict().items()
                                                                if k != "classes"},
                       "metrics": trained.metrics}, default=str)


def on_load_device(request: gr.Request = None) -> str:
    return message("tr_device", language_of(request), device=describe_device(pick_device("auto")))


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def warm_up() -> None:
    """Load and check the shipped models, and pay torch's first-optimiser import cost before any visitor."""
    for name in available():
        load_pretrained(name)
    estimate(default_spec(DEFAULT_MODEL, DEFAULT_DATASET))


def _as_update(value) -> dict:
    """A callback's output as an update dict, so that a restored link's values can be merged into it."""
    return value if isinstance(value, dict) else gr.update(value=value)


def build(ctx: TabContext) -> TabView:
    demo, session_state = ctx.demo, ctx.session
    warm_up()
    first = default_spec(DEFAULT_MODEL, DEFAULT_DATASET)
    with gr.Tab(I18N("tab_train"), id="train"):
        gr.Markdown(I18N("tr_intro"), elem_classes="pg-intro")
        with gr.Row(equal_height=True):
            model_dropdown = gr.Dropdown(model_choices(), value=DEFAULT_MODEL, label=I18N("tr_model"),
                                         info=I18N("tr_model_info"), allow_custom_value=True, filterable=True,
                                         elem_id="train_model", scale=2)
            dataset_dropdown = gr.Dropdown([(dataset_info(k).title["en"], k) for k in datasets_for(
                resolve(DEFAULT_MODEL))], value=DEFAULT_DATASET, label=I18N("tr_dataset"), elem_id="train_dataset",
                scale=2, allow_custom_value=True)  # API clients may name any dataset; the core validates
            device_markdown = gr.Markdown(elem_id="train_device")
        dataset_markdown = gr.Markdown(dataset_card(DEFAULT_DATASET, "en"), elem_id="train_dataset_card")
        with gr.Accordion(I18N("tr_data_options"), open=False):
            with gr.Row():
                noise_slider = gr.Slider(0, 0.5, value=0.0, step=0.05, label=I18N("tr_noise"), visible=False)
                ratio_slider = gr.Slider(0.1, 0.9, value=0.5, step=0.05, label=I18N("tr_train_ratio"),
                                         visible=False)
                samples_number = gr.Number(500, label=I18N("tr_n_samples"), precision=0, visible=False)
                ntrain_number = gr.Number(2000, label=I18N("tr_n_train"), precision=0, visible=False)
                seqlen_number = gr.Number(8, label=I18N("tr_seq_len"), precision=0, visible=False)
        with gr.Row():
            optimizer_dropdown = gr.Dropdown([(I18N("opt_" + o), o) for o in OPTIMIZERS], value=first.optimizer,
                                             label=I18N("tr_optimizer"), elem_id="train_optimizer",
                                             allow_custom_value=True)
            lr_number = gr.Number(first.lr, label=I18N("tr_lr"), elem_id="train_lr")
            batch_number = gr.Number(first.batch_size, label=I18N("tr_batch"), precision=0, elem_id="train_batch")
            epochs_number = gr.Number(first.epochs, label=I18N("tr_epochs"), elem_id="train_epochs")
            steps_number = gr.Number(first.steps, label=I18N("tr_steps"), info=I18N("tr_steps_info"), precision=0,
                                     elem_id="train_steps")
        with gr.Accordion(I18N("tr_more"), open=False):
            with gr.Row():
                momentum_number = gr.Number(0.9, label=I18N("tr_momentum"))
                decay_number = gr.Number(0.0, label=I18N("tr_weight_decay"))
                warmup_number = gr.Number(first.warmup_steps, label=I18N("tr_warmup"), precision=0)
                schedule_dropdown = gr.Dropdown([(I18N("sched_" + s), s) for s in SCHEDULES], value=first.schedule,
                                                label=I18N("tr_schedule"), allow_custom_value=True)
            with gr.Row():
                loss_dropdown = gr.Dropdown([(I18N("loss_" + s), s) for s in LOSSES], value="auto",
                                            label=I18N("tr_loss"), allow_custom_value=True)
                clip_number = gr.Number(first.grad_clip, label=I18N("tr_grad_clip"))
                seed_number = gr.Number(0, label=I18N("tr_seed"), precision=0)
                amp_checkbox = gr.Checkbox(True, label=I18N("tr_amp"))
            with gr.Row():
                hidden_textbox = gr.Textbox("8,8", label=I18N("tr_hidden"), info=I18N("tr_hidden_info"),
                                            elem_id="train_hidden", visible=False)
                activation_dropdown = gr.Dropdown(list(ACTIVATIONS), value="tanh", label=I18N("tr_activation"),
                                                  visible=False, allow_custom_value=True)
        estimate_markdown_ = gr.Markdown(elem_id="train_estimate")
        with gr.Row():
            train_button = gr.Button(I18N("tr_train"), variant="primary", elem_id="train_button")
            stop_button = gr.Button(I18N("tr_stop"), variant="stop", elem_id="stop_button")
            evaluate_button = gr.Button(I18N("tr_evaluate"), elem_id="evaluate_button")
        progress = gr.HTML(elem_id="train_progress")
        with gr.Row():
            curves_plot = gr.Plot(label=I18N("tr_curves"), elem_id="curves_plot", scale=3)
            boundary_plot = gr.Plot(label=I18N("tr_boundary"), elem_id="boundary_plot", scale=2, visible=False)
        results_markdown = gr.Markdown(elem_id="train_results")
        with gr.Row():
            confusion_plot = gr.Plot(label=I18N("tr_confusion"), elem_id="confusion_plot")
            with gr.Column():
                mistakes_gallery = gr.Gallery(label=I18N("tr_mistakes"), columns=8, height=260,
                                              elem_id="mistakes_gallery")
                mistakes_markdown = gr.Markdown(elem_id="mistakes_table")
        with gr.Accordion(I18N("tr_files"), open=False):
            with gr.Row():
                download_files = gr.File(label=I18N("tr_download"), file_count="multiple", interactive=False,
                                         elem_id="download_files")
                upload_file = gr.File(label=I18N("tr_upload"), file_types=[".safetensors"], type="filepath",
                                      elem_id="upload_file")
                with gr.Column():
                    pretrained_dropdown = gr.Dropdown(available(), value=(available() or [None])[0],
                                                      label=I18N("tr_pretrained"), elem_id="pretrained_dropdown",
                                                      allow_custom_value=True)
                    pretrained_button = gr.Button(I18N("tr_load_pretrained"), elem_id="pretrained_button")
            session_json = gr.Code(language="json", label=I18N("tr_session"), visible=False)
            session_button = gr.Button(visible=False)  # API only: what model this session holds

    settings = [model_dropdown, dataset_dropdown, optimizer_dropdown, lr_number, batch_number, epochs_number,
                steps_number, momentum_number, decay_number, warmup_number, schedule_dropdown, loss_dropdown,
                clip_number, seed_number, amp_checkbox, hidden_textbox, activation_dropdown, noise_slider,
                ratio_slider, samples_number, ntrain_number, seqlen_number]
    option_widgets = [noise_slider, ratio_slider, samples_number, ntrain_number, seqlen_number]
    recipe_widgets = [optimizer_dropdown, lr_number, batch_number, epochs_number, steps_number, warmup_number,
                      schedule_dropdown, clip_number]
    dataset_outputs = [dataset_markdown, *option_widgets, *recipe_widgets, hidden_textbox, activation_dropdown,
                       boundary_plot, mistakes_gallery]
    results = [results_markdown, confusion_plot, mistakes_gallery, mistakes_markdown]
    show_outputs = [progress, curves_plot, boundary_plot, *results, download_files, session_state]

    model_dropdown.input(
        on_select_model, [model_dropdown, dataset_dropdown],
        [dataset_dropdown, hidden_textbox, activation_dropdown, *dataset_outputs], api_name="train_select_model",
    ).success(on_estimate, settings, estimate_markdown_, api_name="estimate_after_model", api_visibility="private",
              concurrency_id="estimate", concurrency_limit=2, show_progress="minimal")
    dataset_dropdown.input(
        on_select_dataset, [model_dropdown, dataset_dropdown], dataset_outputs, api_name="train_select_dataset",
    ).success(on_estimate, settings, estimate_markdown_, api_name="estimate_after_dataset", api_visibility="private",
              concurrency_id="estimate", concurrency_limit=2, show_progress="minimal")
    gr.on([w.input for w in (optimizer_dropdown, batch_number, epochs_number, steps_number)] +
          [w.submit for w in (lr_number, epochs_number, steps_number, batch_number)],
          on_estimate, settings, estimate_markdown_, api_name="estimate", concurrency_id="estimate",
          concurrency_limit=2, trigger_mode="always_last", show_progress="minimal")
    train_button.click(
        on_train, [session_state, *settings], show_outputs, api_name="train", concurrency_id="train",
        concurrency_limit=None, show_progress="hidden")  # TRAIN_SLOTS keeps the places and the line
    stop_button.click(on_stop, session_state, estimate_markdown_, api_name="stop_training", concurrency_limit=None,
                      show_progress="hidden")
    evaluate_button.click(on_evaluate, session_state, results, api_name="evaluate", concurrency_id="evaluate",
                          concurrency_limit=2, show_progress_on=results_markdown)
    upload_file.upload(on_load_checkpoint, [upload_file, session_state], show_outputs, api_name="load_checkpoint",
                       show_progress_on=results_markdown)
    pretrained_button.click(on_load_pretrained, [pretrained_dropdown, session_state], show_outputs,
                            api_name="load_pretrained", show_progress_on=results_markdown)
    session_button.click(on_session_info, session_state, session_json, api_name="session_model")

    demo.load(on_load_device, None, device_markdown, api_name="load_device", api_visibility="private")
    # First paint in the visitor's language: dataset names and card, then the estimate (with a link, the link
    # restorer does this after the link's values: resolve_view({}), then the refresher).
    first_paint = [([(on_select_model, [model_dropdown, dataset_dropdown],
                      [dataset_dropdown, hidden_textbox, activation_dropdown, *dataset_outputs]),
                     (on_estimate, settings, [estimate_markdown_])],
                    dict(api_name="load_train", api_visibility="private", concurrency_id="estimate",
                         concurrency_limit=2))]

    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        """For a restored link: the chosen model's datasets, and the chosen dataset's options and recipe (which
        the link's own values then override). Without values (the page's first paint): the defaults'."""
        try:
            out = on_select_model(values.get("model", DEFAULT_MODEL), values.get("dataset", DEFAULT_DATASET), request)
        except gr.Error:
            return {}  # the refresh's estimate explains what is wrong with the model
        updates: dict = {}
        for component, value in zip([dataset_dropdown, hidden_textbox, activation_dropdown, *dataset_outputs], out):
            updates[component] = {**updates.get(component, {}), **_as_update(value)}  # the MLP widgets come twice
        return updates

    def refresh(button: gr.Button):
        button.click(on_estimate, settings, estimate_markdown_, api_name="refresh_estimate",
                     api_visibility="private", concurrency_id="estimate", concurrency_limit=2)

    keys = ("model", "dataset", "optimizer", "lr", "batch", "epochs", "steps", "momentum", "weight_decay", "warmup",
            "schedule", "loss", "grad_clip", "seed", "amp", "hidden", "activation", "noise", "train_ratio",
            "samples", "n_train", "seq_len")
    return TabView("train", dict(zip(keys, settings)), {"train": refresh}, resolve_view,
                   extra=[dataset_markdown, boundary_plot, mistakes_gallery], first_paint=first_paint)
