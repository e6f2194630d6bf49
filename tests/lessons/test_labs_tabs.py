"""The Labs tab's callbacks as Gradio calls them: the GAN lab trained live, seq2seq decoding and BLEU, BERT's
masking with the shipped tiny BERT, RoI pooling and anchors, and the shipped captioner; bad input as messages."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.lessons.captioning import tab as lab_caption
from playground.lessons.detection import tab as lab_detection
from playground.lessons.gan import tab as lab_gan
from playground.lessons.masking import tab as lab_masking
from playground.lessons.seq2seq.lab import Seq2seqLab
from playground.lessons.seq2seq import tab as lab_seq2seq

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
GAN = ("ring", "non_saturating", 1e-3, 1e-3, 1, 32, 0)


def test_gan_preview_draws_the_untrained_networks():
    text, field, losses = lab_gan.on_preview(*GAN, 2000, request=EN)
    assert text.startswith("Step 0 of 2000") and "of 8" in text
    assert isinstance(field, go.Figure) and field.data[0].type == "heatmap"
    assert isinstance(losses, go.Figure)


def test_gan_training_streams_and_counts_its_steps():
    frames = list(lab_gan.on_train(*GAN, 2 * lab_gan.CHUNK, request=EN))
    assert len(frames) >= 2 and frames[0][0].startswith(f"Step 0 of {2 * lab_gan.CHUNK}")  # then paced redraws
    steps = [int(f[0].split()[1]) for f in frames]
    assert steps == sorted(steps) and frames[-1][0].startswith(f"Step {2 * lab_gan.CHUNK} of {2 * lab_gan.CHUNK}")


def test_gan_presets_and_the_worked_losses():
    distribution, g_loss, *_ , steps = lab_gan.on_preset("mode_collapse")
    assert g_loss == "minimax" and steps > 0
    text = lab_gan.on_losses(0.9, 0.2, request=EN)
    assert "**0.3285**" in text and "**-0.2231**" in text and "**1.6094**" in text  # -(ln .9 + ln .8), ln .8, -ln .2
    assert "判别器" not in text and "D 损失" in lab_gan.on_losses(0.5, 0.5, request=ZH)


def test_gan_bad_settings_are_messages():
    with pytest.raises(gr.Error, match="learning rate"):
        lab_gan.on_preview("ring", "minimax", -1, 1e-3, 1, 32, 0, 100, request=EN)
    with pytest.raises(gr.Error, match="whole number"):
        next(lab_gan.on_train(*GAN, 10**9, request=EN))


def test_bleu_calculator_reproduces_the_notes_example():
    table, fig = lab_seq2seq.on_bleu("a b c d e f", "a b b c d", 4, request=EN)
    assert "| 1 | 4/5 | 0.8000 |" in table and "| 2 | 3/4 | 0.7500 |" in table and "| 3 | 1/3 | 0.3333 |" in table
    assert "| 4 | 0/2 | 0.0000 |" in table and "BLEU = **0.0000**" in table and "0.8187" in table  # exp(-0.2)
    table, _ = lab_seq2seq.on_bleu("a b c d e f", "a b b c d", 3, request=EN)
    assert "BLEU = **0.5940**" in table  # exp(-0.2) * 0.8^(1/2) * 0.75^(1/4) * (1/3)^(1/8)
    assert isinstance(fig, go.Figure)
    with pytest.raises(gr.Error, match="Type a sequence"):
        lab_seq2seq.on_bleu("a b", "   ", 2, request=EN)


def test_shipped_seq2seq_decodes_both_ways():
    text, decoding, bleu = lab_seq2seq.on_decode("reverse", "shipped", "31415926", None, request=EN)
    assert "6 2 9 5 1 4 1 3" in text and "BLEU (k = 4)" in text
    assert isinstance(decoding, go.Figure) and isinstance(bleu, go.Figure)
    with pytest.raises(gr.Error, match="Only the digits"):
        lab_seq2seq.on_decode("reverse", "shipped", "31a4", None, request=EN)
    with pytest.raises(gr.Error, match="No shipped model"):
        lab_seq2seq.on_decode("copy", "shipped", "314", None, request=EN)
    with pytest.raises(gr.Error, match="Nothing has been trained"):
        lab_seq2seq.on_decode("reverse", "lab", "314", None, request=EN)


def test_seq2seq_lab_trains_and_then_decodes_with_its_model():
    frames = list(lab_seq2seq.on_train("sort", 6, 0.5, 3e-3, lab_seq2seq.CHUNK, 0, "314159", None, request=EN))
    text, curves, decoding, lab, model = frames[-1]
    assert text.startswith(f"Step {lab_seq2seq.CHUNK} of {lab_seq2seq.CHUNK}") and model == {"value": "lab",
                                                                                                 "__type__": "update"}
    assert isinstance(lab, Seq2seqLab) and lab.spec.teacher_forcing == 0.5
    out = lab_seq2seq.on_decode("sort", "lab", "951", lab, request=EN)
    assert "**target** 1 5 9" in out[0]
    with pytest.raises(gr.Error, match="learnt the sort task"):
        lab_seq2seq.on_decode("reverse", "lab", "951", lab, request=EN)


def test_bert_masks_the_typed_blanks_and_guesses():
    summary, masking, predictions = lab_masking.on_mask("the c_t sat on the m_t.", 0, request=EN)
    assert summary.startswith("You masked 2 of the 23 characters (2 [MASK])")
    assert isinstance(masking, go.Figure) and isinstance(predictions, go.Figure)
    summary, *_ = lab_masking.on_mask("the little cat sat on the warm mat near the door.", 3, request=EN)
    assert "7 of the 49 characters were chosen" in summary  # round(0.15 * 49)


def test_bert_statistics_and_bad_sentences():
    text, fig = lab_masking.on_statistics(5000, request=EN)
    assert "5,000 sentences" in text and "(expected 15.00%)" in text and isinstance(fig, go.Figure)
    with pytest.raises(gr.Error):
        lab_masking.on_mask("héllo wörld", 0, request=EN)
    with pytest.raises(gr.Error):
        lab_masking.on_mask("", 0, request=EN)


def test_roi_pooling_of_the_scene_and_of_typed_boxes():
    text, fig = lab_detection.on_roi("scene", 0, None, "", 16, 7, "pool", 2, True, 1, request=EN)
    assert "800 × 800" in text and "50 × 50" in text and isinstance(fig, go.Figure)
    text, _ = lab_detection.on_roi("scene", 0, None, "0, 0, 320, 160", 32, 2, "align", 0, False, 1, request=EN)
    assert text.startswith("1 boxes") and "25 × 25" in text and "2 × 2" in text
    with pytest.raises(gr.Error, match="x2 must be greater than x1"):
        lab_detection.on_roi("scene", 0, None, "10, 10, 5, 20", 16, 7, "pool", 2, True, 1, request=EN)
    with pytest.raises(gr.Error, match="exactly four"):
        lab_detection.on_roi("scene", 0, None, "1, 2, 3", 16, 7, "pool", 2, True, 1, request=EN)


def test_anchors_of_an_800_pixel_image_and_an_upload():
    text, fig = lab_detection.on_anchors("scene", 0, None, 2, request=EN)
    assert "**159,882** anchors" in text  # (200² + 100² + 50² + 25² + 13²) × 3
    assert isinstance(fig, go.Figure)
    upload = (np.random.default_rng(0).random((300, 400, 3)) * 255).astype(np.uint8)
    text, fig = lab_detection.on_anchors("upload", 0, upload, 0, request=EN)
    # torchvision's transform first scales the short side to 800: 400 · 800 / 300 = 1066.7 -> 1066
    assert "300 × 400 picture is first resized" in text and "A 800 × 1066 image gets" in text
    assert fig.data[0].z.shape[:2][0] * fig.data[0].dx == pytest.approx(800, abs=fig.data[0].dx)
    sliver = np.zeros((3000, 100, 3), np.uint8)  # 1333 × 44 after resizing: too thin for the five levels
    with pytest.raises(gr.Error):
        lab_detection.on_anchors("upload", 0, sliver, 0, request=EN)
    text, _ = lab_detection.on_roi("upload", 0, upload, "", 8, 7, "align", 2, True, 1, request=EN)
    assert text.startswith("1 boxes on a 300 × 400 image")


def test_the_shipped_captioner_describes_a_held_out_scene():
    text, attention, probabilities = lab_caption.on_caption("scene", 0, None, 0.7, request=EN)
    assert text.startswith("Caption: **") and ": right." in text
    assert isinstance(attention, go.Figure) and isinstance(probabilities, go.Figure)
    grey = np.full((40, 50), 0.5)
    text, *_ = lab_caption.on_caption("upload", 0, grey, 0.7, request=ZH)
    assert text.startswith("这张图片不像模型训练时见过的场景")  # a grey picture is no scene: a hedged caption
    with pytest.raises(gr.Error, match="at least 8"):
        lab_caption.on_caption("upload", 0, np.zeros((3, 3, 3)), 0.7, request=EN)


# Bad input the fuzz suite found (tests/fuzz/test_fuzz_labs.py): each a clear message, never an internal error.

def _message(call) -> str:
    with pytest.raises(gr.Error) as info:
        out = call()
        if hasattr(out, "__next__"):
            next(out)
    text = str(info.value.message)
    assert "went wrong on our side" not in text
    return text


def test_preset_and_task_menus_sent_nothing_are_messages():
    assert "Unknown preset" in _message(lambda: lab_gan.on_preset(None, request=EN))
    assert "Unknown task" in _message(lambda: lab_seq2seq.on_task(None, request=EN))
    assert "未知任务" in _message(lambda: lab_seq2seq.on_task("nope", request=ZH))


@pytest.mark.parametrize("steps", ["abc", None, float("nan"), float("inf"), 10**400])
def test_gan_preview_steps_that_are_no_number(steps):
    assert "whole number" in _message(lambda: lab_gan.on_preview(*GAN, steps, request=EN))


@pytest.mark.parametrize("score", [10**400, -10**400])
def test_gan_scores_too_large_for_a_float(score):
    assert "probability" in _message(lambda: lab_gan.on_losses(score, 0.5, request=EN))


@pytest.mark.parametrize("seed", [10**400, float("nan"), float("inf"), -1, 1.5, "abc", None])
def test_bert_masking_seed_must_be_whole(seed):
    text = _message(lambda: lab_masking.on_mask("the cat sat", seed, request=EN))
    assert "seed" in text and "4294967295" in text


ROI = dict(source="scene", seed=0, upload=None, boxes_text="", stride=16, output_size=7, kind="pool",
           sampling_ratio=2, aligned=True, selected=1)


@pytest.mark.parametrize("field,value,words", [
    ("seed", float("nan"), "seed"), ("seed", "1e400", "seed"), ("seed", float("inf"), "seed"),
    ("stride", None, "stride"), ("stride", float("inf"), "stride"), ("stride", float("nan"), "stride"),
    ("selected", float("nan"), "box to show"), ("selected", "abc", "box to show"),
])
def test_roi_settings_that_are_no_number(field, value, words):
    assert words in _message(lambda: lab_detection.on_roi(**{**ROI, field: value}, request=EN))


def test_roi_box_to_show_defaults_and_clamps():
    for selected in (None, 1, 100, 0, "2"):  # empty: the first box; beyond the boxes: the nearest one
        _, fig = lab_detection.on_roi(**{**ROI, "selected": selected}, request=EN)
        assert isinstance(fig, go.Figure)


@pytest.mark.parametrize("level", [5, -1, 7, float("nan"), float("inf"), None, "abc", 2.5])
def test_anchor_level_outside_the_pyramid(level):
    assert "pyramid level" in _message(lambda: lab_detection.on_anchors("scene", 0, None, level, request=EN))


def test_anchor_levels_of_the_pyramid_all_draw():
    for level in range(5):
        text, fig = lab_detection.on_anchors("scene", 0, None, level, request=EN)
        assert isinstance(fig, go.Figure)


@pytest.mark.parametrize("seed", [float("nan"), float("inf"), "abc", 10**400])
def test_caption_seed_that_is_no_number(seed):
    assert "seed" in _message(lambda: lab_caption.on_caption("scene", seed, None, 0.7, request=EN))


@pytest.mark.parametrize("opacity", [None, "abc", float("nan"), 1.5, -0.1, 10**400])
def test_caption_opacity_outside_0_to_1(opacity):
    assert "opacity" in _message(lambda: lab_caption.on_caption("scene", 0, None, opacity, request=EN))


@pytest.mark.parametrize("shape", [(1, 1, 3), (2, 3000, 3), (4, 4, 2, 1)])
def test_detection_picture_messages_name_no_captioner(shape):
    """The detection lab reads uploads with the shared image reader; its messages once blamed "the captioner"."""
    upload = np.zeros(shape, np.uint8)
    for call in (lambda: lab_detection.on_anchors("upload", 0, upload, 2, request=EN),
                 lambda: lab_detection.on_roi(**{**ROI, "source": "upload", "upload": upload}, request=EN)):
        assert "caption" not in _message(call).lower()
