"""The whole app in headless Chromium: every tab and sub-tab is opened, its main control used, its figures drawn,
and the browser console stays free of errors; then the same walk in a Chinese browser.

A smoke test for breadth; test_browser.py and test_lecture_browser.py go deeper into single tabs. Each tab is its
own test case (so a failure names the tab), all of one language on one page opened once for the module. In English
every case waits for the tab's default view first (so that its drawing cannot overwrite the control's answer), then
uses the control and waits for a number or word that only that input gives, then for the figures. In Chinese it
checks each tab's label, the default view, that the server's text is Chinese, and the figures (to keep the file
within a few minutes on two cores). Screenshots go to artifacts/tab_<name>.png (artifacts/tab_<name>_zh.png).

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Callable

import gradio as gr
import pytest

from playground.i18n import EN, ZH
from playground.lessons.backprop import compute as backprop
from playground.lessons.schedules import compute as sched

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser

WAIT = 60_000  # ms; CI is a busy 2-core machine

# The tab ids along each case's path are the app's `gr.Tab(id=...)`; the page gives their buttons the elem_id
# `pgtab-<id>-button` (playground/ui/lecture.py). The text key of each tab's label comes from the app itself
# (tab_label_keys), and tests/ui/test_every_tab_coverage.py checks that every tab of the app has a case here.


def tab_label_keys(demo) -> dict[str, str]:
    """Tab id -> the text key of its label, for every gr.Tab of a built app."""
    return {str(b.id): b.label.key for b in demo.blocks.values() if isinstance(b, gr.Tab) and b.id is not None}


# A plot has drawn when plotly has laid it out with data (or, for the architecture diagram, shapes) and the SVG
# holds marks: a trace, a heatmap, an image, a shape or a contour.
PLOTS_DRAWN = """(ids) => ids.every((id) => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    return gd && gd.offsetParent !== null && gd._fullLayout && gd.querySelector('.main-svg')
        && ((gd._fullData || []).length || (gd._fullLayout.shapes || []).length)
        && gd.querySelector('g.trace, g.hm, image, .shapelayer path, g.contourlayer path');
})"""
# Gradio's status tracker loses its `hide` class while an event runs; on a plot it covers the figure.
SETTLED = """() => !Array.from(document.querySelectorAll('[data-testid=status-tracker]'))
    .some((e) => !e.classList.contains('hide') && e.offsetParent !== null)"""


# ---------------------------------------------------------------------------------------------------------------
# Helpers

def plain(markdown: str) -> str:
    """Markdown as the page's innerText shows it: without bold and code marks."""
    return markdown.replace("**", "").replace("`", "")


