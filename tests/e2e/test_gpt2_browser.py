"""The Attention tab's Real GPT-2 sub-tab in headless Chromium: the shipped tiny GPT draws with no download, Generate
appends its tokens, and GPT-2 on a machine without the files says so in the status area (English and Chinese).

Run with `pytest -m browser`; screenshots go to artifacts/.
"""
import pytest

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open_sub_tab(browser, url: str, locale: str, label: str):
    page = browser.new_page(locale=locale, viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "?tab=attention")
    page.get_by_role("tab", name=label).click()
    page.wait_for_selector("#lm_overview .js-plotly-plot .main-svg", timeout=90_000)
    page.wait_for_selector("#lm_next .js-plotly-plot .main-svg", timeout=60_000)
    return page, errors


@pytest.mark.parametrize("locale, label, generated", [("en-US", "Real GPT-2", "Wrote 3 tokens"),
                                                      ("zh-CN", "真实的 GPT-2", "写出了 3 个词元")])
def test_tiny_gpt_then_generate_then_gpt2_offline(browser, live_url, locale, label, generated, tmp_path,
                                                  monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open_sub_tab(browser, live_url, locale, label)
    assert "<bos>" in page.locator("#lm_tokens").inner_text()
    page.locator("#lm_n_tokens input[type=number]").fill("3")
    page.locator("#lm_greedy input").check()
    page.locator("#lm_generate").click()
    page.wait_for_function("() => document.querySelector('#lm_text textarea').value === '31415926>629'",
                           timeout=60_000)
    page.wait_for_function(f"() => document.querySelector('#lm_written').innerText.includes('{generated}')",
                           timeout=30_000)
    page.locator("#lm_overview").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"gpt2_subtab_{locale}.png"), full_page=True)
    box = page.locator("#lm_model input")
    box.click()
    page.get_by_role("option", name="gpt2", exact=True).click()
    page.wait_for_function("() => [...document.querySelectorAll('.pg-status, [id$=status]')].some("
                           "e => e.innerText.includes('openai-community/gpt2'))", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / f"gpt2_offline_{locale}.png"))
    assert "31415926>629" == page.locator("#lm_text textarea").input_value()  # what the visitor had stays
    assert not errors
    page.close()
