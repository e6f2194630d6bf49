"""What the Train tab shows of a run and of a trained model: the progress bar, status, metrics and dataset card as
text, the curves, boundary and confusion figures (drawn by figures.py), and the mistakes. No gradio."""
from __future__ import annotations

from playground.core.data.datasets import dataset_info, load_dataset
from playground.core.data.vocab import BRACKET_TOKENS, decode_tokens
from playground.core.train.analysis import (
    analyse,
    decision_grid,
    load_test_split,
    series_predictions,
)
from playground.core.train.devices import DeviceName
from playground.core.train.diagnosis import Diagnosis, diagnose, shallower
from playground.core.train.schedule import learning_rates
from playground.core.train.spec import TrainSpec
from playground.core.train.trained import DataSummary, TrainedModel
from playground.i18n import message

from .figures import (
    image_tile,
    plot_confusion,
    plot_curves,
    plot_decision_boundary,
    plot_schedule,
    plot_series,
)

MAX_MISTAKES = 16
MAX_MISTAKE_ROWS = 10  # of a sequence task's table
BOUNDARY_GRID = 61  # points per side of a trained model's decision boundary
LIVE_BOUNDARY_GRID = 41  # and while it trains: a coarse grid keeps each redraw small
STATUS_KEYS = {"running": "train_status_running", "done": "train_status_done", "stopped": "train_status_stopped",
               "time_limit": "train_status_time_limit", "diverged": "train_status_diverged"}


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("train_fig_" + k, lang) for k in keys}


def _fmt_metric(name: str, value: float) -> str:
    return f"{value:.4f}" if name in ("loss", "r2") else f"{value:.2%}"


def metrics_markdown(metrics: dict, lang: str) -> str:
    """The test metrics as a one-row Markdown table."""
    rows = [(message("train_metric_" + k, lang), _fmt_metric(k, v)) for k, v in metrics.items()
            if k in ("loss", "accuracy", "sequence_accuracy", "r2") and isinstance(v, (int, float))]
    head = "| " + " | ".join(r[0] for r in rows) + " |\n|" + "---|" * len(rows) + "\n"
    return head + "| " + " | ".join(f"**{r[1]}**" for r in rows) + " |"


def progress_html(step: int, total: int, text: str) -> str:
    """A progress bar that sits above the plots instead of covering them."""
    share = 100 * step / max(total, 1)
    return (f'<div class="train-progress"><div class="bar"><div style="width:{share:.1f}%"></div></div>'
            f'<div class="text">{text}</div></div>')


def status_text(snap, device: str, lang: str) -> str:
    """One line under the progress bar: step, epoch, speed and time of a run's snapshot."""
    return message(STATUS_KEYS[snap.status], lang, step=snap.step, total=snap.total_steps, epoch=f"{snap.epoch:.2f}",
                   rate=f"{snap.samples_per_second:,.0f}", eta=f"{snap.eta:.0f}", elapsed=f"{snap.elapsed:.1f}",
                   device=device)


def dataset_card(key: str, lang: str) -> str:
    """The dataset's title and description in the visitor's language."""
    key = dataset_info(key).key  # an unknown key is the message that says so
    return f"**{message('dataset_' + key, lang)}** — {message('dataset_' + key + '_about', lang)}"


def dataset_choices(keys: list[str], lang: str) -> list[tuple[str, str]]:
    """(title in the visitor's language, key) for a dataset menu."""
    return [(message("dataset_" + k, lang), k) for k in keys]


def device_name(device: DeviceName, lang: str) -> str:
    """'CUDA · NVIDIA H100', 'Apple MPS' or 'CPU · 8 threads' in the visitor's language."""
    if device.threads is not None:
        return message("train_device_cpu", lang, name=device.name, threads=device.threads)
    return device.name


def _mistake_gallery(data, mistakes: list[dict], lang: str) -> list[tuple]:
    """(image, "true → predicted") per wrongly classified test image."""
    return [(image_tile(data.x_test[m["index"]].numpy()),
             message("train_mistake_caption", lang, true=data.classes[m["true"]], pred=data.classes[m["pred"]]))
            for m in mistakes]


def _mistake_table(data, mistakes: list[dict], lang: str) -> str:
    """Input, expected and predicted sequence of the first wrong answers, as a Markdown table."""
    head = (f"| # | {message('train_col_input', lang)} | {message('train_col_expected', lang)} | "
            f"{message('train_col_predicted', lang)} |\n|---|---|---|---|\n")
    rows = []
    for m in mistakes[:MAX_MISTAKE_ROWS]:
        src = data.x_test[m["index"]].tolist()
        if data.task == "translate":
            src_text = decode_tokens(src, data.classes)
            exp, got = decode_tokens(m["true"], data.classes), decode_tokens(m["pred"], data.classes)
        else:
            src_text = "".join(BRACKET_TOKENS[t] for t in src)
            exp, got = "".join(map(str, m["true"])), "".join(map(str, m["pred"]))
        rows.append(f"| {m['index']} | `{src_text}` | `{exp}` | `{got}` |")
    return head + "\n".join(rows) if rows else message("train_no_mistakes", lang)


