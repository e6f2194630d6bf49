"""The fuzzing harness: hypothesis strategies for every kind of input a callback receives, and fuzz(), which calls
one endpoint of the built app the way Gradio does, over and over, and holds it to the app's rule: bad input is the
app's own clear message (a gr.Error that is not the internal-error text), never a traceback, an internal error, a
hang or a lost model.

Each example keeps most inputs at values the endpoint accepts and replaces a few (drawn anew each time) with wild
ones: numbers at, just beyond and far beyond their limits, nan, inf, bools, None, numeric text; empty, blank, huge,
unicode and control-character text, Markdown and HTML; unknown choices and None; images of odd shapes and dtypes;
missing, empty and fake files; sessions that hold a model, none, or junk. So one example gets past the first check
and reaches the deeper ones, and every check is reached by some example.

EXAMPLES sets each endpoint's number of examples (about 12,000 in all: 3 to 4 minutes with -n 2 on a 2-core
machine, longer while it is busy with other work); SKIPPED names the events not fuzzed and why, COVERED the private
events that run only callbacks of fuzzed endpoints. Runs are derandomized, so CI sees the same examples. Each run
writes its figures to artifacts/fuzz_cases.md.
"""
from __future__ import annotations

import atexit
import contextlib
import inspect
import json
import logging
import math
import os
import re
import shutil
import signal
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import gradio as gr
import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from playground.core.session import Session
from playground.i18n import message

# ---------------------------------------------------------------------------------------------------------------
# What is fuzzed, how much, and what is not

# Examples per endpoint (api_name). Cheap callbacks get more; training, inspection and image models fewer.
EXAMPLES = {
    # Architecture
    "list_models": 200, "select_model": 40, "inspect_model": 100, "conv_arithmetic": 500, "compare_bottleneck": 400,
    "compare_stacked": 400,
    # Train
    "train_select_model": 200, "train_select_dataset": 200, "estimate": 150, "refresh_estimate": 100, "train": 60, "stop_training": 150,
    "evaluate": 60, "load_checkpoint": 120, "load_pretrained": 80, "session_model": 150,
    # CNN
    "predict": 150, "feature_maps": 150, "filters": 200, "grad_cam": 150, "receptive_field": 150,
    "receptive_field_position": 100, "grad_cam_for_class": 100, "load_weights": 60, "cnn_source_hint": 200,
    "cnn_source_gate": 200, "cnn_live_tick": 60, "cnn_model_invert": 150,
    # Attention
    "attention": 150, "attention_head": 150, "attention_steps": 150, "mask_lab": 150, "positional_encoding": 200,
    "attention_live_tick": 60, "gpt2_attention": 100, "gpt2_head": 80, "next_token": 120, "generate_tokens": 80,
    # Gates
    "gates": 200, "gates_units": 150, "gradient_flow": 150, "gates_live_tick": 60, "gradient_flow_weights": 100,
    # Concepts
    "activations": 300, "stacking": 250, "losses": 300, "softmax": 400, "optimizer_race": 150, "normalisation": 300,
    "backprop": 400, "surface_lr": 150, "race_steps": 150, "lr_schedule": 300,
    # Labs
    "gan_train": 60, "gan_preview": 150, "gan_losses": 500, "gan_preset": 100, "seq2seq_decode": 250, "bleu": 500,
    "seq2seq_train": 40, "seq2seq_task": 100, "bert_mask": 250, "bert_mask_statistics": 80, "roi_pooling": 150,
    "anchors": 120, "caption": 150, "detection_source": 60, "caption_source": 60, "degradation": 30,
    # Lecture bar (private, but their values come from the visitor: a link, a scene menu, the page's state)
    "restore_view": 400, "scene": 150, "next_scene": 150, "previous_scene": 150, "share_view": 200,
    # Live toggles
    "cnn_live": 30, "attention_live": 30, "gates_live": 30,
    # Private events whose callbacks no public endpoint runs (the views of the session's report, the ViT matrix)
    "render_first": 80, "filter_table": 150, "rescale_profile": 150, "refresh_model": 30,
    "then_vit_matrix_attention_steps": 80,
    # Attention: inside a Transformer block
    "transformer_block": 200, "transformer_block_source": 60,
    # Concepts: convolution basics
    "convolution_counts": 200, "pooling": 300, "conv_step": 300, "fc_as_conv": 150,
    # Concepts: curves from sigmoids (the live fit is cut after its first redraws)
    "sigmoid_sum": 300, "sigmoid_sum_fit": 40, "sigmoid_matrix": 400,
    # Seq2seq: beam search and the padding mask in the loss (issue 21)
    "beam_search": 150, "masked_loss": 150,
    # Issue 21: the Train tab's learning-rate schedule, the batch-size race (a stream: its first reports)
    "train_schedule": 150, "batch_size_race": 20, "batch_size_plan": 150,
    # Issue 22: the masking lab's model choice (BERT-base: offline here, so its message) and BERT head view
    "bert_mask_model": 100, "bert_heads": 120,
    # Issue 22: the sample photos as a picture source (the dataset dropdown lists them, a ViT redraws)
    "cnn_source_picture": 150, "vit_picture_source": 150, "vit_picture_gate": 150,
}

