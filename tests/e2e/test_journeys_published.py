"""Published ImageNet weights in headless Chromium, offline: a ResNet-18 whose (random) weights lie in the hub cache
in timm's layout shows ImageNet class names, and the ViT rollout runs on published weights; a model whose weights
are not cached says so in the tab's status area, in English and in Chinese, beside the last good figures.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip.
Screenshots go to artifacts/ (random weights: no network here, so the classes shown are not a real guess).
"""
from collections import OrderedDict

import pytest

from playground.core import probe
from tests.core.test_published import write_timm_repo
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

WAIT = 90_000
TOP = "#cnn_top .js-plotly-plot"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """The in-process server reads HF_HUB_CACHE at each call: ResNet-18's and ViT-Tiny's weights, nothing else."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setattr(probe, "_MODELS", OrderedDict())
    write_timm_repo(tmp_path, "resnet18.a1_in1k")
    write_timm_repo(tmp_path, "vit_tiny_patch16_224.augreg_in21k_ft_in1k")
    return tmp_path


def choose(page, box: str, value: str) -> None:
    field = page.locator(box + " input")
    field.click()
    field.fill(value)
    field.press("Enter")


@pytest.mark.parametrize("locale, missing", [("en-US", "not on this machine"), ("zh-CN", "本机上没有")])
def test_published_weights_in_the_cnn_tab(browser, live_url, hub_cache, locale, missing):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(locale=locale, viewport={"width": 1400, "height": 1300})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url)
    page.locator("#pgtab-cnn-button").click()
    page.wait_for_selector(TOP, timeout=WAIT)
    page.wait_for_function("() => document.querySelector('#cnn_rf_text').innerText.includes('conv1')",
                           timeout=WAIT)  # LeNet-5's chain has run to its end
    old_cam = page.locator("#cnn_cam_text").inner_text()
    choose(page, "#cnn_model", "published/timm/resnet18")
    page.wait_for_function("() => document.querySelector('#cnn_info').innerText.includes('resnet18.a1_in1k')",
                           timeout=WAIT)
    page.wait_for_function("(old) => { const t = document.querySelector('#cnn_cam_text').innerText; "
                           "return t.length > 0 && t !== old; }", arg=old_cam, timeout=WAIT)
    cam = page.locator("#cnn_cam_text").inner_text()
    names = page.evaluate("(s) => Array.from(document.querySelectorAll(s)).map(e => e.textContent)",
                          TOP + " .ytick text")
    assert any(name in cam for name in names)  # Grad-CAM names the predicted ImageNet class
    page.screenshot(path=str(ARTIFACTS / f"published_cnn_{locale}.png"), full_page=True)
    info = page.locator("#cnn_info").inner_text()
    choose(page, "#cnn_model", "published/timm/resnet50")  # not cached, and no network: the hub's message
    page.wait_for_function("(t) => document.querySelector('#pg-status-cnn').innerText.includes(t)", arg=missing,
                           timeout=WAIT)
    assert "Traceback" not in page.locator("#pg-status-cnn").inner_text()
    assert page.locator("#cnn_info").inner_text() == info  # the last good result stays
    page.screenshot(path=str(ARTIFACTS / f"published_cnn_offline_{locale}.png"), full_page=True)
    assert not errors
    page.close()


def test_published_vit_rollout(browser, live_url, hub_cache):
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1300})
    page.goto(live_url)
    page.locator("#pgtab-attention-button").click()
    page.wait_for_selector("#attn_model input", timeout=WAIT)
    choose(page, "#attn_model", "published/timm/vit_tiny_patch16_224")
    page.locator("#attn_run").click()
    page.wait_for_function("() => document.body.innerText.includes('vit_tiny_patch16_224.augreg_in21k_ft_in1k')",
                           timeout=WAIT)
    page.screenshot(path=str(ARTIFACTS / "published_vit.png"), full_page=True)
    page.close()
