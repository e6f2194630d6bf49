"""The lecture bar and the plot toolbar in headless Chromium: every scene draws, a link round trip restores the
view, presenter mode and its keys, the language switch, PNG / SVG / CSV exports, nothing fetched from outside.

Run with `pytest -m browser`. Screenshots go to artifacts/.
"""
import csv
import io
import xml.etree.ElementTree as ET

import pytest

from playground.i18n import EN, ZH
from playground.ui.scenes import SCENES

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser

# What each scene must show once drawn: an element and a text it contains (numbers from the notes).
EXPECT = {
    "alexnet_227": ("#layer_table", "[1, 96, 55, 55]"),
    "bottleneck": ("#bottleneck_result", "69,632"),
    "stack_3x3": ("#stack_result", "110,592"),
    "same_padding": ("#conv_result", "28"),
    "resnet50_shapes": ("#summary", "25,557,032"),
    "spiral_mlp": ("#train_dataset_card", "piral"),
    "lenet_maps": ("#cnn_info", "lenet5"),
    "attention_reverse": ("#attn_result", "6 2 9 5 1 4 1 3"),
    "causal_mask": ("#attn_result", "8 1 7 2"),
    "pe_shift": ("#pe_text", "5"),
    "forget_gate": ("#gates_result", "tiny_lstm"),
    "vanishing_rnn": ("#gates_result", "tiny_rnn"),
    "relu_vs_sigmoid": ("#cpt_act_table", "GELU"),
    "softmax_temperature": ("#cpt_softmax_text", "86.7"),
    "saddle_race": ("#cpt_race_text", "x² - y²"),
    "batch_vs_layer": ("#cpt_norm_text", "LayerNorm"),
    "backprop_by_hand": ("#cpt_backprop_text", "autograd"),
    "weight_sharing": ("#cpt_conv_counts", "10¹²"),
    "pool_ceil": ("#cpt_pool_text", "Output 2 × 2"),
    "conv_step": ("#cpt_step_text", "gives -5"),
    "transformer_block": ("#block_result", "(8, 32)"),
    "sigmoid_sum_relu": ("#sigmoid_sum_text", "1500 steps"),
    "sigmoid_sum_matrix": ("#sigmoid_matrix_text", "0.0983"),
    "lr_warmup": ("#cpt_lr_plot", "at step 4000"),
    "rmsprop_alpha": ("#cpt_race_text", "RMSprop"),
    "batch_size_race": ("#batches_plan", "full batch (2,000)"),
    "diagnose_overfit": ("#train_dataset_card", "ircle"),
    "beam_search": ("#s2s_beam_text", "3 6 9 7 8 6 4 4 8 7"),
    "padding_mask": ("#s2s_padding_text", "0.462"),
    "degradation": ("#degradation_result", "32.5"),
    "photo_first_layer": ("#cnn_info", "resnet18"),
}


def _page(browser, url, locale="en-US"):  # noqa: F811 - the fixture, passed on
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(url)
    page.wait_for_function("() => window.pg && document.querySelector('#pg-scene')", timeout=60_000)
    return page, errors, outside


def _wait_for_text(page, selector, text, timeout=60_000):
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
                           arg=[selector, text], timeout=timeout)


def _open_plots_drawn(page, tab, at_least=1):
    """Every plot on screen in the open tab has drawn (an SVG inside), and there are at least `at_least`."""
    page.wait_for_function("""([tab, n]) => {
        const panel = document.getElementById('pgtab-' + tab);
        if (!panel) return false;
        const plots = Array.from(panel.querySelectorAll('[data-testid=plotly]')).filter(p => p.offsetParent !== null);
        return plots.length >= n && plots.every(p => p.querySelector('.main-svg'));
    }""", arg=[tab, at_least], timeout=60_000)