# Events not fuzzed, and why. (Unnamed JavaScript-only events, which Gradio names js_fn..., run no Python either.)
SKIPPED = {
    "relabel_tabs": "no inputs: sends the tabs' labels again after a language switch",
    "load_device": "no inputs: names the device at page load",
    "gan_stop": "no visitor input: sets the Stop flag of this session's GAN run (a gr.State)",
    "seq2seq_stop": "no callback: cancels the seq2seq run (Gradio's cancels=)",
    "cnn_select_brush": "JavaScript only", "cnn_refresh_brush": "JavaScript only",
    "gates_flow_weights_kept": "no work: copies the flow radio's value (anything else: trained) into its gr.State",
    "degradation_stop": "no visitor input: sets the Stop flag of this session's degradation race (a gr.State)",
    "degradation_shipped": "no inputs: draws the shipped race from pretrained/degradation_curves.json",
    "load_degradation": "no inputs: the shipped race, as degradation_shipped",
    "refresh_degradation": "no inputs: the shipped race, as degradation_shipped",
    "sigmoid_sum_stop": "no visitor input: sets the Stop flag of this session's fit (a gr.State)",
    "bert_mask_model_kept": "no work: copies the masking model radio's value (anything else: tiny_bert) into its "
                            "gr.State",
}
# Private events that run only callbacks of fuzzed endpoints (a tab's first paint, its hidden refresh button, the
# next step of a chain), with the same kinds of inputs: each is covered by the endpoints named here.
# tests/ui/test_fuzz_coverage.py checks that every event is fuzzed, skipped or covered, and each covering claim.
COVERED = {
    "select_first_model": "select_model", "render_selected": "render_first", "render_inspected": "render_first",
    "estimate_after_model": "estimate", "estimate_after_dataset": "estimate", "predict_after_source": "predict",
    "then_feature_maps": "feature_maps", "then_filters": "filters", "then_grad_cam": "grad_cam",
    "then_receptive_field": "receptive_field", "then_feature_maps_1": "feature_maps", "then_filters_1": "filters",
    "then_grad_cam_1": "grad_cam", "then_receptive_field_1": "receptive_field", "predict_after_weights": "predict",
    "then_feature_maps_2": "feature_maps", "then_filters_2": "filters", "then_grad_cam_2": "grad_cam",
    "then_receptive_field_2": "receptive_field", "load_cnn": "predict", "then_feature_maps_3": "feature_maps",
    "then_filters_3": "filters", "then_grad_cam_3": "grad_cam", "then_receptive_field_3": "receptive_field",
    "predict_after_model": "predict", "then_feature_maps_4": "feature_maps", "then_filters_4": "filters",
    "then_grad_cam_4": "grad_cam", "then_receptive_field_4": "receptive_field",
    "then_attention_steps": "attention_steps", "then_mask_lab_then_attention_steps": "mask_lab",
    "then_vit_matrix_then_attention_steps": "then_vit_matrix_attention_steps",
    "then_mask_lab_attention_steps": "mask_lab", "load_attention": "attention",
    "load_attention_steps": "attention_steps", "then_mask_lab_load_attention_steps": "mask_lab",
    "then_vit_matrix_load_attention_steps": "then_vit_matrix_attention_steps",
    "load_positional": "positional_encoding", "load_gates": "gates", "load_gradient_flow": "gradient_flow",
    "race_new_surface": "optimizer_race", "load_activations": "activations", "load_stacking": "stacking",
    "load_losses": "losses", "load_softmax": "softmax", "load_race": "optimizer_race",
    "load_normalisation": "normalisation", "load_backprop": "backprop", "gan_preset_preview": "gan_preview",
    "load_gan": ("gan_preview", "gan_losses"), "seq2seq_task_decode": "seq2seq_decode",
    "load_seq2seq": ("seq2seq_decode", "bleu", "beam_search", "masked_loss"), "load_bert_mask": ("bert_mask", "bert_heads", "bert_mask_statistics"),
    "detection_image": ("roi_pooling", "anchors"), "detection_source_draw": ("roi_pooling", "anchors"),
    "load_detection": ("roi_pooling", "anchors"), "caption_source_draw": "caption", "load_caption": "caption",
    "load_model": ("select_model", "render_first"),
    "load_conv_and_comparisons": ("conv_arithmetic", "compare_bottleneck", "compare_stacked"),
    "load_train": ("train_select_model", "estimate", "train_schedule"), "refresh_conv": "conv_arithmetic",
    "refresh_compare": ("compare_bottleneck", "compare_stacked"),
    "refresh_cnn": ("predict", "feature_maps", "filters", "grad_cam", "receptive_field"),
    "refresh_attention": ("attention", "attention_steps", "mask_lab", "then_vit_matrix_attention_steps"),
    "refresh_positional": "positional_encoding", "refresh_gates": ("gates", "gradient_flow"),
    "refresh_activations": ("activations", "stacking"), "refresh_losses": ("losses", "softmax"),
    "refresh_race": "optimizer_race", "refresh_normalisation": "normalisation", "refresh_backprop": "backprop",
    "refresh_gan": ("gan_preview", "gan_losses"), "refresh_seq2seq": ("seq2seq_decode", "bleu", "beam_search", "masked_loss"),
    "refresh_bert_mask": ("bert_mask", "bert_heads", "bert_mask_statistics"), "refresh_detection": ("roi_pooling", "anchors"),
    "refresh_caption": "caption",
    "load_transformer_block": "transformer_block", "refresh_transformer_block": "transformer_block",
    "load_convolution": ("convolution_counts", "pooling", "conv_step", "fc_as_conv"),
    "refresh_convolution": ("convolution_counts", "pooling", "conv_step", "fc_as_conv"),
    "load_sigmoids": ("sigmoid_sum", "sigmoid_matrix"), "refresh_sigmoids": ("sigmoid_sum", "sigmoid_matrix"),
    "load_lr_schedule": "lr_schedule", "refresh_lr_schedule": "lr_schedule",
    "schedule_after_model": "train_schedule", "schedule_after_dataset": "train_schedule",
    "schedule_after_estimate": "train_schedule", "load_batches": "batch_size_plan",
    "refresh_batches": "batch_size_plan",
    "then_next_token": "next_token", "then_next_token_1": "next_token", "then_next_token_2": "next_token",
    "then_gpt2_attention": "gpt2_attention", "load_gpt2_attention": "gpt2_attention",
    "refresh_gpt2": ("gpt2_attention", "next_token"),
    "bert_heads_after_mask": "bert_heads", "bert_heads_after_model": "bert_heads",
    "attention_after_source": "attention", "attention_after_source_steps": "attention_steps",
    "then_mask_lab_attention_after_source_steps": "mask_lab",
    "then_vit_matrix_attention_after_source_steps": "then_vit_matrix_attention_steps",
}
NEVER_DRAWN = ("mnist", "fashion_mnist", "cifar10")  # the Train tab downloads these: left out of every strategy

