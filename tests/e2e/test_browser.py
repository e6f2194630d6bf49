"""The Architecture tab in headless Chromium: pick a model, see the table and the charts, no console errors.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip.
Screenshots go to artifacts/.
"""
from pathlib import Path

import pytest

from playground.core import config

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url, locale):
    page = browser.new_page(locale=locale, viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("#diagram_plot .js-plotly-plot .main-svg", timeout=60_000)
    return page, errors


def _wait_for_ticks(page, plot: str, ticks: list[str]):
    """Wait until a plot's x axis reads exactly these tick labels (a plot redraws a moment after the text beside
    it, so reading the ticks at once could see the old ones)."""
    page.wait_for_function("""([plot, ticks]) => JSON.stringify(Array.from(
        document.querySelectorAll(plot + ' .xtick text')).map(e => e.textContent)) === JSON.stringify(ticks)""",
                           arg=[plot, ticks], timeout=30_000)


def test_pick_a_model_and_see_table_and_charts(browser, live_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    assert page.get_by_text("LeNet-5", exact=False).first.is_visible()
    box = page.locator("#model_dropdown input")
    box.click()
    box.fill("resnet18")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('11,689,512')",
                           timeout=60_000)
    assert page.locator("#shape_textbox textarea, #shape_textbox input").first.input_value() == "3x224x224"
    assert "[1, 64, 112, 112]" in page.locator("#layer_table").inner_text()  # conv1, near the top
    box.click()
    box.fill("timm/vit_tiny_patch16_224")  # another family, typed: the family follows
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('5,717,416')",
                           timeout=60_000)
    assert page.locator("#group_dropdown input").input_value() == "timm catalog"
    page.locator("#group_dropdown input").click()
    page.get_by_role("option", name="RNN / seq2seq").click()  # a family opens with a familiar model
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('2,202,114')",
                           timeout=60_000)
    assert page.locator("#model_dropdown input").input_value() == "lstm"
    box.click()
    box.fill("resnet18")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('11,689,512')",
                           timeout=60_000)
    page.wait_for_function("() => document.querySelector('#diagram_plot').innerText.includes('layer4')")
    page.screenshot(path=str(ARTIFACTS / "architecture_resnet18.png"), full_page=True)
    page.get_by_role("tab", name="Charts").click()
    page.wait_for_selector("#profile_plot .js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator("#profile_plot g.trace.bars").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "architecture_charts.png"), full_page=True)
    assert not errors, errors


def test_bad_shape_shows_a_message_and_the_app_keeps_working(browser, live_url):
    page, errors = _open(browser, live_url, "zh-CN")
    box = page.locator("#model_dropdown input")
    box.click()
    box.fill("alexnet")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('62,378,344')",
                           timeout=60_000)
    shape = page.locator("#shape_textbox textarea, #shape_textbox input").first
    shape.fill("3x32x32")
    page.locator("#inspect_button").click()
    toast = page.locator('[data-testid="toast-body"]').first
    toast.wait_for(timeout=30_000)
    assert "太小" in toast.inner_text() and "features.pool2" in toast.inner_text()
    page.screenshot(path=str(ARTIFACTS / "architecture_error_zh.png"), full_page=True)
    shape.fill("3x227x227")
    page.locator("#inspect_button").click()
    page.wait_for_function("() => document.querySelector('#layer_table').innerText.includes('[1, 96, 55, 55]')",
                           timeout=30_000)
    assert "Traceback" not in page.locator("body").inner_text()
    assert not [e for e in errors if "features.pool2" not in e], errors


def test_train_tab_streams_curves_stops_and_keeps_the_model(browser, live_url, monkeypatch):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    page.get_by_role("tab", name="Train").click()
    page.wait_for_function("() => document.querySelector('#train_estimate').innerText.includes('61,706')",
                           timeout=60_000)
    # 2-D points: pick the tiny MLP, the boundary plot appears and updates while it trains
    box = page.locator("#train_model input")
    box.click()
    box.fill("tiny_mlp")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#train_estimate').innerText.includes('114 parameters')",
                           timeout=60_000)  # 2-8-8-2
    # A run of a minute or more, so that Stop surely comes first however fast this machine is. The time limit is
    # lifted for this test: on a busy machine the estimate once came to 708 s, over the 300 s a visitor gets.
    monkeypatch.setattr(config, "MAX_TRAIN_SECONDS", 3600)
    page.get_by_text("More settings").click()
    page.locator("#train_hidden textarea, #train_hidden input").first.fill("256,256,256")
    page.locator("#train_batch input").fill("250")
    page.locator("#train_steps input").fill("20000")
    page.locator("#train_steps input").press("Enter")
    page.wait_for_function("() => document.querySelector('#train_estimate').innerText.includes('20,000 steps')",
                           timeout=60_000)
    page.click("#train_button")
    page.wait_for_selector("#boundary_plot .js-plotly-plot g.hm", timeout=60_000)
    page.wait_for_selector("#curves_plot .js-plotly-plot .main-svg", timeout=60_000)
    assert page.locator("#curves_plot").is_visible()  # the progress bar does not cover the plot
    page.wait_for_function("() => document.querySelector('#train_progress').innerText.includes('samples/s')")
    page.screenshot(path=str(ARTIFACTS / "train_running.png"), full_page=True)
    # A DOM click: Playwright's click waits for scrolling and animation frames, which a browser drawing a live
    # boundary on two busy cores can withhold for longer than the timeout (it did once in CI).
    page.evaluate("document.getElementById('stop_button').click()")
    page.wait_for_function("() => document.querySelector('#train_progress').innerText.includes('Stopped at step')",
                           timeout=30_000)
    page.wait_for_function("() => document.querySelector('#train_results').innerText.includes('Test accuracy')",
                           timeout=30_000)
    # bad input: a message, and the model trained above is still there for Evaluate
    page.locator("#train_lr input").fill("0")
    page.click("#train_button")
    page.wait_for_selector('[data-testid="toast-body"]', timeout=30_000)
    assert "learning rate" in page.locator('[data-testid="toast-body"]').first.inner_text()
    page.click("#evaluate_button")
    page.wait_for_function("() => document.querySelector('#train_results').innerText.includes('Test accuracy')",
                           timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "train_stopped.png"), full_page=True)
    assert not errors, errors


