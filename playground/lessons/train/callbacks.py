"""The Train tab's callbacks (on_*): each unpacks the widgets' values, calls playground.core.train, and packs the
outputs; on_train streams a run through the server's training line (TRAIN_SLOTS). Tab-level: imports gradio."""
from __future__ import annotations

import html
import json
from contextlib import contextmanager
from pathlib import Path

import gradio as gr

from playground.core import config
from playground.core.data.datasets import DATASETS, DEFAULT_OPTIONS, dataset_info, option_range
from playground.core.errors import PlaygroundError
from playground.core.models import resolve
from playground.core.session import Session
from playground.core.train.checkpoint import load_checkpoint, save_checkpoint
from playground.core.train.devices import describe_device, pick_device
from playground.core.train.estimate import estimate
from playground.core.train.loop import Run, plan
from playground.core.train.shipped import load_pretrained
from playground.core.train.slots import Slots
from playground.core.train.spec import TrainSpec
from playground.core.train.tasks import datasets_for
from playground.core.train.trained import TrainedModel
from playground.export.script import write_training_script
from playground.export.tables import download_folder, file_stem
from playground.i18n import message
from playground.ui.feedback import human_bytes, language_of, user_errors
from playground.ui.live import MIN_INTERVAL, Pacer
from playground.ui.zerogpu import ZERO_GPU, gpu_task

from .settings import DATA_OPTIONS, SETTINGS, default_spec, make_spec
from .views import (
    LIVE_BOUNDARY_GRID,
    boundary_figure,
    curves_figure,
    dataset_card,
    dataset_choices,
    device_name,
    progress_html,
    result_outputs,
    schedule_figure,
    status_text,
)

# Training runs going on at once across all visitors, and a line of runs waiting for a place (see slots.py). On a
# ZeroGPU Space the platform queues GPU calls itself, and each call runs in a worker process of its own.
TRAIN_SLOTS = None if ZERO_GPU else Slots(config.TRAIN_CONCURRENCY, config.TRAIN_WAITING)
WAIT_POLL = 1.0  # seconds between "yours is number n in line" updates while waiting


def estimate_markdown(spec: TrainSpec, lang: str) -> str:
    """Parameters, steps, time and memory of a run, and why it is refused when it is over the server's limit."""
    est = estimate(spec)
    text = message("train_estimate", lang, params=f"{est.params:,}", steps=f"{est.steps:,}",
                   seconds=f"{est.seconds:.1f}", memory=human_bytes(est.memory_bytes),
                   device=device_name(est.device, lang))
    if est.over_limit:
        text += "\n\n" + message(est.over_limit, lang, seconds=f"{est.seconds:.0f}",
                                 limit=f"{config.MAX_TRAIN_SECONDS:.0f}")
    return text


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
# Choosing a model and a dataset

@user_errors
def on_relabel(model: str, dataset: str, request: gr.Request = None):
    """The tab's own words again, in the visitor's language (after a language switch): the dataset menu's titles
    (the choice kept), the dataset card and the device line. Settings are left as they are."""
    lang = language_of(request)
    entry = resolve(model)
    keys = datasets_for(entry) if entry is not None else []
    menu = gr.update(choices=dataset_choices(keys, lang)) if dataset in keys else gr.skip()
    card = dataset_card(dataset, lang) if dataset in DATASETS else gr.skip()
    return menu, card, on_load_device(request)


@user_errors
def on_select_model(model: str, dataset: str, request: gr.Request = None):
    """A model was picked: offer the datasets that fit it; MLP width settings only for 2-D MLPs."""
    entry = resolve(model)
    if entry is None:
        raise PlaygroundError("unknown_model", model=model)
    lang = language_of(request)
    keys = datasets_for(entry)
    if not keys:
        raise PlaygroundError("train_no_dataset", model=entry.key)
    value = dataset if dataset in keys else keys[0]
    choices = dataset_choices(keys, lang)
    is_mlp2d = entry.family == "mlp" and entry.input_kind == "vector"
    return (gr.update(choices=choices, value=value), gr.update(visible=is_mlp2d), gr.update(visible=is_mlp2d),
            *on_select_dataset(entry.key, value, request))  # the MLP widgets appear twice: visibility, then value