REQUESTS = (None, gr.Request(headers={"accept-language": "en-US,en;q=0.9"}),
            gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"}))
INTERNAL = tuple(message("internal_error", lang, detail="\0").split("\0")[0] for lang in ("en", "zh-CN"))
CALL_LIMIT = float(os.environ.get("PLAYGROUND_FUZZ_CALL_LIMIT", 120))  # seconds one call may take: else a hang
YIELDS = 2  # items taken from a streaming callback before it is closed
# No "explain" phase: it re-runs a failing example under a line tracer, which takes minutes and gigabytes on these
# callbacks (and ran into the memory ceiling); the shrunk example and the logged traceback say enough.
PHASES = tuple(p for p in Phase if p != Phase.explain)


# ---------------------------------------------------------------------------------------------------------------
# Numbers

NAN, INF = float("nan"), float("inf")
SPECIAL_NUMBERS = (0, -0.0, 1, -1, 0.5, -0.5, 2, 3, 1e-300, -1e-300, 1e308, -1e308, 2**31, 2**63, -2**63, 10**400,
                   NAN, INF, -INF, True, False, None)
NUMERIC_TEXT = ("", " ", "0", "1", "2", " 3 ", "-1", "2.5", "1e3", "1e400", "-1e400", "nan", "inf", "-inf", "0x10",
                "1_000", "1,5", "abc", "½", "١٢", "None", "true")


def numbers(low=None, high=None, step=None, default=None) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a number input with optional limits and step."""
    if low is not None and high is not None:
        if step:
            n = int(round((high - low) / step))
            valid = st.integers(0, n).map(lambda i: _tidy(low + i * step))
        else:
            valid = st.floats(low, high, allow_nan=False)
        edges = [low, high, low - (step or 1), high + (step or 1), low - 1e-9, high + 1e-9, -high, high * 10]
        if step:
            edges.append(low + step / 2)  # between two steps
    else:
        d = default if isinstance(default, (int, float)) and not isinstance(default, bool) else 0
        valid = st.sampled_from(sorted({d, d + 1, d * 2, abs(d) + 3}))
        edges = [d, -d, d + 0.5, d * 1e6]
    wild = st.one_of(st.sampled_from(SPECIAL_NUMBERS + tuple(edges)), st.sampled_from(NUMERIC_TEXT),
                     st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**7, 10**7),
                     valid.map(lambda v: v + 0.5), valid.map(str))
    return valid, wild


def _tidy(x: float) -> float | int:
    x = round(x, 10)
    return int(x) if x == int(x) else x


# ---------------------------------------------------------------------------------------------------------------
# Text

WEIRD_TEXT = (
    "", " ", "   \t\n ", "\n", "\x00", "\x00abc", "\x1b[31mred\x1b[0m", "\u200b\u200d", "\ufeff", "\r\n\r\n", "🙂💥🧠",
    "👨‍👩‍👧‍👦", "中文输入", "三个字", "ａｂｃ１２３", "é", "e\u0301", "İ", "ß", "\ud800", "<script>alert(1)</script>",
    "<b>bold</b> &amp; &lt;", "**bold** _it_ `code` | a | b |", "# heading\n---", "$x^2$", "[link](javascript:x)",
    "\\", "'", '"', "{}", "{0}", "{x}", "%s %d", "None", "null", "nan", "-1", "0", "1e308", "../../etc/passwd",
    "a" * 10_000, "9" * 12_000, "(" * 10_001, "中" * 10_000, "🙂" * 5_000, "a b " * 5_000, "x\n" * 3_000,
)
LONG_UNITS = ("a", "7", "(", ")", "()", "中", "🙂", " ", "a ", "_", "x,", "1 ", "\x00", "<pad>")


def texts(valid: st.SearchStrategy | None = None, alphabet: str = "") -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a text input; `alphabet` holds the characters that mean something to it."""
    if valid is None:
        valid = st.text(alphabet or st.characters(), max_size=30)
    pieces = [st.sampled_from(WEIRD_TEXT), st.text(max_size=40),
              st.text(st.characters(codec=None, categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "So", "Lo"]),
                      max_size=20),
              st.builds(lambda unit, n: unit * n, st.sampled_from(LONG_UNITS), st.integers(1_000, 20_000)),
              valid.map(lambda t: t * 2000), valid.map(lambda t: " " + t + "\n"), valid.map(lambda t: t + "💥")]
    if alphabet:
        pieces.append(st.text(alphabet, min_size=0, max_size=400))
    return valid, st.one_of(pieces)


