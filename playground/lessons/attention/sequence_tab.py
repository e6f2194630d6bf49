"""The Attention tab's views of a model on a typed sequence: the model's answer, every layer x head at a glance, one
head enlarged, the scaled dot product step by step, and the mask lab; live while the session's Transformer trains.
A ViT's picture views (vit_tab) take the answer, overview and enlarged head's places. The work is in compute.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import numpy as np

from playground.core.data.vocab import CHAR_VOCAB
from playground.core.session import SESSION, Session
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.live import toggle_timer
from playground.ui.view import chained, committed

from . import compute as am
from .controls_tab import Controls, read_head
from .figures import plot_attention_head, plot_attention_overview, plot_attention_steps, plot_mask_lab
from .subjects import attention_for, figure_labels, is_vit, layer_label, subject_for
from .vit_tab import Picture, layout_matrix, on_picture_gate, on_picture_source, on_vit_matrix, vit_views

CONCURRENCY = dict(concurrency_id="attention", concurrency_limit=4)  # every drawing event of the tab
PRIVATE = dict(api_visibility="private")


def result_text(subject: am.AttentionSubject, result: am.AttentionResult, lang: str) -> str:
    """The model's answer to the text as Markdown, with the expected one, and what to know about the model."""
    join = "".join if subject.vocab is CHAR_VOCAB else " ".join  # characters read as text, digits and tags spaced
    source, output = join(result.source), join(result.output)
    lines = [message("attention_result_" + ("bert" if subject.kind == "encoder" else subject.task), lang,
                     model=subject.key, source=source, output=output)]
    if result.expected is not None:
        wrong = sum(a != b for a, b in zip(result.output, result.expected))
        lines.append(message("attn_expected_right" if not wrong else "attn_expected_wrong", lang,
                             expected=" ".join(result.expected), n=wrong))
    if subject.dataset is None:
        lines.append(message("attention_random_note", lang))
    lines += [message(key, lang, **params) for key, params in result.notices]
    return "\n\n".join(lines)


def head_figure(layer: am.AttentionLayer, head: int, lang: str):
    """One head's (T_q, T_k) weights enlarged, its masked cells marked."""
    return plot_attention_head(layer.weights[head].numpy(), layer.queries, layer.keys,
                               figure_labels(lang, "attention_fig_", "query", "key", "weight", "masked"),
                               None if layer.mask is None else layer.mask.numpy())


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_attention(choice, text, module, head, source, dataset, index, upload, weights, session: Session,
                 request: gr.Request = None,
                 progress=gr.Progress(track_tqdm=True)):
    """The model's answer, every layer x head, the module list, and the chosen head enlarged."""
    lang = language_of(request)
    if is_vit(choice):
        return vit_views(choice, module, head, source, dataset, index, upload, weights, lang, progress)
    subject, result = attention_for(choice, text, session)
    names = [(layer_label(m, lang), m.name) for m in result.layers]
    module = module if module in [n for _, n in names] else names[-1][1]
    layer = result.layer(module)
    n_heads = layer.weights.shape[0]
    h = min(max(read_head(head, lang), 0), n_heads - 1)
    overview = plot_attention_overview([(layer_label(m, lang), m.weights.numpy()) for m in result.layers],
                                       figure_labels(lang, "attention_fig_", "head", "weight"))
    return (result_text(subject, result, lang), overview, gr.update(choices=names, value=module),
            gr.update(maximum=n_heads - 1, value=h), head_figure(layer, h, lang))


@user_errors
def on_head(choice, text, module, head, source, dataset, index, upload, weights, session: Session,
            request: gr.Request = None,
            progress=gr.Progress(track_tqdm=True)):
    """One head of one attention module, enlarged (rows: queries, columns: keys)."""
    lang = language_of(request)
    if is_vit(choice):
        return vit_views(choice, module, head, source, dataset, index, upload, weights, lang, progress)[-1]
    _, result = attention_for(choice, text, session)
    layer = result.layer(module)
    return head_figure(layer, am.check_head(layer, read_head(head, lang)), lang)


