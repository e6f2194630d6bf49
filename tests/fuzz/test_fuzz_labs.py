"""Fuzzing the Labs tab: the GAN (training, preview, presets, the worked losses), seq2seq (decoding, training, BLEU,
the task switch), BERT's masking, RoI pooling and anchors on scenes and uploads, and Show, Attend and Tell."""
from functools import lru_cache

import pytest
from hypothesis import strategies as st

from playground.core.data.vocab import CHAR_VOCAB
from playground.lessons.degradation import race as degradation
from playground.lessons.detection.scenes import MAX_BOXES
from playground.lessons.gan import spec as gan
from playground.lessons.gan.distributions import DISTRIBUTIONS
from playground.lessons.masking.tokens import MASK_CHAR, MAX_TEXT
from playground.lessons.seq2seq import beam as s2s_beam
from playground.lessons.seq2seq import lab as s2s_lab
from playground.lessons.seq2seq import padding as s2s_padding
from playground.lessons.seq2seq import tasks as s2s_tasks

from .fuzzing import fixed_choices, fuzz, images, numbers, texts

pytestmark = pytest.mark.fuzz

# The GAN's settings: learning rates and seeds are plain numbers in the page (no limits on the component), so the
# valid ones are given here; steps kept short (the stream is closed after its first redraws anyway).
GAN = {"distribution": fixed_choices(DISTRIBUTIONS, dropdown=True), "g_loss": fixed_choices(gan.G_LOSSES),
       "lr_g": numbers(1e-4, gan.MAX_LR), "lr_d": numbers(1e-4, gan.MAX_LR), "d_steps": numbers(1, gan.MAX_D_STEPS, 1),
       "hidden": numbers(4, gan.MAX_HIDDEN, 4), "seed": numbers(0, gan.MAX_SEED, 1), "steps": numbers(25, 10_000, 25)}


@lru_cache(maxsize=None)
def lab(task: str) -> s2s_lab.Seq2seqLab:
    """An untrained lab for the task, as the seq2seq State holds one after a run (shared: decoding reads it only)."""
    return s2s_lab.Seq2seqLab(s2s_lab.Seq2seqSpec(task=task, length=4))


DIGITS = st.text("0123456789", min_size=1, max_size=s2s_tasks.MAX_LENGTH)
# The lab State: None before a run, a lab of some task after one; and things that are not labs.
LAB_STATE = (st.one_of(st.none(), st.sampled_from(s2s_tasks.TASKS).map(lab)),
             st.sampled_from((0, "lab", {}, [], float("nan"), "reverse")))
# The task, the model menu and the lab State, drawn together: the shipped model for any task, or a lab trained
# on the task shown; wild: any of each (a lab of another task, no lab, no choice).
def _model_and_lab(task: str) -> st.SearchStrategy:
    return st.sampled_from((("shipped", None), ("shipped", lab(task)), ("lab", lab(task)))).map(
        lambda choice_lab: (task, *choice_lab))


TASK_MODEL_LAB = (st.sampled_from(s2s_tasks.TASKS).flatmap(_model_and_lab),
                  st.tuples(st.one_of(fixed_choices(s2s_tasks.TASKS)), st.one_of(fixed_choices(("shipped", "lab"))),
                            st.one_of(LAB_STATE)))
SEQ2SEQ = {"task": fixed_choices(s2s_tasks.TASKS), "digits": texts(DIGITS, alphabet="0123456789 ０１２３abc-"),
           "lab": LAB_STATE}
WORDS = st.lists(st.sampled_from(("a", "b", "c", "d", "the", "cat", "中")), max_size=12).map(" ".join)

SENTENCE = st.text("".join(CHAR_VOCAB[4:]) + MASK_CHAR, min_size=1, max_size=MAX_TEXT)
# Boxes typed as 'x1,y1,x2,y2; ...' in image pixels: valid ones inside the 800-pixel scene (or none: the scene's
# own); wild ones reaching past it, inverted, degenerate, too many.
BOX = st.tuples(st.integers(0, 700), st.integers(0, 700), st.integers(4, 100), st.integers(4, 100)).map(
    lambda b: f"{b[0]},{b[1]},{b[0] + b[2]},{b[1] + b[3]}")
BOXES = st.lists(BOX, max_size=MAX_BOXES).map("; ".join)
ODD_BOX = st.tuples(*[st.integers(-50, 900)] * 4).map(lambda b: ",".join(map(str, b)))
ODD_BOXES = st.lists(st.one_of(BOX, ODD_BOX), max_size=MAX_BOXES + 3).map("; ".join)
PICTURE = {"source": fixed_choices(("scene", "upload")), "seed": numbers(0, 10_000, 1), "upload": images()}