# ---------------------------------------------------------------------------------------------------------------
# Choices

ODD_CHOICES = ("", " ", "nope", "session", "uploaded", "pretrained/", "pretrained/nope", "pretrained/../x",
               "timm/", "timm/nope", "torchvision/nope", "../../etc/passwd", "NONE", "None", "mnist", "0", "中文",
               "🙂", "a" * 5_000)


def choices(values, extra_wild=()) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a Radio or Dropdown: its values, and unknown ones, None, numbers, odd spellings."""
    values = [v for v in values]
    valid = st.sampled_from(values) if values else st.none()
    odd = ODD_CHOICES + tuple(extra_wild)
    odd = tuple(v for v in odd if v not in NEVER_DRAWN)
    wild = st.one_of(st.none(), st.sampled_from(odd), st.integers(-3, 3), st.floats(allow_nan=True),
                     st.text(max_size=20),
                     valid.map(lambda v: f" {v} " if isinstance(v, str) else v),
                     valid.map(lambda v: v.upper() if isinstance(v, str) else str(v)),
                     valid.map(lambda v: [v]))
    return valid, wild


def fixed_choices(values, dropdown: bool = False) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a Radio, or a Dropdown without custom values, whose choices never change. Gradio's
    preprocess turns away every value not among the choices before the callback runs (a "not in the list of
    choices" error of its own), so the only wild values a callback can receive are the ones it lets through:
    None (nothing chosen) and, for a Dropdown, a list of its values."""
    values = list(values)
    valid = st.sampled_from(values)
    wild = st.one_of(st.none(), st.lists(valid, min_size=1, max_size=2)) if dropdown else st.none()
    return valid, wild


def choice_groups(values) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a CheckboxGroup: lists of its values; lists with unknown items, None, a bare string."""
    values = list(values)
    valid = st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)
    wild = st.one_of(st.just([]), st.none(), st.sampled_from(values), st.text(max_size=10),
                     st.lists(st.one_of(st.sampled_from(values), st.sampled_from(ODD_CHOICES[:12]), st.none(),
                                        st.integers(-2, 2)), max_size=8),
                     st.lists(st.sampled_from(values), min_size=len(values), max_size=4 * len(values)),
                     st.just(tuple(values)), st.just({v: True for v in values}))
    return valid, wild


def booleans() -> tuple[st.SearchStrategy, st.SearchStrategy]:
    return st.booleans(), st.sampled_from((None, 0, 1, 2, -1, "", "false", "true", "yes", NAN, [], "0"))


# ---------------------------------------------------------------------------------------------------------------
# Images (as gr.Image(type="numpy") gives them, and much that it never would)

def _image(shape, dtype, fill, seed) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if fill == "zeros":
        a = np.zeros(shape)
    elif fill == "ones":
        a = np.full(shape, 255.0)
    elif fill == "nan":
        a = rng.random(shape)
        a.flat[:: max(1, a.size // 7)] = np.nan if a.size else 0
    elif fill == "inf":
        a = rng.random(shape) * 1e308 * 10
    elif fill == "unit":
        a = rng.random(shape)
    elif fill == "negative":
        a = -rng.random(shape) * 1000
    else:
        a = rng.integers(0, 256, shape)
    with np.errstate(all="ignore"):
        return a.astype(dtype)


ODD_SHAPES = ((1, 1, 3), (1, 1), (1, 2000, 3), (2000, 1, 3), (1, 2000), (0, 0, 3), (0, 5, 3), (5, 0), (3, 3, 2),
              (3, 3, 5), (2, 2, 3, 1), (4,), (), (6, 6, 1), (5, 5, 4), (2, 3000, 4), (3000, 2))
DTYPES = (np.uint8, np.uint16, np.int64, np.float32, np.float64, np.bool_, np.int8, np.float16)
FILLS = ("random", "zeros", "ones", "unit", "nan", "inf", "negative")


def images() -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild): RGB uint8 pictures a visitor would upload; and grey, RGBA, 1x1, 1x2000, empty, 4-D, float,
    nan, bool arrays, None and things that are not arrays at all."""
    side = st.integers(1, 48)
    valid = st.builds(_image, st.tuples(side, side, st.just(3)), st.just(np.uint8), st.sampled_from(("random",
                      "zeros", "ones")), st.integers(0, 2**16))
    shapes = st.one_of(st.sampled_from(ODD_SHAPES), st.tuples(side, side), st.tuples(side, side, st.sampled_from(
        (1, 3, 4))))
    odd_arrays = st.builds(_image, shapes, st.sampled_from(DTYPES), st.sampled_from(FILLS), st.integers(0, 2**16))
    wild = st.one_of(odd_arrays, st.none(), st.sampled_from(("", "not an image", 0, 3.5, [], [[1, 2], [3]],
                                                             {"path": None}, b"\x89PNG")),
                     st.builds(_image, st.just((8, 8, 3)), st.just(np.uint8), st.just("random"),
                               st.integers(0, 9)).map(lambda a: a.tolist()))
    return valid, wild


