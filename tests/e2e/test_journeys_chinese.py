"""The Chinese class's journey in headless Chromium: an English page is switched to 中文 from each top-level tab in
turn (a fresh page each time), then every tab and sub-tab is visited and its visible text (labels, the server's
Markdown, plot titles, axes and legends in Plotly's SVG) must hold no English word outside a short allowlist.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and Playwright from pip. Screenshots go
to artifacts/journey_zh_<start>_<tab>.png (every tab
from the first start, and wherever English is left).
"""
from __future__ import annotations

import pytest

from playground.i18n import ZH

from .test_browser import ARTIFACTS, browser  # noqa: F401 - the shared Chromium fixture
from .test_every_tab import CASES, PLOTS_DRAWN, SETTLED, WAIT

pytestmark = pytest.mark.browser

# Tokens that stay in Latin letters in the Chinese page, each for a reason. A token with a digit, an underscore,
# a dot, a slash, a colon or "=" is code-like already (tiny_lstm, timm/resnet18, nn.Conv2d, 3x224x224,
# aligned=True), and so are <tokens> and [TOKENS]; titles of works in 《》 are names; code, JSON and source
# components are code. So only whole Latin words are listed here.
ALLOWED = {
    # names of libraries, formats, hardware and datasets
    "PyTorch", "timm", "torchvision", "scikit-learn", "Gradio", "API", "CPU", "GPU", "CUDA", "MPS", "Apple",
    "PNG", "SVG", "CSV", "JSON", "Markdown", "safetensors", "MNIST", "Fashion-MNIST", "CIFAR", "ImageNet", "TensorFlow",
    "Playground", "VGG", "Detectron",
    # names of models, layers, functions, methods and metrics as the notes and papers write them
    "LeNet", "AlexNet", "ResNet", "ViT", "BERT", "GPT", "LSTM", "GRU", "RNN", "CNN", "MLP", "GAN", "Transformer",
    "Fast", "Faster", "Mask", "RetinaNet", "RoI", "RoIPool", "RoIAlign", "FPN", "NMS", "IoU", "CAM", "Grad", "RoPE", "ALiBi",
    "BatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm", "RMSNorm", "Softmax", "softmax", "ReLU", "Leaky",
    "GELU", "SiLU", "Swish", "ELU", "Tanh", "tanh", "Sigmoid", "sigmoid", "relu", "gelu", "Adam", "AdamW", "SGD", "RMSprop",
    "Adagrad", "Nesterov", "BLEU", "MACs", "FLOPs", "logits", "MSE", "MAE", "BCE", "XOR", "autograd",
    # symbols of formulas (out = (n - k + 2p) / s + 1, PE(pos, 2i) = sin(...), BLEU's len and exp)
    "out", "pos", "sin", "cos", "len", "exp", "min", "max", "log", "floor",
    # units and sizes
    "KiB", "MiB", "GiB", "KB",
    # the language switch names each language in its own words; presenter mode's keys as printed on them
    "Language", "English", "Page", "Down",
    # the FPN level torchvision calls "pool" (detection's anchors); the padding token as the figures print it (‹pad›)
    "pool", "pad",
    # more names of models, layers and formula parts as the papers write them (Concat(heads)·Wᴼ, Post-LN and
    # Pre-LN, Sublayer(x), Add & Norm, FFN, the note's "FC (Flatten, Softmax, Dropout)" row, R-CNN's RPN)
    "GoogLeNet", "Concat", "Post", "Pre", "Sublayer", "Add", "Norm", "FFN", "Flatten", "Dropout", "dropout", "RPN",
    "RCNN",
    # published checkpoints and tools by their own names (GPT-2 small, BERT-base uncased, OpenAI's byte-level BPE,
    # Google's WordPiece, the Hugging Face hub, BertViz's head view, top-k / top-p as sampling is written), and the
    # sample photo's cat, Chelsea
    "small", "medium", "base", "uncased", "BPE", "WordPiece", "OpenAI", "Google", "Hugging", "Face", "BertViz", "Top",
    "top", "Chelsea", "DeiT", "ConvNeXt", "EfficientNet", "MobileNetV",
    # authors of the papers and books the "where the notes differ" callouts cite (Chinese writing keeps the Latin
    # names), and the test functions named after people
    "Goodfellow", "Bengio", "Courville", "Kingma", "Sutskever", "Duchi", "Hazan", "Singer", "Loshchilov", "Hutter",
    "LeCun", "Keskar", "Goyal", "Girshick", "Ren", "Vaswani", "Gers", "Schmidhuber", "Cummins", "Rosenbrock",
    "Himmelblau", "Xiong",
    # Python's booleans, as the layer table's ceil_mode column prints them (PyTorch's own argument)
    "True", "False",
}


