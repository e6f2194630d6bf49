"""The Attention tab: a Transformer on a sequence the visitor types (the shipped encoder-decoder and GPT, the model
trained in this session, or a teaching Transformer with random weights) or a ViT on a picture. Lays out and wires
its parts: the shared controls (controls_tab), the views (sequence_tab, vit_tab), positional_tab and block_tab."""
from __future__ import annotations

import gradio as gr

from playground.ui.feedback import I18N
from playground.ui.view import TabContext, TabView

from .block_tab import layout_block, wire_block
from .controls_tab import Controls, layout_model, layout_pickers
from .language_tab import layout_language, wire_language
from .positional_tab import layout_lab, wire_lab
from .sequence_tab import Ports, layout_answer, layout_views, refresher, wire_live, wire_views
from .vit_tab import layout_picture, picture_resolver

LIVE_EVERY = 2.0  # seconds between refreshes while the session's model trains


def build(ctx: TabContext) -> TabView:
    """The tab: the controls beside the answer, the module and head pickers, four sub-tabs; then their events."""
    with gr.Tab(I18N("tab_attention"), id="attention") as tab:
        gr.Markdown(I18N("attention_intro"), elem_classes="pg-intro")
        with gr.Row():
            with gr.Column(scale=2):
                model_dropdown, text_box, run_button, live_checkbox = layout_model()
                picture = layout_picture()
            with gr.Column(scale=3):
                ctx.status_area()
                result_markdown, overview_plot = layout_answer()
        module_dropdown, head_slider = layout_pickers()
        with gr.Tabs():
            views = layout_views(result_markdown, overview_plot)
            with gr.Tab(I18N("attention_subtab_pe"), id="attn_pe_tab") as pe_tab:
                lab = layout_lab()
            with gr.Tab(I18N("attention_subtab_block"), id="attn_block_tab") as block_tab:
                block = layout_block()
            with gr.Tab(I18N("attention_subtab_lm"), id="attn_gpt2_tab") as lm_tab:
                language = layout_language()
        timer = gr.Timer(LIVE_EVERY, active=False)

    controls = Controls(model_dropdown, text_box, run_button, live_checkbox, module_dropdown, head_slider,
                        ctx.session)
    ports = Ports.of(controls, picture, views)
    wire_views(tab, controls, picture, views, ports)
    refresh_positional = wire_lab(pe_tab, lab, model_dropdown, ctx.session)
    refresh_block = wire_block(block_tab, block)
    refresh_language = wire_language(lm_tab, language)
    wire_live(controls, views, ports, timer)
    return TabView("attention", {
        "model": model_dropdown, "text": text_box, "module": module_dropdown, "head": head_slider,
        "source": picture.source, "dataset": picture.dataset, "index": picture.index, "pad": views.pad,
        "d_model": lab.d_model, "length": lab.length, "offset": lab.offset, "dims": lab.dims,
        "heads": lab.heads, "alibi_head": lab.alibi_head,
        "block_model": block.source, "block_text": block.text, "block_norm": block.norm,
        "lm_model": language.model, "lm_text": language.text, "lm_layer": language.layer, "lm_head": language.head,
        "temperature": language.temperature, "top_k": language.top_k, "top_p": language.top_p,
    }, {"attention": refresher(views, ports), "attn_pe_tab": refresh_positional, "attn_block_tab": refresh_block,
        "attn_gpt2_tab": refresh_language},
        resolve=picture_resolver(picture), advanced=[live_checkbox, picture.accordion])