def sketches() -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for the Sketchpad (type numpy, mode L): an editor value with a composite drawing."""
    valid_img, wild_img = images()
    ink = st.builds(_drawing, st.integers(8, 60), st.integers(0, 2**16))
    valid = ink.map(lambda a: {"background": None, "layers": [a], "composite": a})
    wild = st.one_of(st.none(), st.just({}), st.just({"composite": None}), st.just({"composite": []}),
                     wild_img.map(lambda a: {"background": None, "layers": [], "composite": a}),
                     valid_img.map(lambda a: {"composite": a}), ink, wild_img,
                     st.just({"composite": np.full((280, 280), 255, np.uint8)}), st.text(max_size=5))
    return valid, wild


def _drawing(size: int, seed: int) -> np.ndarray:
    """White paper with a dark stroke, as the Sketchpad gives it (H, W) uint8."""
    a = np.full((size, size), 255, np.uint8)
    rng = np.random.default_rng(seed)
    r = rng.integers(0, size, 2)
    a[max(0, r[0] - 3):r[0] + 3, :] = 0
    a[:, max(0, r[1] - 3):r[1] + 3] = 0
    return a


# ---------------------------------------------------------------------------------------------------------------
# Files (paths, as gr.File(type="filepath") gives them)

@lru_cache(maxsize=1)
def folder() -> Path:
    path = Path(tempfile.mkdtemp(prefix="playground-fuzz-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@lru_cache(maxsize=None)
def sample_file(name: str) -> str:
    """A file of the given kind in the fuzz folder, written on first use -> its path."""
    from PIL import Image
    root = folder()
    path = root / name
    if name == "missing.png" or name == "missing.safetensors":
        return str(path)
    if name == "folder.safetensors":
        path.mkdir(exist_ok=True)
        return str(path)
    if name.startswith("empty"):
        path.write_bytes(b"")
    elif name == "text.safetensors":
        path.write_text("this is not a safetensors file\n" * 20)
    elif name == "short_header.safetensors":
        path.write_bytes((10**12).to_bytes(8, "little") + b"{}")
    elif name == "foreign.safetensors":
        import torch
        from safetensors.torch import save_file
        save_file({"weight": torch.zeros(2, 2)}, str(path))
    elif name in ("lenet5.safetensors", "tiny_mlp.safetensors", "tiny_lstm.safetensors",
                  "tiny_transformer.safetensors"):
        from playground.core.train.checkpoint import save_checkpoint
        pretrained = {"lenet5": "lenet5_digits", "tiny_mlp": "tiny_mlp_spiral", "tiny_lstm": "tiny_lstm_brackets",
                      "tiny_transformer": "tiny_transformer_reverse"}[name.split(".")[0]]
        save_checkpoint(trained(pretrained), path, side_json=False)
    elif name == "image.png":
        Image.fromarray(_image((32, 32, 3), np.uint8, "random", 1)).save(path)
    elif name == "grey.png":
        Image.fromarray(_image((20, 30), np.uint8, "random", 2)).save(path)
    elif name == "rgba.png":
        Image.fromarray(_image((16, 16, 4), np.uint8, "random", 3)).save(path)
    elif name == "one_pixel.png":
        Image.fromarray(np.zeros((1, 1, 3), np.uint8)).save(path)
    elif name == "thin.png":
        Image.fromarray(_image((1, 2000, 3), np.uint8, "random", 4)).save(path)
    elif name == "sixteen_bit.png":
        Image.fromarray(_image((12, 12), np.uint16, "random", 5)).save(path)
    elif name == "palette.gif":
        Image.fromarray(_image((10, 10, 3), np.uint8, "random", 6)).convert("P").save(path)
    elif name == "cmyk.jpg":
        Image.fromarray(_image((10, 10, 3), np.uint8, "random", 7)).convert("CMYK").save(path)
    elif name == "float.tiff":
        Image.fromarray(_image((9, 9), np.float32, "unit", 8)).save(path)
    elif name == "truncated.png":
        Image.fromarray(_image((32, 32, 3), np.uint8, "random", 9)).save(path)
        path.write_bytes(path.read_bytes()[:60])
    elif name == "text.png":
        path.write_text("not a picture")
    elif name == "image.safetensors":
        Image.fromarray(_image((8, 8, 3), np.uint8, "random", 10)).save(path, format="PNG")
    elif name == "bomb.png":  # a small file that claims an enormous picture
        Image.new("1", (20_000, 20_000)).save(path)
    else:
        raise KeyError(name)
    return str(path)


IMAGE_FILES = ("image.png", "grey.png", "rgba.png", "one_pixel.png", "thin.png", "sixteen_bit.png", "palette.gif",
               "cmyk.jpg", "float.tiff")
BAD_FILES = ("missing.png", "missing.safetensors", "folder.safetensors", "empty.png", "empty.safetensors",
             "text.safetensors", "short_header.safetensors", "foreign.safetensors", "truncated.png", "text.png",
             "image.safetensors", "bomb.png")
CHECKPOINTS = ("lenet5.safetensors", "tiny_mlp.safetensors", "tiny_lstm.safetensors", "tiny_transformer.safetensors")


def files(good=IMAGE_FILES) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) for a file input: paths of `good` files; every other kind, None, '' and odd values."""
    valid = st.sampled_from(good).map(sample_file)
    others = tuple(n for n in IMAGE_FILES + BAD_FILES + CHECKPOINTS if n not in good)
    wild = st.one_of(st.sampled_from(others).map(sample_file), st.sampled_from((None, "", " ", "/", ".", 0, [],
                                                                                "\x00", "a" * 5000)),
                     checkpoint_files(), valid.map(Path))
    return valid, wild


def _write_checkpoint(base: str, meta: dict, n: int) -> str:
    """A checkpoint of this app with its description replaced (fields fuzzed) -> its path."""
    import torch
    from safetensors.torch import save_file

    from playground.core.train.checkpoint import FORMAT, METADATA_KEY
    path = folder() / f"fuzzed-{n}.safetensors"
    tensors = {}
    if base:
        from safetensors.torch import load_file
        tensors = load_file(sample_file(base))
    text = json.dumps({"format": FORMAT, **meta}, default=str)
    save_file(tensors or {"x": torch.zeros(1)}, str(path), metadata={METADATA_KEY: text})
    return str(path)


