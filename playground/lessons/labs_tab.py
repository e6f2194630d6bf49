"""The Labs tab: the systems of the notes beyond the core tabs, one sub-tab (and one module) each: a GAN trained
live on 2-D points, seq2seq with teacher forcing and BLEU, BERT's masking, RoI pooling and anchors for detectors,
and Show, Attend and Tell."""
from __future__ import annotations

import gradio as gr

from playground.ui.feedback import I18N
from playground.ui.lecture import TabView

from .captioning import tab as lab_caption
from .detection import tab as lab_detection
from .gan import tab as lab_gan
from .masking import tab as lab_masking
from .seq2seq import tab as lab_seq2seq


def build(demo: gr.Blocks) -> TabView:
    controls, refresh = {}, {}
    with gr.Tab(I18N("tab_labs"), id="labs"):
        gr.Markdown(I18N("labs_intro"), elem_classes="pg-intro")
        with gr.Tabs():
            for lab in (lab_gan, lab_seq2seq, lab_masking, lab_detection, lab_caption):
                lab_controls, lab_refresh = lab.build()
                controls.update(lab_controls)
                refresh.update(lab_refresh)
    return TabView("labs", controls, refresh)
