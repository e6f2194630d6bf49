"""The masking lab's model choice and BERT head view in Chromium: the shipped tiny BERT's heads at first paint,
BERT-base (a small stand-in in a temporary hub cache; no network here) on the radio, and with nothing cached the
offline message in the tab's status area beside the last good result. Screenshots in artifacts/."""
import pytest

from tests.bert_hub import write_small_bert

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser
WAIT = 60_000
HEAD_LEGEND = """([plot, n]) => Array.from(document.querySelectorAll(plot + ' .legendtext'))
    .map(e => e.textContent).filter(t => t.startsWith('head')).length === n"""


def test_model_choice_head_view_and_offline_message(browser, live_url, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    write_small_bert(tmp_path / "hub")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="en-US", viewport={"width": 1300, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url)
    for tab in ("labs", "masking"):
        page.locator(f"#pgtab-{tab}-button").click()
    page.wait_for_function(HEAD_LEGEND, arg=["#mlm_heads_plot", 2], timeout=WAIT)  # tiny BERT: 2 heads
    page.locator("#mlm_model label").filter(has_text="BERT-base").click()
    page.wait_for_function("() => document.querySelector('#mlm_result').innerText.includes('WordPiece')",
                           timeout=WAIT)
    page.wait_for_function(HEAD_LEGEND, arg=["#mlm_heads_plot", 4], timeout=WAIT)  # the stand-in: 4 heads
    page.locator("#mlm_heads_plot").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "masking_bert_base.png"), full_page=True)
    before = page.locator("#mlm_result").inner_text()

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    page.locator("#mlm_text input").fill("the cat sat on the _.")
    page.locator("#mlm_text input").press("Enter")
    page.wait_for_function("() => document.querySelector('#pg-status-masking').innerText.includes('switched off')",
                           timeout=WAIT)
    assert page.locator("#mlm_result").inner_text() == before  # the last good result stays
    page.screenshot(path=str(ARTIFACTS / "masking_bert_base_offline.png"), full_page=True)
    assert errors == []
    page.close()