def _option_updates(dataset: str, defaults: dict) -> list[dict]:
    """One update per data option widget: shown with its default and range if the dataset has it, else hidden."""
    allowed = dataset_info(dataset).options
    return [gr.update(visible=True, value=defaults[name], minimum=option_range(dataset, name)[0],
                      maximum=option_range(dataset, name)[1]) if name in allowed else gr.update(visible=False)
            for name in DATA_OPTIONS]


@user_errors
def on_select_dataset(model: str, dataset: str, request: gr.Request = None):
    """A dataset was picked: show its options and card, and fill in the recipe's settings when one exists."""
    lang = language_of(request)
    info = dataset_info(dataset)
    spec = default_spec(model, dataset)
    defaults = {**DEFAULT_OPTIONS[dataset], **spec.data_options}  # the dataset's defaults, or the recipe's
    settings = [spec.optimizer, spec.lr, spec.batch_size, spec.epochs, spec.steps, spec.warmup_steps, spec.schedule,
                spec.grad_clip]
    hidden = spec.model_options.get("hidden")
    mlp = [",".join(map(str, hidden)) if hidden else gr.skip(), spec.model_options.get("activation", gr.skip())]
    views = [gr.update(visible=info.family == "toy2d"), gr.update(visible=info.family == "image")]
    return (dataset_card(dataset, lang), *_option_updates(dataset, defaults), *settings, *mlp, *views)


@user_errors
def on_estimate(model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay, warmup, schedule,
                loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train, seq_len,
                request: gr.Request = None):
    """Time and memory this run should take on this device, measured over a few steps."""
    spec = make_spec(**{k: v for k, v in locals().items() if k in SETTINGS})
    return estimate_markdown(spec, language_of(request))


@user_errors
def on_schedule(model, dataset, optimizer, lr, batch_size, epochs, steps, momentum, weight_decay, warmup, schedule,
                loss, grad_clip, seed, amp, hidden, activation, noise, train_ratio, n_samples, n_train, seq_len,
                request: gr.Request = None):
    """The learning rate at each step of the run these settings give (warm-up, then the decay), drawn small."""
    spec = make_spec(**{k: v for k, v in locals().items() if k in SETTINGS})
    p = plan(spec)
    return schedule_figure(p.spec, p.steps, language_of(request))


def on_load_device(request: gr.Request = None) -> str:
    """The device runs train on, named in the visitor's language."""
    lang = language_of(request)
    return message("train_device", lang, device=device_name(describe_device(pick_device("auto")), lang))


# ---------------------------------------------------------------------------------------------------------------
# Training: the line, the live run, Stop

def _affordable_spec(settings: dict) -> TrainSpec:
    """The settings as a spec, refused before any work when its estimate is over the server's time limit."""
    spec = make_spec(**settings)
    est = estimate(spec)
    if est.over_limit:
        raise PlaygroundError(est.over_limit, seconds=f"{est.seconds:.0f}", limit=f"{config.MAX_TRAIN_SECONDS:.0f}")
    return spec


@contextmanager
def _training_place(session: Session):
    """Join the line for a place (a full line raises "busy" before anything changes) -> the ticket, or None where
    the platform queues; on leaving, give the place back and mark the session idle."""
    ticket = TRAIN_SLOTS.join() if TRAIN_SLOTS else None
    session.stop.clear()
    session.running = True
    try:
        yield ticket
    finally:
        if ticket is not None:
            TRAIN_SLOTS.leave(ticket)
        session.running = False
        session.live = None


def _wait_for_place(session: Session, ticket, lang: str):
    """Yield "number n in line" every WAIT_POLL seconds until the run has a place or Stop takes it out."""
    skip = gr.skip()
    while ticket is not None and not session.stop.is_set() and (place := TRAIN_SLOTS.wait(ticket, WAIT_POLL)):
        yield (progress_html(0, 1, message("train_status_waiting", lang, position=place, places=TRAIN_SLOTS.places)),
               *[skip] * 7, session)


def _live_outputs(run: Run, snap, device: str, lang: str) -> tuple:
    """Progress, curves and (for 2-D data) a coarse boundary of a run in progress."""
    boundary = (boundary_figure(run.model, run.summary, lang, LIVE_BOUNDARY_GRID)
                if run.summary.input_kind == "vector" else gr.skip())
    return (progress_html(snap.step, snap.total_steps, status_text(snap, device, lang)),
            curves_figure(snap.history.to_dict(), run.plan.data.task, lang), boundary)


