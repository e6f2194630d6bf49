"""Journeys through the lecture bar in headless Chromium: a lecturer steps through every scene with → only and sees
each scene's figure whole; a shared link opens presenter mode on its scene; a phone reaches every tab by tapping
and reads the tables.

Run with `pytest -m browser`. Screenshots go to artifacts/journey_*.png.
"""
import gradio as gr
import pytest

from playground.i18n import EN
from playground.ui.scenes import SCENES, scene

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser

WAIT = 90_000  # ms; the machine may be shared, and a cold model takes a while
# The scene's figure is drawn and lies inside the window, where it was at the previous poll too (it has settled).
# A plot counts as drawn once it has its SVG (a Train plot stays empty until Train is pressed); tables are text.
IN_VIEW = """([id, drawn]) => {
    const e = document.getElementById(id);
    if (!e || e.offsetParent === null) return false;
    if (drawn && !e.querySelector('.main-svg')) return false;
    const r = e.getBoundingClientRect();
    const box = [r.top, r.bottom, r.left, r.right].map(Math.round).join();
    const settled = window.__pgLastBox === box;
    window.__pgLastBox = box;
    return settled && r.height > 40 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
}"""


def _open(browser, url, **options):  # noqa: F811 - the fixture, passed on
    context = browser.new_context(locale="en-US", **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("() => window.pg && document.querySelector('#pg-scene')", timeout=WAIT)
    return page, errors


def _plots(app) -> set[str]:
    return {b.elem_id for b in app.blocks.values() if isinstance(b, gr.Plot) and b.elem_id}


def _figure_in_view(page, chosen, plots: set[str]):
    page.wait_for_function("(t) => document.querySelector('#pg-scene-note').innerText.includes(t)",
                           arg=EN["scene_" + chosen.id], timeout=WAIT)
    drawn = chosen.figure in plots and not chosen.trains
    page.wait_for_function(IN_VIEW, arg=[chosen.figure, drawn], timeout=WAIT, polling=250)


def test_the_lecturer_steps_through_every_scene_with_the_arrow_key_only(browser, live_url, app):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, viewport={"width": 1280, "height": 720})
    page.locator("#pg-present input").click()  # the last use of the mouse
    page.wait_for_function("() => document.body.classList.contains('pg-present')")
    for i, chosen in enumerate(SCENES):
        page.keyboard.press("ArrowRight")  # no scene yet: → opens the first
        _figure_in_view(page, chosen, _plots(app))
        page.screenshot(path=str(ARTIFACTS / f"journey_present_{i:02d}_{chosen.id}.png"))
    page.keyboard.press("Escape")  # leaves presenter mode, the checkbox agrees
    page.wait_for_function("() => !document.body.classList.contains('pg-present')")
    assert not page.locator("#pg-present input").is_checked()
    assert not errors, errors


def test_a_shared_link_opens_presenter_mode_on_its_scene_with_the_figure_in_view(browser, live_url, app):  # noqa: F811
    chosen = scene("attention_reverse")
    page, errors = _open(browser, live_url + f"?scene={chosen.id}&present=1",
                         viewport={"width": 1280, "height": 720})
    _figure_in_view(page, chosen, _plots(app))
    assert page.evaluate("document.body.classList.contains('pg-present')")
    assert page.locator("#pg-present input").is_checked()
    page.screenshot(path=str(ARTIFACTS / "journey_link_present.png"))
    page.locator("#pg-share").click()  # and sharing from there writes both back
    page.wait_for_function("() => (document.querySelector('#pg-share-link textarea, #pg-share-link input') || {})"
                           ".value?.startsWith('http')", timeout=WAIT)
    assert "scene=attention_reverse" in page.url and "present=1" in page.url
    assert not errors, errors


def _tap_every_tab(page, ids: set[str], scope: str = "body", reached: set[str] | None = None) -> set[str]:
    """Tap each visible tab button in `scope` once, and inside each the sub-tabs' (depth first, while its panel is
    open); the ids whose panels showed."""
    reached = set() if reached is None else reached
    buttons = page.locator(f"{scope} button[role=tab][id^=pgtab-]").evaluate_all(
        "bs => bs.filter(b => b.offsetParent !== null).map(b => b.id.slice(6, -7))")
    for tab in buttons:
        if tab in reached or tab not in ids:
            continue
        page.locator(f"#pgtab-{tab}-button").tap()
        page.locator(f"#pgtab-{tab}").wait_for(state="visible", timeout=WAIT)
        reached.add(tab)
        _tap_every_tab(page, ids, f"#pgtab-{tab}", reached)
    return reached


def test_a_phone_reaches_every_tab_by_tapping_and_reads_the_tables(browser, live_url, app):  # noqa: F811
    page, errors = _open(browser, live_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.wait_for_function("() => document.querySelector('#summary table')", timeout=WAIT)
    assert page.locator("#pg-bar").bounding_box()["height"] < 120  # one row: the rest is behind the menu
    assert not page.locator("button[aria-label='More tabs']").first.is_visible()  # no tab hidden behind "…"
    widths = page.locator("#summary th, #summary td").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)")
    assert widths and min(widths) > 48, widths  # whole words, never one character per line
    page.wait_for_function("() => document.querySelector('#layer_table').innerText.includes('61,706')",
                           timeout=WAIT)  # LeNet-5's parameters, with a separator
    page.screenshot(path=str(ARTIFACTS / "journey_phone.png"))
    ids = set(app.restorer.paths)
    reached = _tap_every_tab(page, ids)
    assert reached == ids, sorted(ids - reached)
    page.locator("#pg-menu").tap()  # the menu opens presenter mode, the language and the link
    page.locator("#pg-present").wait_for(state="visible")
    page.screenshot(path=str(ARTIFACTS / "journey_phone_menu.png"))
    assert not errors, errors
