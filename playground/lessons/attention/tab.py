"""The Attention tab: a Transformer on a sequence the visitor types (the shipped encoder-decoder and GPT, the model
trained in this session, or a teaching Transformer with random weights) or a ViT on a picture. Every layer x head
at a glance, one head enlarged, the scaled dot product step by step, a mask lab, and a positional-encoding lab.
Live while the Train tab trains a Transformer in the same session. The work happens in playground.attention_maps,
playground.vit_attention and playground.positional."""
from __future__ import annotations

from functools import lru_cache

import gradio as gr
import numpy as np

from playground.core.data.datasets import dataset_info, list_datasets
from playground.core.data.images import picture_for, to_model_input
from playground.core.data.vocab import CHAR_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.session import SESSION, Session, choice_key, trained_model_for
from playground.core.train.shipped import available
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained
from playground.ui.live import toggle_timer

from . import compute as am
from . import positional as pe
from . import vit as va
from .figures import plot_attention_head, plot_attention_overview, plot_attention_steps, plot_mask_lab
from .positional_figures import plot_pe_matrix, plot_pe_waves, plot_schemes, plot_shift, plot_similarity
from .vit_figures import plot_patch_attention, plot_patch_overview, plot_token_matrix

DEFAULT = "pretrained/tiny_transformer_reverse"
ROLLOUT = "rollout"  # a ViT's attention rollout, offered with its blocks
LIVE_EVERY = 2.0  # seconds between refreshes while the session's model trains
TEACHING = ("tiny_transformer", "tiny_gpt", "tiny_bert")


def model_choices() -> list[tuple[str, str]]:
    shipped = [(f"{n} ✓", f"pretrained/{n}") for n in available() if n.startswith(("tiny_transformer", "tiny_gpt"))]
    return [(I18N("cnn_session_model"), SESSION), *shipped, *[(k, k) for k in TEACHING],
            *[(k, k) for k in va.VIT_CHOICES]]


def _labels(lang: str, prefix: str, *keys: str) -> dict[str, str]:
    return {k: message(prefix + k, lang) for k in keys}


def _head(head, lang: str) -> int:
    """The head slider's value as a whole number (an empty one is head 0)."""
    return read_number(head, "attn_head", lang, whole_number=True, default=0)


def _is_vit(choice: str) -> bool:
    return choice_key(choice) in va.VIT_CHOICES


# ---------------------------------------------------------------------------------------------------------------
# Model and input

def subject_for(choice: str, session: Session | None) -> am.AttentionSubject:
    """The Transformer to look inside: a trained one (see trained_model_for) or a teaching registry key."""
    found = trained_model_for(choice, session)
    return am.subject_from_trained(*found) if found else am.subject_from_key(choice_key(choice))


def attention_for(choice: str, text: str, session: Session | None):
    """(subject, AttentionResult) of the text. Shipped and random models never change, so their results are kept:
    another head, module or view of the same text does not decode it again. The session's model is read afresh."""
    if choice_key(choice) == SESSION:
        subject = subject_for(choice, session)
        return subject, am.run_attention(subject, text)
    return _shared_attention(choice_key(choice), text)


@lru_cache(maxsize=32)
def _shared_attention(choice: str, text: str):
    subject = subject_for(choice, None)
    return subject, am.run_attention(subject, text)


@lru_cache(maxsize=4)
def vit_capture(source, dataset, index, upload, choice: str, weights):
    """A ViT (random weights, or the visitor's safetensors) on the picture -> (subject, VitCapture, preview); kept
    for the same picture, so the tab's views capture once (uploads are files that never change)."""
    subject = va.vit_subject(choice, weights or None)
    picture, _ = picture_for(source, dataset, index, upload, None)
    x, preview = to_model_input(picture, subject.input_shape, subject.mean, subject.std, invert=False,
                                background="white")
    return subject, va.capture(subject.model, x), preview


def _layer_label(layer: am.AttentionLayer, lang: str) -> str:
    return message("attn_kind_" + layer.kind, lang, block=layer.block)