def says(key: str, lang: str, **known) -> str:
    """The start of the app's message `key` in `lang`, up to the first placeholder not given here, as shown."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse((ZH if lang == "zh-CN" else EN)[key]):
        out.append(literal)
        if name is None or name not in known:
            break
        out.append(format(known[name], spec or ""))
    return plain("".join(out))


def wait_text(page, selector: str, text: str, timeout: int = WAIT):
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
                           arg=[selector, text], timeout=timeout)


def text_of(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def enter(page, selector: str, value):
    """Type into a Textbox or Number (or a Slider's number box) and press Enter: its submit event."""
    box = page.locator(f"{selector} input[type=number], {selector} textarea, {selector} input").first
    box.fill(str(value))
    box.press("Enter")


def slide(page, selector: str, value):
    """Set a Slider through its number box; leaving the box fires the slider's release event."""
    box = page.locator(f"{selector} input[type=number]")
    box.fill(str(value))
    box.press("Enter")
    box.blur()


def pick(page, selector: str, value: str):
    """Choose in a filterable Dropdown by typing its value (as a visitor can)."""
    box = page.locator(f"{selector} input")
    box.click()
    box.fill(value)
    page.keyboard.press("Enter")


def wait_traces(page, plot: str, n: int):
    page.wait_for_function("([s, n]) => ((document.querySelector(s + ' .js-plotly-plot') || {})._fullData || [])"
                           ".length === n", arg=["#" + plot, n], timeout=WAIT)


def wait_ticks(page, plot: str, ticks: list[str]):
    """Wait until a plot's x axis reads exactly these tick labels (it redraws a moment after the text beside it)."""
    page.wait_for_function("([s, t]) => JSON.stringify(Array.from(document.querySelectorAll(s + ' .xtick text'))"
                           ".map(e => e.textContent)) === JSON.stringify(t)", arg=["#" + plot, ticks], timeout=WAIT)


# ---------------------------------------------------------------------------------------------------------------
# One function per tab: the default view, then the main control and what it must change.

def architecture(page, lang, act):
    wait_text(page, "#summary", "61,706")  # LeNet-5, the default
    if not act:
        return
    pick(page, "#model_dropdown", "alexnet")
    wait_text(page, "#summary", "62,378,344")
    wait_text(page, "#layer_table", "[1, 96, 55, 55]")  # conv1 of a 227 x 227 input
    wait_text(page, "#diagram_plot", "classifier.fc8")  # the block diagram of alexnet's stages


def architecture_charts(page, lang, act):
    assert page.locator("#profile_plot g.trace.bars").count() >= 1
    if not act:
        return
    from playground.core.inspection.table import inspect_model
    leaves = [r.name for r in inspect_model("alexnet").rows if r.is_leaf and r.output_shape is not None]
    # one bar per layer of the model chosen in the case before: the chart follows the Model dropdown
    page.wait_for_function("(names) => JSON.stringify(document.querySelector('#profile_plot .js-plotly-plot')"
                           ".data.at(-1).customdata) === JSON.stringify(names)", arg=leaves, timeout=WAIT)


def architecture_table(page, lang, act):
    wait_text(page, "#layer_table", "Conv2d")  # the type column of the model chosen before (or LeNet-5)
    if not act:
        return
    slide(page, "#depth_slider", 0)  # the whole model only
    page.wait_for_function("() => document.querySelectorAll('#layer_table tbody tr').length === 1", timeout=WAIT)


def architecture_source(page, lang, act):
    wait_text(page, "#source_code", "nn.Conv2d")  # a registry model's own PyTorch source


def architecture_totals(page, lang, act):
    wait_text(page, "#totals_json", "total_params")  # the totals as the API returns them


def architecture_conv(page, lang, act):
    wait_text(page, "#conv_result", "floor((7 + 2×1 − 1×(3 − 1) − 1) / 2) + 1 = 4")
    if not act:
        return
    kernel = page.locator("#pgtab-conv input[type=number]").nth(1)  # size, kernel, stride, padding, dilation
    kernel.fill("5")
    wait_text(page, "#conv_result", "floor((7 + 2×1 − 1×(5 − 1) − 1) / 2) + 1 = 3")


def architecture_compare(page, lang, act):
    wait_text(page, "#bottleneck_result", "69,632")  # the notes' 256-channel bottleneck
    if not act:
        return
    channels = page.locator("#pgtab-compare input[type=number]").first
    channels.fill("512")
    wait_text(page, "#bottleneck_result", "278,528")
    assert "4,718,592" in text_of(page, "#bottleneck_result")


def train(page, lang, act):
    page.wait_for_function("() => document.querySelector('#train_estimate').innerText.includes('61,706')",
                           timeout=WAIT)
    if not act:
        return
    pick(page, "#train_model", "tiny_mlp")
    wait_text(page, "#train_estimate", says("train_estimate", lang, params=114))  # 2-8-8-2
    enter(page, "#train_epochs", 20)  # the recipe's 100 epochs are 1,563 steps; 20 take about a second
    page.wait_for_function("() => !document.querySelector('#train_estimate').innerText.includes('1,563')",
                           timeout=WAIT)
    n_steps = int(re.search(r"([\d,]+) ?(?:steps|步)", text_of(page, "#train_estimate")).group(1).replace(",", ""))
    assert not page.locator("#curves_plot .js-plotly-plot").count()  # nothing trained in this session yet
    # Every distinct length of the drawn training curve, to see it grow while the run streams.
    page.evaluate("""() => { window.pgLengths = []; window.pgPoll = setInterval(() => {
        const gd = document.querySelector('#curves_plot .js-plotly-plot');
        const n = gd && gd._fullData && gd._fullData[0] ? gd._fullData[0]._length : null;
        if (n !== null && window.pgLengths.at(-1) !== n) window.pgLengths.push(n); }, 20); }""")
    page.click("#train_button")
    wait_text(page, "#train_progress", says("train_status_done", lang, step=n_steps))
    page.wait_for_function(PLOTS_DRAWN, arg=["curves_plot", "boundary_plot", "confusion_plot"], timeout=WAIT)
    page.wait_for_function("(n) => window.pgLengths.at(-1) === n", arg=n_steps, timeout=WAIT)
    lengths = page.evaluate("() => { clearInterval(window.pgPoll); return window.pgLengths; }")
    # No curve before Train, the whole run's after it; frames in between come when the machine is slow enough for
    # more than one report per run (test_browser.py watches a long run stream).
    assert lengths == sorted(lengths) and lengths[-1] == n_steps, lengths
    assert page.locator("#boundary_plot g.hm").count() >= 1


def _predicted_class(index: int) -> str:
    """The class the shipped LeNet-5 predicts for a digits test example, by the app's own callbacks."""
    from playground.lessons.cnn import callbacks as cnn_callbacks
    picture = (cnn_callbacks.PRETRAINED, "sample", "digits", index, None, None, True)
    layer = cnn_callbacks.on_predict(*picture, None, None)[4]["value"]
    text = cnn_callbacks.on_grad_cam(*picture, layer, -1, None)[1]
    return re.search(r"\*\*(.+?)\*\*", text).group(1)


def cnn(page, lang, act):
    wait_text(page, "#cnn_cam_text", says("cnn_cam_for", lang, name=_predicted_class(0)))
    if not act:
        return
    enter(page, "#cnn_index", 7)
    expected = says("cnn_cam_for", lang, name=_predicted_class(7))
    wait_text(page, "#cnn_cam_text", expected)  # the end of the chain: feature maps and filters came before
    assert page.locator("#cnn_maps g.hm").count() >= 1


def attention(page, lang, act):
    wait_text(page, "#attn_result", "6 2 9 5 1 4 1 3")  # the default 31415926, reversed
    if not act:
        return
    enter(page, "#attn_text", "24681357")
    wait_text(page, "#attn_result", "7 5 3 1 8 6 4 2")  # the shipped model reverses the digits
    wait_ticks(page, "attn_head_plot", list("24681357"))  # cross-attention: the keys are the source


def attention_steps(page, lang, act):
    wait_text(page, "#attn_steps_text", "d_k = 16")
    if not act:
        return
    enter(page, "#attn_text", "1234567")
    wait_text(page, "#attn_steps_text", says("attention_steps_text", lang, n=7, d_k=16))


def attention_masks(page, lang, act):
    wait_text(page, "#attn_lab_text", "<pad>")
    if not act:
        return
    slide(page, "#attn_pad", 5)
    wait_text(page, "#attn_lab_text", says("attention_lab_source", lang, block=1, head=0, n=5))


def attention_pe(page, lang, act):
    wait_traces(page, "pe_waves", 6)  # dims 0 1 6 7 20 21
    if not act:
        return
    enter(page, "#pe_dims", "0 1")
    wait_traces(page, "pe_waves", 2)


def gates(page, lang, act):
    wait_text(page, "#gates_result", "tiny_lstm")
    if not act:
        return
    enter(page, "#gates_text", "(()(()))")
    wait_text(page, "#gates_result", "1 2 1 2 3 2 1 0")  # the depth after each symbol
    wait_ticks(page, "gates_units_plot", list("(()(()))"))


def concepts_activations(page, lang, act):
    wait_traces(page, "cpt_act_plot", 6)  # sigmoid, tanh, relu: each function and its slope
    if not act:
        return
    page.locator("#cpt_act_names input[name=gelu]").check()
    wait_traces(page, "cpt_act_plot", 8)
    wait_text(page, "#cpt_act_table", (ZH if lang == "zh-CN" else EN)["activations_act_gelu"])


def concepts_losses(page, lang, act):
    wait_text(page, "#cpt_softmax_text", "86.7%, 11.7%, 1.6%")  # the notes' logits 3, 1, -1
    if not act:
        return
    enter(page, "#cpt_logits", "2, 0")
    wait_text(page, "#cpt_softmax_text", says("losses_softmax_text", lang, t=1, probs="88.1%, 11.9%"))


def concepts_race(page, lang, act):
    from playground.lessons.optimizers import compute as race
    wait_traces(page, "cpt_race_loss", 6)  # every optimizer
    if not act:
        return
    slide(page, "#cpt_steps", 20)
    adam = race.cached_race("bowl", race.OPTIMIZERS, 20, race.SURFACES["bowl"].lr, 0.9, 0.9, 0.999, 0.01)["adam"]
    wait_text(page, "#cpt_race_text", says("optimizers_race_end", lang, name=(ZH if lang == "zh-CN" else EN)["optimizer_adam"],
                                           loss=f"{adam.loss[-1]:.3g}"))


def concepts_schedules(page, lang, act):
    # the rates go to API callers as JSON (a hidden output); the page shows them drawn, the peak in the legend
    wait_text(page, "#cpt_lr_plot", says("schedules_fig_peak", lang, lr="0.001", step=100))  # cosine, 100 warm-up
    if not act:
        return
    page.locator("#cpt_lr_kind input[value=transformer]").check()
    peak = sched.transformer_rate([100], 512, 100)[0]  # d_model^-0.5 · warmup^-0.5
    wait_text(page, "#cpt_lr_plot", says("schedules_fig_peak", lang, lr=f"{peak:.3g}", step=100))


def concepts_norm(page, lang, act):
    wait_text(page, "#cpt_norm_text", "BatchNorm")
    if not act:
        return
    page.locator("#cpt_norm_kind input[value=layer]").check()
    wait_text(page, "#cpt_norm_text", "LayerNorm")
    assert "256" in text_of(page, "#cpt_norm_text")  # C x H x W = 4 x 8 x 8 values per statistic


def concepts_backprop(page, lang, act):
    first = backprop.backprop([0.5, -1.0], 1.0, seed=0, lr=0.5)
    wait_text(page, "#cpt_backprop_text", f"{first['loss']:.6f}")
    if not act:
        return
    enter(page, "#cpt_x1", 2)
    then = backprop.backprop([2.0, -1.0], 1.0, seed=0, lr=0.5)
    wait_text(page, "#cpt_backprop_text", says("backprop_backprop_text", lang, loss=f"{then['loss']:.6f}", lr="0.5",
                                               after=f"{then['after']:.6f}"))


def concepts_convolution(page, lang, act):
    wait_text(page, "#cpt_conv_counts", "10¹²")  # the notes' 1000 x 1000 image, fully connected
    wait_text(page, "#cpt_step_text", "-2")  # the default window's products and sum
    if not act:
        return
    enter(page, "#cpt_conv_size", 100)
    wait_text(page, "#cpt_conv_counts", "1/10⁶")  # one shared 10 x 10 kernel against 10⁸ full weights

def concepts_sigmoids(page, lang, act):
    from playground.lessons.sigmoids import matrix
    example = matrix.matrix_form(matrix.EXAMPLE_X)["y"]
    wait_text(page, "#sigmoid_matrix_text", f"{example:.4f}".replace("-", "−"))  # the note's 3x3 example
    wait_text(page, "#sigmoid_sum_text", says("sigmoids_status_start", lang, total=1500))
    if not act:
        return
    enter(page, "#sigmoid_inputs", "0, 0, 0")
    zeros = matrix.matrix_form((0.0, 0.0, 0.0))["y"]
    wait_text(page, "#sigmoid_matrix_text", f"= {zeros:.4f}")
    page.locator("#sigmoid_fit").click()
    wait_text(page, "#sigmoid_sum_text", says("sigmoids_status", lang, step=1500, total=1500))

def lab_gan(page, lang, act):
    wait_text(page, "#gan_status", says("gan_status", lang, step=0, total=1000))
    if not act:
        return
    page.locator("#gan_preset input[value=mode_collapse]").check()
    page.wait_for_function("() => document.querySelector('#gan_loss input[value=minimax]').checked && "
                           "document.querySelector('#gan_lr_g input').value === '0.002'", timeout=WAIT)
    page.wait_for_function(SETTLED, timeout=WAIT)  # the preset's preview has drawn
    enter(page, "#gan_steps", 25)  # one redraw's worth
    page.click("#gan_train")
    wait_text(page, "#gan_status", says("gan_status", lang, step=25, total=25))


def lab_seq2seq(page, lang, act):
    wait_text(page, "#s2s_result", "3 1 4 1 5 9 2 6")
    if not act:
        return
    enter(page, "#s2s_digits", "12345")
    wait_text(page, "#s2s_result", says("seq2seq_decoded", lang, source="1 2 3 4 5", target="5 4 3 2 1"))


def lab_mlm(page, lang, act):
    wait_text(page, "#mlm_result", "[MASK]")
    if not act:
        return
    enter(page, "#mlm_text", "hello world")
    # seed 0 on these 11 characters: 2 chosen, both [MASK] (the draw is seeded)
    wait_text(page, "#mlm_result", says("masking_result_seed", lang, n=11, chosen=2, mask=2, random=0, keep=0))


def lab_detection(page, lang, act):
    wait_text(page, "#det_anchor_text", "800")
    if not act:
        return
    enter(page, "#det_boxes", "16,16,160,160; 200,200,400,400")
    wait_text(page, "#det_roi_text", says("detection_roi_result", lang, n=2, height=800, width=800, stride=16, fh=50,
                                          fw=50))


def lab_caption(page, lang, act):
    wait_text(page, "#cap_result", "red circle left of blue circle")  # scene 0's true caption
    if not act:
        return
    enter(page, "#cap_seed", 3)
    wait_text(page, "#cap_result", "red circle above green circle")


def lab_degradation(page, lang, act):
    wait_text(page, "#degradation_result", says("degradation_shipped_note", lang, depths="8, 20, 32", steps=600))
    if not act:
        return
    page.locator("#degradation_depths textarea, #degradation_depths input").first.fill("4, 6")
    slide(page, "#degradation_steps", 50)
    page.click("#degradation_train")
    wait_text(page, "#pg-status-degradation", says("degradation_status_done", lang, total=50))


def attention_block(page, lang, act):
    wait_text(page, "#block_result", "(8, 32)")  # 8 digits, d_model 32: the shape after most steps
    if not act:
        return
    enter(page, "#block_text", "2718")
    wait_text(page, "#block_result", "(4, 64)")  # the FFN's hidden layer of 4 tokens
def concepts_batches(page, lang, act):
    wait_text(page, "#batches_plan", says("batches_lane_full", lang, batch="2,000"))  # the plan, before any race
    if not act:
        return
    slide(page, "#batches_epochs", 1)
    page.click("#batches_race_button")
    wait_text(page, "#batches_text", says("batches_takeaway", lang, epochs=1, small="2,000", full="1"))


@dataclass
class Case:
    name: str
    path: list[str]  # tab ids, outermost first
    plots: list[str]  # elem_ids of the plots that must draw
    text: str  # an element whose text the server writes (in the page's language)
    check: Callable  # (page, lang, act): the default view, then, with act, the control and its answer
    opening: list[str] | None = None  # the plots drawn when the tab opens, when not all of them


CASES = [
    Case("architecture", ["architecture", "inspector"], ["diagram_plot"], "#summary", architecture),
    Case("architecture_charts", ["architecture", "inspector", "charts"], ["diagram_plot", "profile_plot"],
         "#summary", architecture_charts),
    Case("architecture_table", ["architecture", "inspector", "table"], ["diagram_plot"], "#summary",
         architecture_table),
    Case("architecture_source", ["architecture", "inspector", "source"], ["diagram_plot"], "#summary",
         architecture_source),
    Case("architecture_totals", ["architecture", "inspector", "totals"], ["diagram_plot"], "#summary",
         architecture_totals),
    Case("architecture_conv", ["architecture", "conv"], ["conv_plot"], "#conv_result", architecture_conv),
    Case("architecture_compare", ["architecture", "compare"], [], "#bottleneck_result",  # tables, no plot
         architecture_compare),
    Case("train", ["train"], ["curves_plot", "boundary_plot", "confusion_plot", "train_schedule_plot"],
         "#train_estimate", train, opening=["train_schedule_plot"]),  # the curves come with training
    Case("cnn", ["cnn"], ["cnn_input", "cnn_top", "cnn_overview", "cnn_maps", "cnn_filters", "cnn_cam", "cnn_rf"],
         "#cnn_cam_text", cnn),
    Case("attention", ["attention", "attn_head_tab"], ["attn_overview", "attn_head_plot"], "#attn_result",
         attention),
    Case("attention_steps", ["attention", "attn_steps_tab"], ["attn_overview", "attn_steps"], "#attn_steps_text",
         attention_steps),
    Case("attention_masks", ["attention", "attn_mask_tab"], ["attn_overview", "attn_lab"], "#attn_lab_text",
         attention_masks),
    Case("attention_pe", ["attention", "attn_pe_tab"],
         ["pe_matrix", "pe_similarity", "pe_waves", "pe_shift", "pe_schemes"], "#pe_text", attention_pe),
    Case("gates", ["gates"], ["gates_plot", "gates_units_plot", "gates_ranking", "gates_flow"], "#gates_result",
         gates),
    Case("concepts_activations", ["concepts", "activations"], ["cpt_act_plot", "cpt_stack_plot"],
         "#cpt_act_table", concepts_activations),
    Case("concepts_losses", ["concepts", "losses"], ["cpt_loss_plot", "cpt_softmax_plot"], "#cpt_softmax_text",
         concepts_losses),
    Case("concepts_race", ["concepts", "optimizers"], ["cpt_race_plot", "cpt_race_loss"], "#cpt_race_text",
         concepts_race),
    Case("concepts_schedules", ["concepts", "schedules"], ["cpt_lr_plot"], "#cpt_lr_plot", concepts_schedules),
    Case("concepts_norm", ["concepts", "normalisation"], ["cpt_norm_axes", "cpt_norm_hist"], "#cpt_norm_text",
         concepts_norm),
    Case("concepts_backprop", ["concepts", "backprop"], ["cpt_backprop_plot"], "#cpt_backprop_text",
         concepts_backprop),
    Case("concepts_convolution", ["concepts", "convolution"],
         ["cpt_conv_counts_plot", "cpt_pool_plot", "cpt_step_plot", "cpt_fc_plot"], "#cpt_conv_counts",
         concepts_convolution),
    Case("concepts_sigmoids", ["concepts", "sigmoids"], ["sigmoid_sum_plot"], "#sigmoid_sum_text",
         concepts_sigmoids),
    Case("concepts_batches", ["concepts", "batches"], ["batches_loss_plot", "batches_summary_plot"],
         "#batches_plan", concepts_batches, opening=[]),  # the figures come with the race
    Case("tab_gan", ["labs", "gan"], ["gan_field_plot", "gan_loss_plot"], "#gan_status", lab_gan),
    Case("tab_seq2seq", ["labs", "seq2seq"], ["s2s_decoding_plot", "s2s_bleu_plot", "s2s_calc_plot", "s2s_beam_plot",
                                              "s2s_padding_plot"], "#s2s_result", lab_seq2seq),
    Case("tab_masking", ["labs", "masking"], ["mlm_masking_plot", "mlm_predictions_plot", "mlm_heads_plot",
                                              "mlm_statistics_plot"],
         "#mlm_result", lab_mlm),
    Case("tab_detection", ["labs", "detection"], ["det_roi_plot", "det_anchor_plot"], "#det_roi_text",
         lab_detection),
    Case("tab_captioning", ["labs", "captioning"], ["cap_attention_plot", "cap_probability_plot"], "#cap_result",
         lab_caption),
    Case("tab_degradation", ["labs", "degradation"], ["degradation_plot"], "#degradation_result", lab_degradation),
    Case("attention_block", ["attention", "attn_block_tab"], ["block_steps", "block_heads", "block_norms"],
         "#block_result", attention_block),
]


# ---------------------------------------------------------------------------------------------------------------
# The walk

@dataclass
class Walk:
    page: object
    lang: str  # the app's language code: "en" or "zh-CN"
    act: bool  # use each tab's control (in English); the Chinese walk checks labels, texts and figures
    errors: list
    labels: dict  # tab id -> the text key of its label


@pytest.fixture(scope="module")
def labels():
    from playground.ui import build_app
    return tab_label_keys(build_app())


@pytest.fixture(scope="module", params=["en-US", "zh-CN"])
def walk(request, browser, live_url, labels):  # noqa: F811 - the fixture, passed on
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale=request.param, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url)
    page.wait_for_function(PLOTS_DRAWN, arg=["diagram_plot"], timeout=WAIT)
    zh = request.param == "zh-CN"
    yield Walk(page, "zh-CN" if zh else "en", not zh, errors, labels)
    context.close()