_counter = iter(range(10**9))


def checkpoint_files() -> st.SearchStrategy:
    """Checkpoints whose description (model, builder arguments, spec, data, metrics, history) is fuzzed."""
    junk = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(), st.text(max_size=10),
                     st.lists(st.integers(-5, 10**9), max_size=4), st.booleans())
    kwargs = st.one_of(st.dictionaries(st.sampled_from(("hidden", "activation", "num_classes", "in_channels",
                                                        "vocab_size", "d_model", "n_layers", "n_heads", "width",
                                                        "hidden_size", "dropout", "bogus")), junk, max_size=3),
                       junk)
    meta = st.fixed_dictionaries({}, optional={
        "model": st.one_of(st.sampled_from(("tiny_mlp", "lenet5", "tiny_lstm", "tiny_transformer", "resnet152",
                                            "timm/vit_huge_patch14_224", "nope", "")), junk),
        "kwargs": kwargs,
        "spec": st.one_of(junk, st.dictionaries(st.sampled_from(("model", "dataset", "lr", "epochs", "optimizer")),
                                                junk, max_size=3)),
        "data": st.one_of(junk, st.dictionaries(st.sampled_from(("key", "task", "input_kind", "classes", "options",
                                                                 "loss")), junk, max_size=4),
                          st.just({"key": "spiral", "task": "classify", "input_kind": "vector"})),
        "metrics": st.one_of(junk, st.dictionaries(st.text(max_size=5), junk, max_size=3)),
        "history": st.one_of(junk, st.dictionaries(st.sampled_from(("steps", "train_loss", "bogus")), junk,
                                                   max_size=2)),
    })
    return st.builds(lambda base, m: _write_checkpoint(base, m, next(_counter)),
                     st.sampled_from(("",) + CHECKPOINTS), meta)


# ---------------------------------------------------------------------------------------------------------------
# State: drawn as recipes (readable in a failing example), made into fresh objects for each call

@lru_cache(maxsize=None)
def trained(name: str):
    """A shipped model as the session would hold it (one copy per name, shared by the sessions made here)."""
    from playground.core.train.shipped import load_pretrained
    return load_pretrained(name)


@dataclass(frozen=True)
class Recipe:
    kind: str
    arg: object = None

    def make(self):
        if self.kind == "value":
            return self.arg
        session = Session()
        if self.kind in ("trained", "running", "live", "viewed"):
            session.trained = trained(self.arg or "lenet5_digits")
        if self.kind == "running":
            session.running = True
        if self.kind == "live":
            from playground.core.train.loop import Run
            from playground.lessons.train.settings import make_spec
            from tests.conftest import TRAIN_SETTINGS
            settings_ = {**TRAIN_SETTINGS, **LIVE_RUNS[self.arg]}
            session.live = Run(make_spec(**settings_), stop=session.stop)
        if self.kind == "viewed":
            from playground.lessons.cnn.compute import subject_with_weights
            session.viewed = subject_with_weights("lenet5", sample_file("lenet5.safetensors"))
        return session

    def __repr__(self):
        return f"{self.kind}({self.arg!r})" if self.arg is not None else self.kind


LIVE_RUNS = {  # runs in progress, for the live views (the model of a Run that has not stepped yet)
    "tiny_mlp_spiral": dict(dataset="spiral"),
    "lenet5_digits": dict(model="lenet5", dataset="digits"),
    "tiny_transformer_reverse": dict(model="tiny_transformer", dataset="reverse"),
    "tiny_lstm_brackets": dict(model="tiny_lstm", dataset="brackets"),
}
SHIPPED = ("lenet5_digits", "tiny_mlp_spiral", "tiny_lstm_brackets", "tiny_gru_brackets", "tiny_rnn_brackets",
           "tiny_transformer_reverse", "tiny_gpt_reverse", "tiny_seq2seq_reverse")
JUNK_STATE = (None, "session", 0, {}, [], {"trained": None}, NAN)


