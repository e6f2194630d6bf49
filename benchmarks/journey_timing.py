"""How long a visitor waits for a figure in a real browser at 1280×720: page load to the first figure (the plain page,
the Architecture tab's block diagram), a scene step (→ in presenter mode) to the scene's figure, and a shared link
(?scene=…&present=1, a fresh page) to the scene's figure. "Drawn" is the figure on the page (a plot's SVG, a
table's text); "in view" is drawn and wholly inside the window. Medians of a few runs, in ms.
Needs /usr/bin/chromium and Playwright. Run: PYTHONPATH=. python benchmarks/journey_timing.py
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from playground.i18n import EN  # noqa: E402
from playground.ui.scenes import SCENES  # noqa: E402
from tests.conftest import free_port  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}
RUNS = 3
LINKED = ("same_padding", "lenet_maps", "attention_reverse", "pe_shift", "saddle_race")  # scenes opened by link
STATE = """([id, plot, title]) => {
    const note = document.getElementById('pg-scene-note');
    if (title && !(note && note.innerText.includes(title))) return 0;  // the scene has not arrived yet
    const e = document.getElementById(id);
    if (!e || e.offsetParent === null || (plot ? !e.querySelector('.main-svg') : !e.innerText.trim())) return 0;
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight ? 2 : 1;
}"""


def wait_figure(page, figure: str, plot: bool, t0: float, scene_id: str = "",
                limit: float = 20.0) -> tuple[float | None, float | None]:
    """(ms until drawn, ms until drawn and in view) from t0, once the scene's note shows (when a scene is named);
    None for what did not happen within `limit` s."""
    drawn = seen = None
    title = EN["scene_" + scene_id] if scene_id else ""
    while time.perf_counter() - t0 < limit and seen is None:
        state = page.evaluate(STATE, [figure, plot, title])
        now = (time.perf_counter() - t0) * 1e3
        if state >= 1 and drawn is None:
            drawn = now
        if state == 2:
            seen = now
        page.wait_for_timeout(20)
    return drawn, seen


def median(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    text = f"{statistics.median(got):.0f}" if got else "never"
    return text + (f" ({len(values) - len(got)} of {len(values)} never)" if got and len(got) < len(values) else "")


def main(figures: dict[str, str] | None = None) -> None:
    """`figures`: scene id -> the elem_id of its figure (default: each Scene's own)."""
    from playground.ui import build_app, launch_options
    figures = figures or {s.id: s.figure for s in SCENES}
    demo = build_app()
    plots = {b.elem_id for b in demo.blocks.values() if isinstance(b, gr.Plot) and b.elem_id}
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                            **launch_options())
    load, step, link = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for _ in range(RUNS):
                page = browser.new_page(viewport=VIEWPORT)
                t0 = time.perf_counter()
                page.goto(url)
                load.append(wait_figure(page, "diagram_plot", True, t0))
                page.close()
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url + f"?scene={SCENES[-1].id}&present=1")
            wait_figure(page, figures[SCENES[-1].id], False, time.perf_counter(), SCENES[-1].id)
            for scene in SCENES:  # → from the last scene wraps round to the first
                t0 = time.perf_counter()
                page.keyboard.press("ArrowRight")
                plot = figures[scene.id] in plots and not scene.trains  # a Train plot waits for Train
                step.append(wait_figure(page, figures[scene.id], plot, t0, scene.id))
            for scene_id in LINKED * max(1, RUNS // 2):
                fresh = browser.new_page(viewport=VIEWPORT)
                t0 = time.perf_counter()
                fresh.goto(url + f"?scene={scene_id}&present=1")
                link.append(wait_figure(fresh, figures[scene_id], figures[scene_id] in plots, t0, scene_id))
                fresh.close()
            browser.close()
    finally:
        demo.close()
    print(f"{os.cpu_count()} CPUs visible; viewport {VIEWPORT['width']}×{VIEWPORT['height']}; medians in ms\n")
    print("| journey | to the figure drawn | to the figure drawn and in view |\n|---|---:|---:|")
    for name, rows in (("page load → first figure", load), ("scene step (→) → figure", step),
                       ("shared link → figure", link)):
        print(f"| {name} ({len(rows)} runs) | {median([r[0] for r in rows])} | {median([r[1] for r in rows])} |")


if __name__ == "__main__":
    main()