@user_errors
def on_steps(choice, text, module, head, session: Session, request: gr.Request = None):
    """softmax(Q Kᵀ / √d_k + mask) V for one head, every number shown, on at most 10 tokens."""
    lang = language_of(request)
    if is_vit(choice):
        return None, message("attention_vit_no_steps", lang)
    steps = am.attention_steps(subject_for(choice, session), text, module, read_head(head, lang))
    fig = plot_attention_steps(steps, figure_labels(lang, "attention_step_", "q", "k", "v", "qk", "scaled", "masked",
                                                    "softmax", "out", "dim", "row_sum"))
    sums = steps["weights"].sum(axis=1)
    lines = [message("attention_steps_text", lang, n=len(steps["queries"]), d_k=steps["d_k"],
                     root=f"{np.sqrt(steps['d_k']):.3f}", low=f"{sums.min():.6f}", high=f"{sums.max():.6f}",
                     diff=f"{np.abs(steps['weights'] - steps['recorded']).max():.1e}")]
    lines.append(message("attention_steps_mask" if steps["has_mask"] else "attention_steps_no_mask", lang))
    lines += [message(key, lang, **params) for key, params in steps["notices"]]
    return fig, "\n\n".join(lines)


@user_errors
def on_mask_lab(choice, text, module, head, n_pad, session: Session, request: gr.Request = None):
    """One self-attention head's scores under bidirectional, causal and padding masks."""
    lang = language_of(request)
    if is_vit(choice):
        return None, message("attention_vit_no_steps", lang)
    head, n_pad = read_head(head, lang), read_number(n_pad, "attention_pad", lang, whole_number=True, default=0)
    subject = subject_for(choice, session)
    block = int(next((p for p in str(module).split(".") if p.isdecimal()), 0))
    lab = am.mask_lab(subject, text, block, head, n_pad)
    fig = plot_mask_lab(lab, {**figure_labels(lang, "attention_mask_", *am.MASKS, "mask", "weights")})
    which = "attention_lab_source" if subject.kind == "encoder_decoder" else "attention_lab_model"
    text = [message(which, lang, block=block, head=head, n=n_pad)]
    kind = am.layer_kind(subject, str(module))
    if subject.kind == "encoder_decoder" and kind != "encoder":  # the lab never runs the decoder: say so
        chosen = message("attention_kind_" + kind, lang, block=block)
        text.append(message("attention_lab_encoder_only", lang, chosen=chosen, block=block))
    text += [message(key, lang, **params) for key, params in lab["notices"]]
    return fig, "\n\n".join(text)


def on_live_tick(choice, text, module, head, source, dataset, index, upload, weights, session: Session,
                 request: gr.Request = None):
    """While this session trains a Transformer, redraw the probe input's attention from a copy of the model."""
    if choice != SESSION or not isinstance(session, Session) or session.live is None:
        return gr.skip(), gr.skip(), gr.skip()
    try:
        out, overview, _, _, enlarged = on_attention(choice, text, module, head, source, dataset, index, upload,
                                                     weights, session, request)
        return out, overview, enlarged
    except gr.Error:  # the model in training is not a Transformer, or the text does not suit it: try again later
        return gr.skip(), gr.skip(), gr.skip()


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass(frozen=True)
class Views:
    """The model's views: its answer and overview beside the controls, then the head, steps and mask sub-tabs."""
    result: gr.Markdown
    overview: gr.Plot
    head_plot: gr.Plot
    vit_plot: gr.Plot
    steps_markdown: gr.Markdown
    steps_plot: gr.Plot
    pad: gr.Slider
    lab_markdown: gr.Markdown
    lab_plot: gr.Plot


@dataclass(frozen=True)
class Ports:
    """The inputs and outputs of each view's callback."""
    views_in: list
    views_out: list
    steps_in: list
    lab_in: list
    vit_matrix_in: list

    @classmethod
    def of(cls, c: Controls, picture: Picture, v: Views) -> Ports:
        """The lists the callbacks take, in their parameters' order."""
        return cls(views_in=[c.model, c.text, c.module, c.head, *picture.inputs, c.session],
                   views_out=[v.result, v.overview, c.module, c.head, v.head_plot],
                   steps_in=[c.model, c.text, c.module, c.head, c.session],
                   lab_in=[c.model, c.text, c.module, c.head, v.pad, c.session],
                   vit_matrix_in=[c.model, c.module, c.head, *picture.inputs, c.session])


def layout_answer() -> tuple[gr.Markdown, gr.Plot]:
    """The model's answer and every layer x head at a glance, beside the controls."""
    return gr.Markdown(elem_id="attn_result"), gr.Plot(label=I18N("attention_overview"), elem_id="attn_overview")