# Gradio's own words the page may keep in English after a switch: none. (Gradio 6.31 writes an upload box's prompt
# when the box is drawn and keeps it; playground.js rewrites the boxes already drawn.)
GRADIO_KEEPS: list[str] = []


def code_words() -> set[str]:
    """Words that are code or data here, not sentences: the module and class names of the default models the tabs
    inspect (their layer tables and diagrams), and the caption model's vocabulary (it writes English)."""
    from playground.core.inspection.table import inspect_model
    from playground.lessons.captioning.compute import VOCAB

    words = set(VOCAB)
    for row in inspect_model("lenet5").rows:
        words |= set(row.name.split(".")) | {row.kind}
    return words


# Visible text of the page: text nodes whose element is rendered (Gradio hides closed tabs with display: none)
# and the values shown in dropdowns. Returns [[word, where: text]], one per text holding an English word.
ENGLISH = r"""([allowed, gradioKeeps]) => {
    const allow = new Set(allowed);
    const keeps = new Set(gradioKeeps);
    const found = [];
    const seen = new Set();
    const visible = (el) => el && el.checkVisibility && el.checkVisibility({visibilityProperty: true})
        && !el.closest('.pg-hidden, script, style, code, pre, .cm-editor, .json-holder');
    const check = (text, where) => {
        const prose = text.replace(/《[^》]*》|<[^>\s]*>|\[[A-Z]+\]/g, ' ');
        for (const token of prose.split(/[^A-Za-z0-9_./:=\\-]+/)) {
            if (!token || /[0-9_./:=\\]/.test(token) || allow.has(token)) continue;
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
        if (node.textContent.trim() && visible(el) && !keeps.has(node.textContent.trim())) {
            check(node.textContent, (el.closest('[id]') || {}).id || el.tagName);
        }
    }
    document.querySelectorAll('input[role=listbox]').forEach((input) => {
        if (visible(input) && input.closest('.block[id]')) check(input.value, input.closest('.block[id]').id);
    });
    return found;
}"""

TOP = list(dict.fromkeys(case.path[0] for case in CASES))


def switch_to_chinese(page):
    page.get_by_label("中文").check()
    page.wait_for_function("(t) => document.querySelector('#pgtab-gates-button').innerText === t",
                           arg=ZH["tab_gates"], timeout=WAIT)


def english_on(page, allowed: list[str], timeout: int) -> list:
    """The English words on screen once they are gone or `timeout` ms have passed (the server's texts follow a
    switch a moment later)."""
    try:
        page.wait_for_function(f"(a) => ({ENGLISH})(a).length === 0", arg=[allowed, GRADIO_KEEPS], timeout=timeout)
        return []
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: report what is still English
        return page.evaluate(ENGLISH, [allowed, GRADIO_KEEPS])


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
    allowed = sorted(ALLOWED | code_words())
    english = {}  # what is still English -> the first tab it was seen on
    for case in CASES:
        for tab in case.path:
            button = page.locator(f"#pgtab-{tab}-button")
            if button.get_attribute("aria-selected") != "true":
                button.click()
        page.wait_for_function(SETTLED, timeout=WAIT)
        found = english_on(page, allowed, 15_000)  # a stale tab redraws once opened
        for word, where in found:
            english.setdefault(where, (case.name, word))
        if found or start == TOP[0]:
            page.screenshot(path=str(ARTIFACTS / f"journey_zh_{start}_{case.name}.png"), full_page=True)
    context.close()
    assert not errors, errors
    assert not english, "\n".join(f"{tab}: {word!r} in {where}" for where, (tab, word) in english.items())