def _result_text(subject: am.AttentionSubject, result: am.AttentionResult, lang: str) -> str:
    join = "".join if subject.vocab is CHAR_VOCAB else " ".join  # characters read as text, digits and tags spaced
    source, output = join(result.source), join(result.output)
    lines = [message("attn_result_" + ("bert" if subject.kind == "encoder" else subject.task), lang,
                     model=subject.key, source=source, output=output)]
    if result.expected is not None:
        wrong = sum(a != b for a, b in zip(result.output, result.expected))
        lines.append(message("attn_expected_right" if not wrong else "attn_expected_wrong", lang,
                             expected=" ".join(result.expected), n=wrong))
    if subject.dataset is None:
        lines.append(message("attn_random_note", lang))
    lines += [message(key, lang, **params) for key, params in result.notices]
    return "\n\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_attention(choice, text, module, head, source, dataset, index, upload, weights, session: Session,
                 request: gr.Request = None):
    """The model's answer, every layer x head, the module list, and the chosen head enlarged."""
    lang = language_of(request)
    if _is_vit(choice):
        return _vit_views(choice, module, head, source, dataset, index, upload, weights, lang)
    subject, result = attention_for(choice, text, session)
    names = [(_layer_label(m, lang), m.name) for m in result.layers]
    module = module if module in [n for _, n in names] else names[-1][1]
    layer = result.layer(module)
    n_heads = layer.weights.shape[0]
    h = min(max(_head(head, lang), 0), n_heads - 1)
    overview = plot_attention_overview([(_layer_label(m, lang), m.weights.numpy()) for m in result.layers],
                                       _labels(lang, "attn_fig_", "head", "weight"))
    return (_result_text(subject, result, lang), overview, gr.update(choices=names, value=module),
            gr.update(maximum=n_heads - 1, value=h), _head_figure(layer, h, lang))


def _head_figure(layer: am.AttentionLayer, head: int, lang: str):
    return plot_attention_head(layer.weights[head].numpy(), layer.queries, layer.keys,
                               _labels(lang, "attn_fig_", "query", "key", "weight", "masked"),
                               None if layer.mask is None else layer.mask.numpy())


def _vit_views(choice, module, head, source, dataset, index, upload, weights, lang):
    subject, cap, preview = vit_capture(source, dataset, index, upload, choice, weights)
    names = [(message("attn_kind_vit", lang, block=i), n) for i, n in enumerate(cap.names)]
    names.append((message("attn_rollout", lang), ROLLOUT))  # every block at once (Abnar & Zuidema, 2020)
    module = module if module in cap.names or module == ROLLOUT else cap.names[-1]
    n_heads = cap.weights.shape[1]
    h = min(max(_head(head, lang), 0), n_heads - 1)
    maps = va.cls_maps(cap).numpy()  # (L, nh, gh, gw)
    overview = plot_patch_overview(maps, _labels(lang, "attn_fig_", "layer", "head"))
    shown = va.rollout(cap).numpy() if module == ROLLOUT else maps[cap.names.index(module), h]
    enlarged = plot_patch_attention(preview, shown, _labels(lang, "attn_fig_", "attention"))
    text = message("attn_result_vit", lang, model=subject.key, n=len(cap.names), heads=n_heads,
                   tokens=cap.weights.shape[-1], grid="x".join(map(str, cap.grid)))
    if not weights:
        text += "\n\n" + message("attn_random_note", lang)
    return text, overview, gr.update(choices=names, value=module), gr.update(maximum=n_heads - 1, value=h), \
        enlarged


@user_errors
def on_head(choice, text, module, head, source, dataset, index, upload, weights, session: Session,
            request: gr.Request = None):
    """One head of one attention module, enlarged (rows: queries, columns: keys)."""
    lang = language_of(request)
    if _is_vit(choice):
        return _vit_views(choice, module, head, source, dataset, index, upload, weights, lang)[-1]
    _, result = attention_for(choice, text, session)
    layer = result.layer(module)
    return _head_figure(layer, am.check_head(layer, _head(head, lang)), lang)


