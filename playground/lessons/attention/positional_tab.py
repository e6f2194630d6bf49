"""The Attention tab's positional-encoding lab: the sinusoidal table, chosen dimensions as waves, PE·PEᵀ, a shift as
a rotation, and four schemes side by side (with the chosen model's learned positions when it has them). The work
happens in positional.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import numpy as np

from playground.core.errors import PlaygroundError
from playground.core.session import Session
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors

from . import positional as pe
from .positional_figures import plot_pe_matrix, plot_pe_waves, plot_schemes, plot_shift, plot_similarity
from .subjects import figure_labels, is_vit, subject_for

CONCURRENCY = dict(concurrency_id="attention", concurrency_limit=4)  # shared with the model's views
FIG_KEYS = ("position", "dimension", "value", "dim", "sin", "cos", "similarity", "matrix", "shifted", "rotated",
            "error", "no_learned", "sinusoidal", "learned", "rope", "alibi", "query", "key")


def read_dims(text: str, d_model: int) -> list[int]:
    """'0, 1 6' -> [0, 1, 6] (at most 8)."""
    try:
        dims = [int(p) for p in str(text or "").replace(",", " ").split()]
    except ValueError:
        raise PlaygroundError("attention_pe_bad_dims", dims=text) from None
    if not dims:
        raise PlaygroundError("attention_pe_bad_dims", dims=text)
    return pe.check_dims(dims, d_model)[:8]


def learned_for(choice, session) -> np.ndarray | None:
    """Learned position embeddings of the chosen model when it has them (a GPT or BERT), else None."""
    try:
        return pe.learned_positions(subject_for(choice, session).model) if not is_vit(choice) else None
    except PlaygroundError:
        return None


@user_errors
def on_positional(d_model, length, dims, offset, n_heads, alibi_head, choice, session: Session,
                  request: gr.Request = None):
    """The sinusoidal table, chosen dimensions as waves, PE·PEᵀ, the shift as a rotation, and four schemes."""
    lang = language_of(request)
    d_model, length, k, n_heads, alibi_head = (
        read_number(v, name, lang, whole_number=True) for v, name in ((d_model, "attention_pe_d_model"), (length, "attention_pe_length"),
                                                                      (offset, "attention_pe_offset"), (n_heads, "attention_pe_heads"),
                                                                      (alibi_head, "attention_pe_alibi_head")))
    table = pe.sinusoidal(length, d_model)  # (length, d_model)
    wanted = read_dims(dims, d_model)
    check = pe.shift_check(length, d_model, k)
    schemes = pe.compare_schemes(length, d_model, n_heads, alibi_head, learned_for(choice, session))
    fig_labels = figure_labels(lang, "attention_pe_fig_", *FIG_KEYS)
    text = message("attention_pe_shift_text", lang, k=k, n=check["positions"], err64=f"{check['error_float64']:.1e}",
                   err32=f"{check['error_float32']:.1e}", fit=f"{check['fit_error']:.1e}", fit_dims=check["fit_dims"])
    return (plot_pe_matrix(table, fig_labels), plot_pe_waves(table, wanted, fig_labels),
            plot_similarity(pe.similarity(table), fig_labels),
            plot_shift(table, k, pe.shift_matrix(d_model, k), check, fig_labels), plot_schemes(schemes, fig_labels),
            text)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass(frozen=True)
class PositionalLab:
    """The lab's settings and its figures."""
    d_model: gr.Slider
    length: gr.Slider
    offset: gr.Slider
    dims: gr.Textbox
    heads: gr.Slider
    alibi_head: gr.Slider
    text: gr.Markdown
    matrix_plot: gr.Plot
    similarity_plot: gr.Plot
    waves_plot: gr.Plot
    shift_plot: gr.Plot
    schemes_plot: gr.Plot

    def inputs(self, model: gr.Dropdown, session: gr.State) -> list:
        """on_positional's inputs: the settings, then the tab's model (for its learned positions) and session."""
        return [self.d_model, self.length, self.dims, self.offset, self.heads, self.alibi_head, model, session]

    @property
    def outputs(self) -> list:
        """on_positional's outputs: five figures, then the shift's text."""
        return [self.matrix_plot, self.waves_plot, self.similarity_plot, self.shift_plot, self.schemes_plot,
                self.text]


def layout_lab() -> PositionalLab:
    """The lab's sliders, then its text and figures (inside its own sub-tab)."""
    gr.Markdown(I18N("attention_pe_intro"), elem_classes="pg-intro")
    with gr.Row():
        d_model_slider = gr.Slider(2, pe.MAX_PE, value=64, step=2, label=I18N("attention_pe_d_model"), elem_id="pe_d_model")
        length_slider = gr.Slider(2, pe.MAX_PE, value=64, step=1, label=I18N("attention_pe_length"), elem_id="pe_length")
        offset_slider = gr.Slider(0, pe.MAX_PE - 1, value=3, step=1, label=I18N("attention_pe_offset"),
                                  info=I18N("attention_pe_offset_info"), elem_id="pe_offset")
    with gr.Row():
        dims_box = gr.Textbox("0 1 6 7 20 21", label=I18N("attention_pe_dims"), info=I18N("attention_pe_dims_info"), elem_id="pe_dims")
        heads_slider = gr.Slider(1, 32, value=8, step=1, label=I18N("attention_pe_heads"))
        alibi_head_slider = gr.Slider(0, 31, value=0, step=1, label=I18N("attention_pe_alibi_head"))
    pe_markdown = gr.Markdown(elem_id="pe_text")
    with gr.Row():
        pe_plot = gr.Plot(label=I18N("attention_pe_matrix"), elem_id="pe_matrix")
        similarity_plot = gr.Plot(label=I18N("attention_pe_similarity"), elem_id="pe_similarity")
    waves_plot = gr.Plot(label=I18N("attention_pe_waves"), elem_id="pe_waves")
    shift_plot = gr.Plot(label=I18N("attention_pe_shift"), elem_id="pe_shift")
    schemes_plot = gr.Plot(label=I18N("attention_pe_schemes"), elem_id="pe_schemes")
    return PositionalLab(d_model_slider, length_slider, offset_slider, dims_box, heads_slider, alibi_head_slider,
                         pe_markdown, pe_plot, similarity_plot, waves_plot, shift_plot, schemes_plot)


def wire_lab(pe_tab: gr.Tab, lab: PositionalLab, model: gr.Dropdown, session: gr.State):
    """Any setting redraws the lab, as does its sub-tab's opening; returns the lab's refresher."""
    pe_in, pe_out = lab.inputs(model, session), lab.outputs
    gr.on([lab.d_model.release, lab.length.release, lab.dims.submit, lab.offset.release, lab.heads.release,
           lab.alibi_head.release], on_positional, pe_in, pe_out, api_name="positional_encoding",
          trigger_mode="always_last", **CONCURRENCY, show_progress_on=lab.text)
    pe_tab.select(on_positional, pe_in, pe_out, api_name="load_positional", api_visibility="private")

    def refresh_positional(button: gr.Button):
        button.click(on_positional, pe_in, pe_out, api_name="refresh_positional", **CONCURRENCY,
                     api_visibility="private")

    return refresh_positional
