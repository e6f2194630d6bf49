"""The Labs tab's seq2seq part: the shipped GRU encoder-decoder on typed digits, teacher-forced vs free-running,
scored with the notes' BLEU; beam search (beam_tab) and the padding mask (padding_tab); a lab that trains the model
live with a teacher-forcing ratio; a BLEU calculator on the notes' worked example."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core.data.datasets import DEFAULT_OPTIONS, option_range
from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained

from . import beam_tab, padding_tab
from .bleu import MAX_BLEU_K, Bleu, bleu, bleu_order, parse_tokens
from .decoding import decode_both
from .lab import MAX_LR, MAX_SEED, MAX_STEPS, Seq2seqLab, Seq2seqSpec
from .subjects import model_for
from .tasks import TASKS, read_digits
from .figures import plot_bleu, plot_decoding, plot_seq2seq_curves

PROBE = "31415926"
CHUNK = 25  # training steps between two redraws
FIG_KEYS = ("source", "target", "forced", "free", "position", "fed", "chosen", "true_token", "first_divergence",
            "right", "wrong", "ngram", "precision", "factor", "weight", "brevity", "score", "undefined", "too_short",
            "accuracy", "loss_title", "step", "forced_accuracy", "free_accuracy", "free_sequence_accuracy", "bleu",
            "train_loss", "loss")
LIGHT = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")  # the quick views' events


def _labels(lang: str) -> dict[str, str]:
    return {k: message("seq2seq_fig_" + k, lang) for k in FIG_KEYS}


def bleu_table(b: Bleu, lang: str) -> str:
    """BLEU's parts as Markdown: per n the clipped matches, p_n, its weight and factor; then BP and the score."""
    rows = ["| n | " + " | ".join(message("seq2seq_col_" + k, lang) for k in ("matches", "p", "weight", "factor")) + " |",
            "|---:|---:|---:|---:|---:|"]
    for n, (m, t, p, w) in enumerate(zip(b.matches, b.totals, b.precisions, b.weights), start=1):
        shown = "—" if p is None else f"{p:.4f}"
        factor = "—" if p is None else f"{p ** w:.4f}"
        rows.append(f"| {n} | {m}/{t} | {shown} | 1/{2 ** n} | {factor} |")
    lines = ["\n".join(rows), message("seq2seq_bleu_result", lang, label=b.label_len, pred=b.pred_len,
                                      bp=f"{b.brevity_penalty:.4f}", score=f"{b.score:.4f}")]
    if b.too_short:
        lines.append(message("seq2seq_bleu_short", lang, k=b.k, n=b.pred_len))
    return "\n\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_decode(task, choice, digits, lab, request: gr.Request = None):
    """Typed digits through the chosen encoder-decoder: teacher-forced vs free-running, and BLEU of the latter."""
    lang = language_of(request)
    model = model_for(task, choice, lab)
    src, tgt = read_digits(digits, task)
    decoding = decode_both(model, src, tgt)
    score = bleu(decoding.free.tokens, decoding.target, bleu_order(len(decoding.target)))
    text = message("seq2seq_decoded", lang, source=" ".join(decoding.source), target=" ".join(decoding.target),
                   forced=" ".join(decoding.forced.tokens), free=" ".join(decoding.free.tokens),
                   forced_acc=f"{decoding.forced.accuracy:.0%}", free_acc=f"{decoding.free.accuracy:.0%}",
                   k=score.k, bleu=f"{score.score:.3f}")
    if decoding.first_divergence is not None:
        text += "\n\n" + message("seq2seq_diverged", lang, position=decoding.first_divergence + 1)
    labels = _labels(lang)
    return text, plot_decoding(decoding, labels), plot_bleu(score, labels)


@user_errors
def on_bleu(label, prediction, k, request: gr.Request = None):
    """The notes' BLEU of a typed prediction against a typed label, every factor shown."""
    lang = language_of(request)
    b = bleu(parse_tokens(prediction), parse_tokens(label), k)
    return bleu_table(b, lang), plot_bleu(b, _labels(lang))