def _stream_run(session: Session, spec: TrainSpec, lang: str):
    """Train, yielding the progress bar, curves and (for 2-D data) the boundary at each report, paced by how long
    the last redraw took; then the result (done or stopped, with its numbers) and the download. The session keeps
    the model only when the run did not diverge."""
    skip = gr.skip()
    run = Run(spec, stop=session.stop, report_every=MIN_INTERVAL)
    session.live = run
    device = device_name(describe_device(run.device), lang)
    pacer = Pacer()
    for snap in run.reports():
        if snap.status != "running":
            break
        if not pacer.due():  # an evaluation's report between two redraws
            continue
        yield (*pacer.draw(_live_outputs, run, snap, device, lang), skip, skip, skip, skip, skip, session)
        run.report_every = pacer.interval  # Run reads it at every step; Stop is checked at every step too
    if run.status == "diverged":
        raise PlaygroundError("train_diverged", step=run.step, lr=spec.lr)
    # the result's line at once (Stop answers here), then the analysis and the download, which take a moment
    yield progress_html(snap.step, snap.total_steps, status_text(snap, device, lang)), *[skip] * 7, session
    session.trained = run.result()
    if ZERO_GPU:  # the GPU goes back when this call ends; the other tabs read the model on the CPU
        session.trained.model.cpu()
    results = result_outputs(session.trained, lang)
    yield (progress_html(snap.step, snap.total_steps, status_text(snap, device, lang)),
           curves_figure(snap.history.to_dict(), run.plan.data.task, lang),
           boundary_figure(run.model, run.summary, lang) if run.summary.input_kind == "vector" else None,
           *results, checkpoint_files(session.trained), session)


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
        raise PlaygroundError("train_already_running")
    try:
        spec = _affordable_spec(settings)
        with _training_place(session) as ticket:
            yield from _wait_for_place(session, ticket, lang)
            if session.stop.is_set():  # Stop while waiting: out of the line, the session's model untouched
                yield progress_html(0, 1, message("train_status_left_line", lang)), *[gr.skip()] * 7, session
                return
            yield from _stream_run(session, spec, lang)
    except PlaygroundError as e:  # refused or diverged: the status says why (the toast too), not an older line
        yield progress_html(0, 1, html.escape(message(e.key, lang, **e.params))), *[gr.skip()] * 7, session
        raise


@user_errors
def on_stop(session: Session, request: gr.Request = None):
    """Ask the running training of this session to stop after its current step -> a line for API clients (the page
    hides it: the run's own stream shows the stopped result, so nothing stale can follow it)."""
    if isinstance(session, Session) and session.running:
        session.stop.set()
        return message("train_stopping", language_of(request))
    return message("train_nothing_to_stop", language_of(request))


# ---------------------------------------------------------------------------------------------------------------
# The session's model: evaluate, load, describe

def _require_model(session) -> TrainedModel:
    if not isinstance(session, Session) or session.trained is None:
        raise PlaygroundError("train_no_model")
    return session.trained


def _show_trained(trained: TrainedModel, lang: str, note: str):
    """Everything train outputs but the session, for a model that came from elsewhere (a file, a shipped one)."""
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
        raise PlaygroundError("train_no_file")
    session = session if isinstance(session, Session) else Session()
    if session.running:
        raise PlaygroundError("train_already_running")
    path = file if isinstance(file, str) else getattr(file, "name", str(file))
    trained = load_checkpoint(path)
    if trained.data.key not in DATASETS:
        raise PlaygroundError("checkpoint_mismatch", name=Path(path).name, detail="dataset")
    session.trained = trained
    lang = language_of(request)
    return (*_show_trained(trained, lang, message("train_loaded", lang, name=Path(path).name)), session)


@user_errors
def on_load_pretrained(name: str, session: Session, request: gr.Request = None):
    """Put one of the shipped teaching models into this session."""
    session = session if isinstance(session, Session) else Session()
    if session.running:
        raise PlaygroundError("train_already_running")
    session.trained = load_pretrained(name)
    lang = language_of(request)
    return (*_show_trained(session.trained, lang, message("train_loaded", lang, name=name)), session)


@user_errors
def on_session_info(session: Session, request: gr.Request = None) -> str:
    """JSON summary of the session's model (for API clients): spec, data description and metrics."""
    trained = _require_model(session)
    return json.dumps({"spec": trained.spec.to_dict(), "data": {k: v for k, v in trained.data.to_dict().items()
                                                                if k != "classes"},
                       "metrics": trained.metrics}, default=str)
