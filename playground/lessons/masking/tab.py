"""The Labs tab's BERT part: the masked-language-model corruption of the notes (15% chosen; of those 80% [MASK],
10% a random token, 10% unchanged) on the visitor's sentence, the guesses of the shipped character-level tiny BERT
or of Google's BERT-base (WordPiece) at the chosen positions, its attention heads, and the proportions over many
draws. The work happens in corruption, predictions, wordpiece, subjects and mlm."""
from __future__ import annotations

import gradio as gr

from playground.core.hub import size_text
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from .corruption import ACTIONS, MAX_DRAWS, masking_statistics
from .figures import plot_head_view, plot_masking, plot_masking_statistics, plot_predictions
from .subjects import MODELS, TINY, attention_maps, masking_model, model_choice, pending_download

MAX_LAYERS = 12  # the layer slider's end (BERT-base); a smaller model's last layer is used past its own
PROBE = "the little cat sat on the warm mat near the door."
FIG_KEYS = ("bos", "eos", "mask_token", "space", "original", "corrupted", "predicted", "position", "probability",
            "rank", "count", "expected", "observed", "fraction", "unchanged", "special", "mask", "random", "keep",
            "correct", "wrong", "guess", "chosen", "heads_title", "head", "attends")


def _labels(lang: str) -> dict[str, str]:
    return {k: message("masking_fig_" + k, lang) for k in FIG_KEYS}


def _loaded(choice, lang: str, progress=None):
    """The chosen BERT, with the download's size in the progress bar when BERT-base is not cached yet."""
    size = pending_download(choice)
    if size is not None and progress is not None:
        progress(0, desc=message("masking_downloading", lang, size=size_text(size)))
    return masking_model(choice)


def _masked(choice, text, seed, lang: str, progress=None):
    """The summary, the masking and the guesses for the chosen model."""
    subject = _loaded(choice, lang, progress)
    pred = subject.guess(text, seed)
    counts = {a: sum(1 for x in pred.actions if x == a) for a in ACTIONS}
    words = "_words" if subject.wordpiece is not None else ""
    key = "masking_result" + words + ("_visitor" if pred.picked_by == "visitor" else "_seed")
    summary = message(key, lang, n=len(pred.tokens) - 2, chosen=len(pred.chosen), mask=counts["mask"],
                      random=counts["random"], keep=counts["keep"])
    if pred.accuracy is not None:
        summary += " " + message("masking_accuracy", lang, accuracy=f"{pred.accuracy:.0%}")
    labels = _labels(lang)
    return summary, plot_masking(pred, labels), plot_predictions(pred, labels)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_mask(text, seed, model=TINY, request: gr.Request = None, progress=gr.Progress(track_tqdm=True)):
    """Corrupt the sentence as BERT's pre-training does and let the chosen BERT (the model radio's value, kept in a
    gr.State; the shipped tiny BERT unless the visitor picked BERT-base) guess the chosen positions."""
    return _masked(model, text, seed, language_of(request), progress)


@user_errors
def on_mask_model(model, text, seed, request: gr.Request = None, progress=gr.Progress(track_tqdm=True)):
    """The same with the model named: "tiny_bert" (shipped) or "bert-base-uncased" (from the hub cache, downloaded
    on first use where the network allows)."""
    return _masked(model, text, seed, language_of(request), progress)


@user_errors
def on_heads(model, text, seed, layer, request: gr.Request = None, progress=gr.Progress(track_tqdm=True)):
    """BertViz's head view of one layer (1 = first) on the sentence as the chosen model read it."""
    lang = language_of(request)
    subject = _loaded(model, lang, progress)
    inp = subject.read(text, seed)
    maps = attention_maps(subject.model, inp.corrupted)  # (L, nh, T, T)
    layer = _layer(layer, len(maps))
    fig = plot_head_view(maps[layer - 1], [subject.token(i) for i in inp.corrupted], _labels(lang), layer)
    return fig, layer  # the slider keeps 1..12: another model may have more layers


def _layer(value, n_layers: int) -> int:
    """The slider's layer as a whole number in 1..n_layers (past a model's last layer: its last)."""
    try:
        layer = int(float(value))
    except (TypeError, ValueError, OverflowError):
        layer = 1
    return max(1, min(n_layers, layer))


def keep_model(model):
    """The model radio's value into its gr.State (what /bert_mask reads); anything else: the tiny BERT."""
    return model_choice(model)