@user_errors
def on_train(task, length, teacher_forcing, lr, steps, seed, digits, lab, request: gr.Request = None):
    """A fresh lab trained live: curves and the typed digits decoded by the model as it learns, every CHUNK
    steps. Stop ends it at the next redraw and keeps the model for decoding."""
    lang = language_of(request)
    spec = Seq2seqSpec(task=task, length=length, teacher_forcing=teacher_forcing, lr=lr, seed=seed)
    total = whole(steps)
    if total is None or not 1 <= total <= MAX_STEPS:
        raise PlaygroundError("seq2seq_bad_steps", steps=steps, limit=MAX_STEPS)
    src, tgt = read_digits(digits, spec.task)  # checked before any training
    lab = Seq2seqLab(spec)
    labels = _labels(lang)
    while True:
        h = lab.history
        text = message("seq2seq_training", lang, step=lab.steps, total=total, forced=f"{h.forced_accuracy[-1]:.1%}",
                       free=f"{h.free_accuracy[-1]:.1%}", seq=f"{h.free_sequence_accuracy[-1]:.1%}",
                       bleu=f"{h.bleu[-1]:.3f}")
        yield (text, plot_seq2seq_curves(h, labels), plot_decoding(decode_both(lab.model, src, tgt), labels),
               lab, gr.update(value="lab"))
        if lab.steps >= total:
            break
        lab.step(min(CHUNK, total - lab.steps))


@user_errors
def on_task(task, request: gr.Request = None):
    """A task brings its own default length and range."""
    if task not in TASKS:  # None from an API call: the lab's own message, not the Train tab's dataset one
        raise PlaygroundError("seq2seq_bad_task", task=task, allowed=", ".join(TASKS))
    low, high = option_range(task, "seq_len")
    return gr.update(value=DEFAULT_OPTIONS[task]["seq_len"], minimum=low, maximum=high)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass(frozen=True)
class Seq2seqView:
    """The sub-tab's components: the decoder's inputs and views, the training lab's, the BLEU calculator's."""
    tab: gr.Tab
    task_radio: gr.Radio
    model_radio: gr.Radio
    digits_box: gr.Textbox
    decode_button: gr.Button
    decode_markdown: gr.Markdown
    decoding_plot: gr.Plot
    bleu_plot: gr.Plot
    tf_slider: gr.Slider
    length_slider: gr.Slider
    steps_slider: gr.Slider
    lr_number: gr.Number
    seed_number: gr.Number
    train_button: gr.Button
    stop_button: gr.Button
    train_markdown: gr.Markdown
    curves_plot: gr.Plot
    label_box: gr.Textbox
    pred_box: gr.Textbox
    k_slider: gr.Slider
    calc_markdown: gr.Markdown
    calc_plot: gr.Plot
    lab_state: gr.State
    beam: beam_tab.BeamPart
    padding: padding_tab.PaddingPart

    @property
    def decode_in(self) -> list:
        """on_decode's inputs: task, model, digits, the lab."""
        return [self.task_radio, self.model_radio, self.digits_box, self.lab_state]

    @property
    def decode_out(self) -> list:
        """on_decode's outputs: its text, the decoding and its BLEU."""
        return [self.decode_markdown, self.decoding_plot, self.bleu_plot]

    @property
    def bleu_in(self) -> list:
        """on_bleu's inputs: label, prediction, k."""
        return [self.label_box, self.pred_box, self.k_slider]

    @property
    def bleu_out(self) -> list:
        """on_bleu's outputs: the table and its figure."""
        return [self.calc_markdown, self.calc_plot]


