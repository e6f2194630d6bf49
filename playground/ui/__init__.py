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

SCRIPT = (Path(__file__).resolve().parents[2] / "assets" / "playground.js").read_text(encoding="utf-8")
# System fonts only (a theme's Google font would be fetched from a CDN): Latin first, then Chinese.
FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans CJK SC",
         "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]

CSS = """
.gradio-container { max-width: 1400px !important; }
#model_card blockquote { border-left: 3px solid #f59e0b; padding-left: .8em; }
#summary table { font-size: .95em; }
.train-progress .bar { height: 10px; border-radius: 5px; background: #e5e7eb; overflow: hidden; }
.train-progress .bar > div { height: 100%; background: #6366f1; transition: width .3s; }
.train-progress .text { font-size: .92em; margin-top: .35em; }
.pg-hidden { display: none !important; }
#pg-bar { align-items: end; }
#pg-scene-note:not(:empty) { border-left: 4px solid #0072b2; padding-left: .8em; }
.pg-plot-tools { display: flex; gap: 4px; justify-content: flex-end; margin: 2px 4px; }
.pg-tool { font-size: 11px; padding: 1px 7px; border: 1px solid #cbd5e1; border-radius: 4px; background: #fff;
           color: #334155; cursor: pointer; }
.pg-tool:hover, .pg-tool:focus-visible { background: #e0e7ff; outline: 2px solid #0072b2; }
.pg-plot-table { max-height: 320px; overflow: auto; font-size: 12px; padding: 4px; }
.pg-plot-table table { border-collapse: collapse; }
.pg-plot-table th, .pg-plot-table td { border: 1px solid #e2e8f0; padding: 1px 5px; text-align: right; }
body.pg-present .pg-advanced, body.pg-present #pg-app-intro, body.pg-present .pg-intro,
body.pg-present .pg-plot-tools, body.pg-present .info-text { display: none !important; }
body.pg-present .gradio-container { --text-xxs: 12px; --text-xs: 14px; --text-sm: 17px; --text-md: 21px;
  --text-lg: 24px; --text-xl: 28px; --text-xxl: 34px; --block-label-text-size: 18px; --block-info-text-size: 16px;
  --block-title-text-size: 20px; --input-text-size: 20px; --button-large-text-size: 21px;
  --button-small-text-size: 17px; --section-header-text-size: 21px; --checkbox-label-text-size: 18px;
  max-width: 100% !important; }
body.pg-present .prose, body.pg-present .prose * { font-size: 21px; }
body.pg-present #pg-scene-note h3 { font-size: 30px; }
.pg-status { min-height: 0 !important; }
.pg-status:has(.prose:empty), .pg-status:has(> div:empty) { display: none; }
.pg-status-error { border-left: 4px solid #d55e00; background: #fff7ed; color: #7c2d12; padding: .35em .7em;
                   border-radius: 4px; }
*:focus-visible { outline: 2px solid #0072b2 !important; outline-offset: 1px; }
"""


def build_app() -> gr.Blocks:
    # Pay the one-off costs (torch's lazily imported meta kernels and flop formulas) before the first visitor.
    inspect_model("lenet5")
    with gr.Blocks(title="Neural-network playground") as demo:
        gr.Markdown("## " + I18N("app_title"))
        gr.Markdown(I18N("app_intro"), elem_id="pg-app-intro")
        bar = lecture.build_bar()
        session_state = gr.State(Session())  # what this visitor trained; every tab reads it
        context = TabContext(demo, session_state)
        with gr.Tabs():
            views = [build_top_level(item, context) for item in top_level()]
        status.route(demo, context.status_areas)
        demo.restorer = lecture.wire(demo, bar, views, tab_aliases())  # kept for the tests: links and scenes, checked headless
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
