"""The Labs tab's BERT part: the masked-language-model corruption of the notes (15% chosen; of those 80% [MASK],
10% a random token, 10% unchanged) on the visitor's sentence, the shipped character-level tiny BERT's guesses for
the chosen positions, and the proportions over many draws. The work happens in corruption, predictions and mlm."""
from __future__ import annotations

import gradio as gr

from playground.core.train.shipped import shipped_file
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from .corruption import ACTIONS, MAX_DRAWS, masking_statistics
from .mlm import shared_mlm
from .predictions import fill_masks
from .figures import plot_masking, plot_masking_statistics, plot_predictions

SHIPPED = "tiny_bert_mlm"
PROBE = "the little cat sat on the warm mat near the door."
FIG_KEYS = ("bos", "eos", "mask_token", "space", "original", "corrupted", "predicted", "position", "probability",
            "rank", "count", "expected", "observed", "fraction", "unchanged", "special", "mask", "random", "keep",
            "correct", "wrong", "guess", "chosen")


def _labels(lang: str) -> dict[str, str]:
    return {k: message("masking_fig_" + k, lang) for k in FIG_KEYS}


def _model():
    shipped_file(SHIPPED)  # a missing or damaged file -> a clear message, not a traceback
    return shared_mlm()


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_mask(text, seed, request: gr.Request = None):
    """Corrupt the sentence as BERT's pre-training does and let the shipped tiny BERT guess the chosen positions."""
    lang = language_of(request)
    pred = fill_masks(_model(), text, seed=seed)
    counts = {a: sum(1 for x in pred.actions if x == a) for a in ACTIONS}
    summary = message("masking_result_visitor" if pred.picked_by == "visitor" else "masking_result_seed", lang,
                      n=len(pred.tokens) - 2, chosen=len(pred.chosen), mask=counts["mask"], random=counts["random"],
                      keep=counts["keep"])
    if pred.accuracy is not None:
        summary += " " + message("masking_accuracy", lang, accuracy=f"{pred.accuracy:.0%}")
    labels = _labels(lang)
    return summary, plot_masking(pred, labels), plot_predictions(pred, labels)


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
        gr.Markdown(I18N("masking_statistics_intro"), elem_classes="pg-intro")
        with gr.Row():
            draws_slider = gr.Slider(100, MAX_DRAWS, value=20_000, step=100, label=I18N("masking_draws"),
                                     elem_id="mlm_draws")
        with gr.Row():
            statistics_markdown = gr.Markdown(elem_id="mlm_statistics")
            statistics_plot = gr.Plot(label=I18N("masking_statistics_plot"), elem_id="mlm_statistics_plot")

    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    mask_in, mask_out = [text_box, seed_number], [result_markdown, masking_plot, predictions_plot]
    stats_out = [statistics_markdown, statistics_plot]
    gr.on([mask_button.click, text_box.submit, *committed(seed_number)], on_mask, mask_in, mask_out, api_name="bert_mask",
          show_progress_on=result_markdown, **light)
    draws_slider.release(on_statistics, draws_slider, stats_out, api_name="bert_mask_statistics", **light)
    steps = [(on_mask, mask_in, mask_out), (on_statistics, [draws_slider], stats_out)]
    tab.select(*chained(steps), api_name="load_bert_mask", api_visibility="private", **light)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_bert_mask", api_visibility="private", **light)

    return TabView(ctx.tab_id, {"masking_text": text_box, "masking_seed": seed_number, "masking_draws": draws_slider},
                   {ctx.tab_id: refresh})