def sessions(prefer=SHIPPED) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) session recipes: a fresh session or one holding a shipped model (those in `prefer` first);
    one that trains now, one with uploaded CNN weights, and things that are not sessions at all."""
    valid = st.one_of(st.just(Recipe("fresh")), st.sampled_from(prefer).map(lambda n: Recipe("trained", n)))
    wild = st.one_of(st.sampled_from(SHIPPED).map(lambda n: Recipe("trained", n)),
                     st.sampled_from(tuple(LIVE_RUNS)).map(lambda n: Recipe("live", n)),
                     st.sampled_from(SHIPPED[:3]).map(lambda n: Recipe("running", n)),
                     st.just(Recipe("viewed", "lenet5_digits")),
                     st.sampled_from(JUNK_STATE).map(lambda v: Recipe("value", v)))
    return valid, wild


def make(value):
    return value.make() if isinstance(value, Recipe) else value


# ---------------------------------------------------------------------------------------------------------------
# One input: its valid and wild strategies, from the component unless the test says otherwise

@dataclass
class Input:
    valid: st.SearchStrategy
    wild: st.SearchStrategy


def _choice_values(component) -> list:
    return [c[1] if isinstance(c, (tuple, list)) else c for c in (component.choices or [])]


def for_component(component) -> Input:
    """Strategies read off the component: its limits, step, choices and default value."""
    if isinstance(component, gr.Slider):
        return Input(*numbers(component.minimum, component.maximum, component.step))
    if isinstance(component, gr.Number):
        return Input(*numbers(component.minimum, component.maximum, None if component.precision != 0 else 1,
                              component.value) if component.minimum is not None and component.maximum is not None
                     else numbers(default=component.value))
    if isinstance(component, gr.CheckboxGroup):
        return Input(*choice_groups(_choice_values(component)))
    if isinstance(component, gr.Checkbox):
        return Input(*booleans())
    if isinstance(component, (gr.Dropdown, gr.Radio)):
        values = [v for v in _choice_values(component) if v not in NEVER_DRAWN]
        if len(values) > 40:
            values = values[:40]
        if not values and component.value is not None:
            values = [component.value]
        return Input(*choices(values))
    if isinstance(component, gr.Sketchpad):
        return Input(*sketches())
    if isinstance(component, gr.Image):
        return Input(*images())
    if isinstance(component, gr.File):
        return Input(*files())
    if isinstance(component, gr.Textbox):
        default = component.value if isinstance(component.value, str) else ""
        return Input(*texts(st.just(default)))
    if isinstance(component, gr.State):
        return Input(*sessions())
    raise TypeError(f"no strategy for {type(component).__name__}; give one in the test")


# ---------------------------------------------------------------------------------------------------------------
# Calling an endpoint and judging what came back

class CallTooSlow(BaseException):
    """Raised in the callback by the alarm: a hang. A BaseException, so that no `except Exception` hides it."""


@contextlib.contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise CallTooSlow(f"no answer after {seconds:.0f} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Logged(logging.Handler):
    """Keeps the tracebacks that user_errors logs, to show with an internal error."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


BARE_KEY = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")  # a message key shown as itself: a key missing from the tables


def find(demo: gr.Blocks, api_name: str):
    fns = [f for f in demo.fns.values() if f.api_name == api_name]
    assert len(fns) == 1, f"{api_name}: {len(fns)} events"
    return fns[0]


def call(fn, values: list, request, yields: int = YIELDS):
    """fn(*values) as Gradio calls it (the request by name, or first for a chained step); a streaming callback
    is iterated for `yields` items and then closed. Returns (items, finished)."""
    params = inspect.signature(fn).parameters
    if "request" not in params:
        result = fn(*values)
    elif next(iter(params)) == "request":
        result = fn(request, *values)
    else:
        result = fn(*values, request=request)
    if not inspect.isgenerator(result):
        return [result], True
    items = []
    try:
        for item in result:
            items.append(item)
            if len(items) >= yields:
                break
        else:
            return items, True
    finally:
        result.close()
    return items, False


@dataclass
class Outcome:
    kind: str  # "ok" or "message"
    text: str = ""


def judge(api_name: str, fn, n_outputs: int, values: list, request, replaces_model: bool = False) -> Outcome:
    """One call, held to the rules; AssertionError (with the logged traceback) when one is broken."""
    sessions_before = [(v, v.trained, v.viewed, v.running) for v in values if isinstance(v, Session)]
    handler = _Logged()
    log = logging.getLogger("playground")
    log.addHandler(handler)
    try:
        with time_limit(CALL_LIMIT):
            items, finished = call(fn, values, request)
        outcome = Outcome("ok")
    except gr.Error as e:
        text = str(e.message)
        detail = "".join("".join(traceback.format_exception(r.exc_info[1])) for r in handler.records if r.exc_info)
        assert not any(text.startswith(p) for p in INTERNAL), f"{api_name}: internal error {text!r}\n{detail}"
        assert text.strip() and not BARE_KEY.fullmatch(text.strip()), f"{api_name}: unclear message {text!r}"
        assert "Traceback" not in text, f"{api_name}: a traceback in the message {text!r}"
        outcome, items, finished = Outcome("message", text), [], False
    finally:
        log.removeHandler(handler)
    for item in items:
        if n_outputs > 1:
            assert isinstance(item, (tuple, list)) and len(item) == n_outputs, \
                f"{api_name}: {len(item) if isinstance(item, (tuple, list)) else 1} values for {n_outputs} outputs"
        for value in item if n_outputs > 1 else [item]:
            check_update(api_name, value)
    for session, model, viewed, running in sessions_before:
        assert session.running == running, f"{api_name}: the session was left running={session.running}"
        if outcome.kind == "ok" and replaces_model and finished:
            continue
        assert session.trained is model, f"{api_name}: the session's model was lost or replaced"
        if not (outcome.kind == "ok" and api_name == "load_weights"):
            assert session.viewed is viewed, f"{api_name}: the session's uploaded CNN was lost or replaced"
    return outcome


