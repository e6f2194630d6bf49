"""The seq2seq sub-tab's beam-search view: the typed digits decoded by beam search of width 1 to 8, every kept
hypothesis per step with its log-probability, against greedy decoding. Laid out and wired inside the seq2seq tab."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import numpy as np

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors

from .beam import MAX_WIDTH, BeamView, beam_view
from .figures import plot_beam
from .subjects import model_for
from .tasks import read_digits

FIG_KEYS = ("step", "start", "greedy", "kept", "best", "token", "token_logp", "total_logp", "width")
MAX_ROWS = 8  # hypotheses listed in the table


def _labels(lang: str) -> dict[str, str]:
    return {k: message("seq2seq_beam_fig_" + k, lang) for k in FIG_KEYS}


def _signed(v: float, digits: int = 4) -> str:
    return f"{v:.{digits}f}".replace("-", "−")


def _answer(view: BeamView, tokens) -> str:
    """Tokens as Markdown text: "<eos>" would be read as an HTML tag, so its angle brackets become ‹ ›."""
    return " ".join(view.text(tokens)).replace("<", "‹").replace(">", "›")


def beam_table(view: BeamView, lang: str) -> str:
    """The finished hypotheses best first, then greedy's answer, as Markdown; and whether beam search beat it."""
    head = [message("seq2seq_beam_col_" + k, lang) for k in ("rank", "answer", "total", "p")]
    rows = ["| " + " | ".join(head) + " |", "|---:|:---|---:|---:|"]
    for i, h in enumerate(view.beam.ranked[:MAX_ROWS], start=1):
        rows.append(f"| {i} | {_answer(view, h.tokens)} | {_signed(h.total)} | {np.exp(h.total):.4f} |")
    g = view.greedy
    rows.append(f"| {message('seq2seq_beam_fig_greedy', lang)} | {_answer(view, g.tokens)} | "
                f"{_signed(g.total)} | {np.exp(g.total):.4f} |")
    best = view.beam.best
    if best.tokens == g.tokens:
        verdict = message("seq2seq_beam_same", lang, width=view.beam.width)
    elif best.total > g.total:
        ratio = f"{np.exp(best.total - g.total):.3f}"
        verdict = message("seq2seq_beam_better", lang, width=view.beam.width, ratio=ratio)
    else:
        verdict = message("seq2seq_beam_worse", lang, width=view.beam.width)
    target = message("seq2seq_beam_target", lang, target=" ".join(view.target), n=len(view.target))
    return "\n".join(rows) + "\n\n" + verdict + "\n\n" + target


@user_errors
def on_beam(task, choice, digits, width, lab, request: gr.Request = None):
    """Typed digits through the chosen encoder-decoder: beam search of the chosen width against greedy."""
    lang = language_of(request)
    model = model_for(task, choice, lab)
    src, tgt = read_digits(digits, task)
    view = beam_view(model, src, tgt, width)
    return beam_table(view, lang), plot_beam(view, _labels(lang))


@dataclass(frozen=True)
class BeamPart:
    """The beam view's components."""
    width_slider: gr.Slider
    beam_button: gr.Button
    beam_markdown: gr.Markdown
    beam_plot: gr.Plot


def layout() -> BeamPart:
    """The beam view: its intro, the width, the tree and the table of finished hypotheses."""
    gr.Markdown(I18N("seq2seq_beam_intro"), elem_classes="pg-intro")
    with gr.Row():
        width_slider = gr.Slider(1, MAX_WIDTH, value=3, step=1, label=I18N("seq2seq_beam_width"),
                                 info=I18N("seq2seq_beam_width_info"), elem_id="s2s_beam_width")
        beam_button = gr.Button(I18N("seq2seq_beam_run"), scale=0, min_width=140, elem_id="s2s_beam_run")
    beam_plot = gr.Plot(label=I18N("seq2seq_beam_plot"), elem_id="s2s_beam_plot")
    beam_markdown = gr.Markdown(elem_id="s2s_beam_text")
    return BeamPart(width_slider, beam_button, beam_markdown, beam_plot)


def wire(part: BeamPart, inputs: list, triggers: list, light: dict) -> None:
    """Search again on the view's own controls and whenever the shared task, model or digits change.
    inputs: the task, model and digits components, then the lab State."""
    task, model, digits, lab = inputs
    gr.on([part.beam_button.click, part.width_slider.release, *triggers], on_beam,
          [task, model, digits, part.width_slider, lab], [part.beam_markdown, part.beam_plot],
          api_name="beam_search", show_progress_on=part.beam_markdown, **light)
