"""How long a scene takes to appear in a real browser, against the reference of opening its link in a fresh page.

For every scene: *step* is the time from clicking ▶ (presenter mode's next scene) to the scene's expected text on
screen and every plot of the tab drawn; *link* is the same for a fresh page opened at `?scene=<id>` (page load
included). Also the plain page (no link) until the Architecture tab's first figure, three times, for scale.
Needs /usr/bin/chromium and Playwright. Run: PYTHONPATH=. python benchmarks/scene_switch.py
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from playwright.sync_api import sync_playwright  # noqa: E402

from playground.ui.scenes import SCENES  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.e2e.test_lecture_browser import EXPECT  # noqa: E402

DRAWN = """([selector, text, tab, n]) => {
    const e = document.querySelector(selector);
    const panel = document.getElementById('pgtab-' + tab);
    if (!e || !e.innerText.includes(text) || !panel) return false;
    const plots = Array.from(panel.querySelectorAll('[data-testid=plotly]')).filter(p => p.offsetParent !== null);
    return plots.length >= n && plots.every(p => p.querySelector('.main-svg'));
}"""
NO_PLOTS = ("bottleneck", "stack_3x3", "spiral_mlp")


def wait_drawn(page, scene) -> None:
    selector, text = EXPECT[scene.id]
    try:
        page.wait_for_function(DRAWN, arg=[selector, text, scene.tab.split("/")[0], 0 if scene.id in NO_PLOTS else 1],
                               timeout=60_000, polling=20)
    except Exception as e:
        raise RuntimeError(f"scene {scene.id} did not appear: {page.locator(selector).inner_text()[:200]!r}") from e


def main() -> None:
    from playground.ui import build_app, launch_options
    demo = build_app()
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                            **launch_options())
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            plain = []
            for _ in range(3):
                fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                fresh.goto(url)
                fresh.wait_for_selector("#diagram_plot .main-svg", timeout=60_000)
                plain.append(time.perf_counter() - t0)
                fresh.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + "?scene=" + SCENES[-1].id)
            wait_drawn(page, SCENES[-1])
            for scene in SCENES:  # ▶ from the last scene wraps round to the first
                t0 = time.perf_counter()
                page.locator("#pg-next").click()
                wait_drawn(page, scene)
                step = time.perf_counter() - t0
                fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                fresh.goto(url + "?scene=" + scene.id)
                wait_drawn(fresh, scene)
                link = time.perf_counter() - t0
                fresh.close()
                rows.append((scene.id, step, link))
            browser.close()
    finally:
        demo.close()
    print(f"{os.cpu_count()} CPUs visible\n")
    print("| scene | step (▶) | link (fresh page) | ratio |\n|---|---:|---:|---:|")
    for name, step, link in rows:
        print(f"| {name} | {step:.2f} s | {link:.2f} s | {link / step:.1f}× |")
    steps, links = [r[1] for r in rows], [r[2] for r in rows]
    print(f"\nstep: median {statistics.median(steps):.2f} s, slowest {max(steps):.2f} s; "
          f"link: median {statistics.median(links):.2f} s, slowest {max(links):.2f} s; "
          f"plain page to the first figure: {', '.join(f'{t:.2f}' for t in plain)} s")


if __name__ == "__main__":
    main()
