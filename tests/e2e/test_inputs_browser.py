"""Number boxes in headless Chromium: a typed Grad-CAM class is drawn on Enter and on leaving the box, and the
text names it as the chosen class. Run with `pytest -m browser`; screenshots go to artifacts/."""
from pathlib import Path

import pytest

from .test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _cam_text_has(page, needle: str):
    page.wait_for_function("(n) => (document.querySelector('#cnn_cam_text') || {}).innerText?.includes(n)",
                           arg=needle, timeout=60_000)


def test_the_grad_cam_class_is_drawn_on_enter_and_on_leaving_the_box(browser, live_url):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(live_url)
    page.get_by_role("tab", name="CNN", exact=False).first.click()
    _cam_text_has(page, "predicted class")
    box = page.locator("#cnn_cam_class input")
    box.fill("3")
    box.press("Enter")
    _cam_text_has(page, "the one you chose")
    assert page.evaluate("() => document.activeElement === document.querySelector('#cnn_cam_class input')") is False
    box.fill("5")
    page.locator("#cnn_info").click()  # leaving the box commits the value
    _cam_text_has(page, "class 5, the one you chose")
    page.locator("#cnn_cam_text").screenshot(path=str(ARTIFACTS / "cnn_cam_chosen_class.png"))
    page.close()
