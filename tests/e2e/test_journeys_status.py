"""Status and figures as a visitor meets them, in Chromium: a refused input leaves its message in the tab's status
area beside the last good result (no error badge over the table), the next good input clears it; a figure's label
sits above the plot; table headers never break a word mid-letter."""
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
WAIT = 60_000

# Any visible status tracker on the summary or the layer table would be an error badge over old numbers.
BADGE_OVER = """(sel) => Array.from(document.querySelectorAll(sel + ' [data-testid=status-tracker]'))
    .some((e) => !e.classList.contains('hide') && e.offsetParent !== null && e.innerText.includes('Error'))"""


@pytest.fixture(scope="module")
def page(live_url):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 720})
        page.goto(live_url)
        page.wait_for_selector("#summary table", timeout=WAIT)
        yield page
        browser.close()


def test_a_refused_input_reports_in_the_status_area_beside_the_last_result(page):
    shape = page.locator("#shape_textbox textarea, #shape_textbox input").first
    shape.fill("1x3x")
    page.click("#inspect_button")
    page.wait_for_function("() => document.querySelector('#pg-status-architecture').innerText.includes('1x3x')",
                           timeout=WAIT)
    assert "wrong number of dimensions" in page.locator("#pg-status-architecture").inner_text()
    assert page.locator("#summary table").is_visible()  # the last good result stays, readable
    assert not page.evaluate(BADGE_OVER, "#summary") and not page.evaluate(BADGE_OVER, "#layer_table")
    page.screenshot(path=str(ARTIFACTS / "journey_status_error.png"))
    shape.fill("1x32x32")
    page.click("#inspect_button")
    page.wait_for_function("() => document.querySelector('#pg-status-architecture').innerText.trim() === ''",
                           timeout=WAIT)


def test_a_figures_label_sits_above_the_plot(page):
    page.wait_for_selector("#diagram_plot .js-plotly-plot .main-svg", timeout=WAIT)
    label, plot = page.evaluate("""() => {
        const block = document.querySelector('#diagram_plot');
        const box = (e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; };
        return [box(block.querySelector('label')), box(block.querySelector('.js-plotly-plot'))]; }""")
    assert label[1] <= plot[0] + 1, (label, plot)


def test_table_headers_break_between_words_only(page):
    page.goto(page.url.split("?")[0] + "?tab=concepts/activations")
    page.wait_for_selector("#cpt_act_table table th", timeout=WAIT)
    lines = page.evaluate("""() => Array.from(document.querySelectorAll('#cpt_act_table th')).map((th) => {
        const range = document.createRange(); range.selectNodeContents(th);
        const words = th.innerText.trim().split(/\\s+/);
        return [th.innerText.trim(), words.length, new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size];
    })""")
    assert lines and all(n_lines <= words for _, words, n_lines in lines), lines  # "function" on one line
