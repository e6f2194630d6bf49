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


def _wait_for_new_preview(page, before: str) -> None:
    page.wait_for_function("([s, old]) => { const e = document.querySelector(s); "
                           "return e && e.getAttribute('href') !== old; }", arg=[PREVIEW, before], timeout=WAIT)


def _dropdown_text(page, elem_id: str) -> str:
    return page.locator(f"#{elem_id} input").first.input_value()


def test_a_sample_photo_from_a_link_then_another_chosen_on_a_desktop(browser, live_url):
    """A link opens ResNet-18 on the rocket photo; the dropdown names photos, the example box is gone; back to a
    dataset sample and to the photos again, Chelsea is read in her colours; another photo redraws the views."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="en-US", viewport={"width": 1440, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url + "?tab=cnn&model=resnet18&source=photo&dataset=rocket")
    page.wait_for_function("() => (document.querySelector('#cnn_info') || {}).innerText?.includes('resnet18')",
                           timeout=WAIT)
    page.wait_for_selector(PREVIEW, timeout=WAIT)
    assert _dropdown_text(page, "cnn_dataset") == "A Falcon 9 rocket lifting off"
    assert not page.locator("#cnn_index").is_visible()  # a photo has no test-example number
    page.wait_for_selector("#cnn_cam .js-plotly-plot .main-svg", timeout=WAIT)
    page.screenshot(path=str(ARTIFACTS / "photo_cnn_rocket_1440.png"), full_page=True)
    before = page.locator(PREVIEW).first.get_attribute("href")
    page.locator("#cnn_source").get_by_text("Dataset sample").click()
    page.wait_for_function("() => document.querySelector('#cnn_dataset input').value.startsWith('Digits')",
                           timeout=WAIT)
    assert page.locator("#cnn_index").is_visible()
    _wait_for_new_preview(page, before)  # the digit
    before = page.locator(PREVIEW).first.get_attribute("href")
    page.locator("#cnn_source").get_by_text("Sample photo").click()
    page.wait_for_function("() => document.querySelector('#cnn_dataset input').value === 'Chelsea the cat'",
                           timeout=WAIT)
    _wait_for_new_preview(page, before)
    r, g, b = preview_pixels(page).reshape(-1, 3).mean(axis=0)
    assert r > g > b  # the ginger cat as she is, not inverted
    before = page.locator(PREVIEW).first.get_attribute("href")
    page.locator("#cnn_dataset input").click()
    page.get_by_role("option", name="A cup of coffee").click()
    _wait_for_new_preview(page, before)
    page.screenshot(path=str(ARTIFACTS / "photo_cnn_coffee_1440.png"), full_page=True)
    assert not page.locator(".toast-body").count(), page.locator(".toast-body").all_inner_texts()
    assert not errors, errors
    page.close()


def test_sample_photos_in_chinese_on_a_phone_for_the_cnn_and_the_vit(browser, live_url):
    """On a 390 px phone in Chinese: the photo's name in Chinese, the LeNet view of it drawn; a ViT's attention
    over a photo from a link."""
    page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url + "?tab=cnn&source=photo&dataset=astronaut")
    page.wait_for_function("() => (document.querySelector('#cnn_info') || {}).innerText?.includes('lenet5')",
                           timeout=WAIT)
    page.wait_for_selector("#cnn_maps .js-plotly-plot .main-svg", timeout=WAIT)
    assert _dropdown_text(page, "cnn_dataset") == "宇航员艾琳·柯林斯"
    assert page.locator("#cnn_source").get_by_text("示例照片").is_visible()
    page.screenshot(path=str(ARTIFACTS / "photo_cnn_astronaut_390_zh.png"), full_page=True)
    page.goto(live_url + "?tab=attention/attn_head_tab&model=timm/vit_tiny_patch16_224&source=photo&dataset=chelsea")
    page.wait_for_function("() => (document.querySelector('#attn_result') || {}).innerText?.includes('vit_tiny')",
                           timeout=WAIT)
    page.wait_for_selector("#attn_head_plot .js-plotly-plot .main-svg", timeout=WAIT)
    page.screenshot(path=str(ARTIFACTS / "photo_vit_chelsea_390_zh.png"), full_page=True)
    assert not page.locator(".toast-body").count(), page.locator(".toast-body").all_inner_texts()
    assert not errors, errors
    page.close()