def check_update(api_name: str, value):
    """A component update the page can apply: finite numbers, a range whose minimum is not above its maximum."""
    if not isinstance(value, dict) or value.get("__type__") != "update":
        return
    for key in ("minimum", "maximum", "value", "step"):
        v = value.get(key)
        if isinstance(v, float):
            assert math.isfinite(v), f"{api_name}: update {key}={v}"
    low, high = value.get("minimum"), value.get("maximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        assert low <= high, f"{api_name}: update with minimum {low} above maximum {high}"


def _parameters(fn) -> list[str]:
    return [p.name for p in inspect.signature(fn).parameters.values() if p.name != "request"
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def steps_of(fn) -> list[tuple] | None:
    """The (callback, inputs, outputs) steps of an event made by lecture.chained (directly, or in a first paint
    that wraps it), else None."""
    try:
        nonlocals = inspect.getclosurevars(fn).nonlocals
    except (TypeError, ValueError):
        return None
    if isinstance(nonlocals.get("steps"), list):
        return nonlocals["steps"]
    return steps_of(nonlocals["run"]) if callable(nonlocals.get("run")) else None


def input_names(block_fn) -> list[str]:
    """A name for each input of the event: its callback's parameter names; for a chained event, the name the
    first step that reads a component gives it."""
    steps = steps_of(block_fn.fn)
    if steps is not None:
        named = {}
        for step, ins, _ in steps:
            for name, component in zip(_parameters(step), ins):
                named.setdefault(id(component), name)
        names = [named.get(id(c), f"input{i}") for i, c in enumerate(block_fn.inputs)]
    else:
        names = _parameters(block_fn.fn)[:len(block_fn.inputs)]
        names += [f"input{i}" for i in range(len(names), len(block_fn.inputs))]
    return [name if names.index(name) == i else f"{name}_{i}" for i, name in enumerate(names)]  # two steps' "seed"


def fuzz(demo: gr.Blocks, api_name: str, overrides: dict | None = None, *, replaces_model: bool = False,
         min_ok: int = 1, examples: int | None = None, mutate_at_most: int | None = None) -> Counter:
    """Fuzz one endpoint of `demo`: EXAMPLES[api_name] examples (derandomized), each input from overrides[name]
    (an Input, or a (valid, wild) pair) or else from its component. A key that is a tuple of names draws those
    inputs together, as a tuple (a model and a dataset it can learn). At least `min_ok` examples must succeed, so
    that the valid values do reach the callback's real work. Returns the count of each outcome."""
    block_fn = find(demo, api_name)
    fn = block_fn.fn
    names = input_names(block_fn)
    overrides = {k if isinstance(k, tuple) else (k,): v if isinstance(v, Input) else Input(*v)
                 for k, v in (overrides or {}).items()}
    unknown = {name for group in overrides for name in group} - set(names)
    assert not unknown, f"{api_name}: no inputs {unknown} (it takes {names})"
    grouped = {name for group in overrides for name in group}
    # Slots: the groups and inputs drawn as one (a single input is a group of one).
    slots = list(overrides.items()) + [((name,), for_component(c)) for name, c in zip(names, block_fn.inputs)
                                       if name not in grouped]
    n_outputs = len(block_fn.outputs)
    counts: Counter = Counter()
    n = len(slots)

    @settings(max_examples=examples or EXAMPLES[api_name], derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example],
              print_blob=False, phases=PHASES)
    @given(data=st.data())
    def run(data):
        wild = data.draw(st.sets(st.integers(0, n - 1), max_size=min(n, mutate_at_most or n)), label="wild inputs")
        drawn = {}
        for k, (group, i) in enumerate(slots):
            value = data.draw(i.wild if k in wild else i.valid, label=", ".join(group))
            drawn.update(zip(group, value) if len(group) > 1 else {group[0]: value})
        request = data.draw(st.sampled_from(REQUESTS), label="request")
        values = [make(drawn[name]) for name in names]
        outcome = judge(api_name, fn, n_outputs, values, request, replaces_model)
        counts[outcome.kind] += 1

    start = time.perf_counter()
    run()
    report(api_name, counts, time.perf_counter() - start)
    assert counts["ok"] >= min_ok, f"{api_name}: only {counts['ok']} of {sum(counts.values())} examples got through"
    return counts


# ---------------------------------------------------------------------------------------------------------------
# What was run: one line per endpoint (pytest -s shows it), and artifacts/fuzz_cases.md, the table of this run

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# One folder of records per pytest run: the xdist workers of a run share its id; a run without xdist has its own.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"


def report(api_name: str, counts: Counter, seconds: float) -> None:
    """Print one endpoint's figures, keep them with this run's and rewrite the table (the last endpoint to
    finish, in whichever worker, leaves the table of the whole run)."""
    n = sum(counts.values())
    print(f"FUZZ {api_name}: {n} cases, {counts['ok']} ok, {counts['message']} clear messages")
    records = ARTIFACTS / "fuzz_runs" / RUN
    if not records.is_dir():
        shutil.rmtree(ARTIFACTS / "fuzz_runs", ignore_errors=True)  # earlier runs' records
        records.mkdir(parents=True, exist_ok=True)
    record = {"api_name": api_name, "cases": n, "ok": counts["ok"], "messages": counts["message"],
              "seconds": round(seconds, 1)}
    _write(records / f"{api_name}.json", json.dumps(record))
    _write(ARTIFACTS / "fuzz_cases.md", table([json.loads(f.read_text()) for f in records.glob("*.json")]))


def table(records: list[dict]) -> str:
    """Records as a Markdown table, in EXAMPLES order, with the totals."""
    by_name = {r["api_name"]: r for r in records}
    order = [k for k in EXAMPLES if k in by_name] + sorted(set(by_name) - set(EXAMPLES))
    rows = ["| endpoint | cases | ok | clear messages | seconds |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {k} | {by_name[k]['cases']} | {by_name[k]['ok']} | {by_name[k]['messages']} | "
             f"{by_name[k]['seconds']} |" for k in order]
    total = {f: sum(r[f] for r in records) for f in ("cases", "ok", "messages", "seconds")}
    rows.append(f"| **{len(records)} endpoints** | {total['cases']} | {total['ok']} | {total['messages']} | "
                f"{total['seconds']:.0f} |")
    return "\n".join(rows) + "\n"


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: two workers may write the table at once."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)
