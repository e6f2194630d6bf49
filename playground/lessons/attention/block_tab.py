"""The Attention tab's "inside a block" view: one encoder block on the visitor's digits (the shipped Transformer) or
sentence (a random block), every step with its shape, Post-LN or Pre-LN. Lays out and wires its sub-tab; the work
happens in block.py, the figures in block_figures.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext

from . import block as bk
from .block_figures import plot_block_heads, plot_block_norm, plot_block_steps
from .subjects import figure_labels

CONCURRENCY = dict(concurrency_id="attention", concurrency_limit=4)  # shared with the tab's other views
FIG_KEYS = ("token", "dim", "value", "head", "concat", "output", "query", "key", "weight", "norm1", "norm2", "mean",
            "variance")
# The steps drawn as heatmaps, in the order each arrangement computes them (the table lists every step).
PANELS = {"post": ("scaled", "input", "attention", "add1", "norm1", "activation", "ffn", "add2", "norm2"),
          "pre": ("scaled", "input", "norm1", "attention", "add1", "norm2", "activation", "ffn", "add2")}


def block_text(trace: bk.BlockTrace, lang: str) -> str:
    """The block in words: what it is, the table of steps with their shapes, √d_model's effect, ReLU's zeros."""
    model = message("attention_block_model_" + trace.source, lang)
    lines = [message("attention_block_summary", lang, model=model, d=trace.d_model, h=trace.n_heads,
                     dk=trace.d_model // trace.n_heads, dff=trace.d_ff, ratio=trace.d_ff // trace.d_model,
                     norm=message("attention_block_" + trace.norm, lang), n=len(trace.tokens))]
    if trace.source == "shipped" and trace.norm == "pre":
        lines.append(message("attention_block_shipped_pre", lang))
    rows = [message("attention_block_table_head", lang), "|---|---|---|---|"]
    for i, s in enumerate(trace.steps, 1):
        shape = ", ".join(str(n) for n in s.value.shape)
        rows.append(f"| {i} | {message('attention_block_step_' + s.key, lang)} | `{s.formula}` | "
                    f"`{s.symbol}` = ({shape}) |")
    lines.append("\n".join(rows))
    scale = bk.scale_summary(trace)
    lines.append(message("attention_block_scale", lang, root=f"{scale['root']:.3f}", d=trace.d_model,
                         e=f"{scale['embedding']:.3f}", scaled=f"{scale['scaled']:.3f}",
                         pe=f"{scale['positional']:.3f}"))
    active = trace.step("activation").value
    zero = int((active == 0).sum())
    lines.append(message("attention_block_relu", lang, zero=zero, total=active.size,
                         pct=f"{100 * zero / active.size:.0f}%"))
    return "\n\n".join(lines)


def block_views(source, text, norm, lang: str) -> tuple:
    """The text, the steps, the heads and the LayerNorm statistics of the block on the text."""
    trace = bk.trace_block(source, text, norm)
    labels = figure_labels(lang, "attention_block_fig_", *FIG_KEYS)
    panels = [(f"{message('attention_block_step_' + k, lang)} {trace.step(k).value.shape}", trace.step(k).value)
              for k in PANELS[trace.norm]]
    return (block_text(trace, lang), plot_block_steps(panels, trace.tokens, labels),
            plot_block_heads(trace.weights, trace.step("concat").value, trace.step("attention").value,
                             trace.tokens, labels),
            plot_block_norm(trace.stats, trace.tokens, labels))


@user_errors
def on_transformer_block(source, text, norm, request: gr.Request = None):
    """One encoder block on the typed text: the steps' table, the residual stream, the heads, LayerNorm's stats."""
    return block_views(source, text, norm, language_of(request))


@user_errors
def on_block_source(source, norm, request: gr.Request = None):
    """Another block chosen: its example input in the text box, and the block on it."""
    bk.check_choice(source, norm)
    text = bk.EXAMPLES[source]
    return (text, *block_views(source, text, norm, language_of(request)))


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass(frozen=True)
class BlockView:
    """The view's settings and its outputs."""
    source: gr.Radio
    text: gr.Textbox
    norm: gr.Radio
    result: gr.Markdown
    steps_plot: gr.Plot
    heads_plot: gr.Plot
    norm_plot: gr.Plot

    @property
    def outputs(self) -> list:
        return [self.result, self.steps_plot, self.heads_plot, self.norm_plot]


def layout_block() -> BlockView:
    """The settings, the callout on √d_model, the table and three figures (inside their own sub-tab)."""
    gr.Markdown(I18N("attention_block_intro"), elem_classes="pg-intro")
    with gr.Row():
        source_radio = gr.Radio([(I18N("attention_block_source_" + s), s) for s in bk.SOURCES], value="shipped",
                                label=I18N("attention_block_source"), elem_id="block_source")
        text_box = gr.Textbox(bk.EXAMPLES["shipped"], label=I18N("attention_block_text"),
                              info=I18N("attention_block_text_info"), elem_id="block_text")
        norm_radio = gr.Radio([("Post-LN", "post"), ("Pre-LN", "pre")], value="post",
                              label=I18N("attention_block_norm"), info=I18N("attention_block_norm_info"),
                              elem_id="block_norm")
    TabContext.notes_differ("attention_differs_sqrt_d_model")
    result_markdown = gr.Markdown(elem_id="block_result")
    steps_plot = gr.Plot(label=I18N("attention_block_steps"), elem_id="block_steps")
    with gr.Row():
        heads_plot = gr.Plot(label=I18N("attention_block_heads"), elem_id="block_heads")
        norm_plot = gr.Plot(label=I18N("attention_block_norms"), elem_id="block_norms")
    return BlockView(source_radio, text_box, norm_radio, result_markdown, steps_plot, heads_plot, norm_plot)


def wire_block(block_tab: gr.Tab, view: BlockView):
    """Enter in the text or another arrangement redraws; another block loads its example; so does the sub-tab's
    opening. Returns the view's refresher."""
    ins, outs = [view.source, view.text, view.norm], view.outputs
    gr.on([view.text.submit, view.norm.input], on_transformer_block, ins, outs, api_name="transformer_block",
          trigger_mode="always_last", **CONCURRENCY, show_progress_on=view.result)
    view.source.input(on_block_source, [view.source, view.norm], [view.text, *outs],
                      api_name="transformer_block_source", **CONCURRENCY, show_progress_on=view.result)
    block_tab.select(on_transformer_block, ins, outs, api_name="load_transformer_block", api_visibility="private")

    def refresh_block(button: gr.Button):
        button.click(on_transformer_block, ins, outs, api_name="refresh_transformer_block", **CONCURRENCY,
                     api_visibility="private")

    return refresh_block