def test_every_scene_draws_its_figures(browser, live_url):  # noqa: F811
    assert set(EXPECT) == {s.id for s in SCENES}
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors, outside = _page(browser, live_url + "?scene=" + SCENES[0].id)
    for i, chosen in enumerate(SCENES):
        if i:
            page.locator("#pg-next").click()
        _wait_for_text(page, "#pg-scene-note", EN["scene_" + chosen.id])
        selector, text = EXPECT[chosen.id]
        _wait_for_text(page, selector, text)
        path = chosen.tab.split("/")
        page.wait_for_function("(p) => window.pg.openPath() === JSON.stringify(p)", arg=path, timeout=30_000)
        # The worked comparisons are tables, and the Train tab draws its curves once you press Train; the
        # batch-size race's plots wait for its Start button (its scene shows the plan).
        if chosen.id not in ("batch_size_race", "diagnose_overfit"):
            _open_plots_drawn(page, path[0], 0 if chosen.id in ("bottleneck", "stack_3x3", "spiral_mlp") else 1)
        assert not page.locator(".toast-body").count(), (chosen.id, page.locator(".toast-body").all_inner_texts())
        page.screenshot(path=str(ARTIFACTS / f"scene_{chosen.id}.png"))
    assert not errors, errors
    assert not outside, outside


def test_a_link_restores_the_view_and_sharing_writes_it_back(browser, live_url):  # noqa: F811
    page, errors, _ = _page(browser, live_url + "?tab=attention/attn_pe_tab&offset=7&d_model=32&dims=0 1")
    page.wait_for_function("() => window.pg.openPath() === JSON.stringify(['attention', 'attn_pe_tab'])",
                           timeout=60_000)
    _open_plots_drawn(page, "attention")
    assert page.locator("#pe_offset input[type=number]").input_value() == "7"
    assert page.locator("#pe_d_model input[type=number]").input_value() == "32"
    page.locator("#pg-share").click()
    page.wait_for_function("() => (document.querySelector('#pg-share-link textarea, #pg-share-link input') || {})"
                           ".value?.startsWith('http')", timeout=30_000)
    link = page.locator("#pg-share-link textarea, #pg-share-link input").first.input_value()
    assert page.url == link
    for part in ("tab=attention/attn_pe_tab", "offset=7", "d_model=32", "dims=0+1"):
        assert part in link, (part, link)
    again, errors_again, _ = _page(browser, link)
    again.wait_for_function("() => window.pg.openPath() === JSON.stringify(['attention', 'attn_pe_tab'])",
                            timeout=60_000)
    assert again.locator("#pe_offset input[type=number]").input_value() == "7"
    assert again.locator("#pe_dims textarea, #pe_dims input").first.input_value() == "0 1"
    # A link with nonsense in it: a warning names what was left out, the rest is restored.
    bad, _, _ = _page(browser, live_url + "?tab=concepts/cpt_race&surface=saddle&steps=abc&zzz=1")
    # an older link's tab id (cpt_race) opens today's tab
    bad.wait_for_function("() => window.pg.openPath() === JSON.stringify(['concepts', 'optimizers'])", timeout=60_000)
    _wait_for_text(bad, ".toast-body", "steps, zzz")
    _wait_for_text(bad, "#cpt_race_text", "x² - y²")
    assert not errors and not errors_again, errors + errors_again


def test_presenter_mode_enlarges_hides_and_steps_with_keys(browser, live_url):  # noqa: F811
    page, errors, _ = _page(browser, live_url + "?scene=saddle_race&present=1")
    _wait_for_text(page, "#pg-scene-note", EN["scene_saddle_race"])
    assert page.evaluate("document.body.classList.contains('pg-present')")
    assert page.locator("#pg-present input").is_checked()
    assert not page.locator("#pg-app-intro").is_visible()
    assert not page.locator("#pgtab-optimizers .pg-intro").first.is_visible()  # the scene's note explains instead
    assert not page.locator(".pg-plot-tools").first.is_visible()
    assert not page.locator("#cpt_lr .info-text").is_visible()  # explanations under labels go too
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#cpt_race_text .prose')).fontSize)")
    assert size >= 20
    _open_plots_drawn(page, "concepts")
    page.wait_for_function("() => document.querySelector('#cpt_race_plot .js-plotly-plot').layout.font.size === 15")
    page.screenshot(path=str(ARTIFACTS / "presenter_mode.png"))
    following = SCENES[[s.id for s in SCENES].index("saddle_race") + 1]
    page.locator("body").press("ArrowRight")
    _wait_for_text(page, "#pg-scene-note", EN["scene_" + following.id])
    page.locator("body").press("PageUp")
    _wait_for_text(page, "#pg-scene-note", EN["scene_saddle_race"])
    # Arrow keys inside a text box move the caret, not the scene.
    page.locator("#pg-scene input").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1500)
    assert EN["scene_saddle_race"] in page.locator("#pg-scene-note").inner_text()
    page.keyboard.press("Escape")
    page.locator("#pg-scene-note").click()
    page.locator("#pg-present input").uncheck()
    assert not page.evaluate("document.body.classList.contains('pg-present')")
    assert page.locator("#pg-app-intro").is_visible()
    assert not errors, errors