def mistake_views(trained: TrainedModel, analysis, lang: str) -> tuple[list, str]:
    """Gallery items for image data; a Markdown table for sequences; nothing for the rest."""
    data, _ = load_test_split(trained)
    if data.input_kind == "image":
        return _mistake_gallery(data, analysis.mistakes, lang), ""
    if data.task in ("tag", "translate"):
        return [], _mistake_table(data, analysis.mistakes, lang)
    return [], ""


def result_outputs(trained: TrainedModel, lang: str):
    """metrics Markdown, confusion (or series) figure, gallery items, mistakes Markdown."""
    analysis = analyse(trained, limit=MAX_MISTAKES)
    figure = None
    if analysis.confusion is not None:
        figure = plot_confusion(analysis.confusion, analysis.classes, _labels(lang, "true", "pred"))
    elif trained.data.task == "regress":
        figure = plot_series(*series_predictions(trained, 3), _labels(lang, "input", "target", "pred", "step"))
    gallery, table = mistake_views(trained, analysis, lang)
    card = message("train_result_head", lang, model=trained.spec.model, dataset=trained.data.key or "?",
                   steps=trained.metrics.get("steps", "?"))
    text = card + "\n\n" + metrics_markdown(analysis.metrics, lang)
    history = trained.history.to_dict()
    if history["steps"]:  # a run, or a file or shipped model that kept its curves
        diagnosis = diagnosis_markdown(history, trained.spec, trained.data.task or "classify", lang)
        text += "\n\n> " + diagnosis.replace("\n\n", "\n>\n> ")  # a quote block beside the metrics
    return text, figure, gallery, table


def curves_figure(history: dict, task: str, lang: str):
    """Loss and metric (accuracy, or R² for regression) curves of a run's history."""
    labels = _labels(lang, "loss", "step", "train", "test")
    labels["metric"] = message("train_fig_r2" if task == "regress" else "train_fig_accuracy", lang)
    return plot_curves(history, labels, metric_is_accuracy=task != "regress")


def boundary_figure(model, summary: DataSummary, lang: str, resolution: int = BOUNDARY_GRID):
    """Decision boundary for 2-D data on a resolution x resolution grid (LIVE_BOUNDARY_GRID while the model
    trains), or None for any other kind."""
    if summary.input_kind != "vector":
        return None
    options = {k: v for k, v in summary.options.items() if k != "seed"}
    data = load_dataset(summary.key, seed=summary.options.get("seed", 0), **options)
    coords, probs = decision_grid(model, summary.loss, resolution=resolution)
    return plot_decision_boundary(coords, probs, data.x_train.numpy(), data.y_train.numpy(), data.x_test.numpy(),
                                  data.y_test.numpy(), _labels(lang, "train", "test", "probability"))


def _reference(spec: TrainSpec, lang: str) -> str:
    """The shallower network the guide compares against: the MLP less its last hidden layer, else in words."""
    hidden = spec.model_options.get("hidden") if isinstance(spec.model_options, dict) else None
    smaller = shallower(hidden)
    if smaller is None:
        return message("train_diag_reference_any", lang)
    return message("train_diag_reference_mlp", lang, hidden=",".join(map(str, smaller)),
                   current=",".join(map(str, hidden)))


def _verdict_text(d: Diagnosis, spec: TrainSpec, last_eval: int, lang: str) -> str:
    if d.verdict == "high_train":
        if d.cause == "still_falling":
            return message("train_diag_still_falling", lang)
        return message("train_diag_plateau", lang, reference=_reference(spec, lang))
    text = message("train_diag_" + d.verdict, lang)
    if d.verdict == "overfit" and d.best_step is not None and d.best_step < last_eval:  # early stopping helps
        text += " " + message("train_diag_best_step", lang, step=f"{d.best_step:,}")
    return text


def diagnosis_markdown(history: dict, spec: TrainSpec, task: str, lang: str) -> str:
    """The verdict of core.train.diagnosis on a run's curves, with the guide's remedy and the numbers it read."""
    d = diagnose(history, accuracy=task != "regress")
    text = _verdict_text(d, spec, max(history.get("eval_steps") or [0]), lang)
    if d.verdict == "too_short":
        return text
    text += "\n\n" + message("train_diag_numbers", lang, start=f"{d.start_loss:.3g}", end=f"{d.train_loss:.3g}",
                              test=f"{d.test_loss:.3g}")
    if d.train_accuracy is not None and d.test_accuracy is not None:
        text += " " + message("train_diag_accuracy", lang, train=f"{d.train_accuracy:.1%}",
                              test=f"{d.test_accuracy:.1%}")
    return text


def schedule_figure(spec: TrainSpec, total: int, lang: str):
    """The learning rate the run's settings give at each of its `total` steps, from the trainer's own lr_factor."""
    steps, rates = learning_rates(spec, total)
    labels = _labels(lang, "lr", "step", "warmup_end")
    return plot_schedule(steps, rates, spec.warmup_steps, labels)