@user_errors
def on_statistics(draws, request: gr.Request = None):
    """The corruption applied to many random sentences: observed shares against the rule's."""
    lang = language_of(request)
    stats = masking_statistics(n_draws=draws)
    obs, exp = stats["observed"], stats["expected"]
    text = message("masking_statistics", lang, draws=f"{stats['draws']:,}", tokens=f"{stats['tokens']:,}",
                   chosen=f"{obs['chosen']:.2%}", mask=f"{obs['mask']:.2%}", random=f"{obs['random']:.2%}",
                   keep=f"{obs['keep']:.2%}", e_chosen=f"{exp['chosen']:.2%}", e_mask=f"{exp['mask']:.2%}",
                   e_random=f"{exp['random']:.2%}", e_keep=f"{exp['keep']:.2%}")
    return text, plot_masking_statistics(stats, _labels(lang))


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The BERT masking sub-tab; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_masking"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("masking_intro"), elem_classes="pg-intro")
        model_radio = gr.Radio([(I18N("masking_model_" + m), m) for m in MODELS], value=TINY,
                               label=I18N("masking_model"), info=I18N("masking_model_info"), elem_id="mlm_model")
        model_state = gr.State(TINY)  # the radio's value, for /bert_mask whose parameters stay (text, seed)
        with gr.Row():
            text_box = gr.Textbox(PROBE, label=I18N("masking_text"), info=I18N("masking_text_info"), max_lines=1,
                                  scale=4, elem_id="mlm_text")
            seed_number = gr.Number(0, label=I18N("masking_seed"), info=I18N("masking_seed_info"), precision=0, scale=1,
                                    elem_id="mlm_seed")
            mask_button = gr.Button(I18N("masking_run"), variant="primary", scale=0, min_width=120, elem_id="mlm_run")
        ctx.status_area()
        result_markdown = gr.Markdown(elem_id="mlm_result")
        masking_plot = gr.Plot(label=I18N("masking_masking_plot"), elem_id="mlm_masking_plot")
        predictions_plot = gr.Plot(label=I18N("masking_predictions_plot"), elem_id="mlm_predictions_plot")
        gr.Markdown(I18N("masking_heads_intro"), elem_classes="pg-intro")
        layer_slider = gr.Slider(1, MAX_LAYERS, value=1, step=1, label=I18N("masking_layer"), elem_id="mlm_layer")
        heads_plot = gr.Plot(label=I18N("masking_heads_plot"), elem_id="mlm_heads_plot")
        gr.Markdown(I18N("masking_statistics_intro"), elem_classes="pg-intro")
        with gr.Row():
            draws_slider = gr.Slider(100, MAX_DRAWS, value=20_000, step=100, label=I18N("masking_draws"),
                                     elem_id="mlm_draws")
        with gr.Row():
            statistics_markdown = gr.Markdown(elem_id="mlm_statistics")
            statistics_plot = gr.Plot(label=I18N("masking_statistics_plot"), elem_id="mlm_statistics_plot")

    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    mask_in, mask_out = [text_box, seed_number, model_state], [result_markdown, masking_plot, predictions_plot]
    heads_in, heads_out = [model_state, text_box, seed_number, layer_slider], [heads_plot, layer_slider]
    stats_out = [statistics_markdown, statistics_plot]
    model_radio.change(keep_model, model_radio, model_state, api_name="bert_mask_model_kept",
                       api_visibility="private", show_progress="hidden", queue=False)
    gr.on([mask_button.click, text_box.submit, *committed(seed_number)], on_mask, mask_in, mask_out, api_name="bert_mask",
          show_progress_on=result_markdown, **light).success(
        on_heads, heads_in, heads_out, api_name="bert_heads_after_mask", api_visibility="private",
        show_progress_on=result_markdown, **light)
    model_radio.input(on_mask_model, [model_radio, text_box, seed_number], mask_out, api_name="bert_mask_model",
                      show_progress_on=result_markdown, **light).success(
        on_heads, heads_in, heads_out, api_name="bert_heads_after_model", api_visibility="private",
        show_progress_on=result_markdown, **light)
    layer_slider.release(on_heads, [model_radio, text_box, seed_number, layer_slider], heads_out,
                         api_name="bert_heads", show_progress_on=result_markdown, **light)
    draws_slider.release(on_statistics, draws_slider, stats_out, api_name="bert_mask_statistics", **light)
    steps = [(on_mask, mask_in, mask_out), (on_heads, heads_in, heads_out),
             (on_statistics, [draws_slider], stats_out)]
    tab.select(*chained(steps), api_name="load_bert_mask", api_visibility="private", **light)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_bert_mask", api_visibility="private", **light)

    return TabView(ctx.tab_id, {"masking_text": text_box, "masking_seed": seed_number, "masking_draws": draws_slider,
                                "masking_model": model_radio, "masking_layer": layer_slider}, {ctx.tab_id: refresh})
