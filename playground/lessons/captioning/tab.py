"""The Labs tab's Show, Attend and Tell part: the shipped small captioner (a CNN encoder, an LSTM decoder with soft
attention) writes a caption for a built-in scene or the visitor's picture, and shows, for every word, where it
looked. The work happens in playground.captioning."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.train.shipped import shipped_file
from playground.core.validate import real
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from . import compute as cap
from .familiarity import LIKE_SCENES, confidence, scene_likeness
from .figures import plot_caption_attention, plot_caption_probabilities

SHIPPED = "show_attend_tell_shapes"
FIG_KEYS = ("beta", "eos", "image", "probability", "word")


def _labels(lang: str) -> dict[str, str]:
    return {k: message("captioning_fig_" + k, lang) for k in FIG_KEYS}


def _model():
    shipped_file(SHIPPED)  # a missing or damaged file -> a clear message, not a traceback
    return cap.shared_captioner()


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_caption(source, seed, upload, opacity, request: gr.Request = None):
    """The caption of a built-in scene (with its true caption) or of the visitor's picture, word by word."""
    lang = language_of(request)
    alpha = real(opacity)
    if alpha is None or not 0 <= alpha <= 1:
        raise PlaygroundError("captioning_bad_opacity", value=opacity)
    truth = None
    if source == "upload" and upload is not None:
        image = upload
    else:
        image, truth = cap.sample_scene(0 if seed is None else seed)  # the scenes check the seed
    caption = cap.caption_image(_model(), image)
    labels = _labels(lang)
    return (caption_text(caption, truth, lang), plot_caption_attention(caption.image, caption, labels, opacity=alpha),
            plot_caption_probabilities(caption, labels))


def caption_text(caption: cap.Caption, truth: list[str] | None, lang: str) -> str:
    """The caption with its confidence; hedged, as a guess, for a picture unlike the scenes the model knows."""
    sure = f"{100 * confidence(caption):.0f}"
    likeness = scene_likeness(caption.image)
    if truth is None and likeness < LIKE_SCENES:
        text = message("captioning_result_unlike", lang, caption=caption.text or "—", confidence=sure,
                       share=f"{100 * likeness:.0f}")
    else:
        text = message("captioning_result", lang, caption=caption.text or "—") + "\n\n" + \
            message("captioning_confidence", lang, confidence=sure)
    if truth is not None:
        key = "captioning_truth_right" if caption.words == truth else "captioning_truth_wrong"
        text += "\n\n" + message(key, lang, truth=" ".join(truth))
    if not caption.ended:
        text += "\n\n" + message("captioning_no_end", lang)
    return text


def on_source(source):
    return gr.update(visible=source == "upload"), gr.update(visible=source == "scene")


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The captioning sub-tab; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_captioning"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("captioning_intro"), elem_classes="pg-intro")
        with gr.Row():
            source_radio = gr.Radio([(I18N("captioning_source_scene"), "scene"), (I18N("captioning_source_upload"), "upload")],
                                    value="scene", label=I18N("captioning_source"), elem_id="cap_source")
            seed_number = gr.Number(0, label=I18N("captioning_seed"), info=I18N("captioning_seed_info"), precision=0,
                                    elem_id="cap_seed")
            upload_image = gr.Image(type="numpy", label=I18N("captioning_upload"), visible=False, height=200,
                                    elem_id="cap_upload")
            opacity_slider = gr.Slider(0, 1, value=0.7, step=0.05, label=I18N("captioning_opacity"), elem_id="cap_opacity")
            run_button = gr.Button(I18N("captioning_run"), variant="primary", scale=0, min_width=120, elem_id="cap_run")
        ctx.status_area()
        result_markdown = gr.Markdown(elem_id="cap_result")
        attention_plot = gr.Plot(label=I18N("captioning_attention_plot"), elem_id="cap_attention_plot")
        probability_plot = gr.Plot(label=I18N("captioning_probability_plot"), elem_id="cap_probability_plot")

    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    cap_in, cap_out = [source_radio, seed_number, upload_image, opacity_slider], [result_markdown, attention_plot,
                                                                                 probability_plot]
    gr.on([run_button.click, *committed(seed_number), upload_image.change, opacity_slider.release], on_caption, cap_in,
          cap_out, api_name="caption", show_progress_on=result_markdown, **light)
    source_radio.input(on_source, source_radio, [upload_image, seed_number], api_name="caption_source",
                       api_visibility="private").then(on_caption, cap_in, cap_out, api_name="caption_source_draw",
                                                      api_visibility="private")
    tab.select(on_caption, cap_in, cap_out, api_name="load_caption", api_visibility="private", **light)

    def refresh(button: gr.Button):
        button.click(*chained([(on_caption, cap_in, cap_out)]), api_name="refresh_caption",
                     api_visibility="private", **light)

    return TabView(ctx.tab_id, {"captioning_source": source_radio, "captioning_seed": seed_number,
                                   "captioning_opacity": opacity_slider}, {ctx.tab_id: refresh})
