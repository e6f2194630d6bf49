"""The Gradio app. build_app() lays out the tabs (one module each); launch_options() holds what Gradio 6 takes
at launch() rather than in Blocks(): theme, css and the translation table."""
from __future__ import annotations

import gradio as gr

from ..inspection import inspect_model
from ..session import Session
from . import tab_architecture, tab_attention, tab_cnn, tab_concepts, tab_gates, tab_train
from .feedback import I18N

CSS = """
.gradio-container { max-width: 1400px !important; }
#model_card blockquote { border-left: 3px solid #f59e0b; padding-left: .8em; }
#summary table { font-size: .95em; }
.train-progress .bar { height: 10px; border-radius: 5px; background: #e5e7eb; overflow: hidden; }
.train-progress .bar > div { height: 100%; background: #6366f1; transition: width .3s; }
.train-progress .text { font-size: .92em; margin-top: .35em; }
"""


def build_app() -> gr.Blocks:
    # Pay the one-off costs (torch's lazily imported meta kernels and flop formulas) before the first visitor.
    inspect_model("lenet5")
    with gr.Blocks(title="Neural-network playground") as demo:
        gr.Markdown("## " + I18N("app_title"))
        gr.Markdown(I18N("app_intro"))
        session_state = gr.State(Session())  # what this visitor trained; every tab reads it
        with gr.Tabs():
            tab_architecture.build(demo)
            tab_train.build(demo, session_state)
            tab_cnn.build(demo, session_state)
            tab_attention.build(demo, session_state)
            tab_gates.build(demo, session_state)
            tab_concepts.build(demo)
    # Light events may run side by side; heavy ones set their own limits (see each tab).
    demo.queue(default_concurrency_limit=4, max_size=64)
    return demo


def launch_options() -> dict:
    """Keyword arguments for demo.launch(); app.py and the tests use the same."""
    return dict(theme=gr.themes.Soft(primary_hue="indigo"), css=CSS, i18n=I18N,
                footer_links=["api", "settings"])