@user_errors
def on_vit_matrix(choice, module, head, source, dataset, index, upload, weights, session: Session,
                  request: gr.Request = None):
    """A ViT head's whole token x token matrix (the step-by-step and mask views are for token models)."""
    lang = language_of(request)
    if not _is_vit(choice) or module == ROLLOUT:
        return gr.Plot(value=None, visible=False)
    _, cap, _ = vit_capture(source, dataset, index, upload, choice, weights)
    if module not in cap.names:
        raise PlaygroundError("attn_unknown_layer", layer=module, names=", ".join(cap.names))
    h = _head(head, lang)
    if not 0 <= h < cap.weights.shape[1]:
        raise PlaygroundError("attn_bad_head", head=h, n=cap.weights.shape[1])
    return gr.Plot(plot_token_matrix(cap.weights[cap.names.index(module), h].numpy(), cap.n_prefix, cap.grid,
                                     _labels(lang, "attn_fig_", "query", "key", "attention")), visible=True)


@user_errors
def on_steps(choice, text, module, head, session: Session, request: gr.Request = None):
    """softmax(Q Kᵀ / √d_k + mask) V for one head, every number shown, on at most 10 tokens."""
    lang = language_of(request)
    if _is_vit(choice):
        return None, message("attn_vit_no_steps", lang)
    steps = am.attention_steps(subject_for(choice, session), text, module, _head(head, lang))
    fig = plot_attention_steps(steps, _labels(lang, "attn_step_", "q", "k", "v", "qk", "scaled", "masked", "softmax",
                                              "out", "dim", "row_sum"))
    sums = steps["weights"].sum(axis=1)
    lines = [message("attn_steps_text", lang, n=len(steps["queries"]), d_k=steps["d_k"],
                     root=f"{np.sqrt(steps['d_k']):.3f}", low=f"{sums.min():.6f}", high=f"{sums.max():.6f}",
                     diff=f"{np.abs(steps['weights'] - steps['recorded']).max():.1e}")]
    lines.append(message("attn_steps_mask" if steps["has_mask"] else "attn_steps_no_mask", lang))
    lines += [message(key, lang, **params) for key, params in steps["notices"]]
    return fig, "\n\n".join(lines)


@user_errors
def on_mask_lab(choice, text, module, head, n_pad, session: Session, request: gr.Request = None):
    """One self-attention head's scores under bidirectional, causal and padding masks."""
    lang = language_of(request)
    if _is_vit(choice):
        return None, message("attn_vit_no_steps", lang)
    head, n_pad = _head(head, lang), read_number(n_pad, "attn_pad", lang, whole_number=True, default=0)
    subject = subject_for(choice, session)
    block = int(next((p for p in str(module).split(".") if p.isdecimal()), 0))
    lab = am.mask_lab(subject, text, block, head, n_pad)
    fig = plot_mask_lab(lab, {**_labels(lang, "attn_mask_", *am.MASKS, "mask", "weights")})
    which = "attn_lab_source" if subject.kind == "encoder_decoder" else "attn_lab_model"
    text = [message(which, lang, block=block, head=head, n=n_pad)]
    text += [message(key, lang, **params) for key, params in lab["notices"]]
    return fig, "\n\n".join(text)


def _dims(text: str, d_model: int) -> list[int]:
    """'0, 1 6' -> [0, 1, 6] (at most 8)."""
    try:
        dims = [int(p) for p in str(text or "").replace(",", " ").split()]
    except ValueError:
        raise PlaygroundError("pe_bad_dims", dims=text) from None
    if not dims:
        raise PlaygroundError("pe_bad_dims", dims=text)
    return pe.check_dims(dims, d_model)[:8]