def test_cnn_tab_reads_a_drawn_digit(browser, live_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    page.get_by_role("tab", name="CNN internals").click()
    page.wait_for_selector("#cnn_maps .js-plotly-plot .main-svg", timeout=60_000)
    page.get_by_label("Drawing").check()
    page.wait_for_function("() => document.querySelector('#cnn_info').innerText.includes('draw a digit')",
                           timeout=30_000)  # nothing drawn yet: it says what to do, without an error
    canvas = page.locator("#cnn_sketch canvas").first
    canvas.scroll_into_view_if_needed()  # a stroke that starts below the window is never drawn
    box = canvas.bounding_box()
    x = box["x"] + box["width"] * 0.5
    page.mouse.move(x, box["y"] + box["height"] * 0.2)  # the Brush was chosen for us when the tab opened
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(x, box["y"] + box["height"] * (0.2 + 0.075 * i))
    page.mouse.up()
    page.wait_for_function("() => document.querySelector('#cnn_cam_text').innerText.includes('class 1')",
                           timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "cnn_drawn_one.png"), full_page=True)
    assert not errors, errors


def test_attention_tab_reads_typed_digits_and_refuses_letters(browser, live_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    page.get_by_role("tab", name="Attention").click()
    page.wait_for_selector("#attn_head_plot .js-plotly-plot .main-svg", timeout=60_000)
    box = page.locator("#attn_text textarea, #attn_text input").first
    box.fill("90210777")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('#attn_result').innerText.includes('wrote 7 7 7 0 1 2 0 9')",
                           timeout=30_000)
    assert "all right" in page.locator("#attn_result").inner_text()
    # cross-attention keys: the source, repeated tokens kept apart (the plot redraws a moment after the text)
    _wait_for_ticks(page, "#attn_head_plot", list("90210777"))
    page.get_by_role("tab", name="Step by step").click()
    page.wait_for_function("() => document.querySelector('#attn_steps_text').innerText.includes('d_k = 16')",
                           timeout=30_000)
    box.fill("12ab")
    box.press("Enter")
    page.wait_for_selector('[data-testid="toast-body"]', timeout=30_000)
    assert "does not know a b" in page.locator('[data-testid="toast-body"]').first.inner_text()
    assert "7 7 7 0 1 2 0 9" in page.locator("#attn_result").inner_text()  # the last good view stays
    page.screenshot(path=str(ARTIFACTS / "attention_steps.png"), full_page=True)
    assert not errors, errors


def test_gates_tab_reads_a_typed_bracket_string(browser, live_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    page.get_by_role("tab", name="Gates").click()
    page.wait_for_selector("#gates_plot .js-plotly-plot .main-svg", timeout=60_000)
    box = page.locator("#gates_text textarea, #gates_text input").first
    box.fill("((()))()")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('#gates_result').innerText.includes('1 2 3 2 1 0 1 0')",
                           timeout=30_000)
    # the units plot redraws a moment after the text: wait until its time axis reads the symbols, repeats apart
    _wait_for_ticks(page, "#gates_units_plot", list("((()))()"))
    _wait_for_ticks(page, "#gates_flow", list("((()))()"))
    page.screenshot(path=str(ARTIFACTS / "gates.png"), full_page=True)
    assert not errors, errors


def test_concepts_tab_races_optimizers_and_replays(browser, live_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _open(browser, live_url, "en-US")
    page.get_by_role("tab", name="Concepts").click()
    page.wait_for_selector("#cpt_act_plot .js-plotly-plot .main-svg", timeout=60_000)
    assert "Sigmoid" in page.locator("#cpt_act_table").inner_text()  # the notes' table of properties
    page.get_by_role("tab", name="Optimizer race").click()
    page.wait_for_function("() => document.querySelector('#cpt_race_text').innerText.includes('Adam: loss')",
                           timeout=60_000)
    lr = page.locator("#cpt_lr input")
    lr.fill("0.5")
    lr.press("Enter")  # too large for SGD on the narrow bowl: drawn as divergence, with a message
    page.wait_for_function("() => document.querySelector('#cpt_race_text').innerText.includes('diverged at step')",
                           timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "concepts_race.png"), full_page=True)
    assert not page.locator('[data-testid="toast-body"]').count()
    assert not errors, errors


def test_layer_table_and_source_download(browser, live_url):
    page, errors = _open(browser, live_url, "en-US")
    page.wait_for_selector("#export_files a", timeout=60_000)
    links = page.locator("#export_files a").evaluate_all("els => els.map(e => e.href)")
    assert [href.rsplit("/", 1)[-1] for href in links] == ["lenet5_layers.csv", "lenet5_layers.md", "lenet5.py",
                                                           "lenet5_train.py"]
    csv_text = page.request.get(links[0]).text()
    assert csv_text.startswith("layer,type,depth,input shape,output shape,params")
    assert "def lenet5" in page.request.get(links[2]).text()
    assert "argparse" in page.request.get(links[3]).text()
    assert not errors, errors