def layout(ctx: TabContext) -> Seq2seqView:
    """The seq2seq sub-tab: the decoder on typed digits, the training lab, then the BLEU calculator."""
    low, high = option_range("reverse", "seq_len")
    with gr.Tab(I18N("tab_seq2seq"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("seq2seq_intro"), elem_classes="pg-intro")
        with gr.Row():
            task_radio = gr.Radio([(I18N("seq2seq_task_" + t), t) for t in TASKS], value="reverse",
                                  label=I18N("seq2seq_task"), elem_id="s2s_task")
            model_radio = gr.Radio([(I18N("seq2seq_model_shipped"), "shipped"), (I18N("seq2seq_model_lab"), "lab")],
                                   value="shipped", label=I18N("seq2seq_model"), elem_id="s2s_model")
            digits_box = gr.Textbox(PROBE, label=I18N("seq2seq_digits"), info=I18N("seq2seq_digits_info"), max_lines=1,
                                    elem_id="s2s_digits")
            decode_button = gr.Button(I18N("seq2seq_decode"), variant="primary", scale=0, min_width=120,
                                      elem_id="s2s_decode")
        ctx.status_area()
        decode_markdown = gr.Markdown(elem_id="s2s_result")
        with gr.Row():
            decoding_plot = gr.Plot(label=I18N("seq2seq_decoding_plot"), elem_id="s2s_decoding_plot", scale=3)
            bleu_plot = gr.Plot(label=I18N("seq2seq_bleu_plot"), elem_id="s2s_bleu_plot", scale=2)
        beam = beam_tab.layout()
        padding = padding_tab.layout()
        gr.Markdown(I18N("seq2seq_train_intro"), elem_classes="pg-intro")
        with gr.Row():
            tf_slider = gr.Slider(0, 1, value=1.0, step=0.05, label=I18N("seq2seq_teacher_forcing"),
                                  info=I18N("seq2seq_teacher_forcing_info"), elem_id="s2s_tf")
            length_slider = gr.Slider(low, high, value=DEFAULT_OPTIONS["reverse"]["seq_len"], step=1,
                                      label=I18N("seq2seq_length"), elem_id="s2s_length")
            steps_slider = gr.Slider(CHUNK, MAX_STEPS, value=600, step=CHUNK, label=I18N("seq2seq_steps"),
                                     elem_id="s2s_steps")
            lr_number = gr.Number(3e-3, label=I18N("seq2seq_lr"), elem_id="s2s_lr")
            seed_number = gr.Number(0, label=I18N("seq2seq_seed"), precision=0, elem_id="s2s_seed")
        with gr.Row():
            train_button = gr.Button(I18N("seq2seq_train"), variant="primary", elem_id="s2s_train")
            stop_button = gr.Button(I18N("seq2seq_stop"), variant="stop", elem_id="s2s_stop")
        train_markdown = gr.Markdown(elem_id="s2s_train_text")
        curves_plot = gr.Plot(label=I18N("seq2seq_curves_plot"), elem_id="s2s_curves_plot")
        gr.Markdown(I18N("seq2seq_bleu_intro"), elem_classes="pg-intro")
        with gr.Row():
            label_box = gr.Textbox("a b c d e f", label=I18N("seq2seq_label"), max_lines=1, elem_id="s2s_label")
            pred_box = gr.Textbox("a b b c d", label=I18N("seq2seq_pred"), max_lines=1, elem_id="s2s_pred")
            k_slider = gr.Slider(1, MAX_BLEU_K, value=4, step=1, label=I18N("seq2seq_k"), elem_id="s2s_k")
        with gr.Row():
            calc_markdown = gr.Markdown(elem_id="s2s_calc_text")
            calc_plot = gr.Plot(label=I18N("seq2seq_calc_plot"), elem_id="s2s_calc_plot")
        lab_state = gr.State(None)  # this visitor's Seq2seqLab

    return Seq2seqView(tab, task_radio, model_radio, digits_box, decode_button, decode_markdown, decoding_plot,
                       bleu_plot, tf_slider, length_slider, steps_slider, lr_number, seed_number, train_button,
                       stop_button, train_markdown, curves_plot, label_box, pred_box, k_slider, calc_markdown,
                       calc_plot, lab_state, beam, padding)


def wire_decoding(v: Seq2seqView) -> None:
    """Decode on Decode, Enter or another model; another task brings its length, then decodes again."""
    gr.on([v.decode_button.click, v.digits_box.submit, v.model_radio.input], on_decode, v.decode_in, v.decode_out,
          api_name="seq2seq_decode", show_progress_on=v.decode_markdown, **LIGHT)
    v.task_radio.input(on_task, v.task_radio, v.length_slider, api_name="seq2seq_task", api_visibility="private"
                       ).then(on_decode, v.decode_in, v.decode_out, api_name="seq2seq_task_decode",
                              api_visibility="private", show_progress_on=v.decode_markdown)


def wire_bleu(v: Seq2seqView) -> None:
    """The calculator recomputes on Enter in either box or a new k."""
    gr.on([v.label_box.submit, v.pred_box.submit, v.k_slider.release], on_bleu, v.bleu_in, v.bleu_out,
          api_name="bleu", **LIGHT)


def wire_training(v: Seq2seqView) -> None:
    """Train streams the lab's curves and decoding; Stop cancels it at the next redraw."""
    training = v.train_button.click(
        on_train, [v.task_radio, v.length_slider, v.tf_slider, v.lr_number, v.steps_slider, v.seed_number,
                   v.digits_box, v.lab_state],
        [v.train_markdown, v.curves_plot, v.decoding_plot, v.lab_state, v.model_radio], api_name="seq2seq_train",
        concurrency_id="labs_train", concurrency_limit=4, show_progress="hidden")
    v.stop_button.click(None, None, None, cancels=[training], api_name="seq2seq_stop", api_visibility="private")


def wire_search_and_padding(v: Seq2seqView) -> list[tuple]:
    """The beam and padding views follow the shared task and model (the beam also the digits); their steps for
    the tab's first paint and refresher."""
    shared = [v.task_radio.input, v.model_radio.input]
    beam_in = [v.task_radio, v.model_radio, v.digits_box, v.lab_state]
    beam_tab.wire(v.beam, beam_in, [v.decode_button.click, v.digits_box.submit, *shared], LIGHT)
    padding_tab.wire(v.padding, [v.task_radio, v.model_radio, v.lab_state], shared, LIGHT)
    return [(beam_tab.on_beam, [*beam_in[:3], v.beam.width_slider, v.lab_state],
             [v.beam.beam_markdown, v.beam.beam_plot]),
            (padding_tab.on_padding, [v.task_radio, v.model_radio, v.padding.batch_box, v.lab_state],
             [v.padding.padding_markdown, v.padding.padding_plot])]


def build(ctx: TabContext) -> TabView:
    """The seq2seq sub-tab; returns its link controls and its refresher."""
    v = layout(ctx)
    wire_decoding(v)
    wire_bleu(v)
    wire_training(v)
    steps = [(on_decode, v.decode_in, v.decode_out), (on_bleu, v.bleu_in, v.bleu_out), *wire_search_and_padding(v)]
    v.tab.select(*chained(steps), api_name="load_seq2seq", api_visibility="private", **LIGHT)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_seq2seq", api_visibility="private", **LIGHT)

    controls = {"seq2seq_task": v.task_radio, "seq2seq_model": v.model_radio, "seq2seq_digits": v.digits_box,
                "s2s_tf": v.tf_slider, "seq2seq_length": v.length_slider, "seq2seq_steps": v.steps_slider,
                "seq2seq_lr": v.lr_number, "seq2seq_seed": v.seed_number, "bleu_label": v.label_box, "bleu_pred": v.pred_box,
                "bleu_k": v.k_slider, "beam_width": v.beam.width_slider, "padding_batch": v.padding.batch_box}
    ranges = {"seq2seq_lr": lambda x, values: 0 < x <= MAX_LR,  # what Seq2seqSpec accepts; others: left out
              "seq2seq_seed": lambda x, values: 0 <= x <= MAX_SEED and x == int(x)}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh}, ranges=ranges)
