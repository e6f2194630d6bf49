"""The Chinese class's journey in headless Chromium: an English page is switched to 中文 from each top-level tab in
turn (a fresh page each time), then every tab and sub-tab is visited and its visible text (labels, the server's
Markdown, plot titles, axes and legends in Plotly's SVG) must hold no English word outside a short allowlist.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip. Screenshots go
to artifacts/journey_zh_<start>_<tab>.png.
"""
from __future__ import annotations

import pytest

from playground.i18n import ZH

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture
from .test_every_tab import CASES, PLOTS_DRAWN, SETTLED, WAIT

pytestmark = pytest.mark.browser

# Tokens that stay in Latin letters in the Chinese page, each for a reason. A token with a digit, an underscore,
# a dot, a slash or a colon is code-like already (tiny_lstm, timm/resnet18, nn.Conv2d, 3x224x224) and never
# counts; so only whole Latin words need to be listed here.
ALLOWED = {
    # names of libraries, formats and hardware
    "PyTorch", "timm", "torchvision", "Gradio", "API", "CPU", "GPU", "CUDA", "PNG", "SVG", "CSV", "JSON", "MPS",
    "safetensors", "ONNX", "MNIST", "CIFAR", "ImageNet", "COCO",
    # names of models, layers, functions and methods as the notes and papers write them
    "LeNet", "AlexNet", "VGG", "ResNet", "ViT", "BERT", "GPT", "LSTM", "GRU", "RNN", "CNN", "MLP", "GAN", "DCGAN",
    "MLM", "Transformer", "YOLO", "Faster", "RoI", "RoIPool", "RoIAlign", "FPN", "RPN", "NMS", "IoU", "CAM", "Grad",
    "BatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm", "RMSNorm", "Conv", "Linear", "MaxPool", "AvgPool",
    "Dropout", "Embedding", "Softmax", "softmax", "ReLU", "GELU", "SiLU", "ELU", "Swish", "Mish", "Tanh", "tanh",
    "Sigmoid", "sigmoid", "relu", "gelu", "Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Nesterov", "BLEU",
    "MACs", "FLOPs", "GMACs", "logits", "logit", "argmax", "max", "min", "exp", "log", "sqrt", "floor", "mean",
    "std", "var", "Xavier", "Kaiming", "KL", "MSE", "BCE",
    # tokens of the demo tasks (the MLM sample sentence, caption words) and units
    "MASK", "CLS", "SEP", "pad", "bos", "eos", "unk", "MiB", "GiB", "KiB",
}


# Visible text of the page: text nodes whose element is rendered (Gradio hides closed tabs with display: none),
# the values of dropdowns (what a visitor reads in the box), and tooltips are skipped. Returns [[word, context]].
ENGLISH = r"""(allowed) => {
    const allow = new Set(allowed);
    const found = [];
    const seen = new Set();
    const visible = (el) => el && el.checkVisibility && el.checkVisibility({visibilityProperty: true})
        && !el.closest('.pg-hidden, textarea, script, style, code, pre, [data-pg-code]');
    const check = (text, where) => {
        for (const token of text.split(/[^A-Za-z0-9_./:\\-]+/)) {
            if (!token || /[0-9_./:\\]/.test(token)) continue;
            for (const word of token.split('-')) {
                if (word.length >= 3 && /^[A-Za-z]+$/.test(word) && !allow.has(word)) {
                    const line = where + ': ' + text.trim().slice(0, 100);
                    if (!seen.has(line)) { seen.add(line); found.push([word, line]); }
                    return;
                }
            }
        }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (node.textContent.trim() && visible(el)) {
            check(node.textContent, (el.closest('[id]') || {}).id || el.tagName);
        }
    }
    document.querySelectorAll('input[role=listbox], input[type=text]').forEach((input) => {
        if (visible(input) && input.closest('.block[id]')) check(input.value, input.closest('.block[id]').id);
    });
    return found;
}"""

TOP = list(dict.fromkeys(case.path[0] for case in CASES))


def switch_to_chinese(page):
    page.get_by_label("中文").check()
    page.wait_for_function("(t) => document.querySelector('#pgtab-gates-button').innerText === t",
                           arg=ZH["tab_gates"], timeout=WAIT)


def english_on(page, timeout: int) -> list:
    """The English words on screen once they are gone or `timeout` ms have passed (the server's texts follow a
    switch a moment later)."""
    try:
        page.wait_for_function(f"(a) => ({ENGLISH})(a).length === 0", arg=sorted(ALLOWED), timeout=timeout)
        return []
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: report what is still English
        return page.evaluate(ENGLISH, sorted(ALLOWED))


@pytest.mark.parametrize("start", TOP)
def test_switch_to_chinese_then_visit_every_tab(browser, live_url, start):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url)
    page.wait_for_function(PLOTS_DRAWN, arg=["diagram_plot"], timeout=WAIT)
    page.locator(f"#pgtab-{start}-button").click()
    page.wait_for_function(SETTLED, timeout=WAIT)
    switch_to_chinese(page)
    english = {}  # what is still English -> the first tab it was seen on
    for case in CASES:
        for tab in case.path:
            button = page.locator(f"#pgtab-{tab}-button")
            if button.get_attribute("aria-selected") != "true":
                button.click()
        page.wait_for_function(SETTLED, timeout=WAIT)
        found = english_on(page, 2_000)
        for word, where in found:
            english.setdefault(where, (case.name, word))
        page.screenshot(path=str(ARTIFACTS / f"journey_zh_{start}_{case.name}.png"), full_page=True)
    context.close()
    assert not errors, errors
    assert not english, "\n".join(f"{tab}: {word!r} in {where}" for where, (tab, word) in english.items())