def _learned(choice, session) -> np.ndarray | None:
    """Learned position embeddings of the chosen model when it has them (a GPT or BERT), else None."""
    try:
        return pe.learned_positions(subject_for(choice, session).model) if not _is_vit(choice) else None
    except PlaygroundError:
        return None


@user_errors
def on_positional(d_model, length, dims, offset, n_heads, alibi_head, choice, session: Session,
                  request: gr.Request = None):
    """The sinusoidal table, chosen dimensions as waves, PE·PEᵀ, the shift as a rotation, and four schemes."""
    lang = language_of(request)
    d_model, length, k, n_heads, alibi_head = (
        read_number(v, name, lang, whole_number=True) for v, name in ((d_model, "pe_d_model"), (length, "pe_length"),
                                                                      (offset, "pe_offset"), (n_heads, "pe_heads"),
                                                                      (alibi_head, "pe_alibi_head")))
    table = pe.sinusoidal(length, d_model)
    wanted = _dims(dims, d_model)
    check = pe.shift_check(length, d_model, k)
    schemes = pe.compare_schemes(length, d_model, n_heads, alibi_head, _learned(choice, session))
    fig_labels = _labels(lang, "pe_fig_", "position", "dimension", "value", "dim", "sin", "cos", "similarity",
                         "matrix", "shifted", "rotated", "error", "no_learned", "sinusoidal", "learned", "rope",
                         "alibi", "query", "key")
    text = message("pe_shift_text", lang, k=k, n=check["positions"], err64=f"{check['error_float64']:.1e}",
                   err32=f"{check['error_float32']:.1e}", fit=f"{check['fit_error']:.1e}", fit_dims=check["fit_dims"])
    return (plot_pe_matrix(table, fig_labels), plot_pe_waves(table, wanted, fig_labels),
            plot_similarity(pe.similarity(table), fig_labels),
            plot_shift(table, k, pe.shift_matrix(d_model, k), check, fig_labels), plot_schemes(schemes, fig_labels),
            text)



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

