"""The Attention tab's shared controls: the model picker and typed text, the module and head pickers, and the head
slider's value as every view reads it. Laid out by tab.py; read by sequence_tab, vit_tab and positional_tab."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core.session import SESSION
from playground.core.train.shipped import available
from playground.ui.feedback import I18N, read_number

from . import vit as va
from .subjects import DEFAULT, TEACHING


@dataclass(frozen=True)
class Controls:
    """What every view reads: the model, the typed text, the module and head shown, and the visitor's session."""
    model: gr.Dropdown
    text: gr.Textbox
    run: gr.Button
    live: gr.Checkbox
    module: gr.Dropdown
    head: gr.Slider
    session: gr.State


def model_choices() -> list[tuple[str, str]]:
    """The session's model, the shipped Transformers and GPTs, the teaching models, then the ViTs (random, then with
    their published ImageNet weights)."""
    shipped = [(f"{n} ✓", f"pretrained/{n}") for n in available() if n.startswith(("tiny_transformer", "tiny_gpt"))]
    return [(I18N("input_session_model"), SESSION), *shipped, *[(k, k) for k in TEACHING],
            *[(k, k) for k in va.VIT_CHOICES],
            *[(f"{va.architecture_key(k)} · ImageNet", k) for k in va.PUBLISHED_VITS]]


def read_head(head, lang: str) -> int:
    """The head slider's value as a whole number (an empty one is head 0)."""
    return read_number(head, "attention_head", lang, whole_number=True, default=0)


def layout_model() -> tuple[gr.Dropdown, gr.Textbox, gr.Button, gr.Checkbox]:
    """The model dropdown, the typed text, the Run button and the live checkbox, one under the other."""
    model_dropdown = gr.Dropdown(model_choices(), value=DEFAULT, label=I18N("attention_model"),
                                 info=I18N("attention_model_info"), allow_custom_value=True, elem_id="attn_model")
    text_box = gr.Textbox("31415926", label=I18N("attention_text"), info=I18N("attention_text_info"), max_lines=1,
                          elem_id="attn_text")
    run_button = gr.Button(I18N("attention_run"), variant="primary", elem_id="attn_run")
    live_checkbox = gr.Checkbox(False, label=I18N("attention_live"), info=I18N("attention_live_info"), elem_id="attn_live")
    return model_dropdown, text_box, run_button, live_checkbox


def layout_pickers() -> tuple[gr.Dropdown, gr.Slider]:
    """The attention module and head that the enlarged, step-by-step and mask views show, side by side."""
    with gr.Row():
        module_dropdown = gr.Dropdown([], label=I18N("attention_module"), allow_custom_value=True, elem_id="attn_module")
        head_slider = gr.Slider(0, 1, value=0, step=1, label=I18N("attention_head"), elem_id="attn_head")
    return module_dropdown, head_slider
