"""What the live views share: a checkbox that switches a tab's gr.Timer on and off. Each tab's tick redraws its
view from a copy of the model while the Train tab trains one in the same session."""
from __future__ import annotations

import gradio as gr


def toggle_timer(enabled: bool):
    return gr.Timer(active=bool(enabled))