def build(ctx: TabContext) -> TabView:
    demo, session_state = ctx.demo, ctx.session
    image_sets = [k for k in list_datasets("image") if dataset_info(k).local]
    with gr.Tab(I18N("tab_attention"), id="attention") as tab:
        gr.Markdown(I18N("attn_intro"), elem_classes="pg-intro")
        with gr.Row():
            with gr.Column(scale=2):
                model_dropdown = gr.Dropdown(model_choices(), value=DEFAULT, label=I18N("attn_model"),
                                             info=I18N("attn_model_info"), allow_custom_value=True,
                                             elem_id="attn_model")
                text_box = gr.Textbox("31415926", label=I18N("attn_text"), info=I18N("attn_text_info"),
                                      max_lines=1, elem_id="attn_text")
                run_button = gr.Button(I18N("attn_run"), variant="primary", elem_id="attn_run")
                live_checkbox = gr.Checkbox(False, label=I18N("attn_live"), info=I18N("attn_live_info"),
                                            elem_id="attn_live")
                with gr.Accordion(I18N("attn_vit_inputs"), open=False) as vit_accordion:
                    source_radio = gr.Radio([(I18N("cnn_source_sample"), "sample"),
                                             (I18N("cnn_source_upload"), "upload")], value="sample",
                                            label=I18N("cnn_source"))
                    with gr.Row():
                        dataset_dropdown = gr.Dropdown(image_sets, value="shapes", label=I18N("cnn_dataset"),
                                                       allow_custom_value=True)
                        index_number = gr.Number(0, label=I18N("cnn_index"), precision=0, minimum=0)
                    upload_file = gr.File(label=I18N("cnn_upload"), file_types=["image"], type="filepath",
                                          height=110)
                    weights_file = gr.File(label=I18N("attn_vit_weights"), file_types=[".safetensors"],
                                           type="filepath", height=110)
            with gr.Column(scale=3):
                result_markdown = gr.Markdown(elem_id="attn_result")
                overview_plot = gr.Plot(label=I18N("attn_overview"), elem_id="attn_overview")
        with gr.Row():
            module_dropdown = gr.Dropdown([], label=I18N("attn_module"), allow_custom_value=True,
                                          elem_id="attn_module")
            head_slider = gr.Slider(0, 1, value=0, step=1, label=I18N("attn_head"), elem_id="attn_head")
        with gr.Tabs():
            with gr.Tab(I18N("attn_subtab_head"), id="attn_head_tab"):
                head_plot = gr.Plot(label=I18N("attn_head_plot"), elem_id="attn_head_plot")
                gr.Markdown(I18N("attn_head_note"))
                vit_plot = gr.Plot(label=I18N("attn_vit_matrix"), visible=False, elem_id="attn_vit_matrix")
            with gr.Tab(I18N("attn_subtab_steps"), id="attn_steps_tab"):
                gr.Markdown(I18N("attn_steps_intro"), elem_classes="pg-intro")
                steps_markdown = gr.Markdown(elem_id="attn_steps_text")
                steps_plot = gr.Plot(label=I18N("attn_steps_plot"), elem_id="attn_steps")
            with gr.Tab(I18N("attn_subtab_masks"), id="attn_mask_tab"):
                gr.Markdown(I18N("attn_lab_intro"), elem_classes="pg-intro")
                pad_slider = gr.Slider(0, am.MAX_PAD, value=2, step=1, label=I18N("attn_pad"),
                                       info=I18N("attn_pad_info"), elem_id="attn_pad")
                lab_markdown = gr.Markdown(elem_id="attn_lab_text")
                lab_plot = gr.Plot(label=I18N("attn_lab_plot"), elem_id="attn_lab")
            with gr.Tab(I18N("attn_subtab_pe"), id="attn_pe_tab") as pe_tab:
                gr.Markdown(I18N("pe_intro"), elem_classes="pg-intro")
                with gr.Row():
                    d_model_slider = gr.Slider(2, pe.MAX_PE, value=64, step=2, label=I18N("pe_d_model"),
                                               elem_id="pe_d_model")
                    length_slider = gr.Slider(2, pe.MAX_PE, value=64, step=1, label=I18N("pe_length"),
                                              elem_id="pe_length")
                    offset_slider = gr.Slider(0, pe.MAX_PE - 1, value=3, step=1, label=I18N("pe_offset"),
                                              info=I18N("pe_offset_info"), elem_id="pe_offset")
                with gr.Row():
                    dims_box = gr.Textbox("0 1 6 7 20 21", label=I18N("pe_dims"), info=I18N("pe_dims_info"),
                                          elem_id="pe_dims")
                    heads_slider = gr.Slider(1, 32, value=8, step=1, label=I18N("pe_heads"))
                    alibi_head_slider = gr.Slider(0, 31, value=0, step=1, label=I18N("pe_alibi_head"))
                pe_markdown = gr.Markdown(elem_id="pe_text")
                with gr.Row():
                    pe_plot = gr.Plot(label=I18N("pe_matrix"), elem_id="pe_matrix")
                    similarity_plot = gr.Plot(label=I18N("pe_similarity"), elem_id="pe_similarity")
                waves_plot = gr.Plot(label=I18N("pe_waves"), elem_id="pe_waves")
                shift_plot = gr.Plot(label=I18N("pe_shift"), elem_id="pe_shift")
                schemes_plot = gr.Plot(label=I18N("pe_schemes"), elem_id="pe_schemes")
        timer = gr.Timer(LIVE_EVERY, active=False)

    vit_in = [source_radio, dataset_dropdown, index_number, upload_file, weights_file]
    views_in = [model_dropdown, text_box, module_dropdown, head_slider, *vit_in, session_state]
    views_out = [result_markdown, overview_plot, module_dropdown, head_slider, head_plot]
    steps_in = [model_dropdown, text_box, module_dropdown, head_slider, session_state]
    lab_in = [model_dropdown, text_box, module_dropdown, head_slider, pad_slider, session_state]
    vit_matrix_in = [model_dropdown, module_dropdown, head_slider, *vit_in, session_state]
    pe_in = [d_model_slider, length_slider, dims_box, offset_slider, heads_slider, alibi_head_slider, model_dropdown,
             session_state]
    pe_out = [pe_plot, waves_plot, similarity_plot, shift_plot, schemes_plot, pe_markdown]
    shown = dict(show_progress_on=result_markdown)
    hidden = dict(api_visibility="private")

    def then_details(event, steps_api="then_attention_steps", private=True):
        """attention -> steps -> mask lab -> ViT matrix, each its own endpoint."""
        return event.success(on_steps, steps_in, [steps_plot, steps_markdown], api_name=steps_api,
                             **(hidden if private else {})
                             ).success(on_mask_lab, lab_in, [lab_plot, lab_markdown],
                                       api_name="then_mask_lab_" + steps_api, **hidden
                                       ).success(on_vit_matrix, vit_matrix_in, vit_plot,
                                                 api_name="then_vit_matrix_" + steps_api, **hidden)

    then_details(gr.on([run_button.click, text_box.submit, model_dropdown.input, upload_file.upload,
                        weights_file.upload, index_number.submit, dataset_dropdown.input], on_attention, views_in,
                       views_out, api_name="attention", trigger_mode="always_last", concurrency_id="attention",
                       concurrency_limit=4, **shown))
    then_details(gr.on([module_dropdown.input, head_slider.release], on_head, views_in, head_plot,
                       api_name="attention_head", trigger_mode="always_last", concurrency_id="attention",
                       concurrency_limit=4, **shown), steps_api="attention_steps", private=False)
    pad_slider.release(on_mask_lab, lab_in, [lab_plot, lab_markdown], api_name="mask_lab",
                       concurrency_id="attention", concurrency_limit=4)
    gr.on([d_model_slider.release, length_slider.release, dims_box.submit, offset_slider.release,
           heads_slider.release, alibi_head_slider.release], on_positional, pe_in, pe_out,
          api_name="positional_encoding", trigger_mode="always_last", concurrency_id="attention",
          concurrency_limit=4, show_progress_on=pe_markdown)
    live_checkbox.input(toggle_timer, live_checkbox, timer, api_name="attention_live", **hidden)
    timer.tick(on_live_tick, views_in, [result_markdown, overview_plot, head_plot], api_name="attention_live_tick",
               show_progress="hidden", **hidden)
    # Views are drawn when their tab opens, not at page load, so the first tab is not kept waiting.
    then_details(tab.select(on_attention, views_in, views_out, api_name="load_attention", **hidden),
                 steps_api="load_attention_steps")
    pe_tab.select(on_positional, pe_in, pe_out, api_name="load_positional", **hidden)

    def refresh(button: gr.Button):  # the model's views: overview, one head, steps, mask lab
        button.click(*chained([(on_attention, views_in, views_out), (on_steps, steps_in, [steps_plot, steps_markdown]),
                               (on_mask_lab, lab_in, [lab_plot, lab_markdown]),
                               (on_vit_matrix, vit_matrix_in, [vit_plot])]), api_name="refresh_attention",
                     concurrency_id="attention", concurrency_limit=4, **shown, **hidden)

    def refresh_positional(button: gr.Button):
        button.click(on_positional, pe_in, pe_out, api_name="refresh_positional", concurrency_id="attention",
                     concurrency_limit=4, **hidden)

    return TabView("attention", {
        "model": model_dropdown, "text": text_box, "module": module_dropdown, "head": head_slider,
        "source": source_radio, "dataset": dataset_dropdown, "index": index_number, "pad": pad_slider,
        "d_model": d_model_slider, "length": length_slider, "offset": offset_slider, "dims": dims_box,
        "heads": heads_slider, "alibi_head": alibi_head_slider,
    }, {"attention": refresh, "attn_pe_tab": refresh_positional}, advanced=[live_checkbox, vit_accordion])