def test_plots_export_png_svg_csv_and_show_their_numbers(browser, live_url):  # noqa: F811
    page, errors, outside = _page(browser, live_url + "?tab=concepts/losses")
    _open_plots_drawn(page, "concepts")
    page.wait_for_selector("#cpt_softmax_plot .pg-tool")
    tools = page.locator("#cpt_softmax_plot .pg-tool")
    assert tools.all_inner_texts() == ["PNG", "SVG", "CSV", "Table"]
    with page.expect_download() as d:
        tools.nth(0).click()
    assert d.value.suggested_filename == "cpt_softmax_plot.png"
    assert open(d.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as d:
        tools.nth(1).click()
    svg = ET.parse(d.value.path()).getroot()
    assert svg.tag.endswith("svg") and float(svg.get("width")) > 100
    with page.expect_download() as d:
        tools.nth(2).click()
    rows = list(csv.reader(io.StringIO(open(d.value.path(), encoding="utf-8").read())))
    numbers = [float(v) for row in rows for v in row[1:2] if v.replace(".", "", 1).replace("-", "", 1).isdigit()]
    assert numbers and all(0 <= v <= 1 for v in numbers)  # softmax probabilities
    assert abs(sum(numbers) - 1) < 1e-3
    tools.nth(3).click()
    assert tools.nth(3).get_attribute("aria-expanded") == "true"
    table = page.locator("#cpt_softmax_plot .pg-plot-table table").first
    assert table.locator("tbody tr").count() == 3
    assert page.locator("#cpt_softmax_plot .js-plotly-plot").first.get_attribute("role") == "img"
    assert page.locator("#cpt_softmax_plot .js-plotly-plot").first.get_attribute("aria-label")
    # The toolbar's buttons and the bar's controls are reached with the Tab key.
    page.locator("#pg-scene input").focus()
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.closest('[id]')?.id"))
    assert "pg-share" in reached, reached
    assert not errors and not outside, errors + outside


def test_chinese_browser_and_the_language_switch(browser, live_url):  # noqa: F811
    page, errors, outside = _page(browser, live_url, "zh-CN")
    page.wait_for_selector("#diagram_plot .main-svg", timeout=60_000)  # the page has settled in its language
    assert page.locator("#pgtab-architecture-button").inner_text() == ZH["tab_architecture"]
    page.screenshot(path=str(ARTIFACTS / "lecture_bar_zh.png"))
    page.get_by_label("English").check()
    page.wait_for_function("(t) => document.querySelector('#pgtab-gates-button').innerText === t",
                           arg=EN["tab_gates"], timeout=30_000)
    _wait_for_text(page, "#summary", EN["architecture_sum_params"])  # text written by the server follows the switch
    page.locator("#pg-next").click()
    _wait_for_text(page, "#pg-scene-note", EN["scene_" + SCENES[0].id])
    # The choice is remembered: a new page in the same browser opens in English.
    again = page.context.new_page()
    again.goto(live_url)
    again.wait_for_function("(t) => document.querySelector('#pgtab-gates-button')?.innerText === t",
                            arg=EN["tab_gates"], timeout=60_000)
    assert again.locator("#pg-lang input[value='en']").is_checked()
    again.wait_for_selector("#diagram_plot .main-svg", timeout=60_000)
    again.get_by_label("中文").check()
    again.wait_for_function("(t) => document.querySelector('#pgtab-gates-button').innerText === t",
                            arg=ZH["tab_gates"], timeout=30_000)
    _wait_for_text(again, "#summary", ZH["architecture_sum_params"])
    again.screenshot(path=str(ARTIFACTS / "language_switch_zh.png"))
    assert not errors and not outside, errors + outside
