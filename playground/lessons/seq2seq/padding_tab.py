"""The seq2seq sub-tab's padding-mask view: a batch of typed targets padded to one length, the per-token losses,
which of them the mask drops, and the masked mean against the plain one. Laid out and wired inside the seq2seq
tab."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import numpy as np

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors

from .figures import plot_masked_loss
from .padding import PaddedLoss, padded_loss, read_batch
from .subjects import model_for

FIG_KEYS = ("position", "loss", "masked_mean", "plain_mean", "padding", "real_tokens", "all_positions")
DEFAULT_BATCH = "31415926, 271828, 1618, 42"


def _labels(lang: str) -> dict[str, str]:
    return {k: message("seq2seq_padding_fig_" + k, lang) for k in FIG_KEYS}


def padding_text(p: PaddedLoss, lang: str) -> str:
    """The two means written out: sums, counts and the result, and torch's ignore_index value beside them."""
    losses = np.asarray(p.losses, dtype=np.float64)
    n_all = losses.size
    real, pad = float(losses[p.mask].sum()), float(losses[~p.mask].sum())
    return message("seq2seq_padding_result", lang, real=f"{real:.3f}", n_real=p.n_real, masked=f"{p.masked:.4f}",
                   ignored=f"{p.ignored:.4f}", total=f"{real + pad:.3f}", n_all=n_all, plain=f"{p.plain:.4f}",
                   n_pad=n_all - p.n_real, pad=f"{pad:.3f}")


@user_errors
def on_padding(task, choice, batch, lab, request: gr.Request = None):
    """A typed batch through the chosen encoder-decoder: per-token losses, the mask, both means."""
    lang = language_of(request)
    model = model_for(task, choice, lab)
    padded = padded_loss(model, read_batch(batch, task))
    return padding_text(padded, lang), plot_masked_loss(padded, _labels(lang))


@dataclass(frozen=True)
class PaddingPart:
    """The padding view's components."""
    batch_box: gr.Textbox
    padding_button: gr.Button
    padding_markdown: gr.Markdown
    padding_plot: gr.Plot


def layout() -> PaddingPart:
    """The padding view: its intro, the batch box, the per-token losses and the two means."""
    gr.Markdown(I18N("seq2seq_padding_intro"), elem_classes="pg-intro")
    with gr.Row():
        batch_box = gr.Textbox(DEFAULT_BATCH, label=I18N("seq2seq_padding_batch"), max_lines=1,
                               info=I18N("seq2seq_padding_batch_info"), elem_id="s2s_batch")
        padding_button = gr.Button(I18N("seq2seq_padding_run"), scale=0, min_width=140, elem_id="s2s_padding_run")
    padding_plot = gr.Plot(label=I18N("seq2seq_padding_plot"), elem_id="s2s_padding_plot")
    padding_markdown = gr.Markdown(elem_id="s2s_padding_text")
    return PaddingPart(batch_box, padding_button, padding_markdown, padding_plot)


def wire(part: PaddingPart, inputs: list, triggers: list, light: dict) -> None:
    """Recompute on the view's own controls and whenever the shared task or model change.
    inputs: the task and model components, then the lab State."""
    task, model, lab = inputs
    gr.on([part.padding_button.click, part.batch_box.submit, *triggers], on_padding,
          [task, model, part.batch_box, lab], [part.padding_markdown, part.padding_plot],
          api_name="masked_loss", show_progress_on=part.padding_markdown, **light)
