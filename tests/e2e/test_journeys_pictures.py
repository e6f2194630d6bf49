"""A colour photo in the CNN tab, in headless Chromium: on ResNet-18 the "dark ink" box is off and locked, and what
the model sees keeps the photo's red and its shape (cropped, not stretched, not inverted).

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip.
Screenshots go to artifacts/.
"""
import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

WAIT = 90_000
RED = (220, 20, 30)
PREVIEW = "#cnn_input .js-plotly-plot image"  # plotly draws an Image trace as an SVG <image> with a PNG data URL


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def red_photo(path: Path) -> Path:
    """A 4:3 photo (300 x 400) of a red disc (200 px across) on light grey."""
    yy, xx = np.mgrid[0:300, 0:400]
    rgb = np.full((300, 400, 3), 200, np.uint8)
    rgb[(yy - 150) ** 2 + (xx - 200) ** 2 <= 100 ** 2] = RED
    Image.fromarray(rgb).save(path)
    return path


def preview_pixels(page) -> np.ndarray:
    """The preview's own pixels (H, W, 3), decoded from the data URL plotly draws."""
    href = page.locator(PREVIEW).first.get_attribute("href")
    data = base64.b64decode(href.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_a_colour_photo_on_resnet18_is_seen_in_its_colours(browser, live_url, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1100})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url)
    page.locator("#pgtab-cnn-button").click()
    page.wait_for_selector(PREVIEW, timeout=WAIT)  # the shipped LeNet-5 on a digit
    page.wait_for_function("() => document.querySelector('#cnn_cam_text').innerText.includes('Grad-CAM')",
                           timeout=WAIT)
    box = page.locator("#cnn_model input")
    box.click()
    box.fill("resnet18")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('#cnn_info').innerText.includes('resnet18')",
                           timeout=WAIT)
    invert = page.locator("#cnn_invert input[type=checkbox]")
    page.wait_for_function("() => document.querySelector('#cnn_invert input[type=checkbox]').disabled",
                           timeout=WAIT)
    assert not invert.is_checked()
    before = page.locator(PREVIEW).first.get_attribute("href")
    page.locator("#cnn_source").get_by_text("Uploaded image").click()
    page.locator("#cnn_upload input[type=file]").set_input_files(str(red_photo(tmp_path / "red.png")))
    page.wait_for_function("([s, old]) => { const e = document.querySelector(s); "
                           "return e && e.getAttribute('href') !== old; }", arg=[PREVIEW, before], timeout=WAIT)
    pixels = preview_pixels(page)
    page.screenshot(path=str(ARTIFACTS / "cnn_colour_photo.png"), full_page=True)
    side = pixels.shape[0]  # plotly paints the 224 x 224 input at the plot's own size
    assert pixels.shape == (side, side, 3)
    assert np.abs(pixels[side // 2, side // 2].astype(int) - RED).max() <= 6  # red, not cyan (35, 235, 225)
    assert np.abs(pixels[3, 3].astype(int) - 200).max() <= 6  # the grey around it, not inverted
    red = (pixels[..., 0] > 150) & (pixels[..., 1] < 80)
    height, width = np.ptp(np.flatnonzero(red.any(axis=1))) + 1, np.ptp(np.flatnonzero(red.any(axis=0))) + 1
    assert abs(height - width) <= 0.02 * side, "round, not stretched"
    assert abs(height / side - 171 / 224) < 0.02  # Resize(256) of the shorter side, then CenterCrop(224)
    assert not errors, errors
    page.close()