def open_path(page, path: list[str], lang: str, labels: dict[str, str]):
    """Click the tabs along the path (those not open yet), checking each label is in the page's language."""
    table = ZH if lang == "zh-CN" else EN
    for tab in path:
        button = page.locator(f"#pgtab-{tab}-button")
        assert button.inner_text().strip() == table[labels[tab]], (tab, button.inner_text())
        if button.get_attribute("aria-selected") != "true":
            button.click()
    page.wait_for_function("(p) => JSON.stringify(JSON.parse(window.pg.openPath()).slice(0, p.length)) === "
                           "JSON.stringify(p)", arg=path, timeout=WAIT)  # an inner tab may be open below


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tab(walk, case):
    page, seen = walk.page, len(walk.errors)
    open_path(page, case.path, walk.lang, walk.labels)
    opening = case.plots if case.opening is None else case.opening
    page.wait_for_function(PLOTS_DRAWN, arg=opening, timeout=WAIT)
    page.wait_for_function(SETTLED, timeout=WAIT)
    case.check(page, walk.lang, walk.act)
    page.wait_for_function(PLOTS_DRAWN, arg=case.plots if walk.act else opening, timeout=WAIT)
    page.wait_for_function(SETTLED, timeout=WAIT)  # no progress overlay over a figure in the screenshot
    if walk.lang == "zh-CN":  # the server wrote it in Chinese too
        page.wait_for_function("(s) => /[\\u4e00-\\u9fff]/.test(document.querySelector(s).innerText)", arg=case.text,
                               timeout=WAIT)
    assert not page.locator('[data-testid="toast-body"]').count(), page.locator(
        '[data-testid="toast-body"]').all_inner_texts()
    suffix = "_zh" if walk.lang == "zh-CN" else ""
    page.screenshot(path=str(ARTIFACTS / f"tab_{case.name}{suffix}.png"), full_page=True)
    assert walk.errors[seen:] == [], walk.errors[seen:]
