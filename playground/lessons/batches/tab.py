"""The Concepts tab's batch-size race: the same MLP and data at batch 1, 16, 256 and the full batch, drawn while
they train one after another. The work happens in .compute (the core trainer)."""
from __future__ import annotations

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView

from . import compute as batches
from .figures import plot_batch_losses, plot_batch_summary

OPTIMIZER_CHOICES = ("sgd", "momentum", "adam")  # the race offers these; the API may name any core optimiser


def lane_name(batch: int, full: int, lang: str) -> str:
    """'batch 16', or 'full batch (2000)' for the lane that takes the whole training set."""
    if batch == full:
        return message("batches_lane_full", lang, batch=f"{batch:,}")
    return message("batches_lane", lang, batch=f"{batch:,}")


def _fmt(value, pattern: str) -> str:
    return "–" if value is None else format(value, pattern)


def race_table(lanes, names: list[str], lang: str) -> str:
    """One Markdown row per lane: updates, seconds per epoch, last training loss, test accuracy."""
    rows = [message("batches_table_head", lang)]
    for lane, name in zip(lanes, names):
        state = {"waiting": message("batches_waiting", lang), "diverged": message("batches_diverged", lang)}
        accuracy = state.get(lane.status) or _fmt(lane.test_accuracy, ".1%")
        last = _fmt(lane.losses[-1] if lane.losses else None, ".3g")
        done = "" if lane.status == "waiting" else f"{len(lane.updates):,} / "
        rows.append(f"| {name} | {done}{lane.total_updates:,} | "
                    f"{_fmt(lane.seconds_per_epoch, '.3g')} | {last} | {accuracy} |")
    return "\n".join(rows)


def takeaway(lanes, names: list[str], epochs: float, lang: str) -> str:
    """What the finished race shows, in its own numbers."""
    small, full = lanes[0], lanes[-1]
    scored = [(lane.test_accuracy, name) for lane, name in zip(lanes, names) if lane.test_accuracy is not None]
    if len(scored) < len(lanes) or small.seconds_per_epoch is None or full.seconds_per_epoch is None:
        return ""
    best_accuracy, best = max(scored)
    return message("batches_takeaway", lang, epochs=f"{epochs:g}", small=f"{small.total_updates:,}",
                   full=f"{full.total_updates:,}", acc_full=f"{full.test_accuracy:.1%}",
                   acc_best=f"{best_accuracy:.1%}", best=best, sec_small=f"{small.seconds_per_epoch:.3g}",
                   sec_full=f"{full.seconds_per_epoch:.3g}")


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("batches_fig_" + k, lang) for k in keys}


def race_outputs(lanes, epochs: float, lang: str) -> tuple:
    """The loss figure, the summary bars and the text (the running lane's progress, or the take-away) of lanes."""
    full = lanes[-1].batch
    names = [lane_name(lane.batch, full, lang) for lane in lanes]
    running = next((i for i, lane in enumerate(lanes) if lane.status == "running"), None)
    if running is not None:
        lane = lanes[running]
        head = message("batches_running", lang, name=names[running], step=f"{len(lane.updates):,}",
                       total=f"{lane.total_updates:,}")
    else:
        head = takeaway(lanes, names, epochs, lang)
    losses = plot_batch_losses(lanes, names, _labels(lang, "updates", "seconds", "loss", "by_update", "by_time"))
    summary = plot_batch_summary(lanes, names, _labels(lang, "accuracy", "seconds_per_epoch"))
    return losses, summary, (head + "\n\n" if head else "") + race_table(lanes, names, lang)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_batch_race(dataset, epochs, lr, optimizer, seed, request: gr.Request = None):
    """Train the four batch sizes one after another, streaming the losses, then the accuracies and timings."""
    lang = language_of(request)
    epochs = read_number(epochs, "batches_epochs", lang)
    lr = read_number(lr, "batches_lr", lang)
    seed = read_number(seed, "batches_seed", lang, whole_number=True)
    for lanes in batches.race(dataset, epochs, lr, optimizer, seed):
        yield race_outputs(lanes, epochs, lang)


@user_errors
def on_race_plan(dataset, epochs, lr, optimizer, seed, request: gr.Request = None):
    """Before the race: each batch size and the updates its epochs take, as the table the race fills in."""
    lang = language_of(request)
    epochs = read_number(epochs, "batches_epochs", lang)
    lr = read_number(lr, "batches_lr", lang)
    seed = read_number(seed, "batches_seed", lang, whole_number=True)
    lanes = batches.plan_lanes(dataset, epochs, lr, optimizer, seed)
    updates = " · ".join(message("batches_plan_item", lang, name=lane_name(lane.batch, lanes[-1].batch, lang),
                                 updates=f"{lane.total_updates:,}") for lane in lanes)
    return message("batches_plan", lang, updates=updates)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The batch-size race sub-tab; it trains only when asked (Race). Returns its link controls."""
    with gr.Tab(I18N("tab_batches"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("batches_intro"), elem_classes="pg-intro")
        with gr.Row():
            dataset = gr.Dropdown([(I18N("dataset_" + k), k) for k in batches.DATASETS], value="circle",
                                  label=I18N("batches_dataset"), elem_id="batches_dataset")
            epochs = gr.Slider(1, batches.MAX_EPOCHS, value=batches.EPOCHS, step=1, label=I18N("batches_epochs"),
                               elem_id="batches_epochs")
            lr = gr.Number(batches.LR, label=I18N("batches_lr"), elem_id="batches_lr")
            optimizer = gr.Dropdown([(I18N("optimizer_" + o), o) for o in OPTIMIZER_CHOICES], value=batches.OPTIMIZER,
                                    label=I18N("batches_optimizer"), elem_id="batches_optimizer")
            seed = gr.Number(0, precision=0, label=I18N("batches_seed"), elem_id="batches_seed")
        plan = gr.Markdown(elem_id="batches_plan")
        race_button = gr.Button(I18N("batches_race"), variant="primary", elem_id="batches_race_button")
        ctx.status_area()
        text = gr.Markdown(elem_id="batches_text")
        loss_plot = gr.Plot(label=I18N("batches_loss_plot"), elem_id="batches_loss_plot")
        summary_plot = gr.Plot(label=I18N("batches_summary_plot"), elem_id="batches_summary_plot")
        ctx.notes_differ("batches_differs_large_batch")

    settings = [dataset, epochs, lr, optimizer, seed]
    race_button.click(on_batch_race, settings, [loss_plot, summary_plot, text], api_name="batch_size_race",
                      concurrency_id="batch_race", concurrency_limit=1)
    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    gr.on([dataset.input, epochs.release, optimizer.input], on_race_plan, settings, plan, api_name="batch_size_plan",
          **light)
    tab.select(on_race_plan, settings, plan, api_name="load_batches", api_visibility="private", **light)

    def refresh(button: gr.Button):
        """A restored view shows the race's plan; the race itself waits for its button (seconds of CPU)."""
        button.click(on_race_plan, settings, plan, api_name="refresh_batches", api_visibility="private", **light)

    # link keys carry the lesson's prefix: the Concepts group's lessons share one set of keys
    controls = {"bs_dataset": dataset, "bs_epochs": epochs, "bs_lr": lr, "bs_optimizer": optimizer, "bs_seed": seed}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh},
                   ranges={"bs_lr": lambda x, values: 0 < x <= batches.MAX_LR})