def layout_views(result: gr.Markdown, overview: gr.Plot) -> Views:
    """The head, step-by-step and mask-lab sub-tabs (inside the tab's gr.Tabs), with the answer laid out before."""
    with gr.Tab(I18N("attention_subtab_head"), id="attn_head_tab"):
        head_plot = gr.Plot(label=I18N("attention_head_plot"), elem_id="attn_head_plot")
        gr.Markdown(I18N("attention_head_note"))
        vit_plot = layout_matrix()
    with gr.Tab(I18N("attention_subtab_steps"), id="attn_steps_tab"):
        gr.Markdown(I18N("attention_steps_intro"), elem_classes="pg-intro")
        steps_markdown = gr.Markdown(elem_id="attn_steps_text")
        steps_plot = gr.Plot(label=I18N("attention_steps_plot"), elem_id="attn_steps")
    with gr.Tab(I18N("attention_subtab_masks"), id="attn_mask_tab"):
        gr.Markdown(I18N("attention_lab_intro"), elem_classes="pg-intro")
        pad_slider = gr.Slider(0, am.MAX_PAD, value=2, step=1, label=I18N("attention_pad"), info=I18N("attention_pad_info"),
                               elem_id="attn_pad")
        lab_markdown = gr.Markdown(elem_id="attn_lab_text")
        lab_plot = gr.Plot(label=I18N("attention_lab_plot"), elem_id="attn_lab")
    return Views(result, overview, head_plot, vit_plot, steps_markdown, steps_plot, pad_slider, lab_markdown,
                 lab_plot)


def wire_views(tab: gr.Tab, c: Controls, picture: Picture, v: Views, p: Ports):
    """Run, a new text, model or picture, another module or head, the mask's padding, and the tab's opening."""
    shown = dict(show_progress_on=v.result)

    def then_details(event, steps_api="then_attention_steps", private=True):
        """attention -> steps -> mask lab -> ViT matrix, each its own endpoint."""
        return event.success(on_steps, p.steps_in, [v.steps_plot, v.steps_markdown], api_name=steps_api,
                             **(PRIVATE if private else {})
                             ).success(on_mask_lab, p.lab_in, [v.lab_plot, v.lab_markdown],
                                       api_name="then_mask_lab_" + steps_api, **PRIVATE
                                       ).success(on_vit_matrix, p.vit_matrix_in, v.vit_plot,
                                                 api_name="then_vit_matrix_" + steps_api, **PRIVATE)

    then_details(gr.on([c.run.click, c.text.submit, c.model.input, picture.upload.upload, picture.weights.upload,
                        *committed(picture.index), picture.dataset.input], on_attention, p.views_in, p.views_out,
                       api_name="attention", trigger_mode="always_last", **CONCURRENCY, **shown))
    then_details(gr.on([c.module.input, c.head.release], on_head, p.views_in, v.head_plot,
                       api_name="attention_head", trigger_mode="always_last", **CONCURRENCY, **shown),
                 steps_api="attention_steps", private=False)
    # Another picture source: its photos or datasets listed, then a ViT's views of the picture.
    then_details(picture.source.input(on_picture_source, [picture.source, picture.dataset],
                                      [picture.dataset, picture.index], api_name="vit_picture_source",
                                      show_progress="hidden", **PRIVATE
                                      ).success(on_picture_gate, [c.model, picture.source, picture.upload], None,
                                                api_name="vit_picture_gate", show_progress="hidden", **PRIVATE
                                                ).success(on_attention, p.views_in, p.views_out,
                                                          api_name="attention_after_source", **PRIVATE,
                                                          **CONCURRENCY, **shown),
                 steps_api="attention_after_source_steps")
    v.pad.release(on_mask_lab, p.lab_in, [v.lab_plot, v.lab_markdown], api_name="mask_lab", **CONCURRENCY)
    # Views are drawn when their tab opens, not at page load, so the first tab is not kept waiting.
    then_details(tab.select(on_attention, p.views_in, p.views_out, api_name="load_attention", **PRIVATE),
                 steps_api="load_attention_steps")


def wire_live(c: Controls, v: Views, p: Ports, timer: gr.Timer) -> None:
    """The live checkbox switches the timer; each tick redraws from the model the session is training."""
    c.live.input(toggle_timer, c.live, timer, api_name="attention_live", **PRIVATE)
    timer.tick(on_live_tick, p.views_in, [v.result, v.overview, v.head_plot], api_name="attention_live_tick",
               show_progress="hidden", **PRIVATE)


def refresher(v: Views, p: Ports):
    """A function that wires a button to redraw the model's views: overview, one head, steps, mask lab."""
    def refresh(button: gr.Button):
        button.click(*chained([(on_attention, p.views_in, p.views_out),
                               (on_steps, p.steps_in, [v.steps_plot, v.steps_markdown]),
                               (on_mask_lab, p.lab_in, [v.lab_plot, v.lab_markdown]),
                               (on_vit_matrix, p.vit_matrix_in, [v.vit_plot])]), api_name="refresh_attention",
                     **CONCURRENCY, show_progress_on=v.result, **PRIVATE)
    return refresh
