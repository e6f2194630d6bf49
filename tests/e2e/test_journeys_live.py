"""A live run in headless Chromium: the spiral trains, Stop ends it on the stopped result (never a stale
"Stopping…"), Train works again, and a refused run says why in the status. No timing assertions: the benchmark
(benchmarks/live_longtasks.py) measures time.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip.
"""
import pytest

from playground.core import config

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser

WAIT = 90_000  # ms; a busy 2-core machine
PROGRESS = "document.querySelector('#train_progress')?.innerText ?? ''"
RUNNING = f"() => ({PROGRESS}).includes(' left')"  # "… about N s left …": only a run in progress says it


def click(page, selector: str) -> None:
    """A DOM click: Playwright's own waits for animation frames that a page drawing a live run may withhold."""
    page.evaluate("(s) => document.querySelector(s).click()", selector)


def train_then_stop(page) -> str:
    click(page, "#train_button")
    page.wait_for_function(RUNNING, timeout=WAIT)
    page.wait_for_function("() => document.querySelector('#boundary_plot .js-plotly-plot g.hm')", timeout=WAIT)
    click(page, "#stop_button")
    page.wait_for_function(f"() => ({PROGRESS}).includes('Stopped at step')", timeout=WAIT)
    page.wait_for_function("() => document.querySelector('#train_results').innerText.includes('Test accuracy')",
                           timeout=WAIT)
    return page.locator("#train_progress").inner_text()


def test_stop_shows_the_stopped_result_and_a_refused_run_says_why(browser, live_url, monkeypatch):  # noqa: F811
    monkeypatch.setattr(config, "MAX_TRAIN_SECONDS", 3600)  # a long run, so that Stop surely comes first
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url + "?scene=spiral_mlp")
    page.wait_for_function("() => document.querySelector('#train_estimate')?.innerText.includes('parameters')",
                           timeout=WAIT)
    page.locator("#train_steps input").fill("20000")
    page.locator("#train_steps input").press("Enter")
    page.wait_for_function("() => document.querySelector('#train_estimate').innerText.includes('20,000 steps')",
                           timeout=WAIT)
    status = train_then_stop(page)
    assert "Stopping" not in status and "of 20,000" not in status and "of 20000" in status
    assert "Stopping" not in page.locator("#train_estimate").inner_text()  # the estimate stays the estimate
    page.screenshot(path=str(ARTIFACTS / "live_stopped.png"), full_page=True)
    status = train_then_stop(page)  # Train answers again after a Stop
    assert "Stopping" not in status
    # a refused run: the status says why, not the stopped run's line under an error
    page.locator("#train_lr input").fill("0")
    click(page, "#train_button")
    page.wait_for_function(f"() => ({PROGRESS}).includes('learning rate')", timeout=WAIT)
    page.wait_for_function("() => document.querySelector('[data-testid=toast-body]')", timeout=WAIT)
    assert "Stopped" not in page.locator("#train_progress").inner_text()
    page.screenshot(path=str(ARTIFACTS / "live_refused.png"), full_page=True)
    assert not errors, errors
