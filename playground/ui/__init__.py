"""The Gradio app. build_app() lays out the tabs from the lesson registry (playground.lessons.LESSONS: one folder
and one tab.py each, groups of lessons as sub-tabs); launch_options() holds what Gradio 6 takes at launch() rather
than in Blocks(): theme, css and the translation table."""
from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path

import gradio as gr

from playground.core import config
from playground.core.inspection.table import inspect_model
from playground.core.session import Session
from playground.lessons import Group, Lesson, lessons_in, tab_aliases, top_level

from . import lecture, status
from .feedback import I18N
from .view import TabContext, TabView, merge_views

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SCRIPT = (ASSETS / "playground.js").read_text(encoding="utf-8")
# System fonts only (a theme's Google font would be fetched from a CDN): Latin first, then Chinese.
FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans CJK SC",
         "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]

CSS = (ASSETS / "playground.css").read_text(encoding="utf-8")


def build_app() -> gr.Blocks:
    # Pay the one-off costs (torch's lazily imported meta kernels and flop formulas) before the first visitor.
    inspect_model("lenet5")
    with gr.Blocks(title="Neural-network playground") as demo:
        gr.Markdown("## " + I18N("app_title"), elem_id="pg-app-title")
        gr.Markdown(I18N("app_intro"), elem_id="pg-app-intro")
        bar = lecture.build_bar()
        session_state = gr.State(Session())  # what this visitor trained; every tab reads it
        context = TabContext(demo, session_state)
        with gr.Tabs():
            views = [build_top_level(item, context) for item in top_level()]
        status.route(demo, context.status_areas)
        demo.restorer = lecture.wire(demo, bar, views, tab_aliases())  # kept for the tests: links and scenes, checked headless
    for block in demo.blocks.values():  # every tab in sight on a phone: rows that wrap, not a "…" menu
        if isinstance(block, gr.Tabs):
            block.overflow_behavior = "wrap"
    # Light events may run side by side; heavy ones set their own limits (see each tab).
    demo.queue(default_concurrency_limit=4, max_size=config.QUEUE_SIZE)
    return demo


def build_lesson(lesson: Lesson, ctx: TabContext) -> TabView:
    """A lesson's tab, built by its own tab.py (playground/lessons/<name>/tab.py)."""
    return importlib.import_module(lesson.module).build(replace(ctx, tab_id=lesson.name))


def build_top_level(item: Lesson | Group, ctx: TabContext) -> TabView:
    """One top-level tab: a lesson's own, or a group's tab with its lessons as sub-tabs (one TabView for links)."""
    if isinstance(item, Lesson):
        return build_lesson(item, ctx)
    with gr.Tab(I18N(item.label), id=item.name) as group_tab:
        gr.Markdown(I18N(item.intro), elem_classes="pg-intro")
        with gr.Tabs():
            inner = replace(ctx, group_tab=group_tab)
            views = [build_lesson(lesson, inner) for lesson in lessons_in(item.name)]
    return merge_views(item.name, views)


def launch_options() -> dict:
    """Keyword arguments for demo.launch(); app.py and the tests use the same."""
    return dict(max_threads=config.MAX_THREADS,
                theme=gr.themes.Soft(primary_hue="indigo", font=FONTS, font_mono=MONO), css=CSS, i18n=I18N,
                head=f"<script>\n{SCRIPT}\n</script>", footer_links=["api", "settings"])