def test_gan_train(demo):
    fuzz(demo, "gan_train", GAN, mutate_at_most=3)


def test_gan_preview(demo):
    fuzz(demo, "gan_preview", GAN, mutate_at_most=3)


def test_gan_losses(demo):
    fuzz(demo, "gan_losses")


def test_gan_preset(demo):
    fuzz(demo, "gan_preset")


def test_seq2seq_decode(demo):
    fuzz(demo, "seq2seq_decode", {("task", "choice", "lab"): TASK_MODEL_LAB, "digits": SEQ2SEQ["digits"]})


def test_seq2seq_train(demo):
    fuzz(demo, "seq2seq_train", {"task": SEQ2SEQ["task"], "digits": SEQ2SEQ["digits"], "lab": SEQ2SEQ["lab"],
                                 "length": numbers(2, 8, 1), "teacher_forcing": numbers(0, 1),
                                 "lr": numbers(1e-4, s2s_lab.MAX_LR), "steps": numbers(25, 100, 25),
                                 "seed": numbers(0, 1000, 1)}, mutate_at_most=3)


def test_seq2seq_task(demo):
    fuzz(demo, "seq2seq_task")


def test_beam_search(demo):
    fuzz(demo, "beam_search", {("task", "choice", "lab"): TASK_MODEL_LAB, "digits": SEQ2SEQ["digits"],
                               "width": numbers(1, s2s_beam.MAX_WIDTH, 1)})


def test_masked_loss(demo):
    batch = st.lists(DIGITS, min_size=1, max_size=s2s_padding.MAX_ROWS).map(", ".join)
    fuzz(demo, "masked_loss", {("task", "choice", "lab"): TASK_MODEL_LAB,
                               "batch": texts(batch, alphabet="0123456789 ,;，０１a-")})


def test_bleu(demo):
    fuzz(demo, "bleu", {"label": texts(WORDS, alphabet="abc ,;"), "prediction": texts(WORDS, alphabet="abc ,;")})


def test_bert_mask(demo):
    fuzz(demo, "bert_mask", {"text": texts(SENTENCE, alphabet="abc_ .,?!XYZ"), "seed": numbers(0, 2**31, 1)})


def test_bert_mask_statistics(demo):
    fuzz(demo, "bert_mask_statistics")


def test_roi_pooling(demo):
    boxes = texts(BOXES, alphabet="0123456789,;() -.\n")
    fuzz(demo, "roi_pooling", {**PICTURE, "boxes_text": (boxes[0], st.one_of(ODD_BOXES, boxes[1])),
                               "kind": fixed_choices(("pool", "align")), "stride": fixed_choices((4, 8, 16, 32)),
                               "selected": numbers(1, MAX_BOXES, 1)}, mutate_at_most=4)


def test_anchors(demo):
    fuzz(demo, "anchors", PICTURE)


def test_caption(demo):
    fuzz(demo, "caption", PICTURE)


def test_detection_source(demo):
    fuzz(demo, "detection_source")


def test_caption_source(demo):
    fuzz(demo, "caption_source")


def test_degradation(demo):
    depths = st.lists(st.integers(2, 6).map(lambda d: 2 * d), min_size=1, max_size=2).map(
        lambda ds: ", ".join(map(str, ds)))  # shallow nets: the stream is closed after its first redraws anyway
    fuzz(demo, "degradation", {"depths": texts(depths, alphabet="0123456789,， -."),
                                     "steps": numbers(50, degradation.MAX_STEPS, 50),
                                     "lr": numbers(1e-4, degradation.MAX_LR),
                                     "seed": numbers(0, degradation.MAX_SEED, 1)}, mutate_at_most=2)


def test_bert_mask_model(demo):
    fuzz(demo, "bert_mask_model", {"model": fixed_choices(("tiny_bert", "bert-base-uncased")),
                                   "text": texts(SENTENCE, alphabet="abc_ .,?!XYZ[MASK]"),
                                   "seed": numbers(0, 2**31, 1)})


def test_bert_heads(demo):
    fuzz(demo, "bert_heads", {"model": fixed_choices(("tiny_bert", "bert-base-uncased")),
                              "text": texts(SENTENCE, alphabet="abc_ .,?!XYZ"), "seed": numbers(0, 2**31, 1),
                              "layer": numbers(1, 12, 1)})
