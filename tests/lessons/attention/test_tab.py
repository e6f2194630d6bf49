"""The Attention tab's callbacks as Gradio calls them: shipped, random and session models (also while one
trains), a ViT on a picture, the step-by-step view, the mask lab, the positional-encoding lab, and bad input."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.core.session import Session
from playground.core.train.loop import Run, train
from playground.core.train.spec import TrainSpec
from playground.lessons.attention import positional_tab, sequence_tab, subjects, vit_tab

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
VIT = "timm/vit_tiny_patch16_224"
PICTURE = ("sample", "shapes", 0, None, None)  # source, dataset, index, upload, ViT weights


def views(model=subjects.DEFAULT, text="31415926", module=None, head=0, session=None, request=EN):
    return sequence_tab.on_attention(model, text, module, head, *PICTURE, session or Session(), request)


def test_the_shipped_transformer_answers_and_shows_every_module():
    text, overview, modules, head, enlarged = views()
    assert "6 2 9 5 1 4 1 3" in text and "all right" in text
    names = [v for _, v in modules["choices"]]
    assert names[0] == "encoder.0.attention" and modules["value"] == "decoder.1.cross_attention" == names[-1]
    assert head["maximum"] == 1 and isinstance(overview, go.Figure) and len(overview.data) == 1
    assert list(enlarged.layout.xaxis.ticktext) == list("31415926")  # cross-attention: keys are the source
    assert [label for label, _ in modules["choices"]][3] == "Decoder 0: cross-attention"


def test_chinese_labels():
    text, _, modules, _, _ = views(request=ZH)
    assert "写出" in text and modules["choices"][0][0] == "编码器 0：自注意力"


def test_another_head_and_module():
    fig = sequence_tab.on_head(subjects.DEFAULT, "31415926", "decoder.0.self_attention", 1, *PICTURE, Session(), EN)
    assert list(fig.layout.yaxis.ticktext)[0] == "<bos>" and len(fig.data) == 2  # weights and the masked marks
    with pytest.raises(gr.Error, match="Head 5 does not exist"):
        sequence_tab.on_head(subjects.DEFAULT, "31415926", "decoder.0.self_attention", 5, *PICTURE, Session(), EN)


def test_shipped_gpt_and_random_char_models():
    text, _, modules, head, _ = views("pretrained/tiny_gpt_reverse")
    assert "6 2 9 5 1 4 1 3" in text and head["maximum"] == 2 and len(modules["choices"]) == 3
    text, *_ = views("tiny_bert", "the c_t sat")
    assert "Random weights" in text and "`the c<mask>t sat`" in text  # characters joined, <mask> kept
    text, *_ = views("tiny_gpt", "hello")
    assert "hello" in text


def test_steps_and_mask_lab():
    fig, text = sequence_tab.on_steps(subjects.DEFAULT, "31415926", "decoder.0.self_attention", 0, Session(), EN)
    assert len(fig.data) == 8 and "d_k = 16" in text and "1.000000 to 1.000000" in text and "masked" in text
    fig, text = sequence_tab.on_mask_lab(subjects.DEFAULT, "31415926", "decoder.1.cross_attention", 1, 3, Session(), EN)
    assert len(fig.data) == 6 and "Encoder block 1, head 1" in text and "3 `<pad>`" in text


def test_positional_lab():
    figs = positional_tab.on_positional(128, 50, "0 1 10", 5, 8, 2, "pretrained/tiny_gpt_reverse", Session(), EN)
    pe_fig, waves, sim, shift, schemes, text = figs
    assert np.asarray(pe_fig.data[0].z).shape == (50, 128) and len(waves.data) == 3
    assert np.asarray(sim.data[0].z).shape == (50, 50) and isinstance(shift, go.Figure)
    assert len(schemes.data) == 4 and "Shift k = 5" in text and "float64" in text
    learned = np.asarray(schemes.data[1].z)
    assert learned.shape == (50, 48)  # the shipped GPT's learned positions (d_model 48)
    _, _, _, _, schemes, _ = positional_tab.on_positional(64, 50, "0", 1, 8, 0, subjects.DEFAULT, Session(), EN)
    assert any("has no learned positions" in (a.text or "").replace("<br>", " ") for a in schemes.layout.annotations)


@pytest.mark.parametrize("args,match", [
    ((64, 64, "x", 3, 8, 0), "is not a list of dimensions"), ((64, 64, "0 64", 3, 8, 0), "is not a list"),
    ((63, 64, "0", 3, 8, 0), "even d_model"), ((64, 2000, "0", 3, 8, 0), "between 2 and 1024"),
    ((64, 64, "0", 64, 8, 0), "shift must be between 0 and 63"), ((64, 64, "0", 3, 8, 8), "ALiBi head 8")])
def test_positional_lab_bad_input(args, match):
    with pytest.raises(gr.Error, match=match):
        positional_tab.on_positional(*args, subjects.DEFAULT, Session(), EN)


@pytest.mark.parametrize("model,text,match", [
    (subjects.DEFAULT, "", "Type a sequence first"), (subjects.DEFAULT, "12x", "does not know x"),
    ("tiny_lstm", "12", "no attention layers"), ("session", "12", "no model in this session"),
    ("gpt", "12", "too large")])
def test_bad_input_gets_a_message(model, text, match):
    with pytest.raises(gr.Error, match=match):
        views(model, text)


def test_too_long_input_is_cut_with_a_notice():
    text, *_ = views(text="1" * 80)
    assert "80 tokens" in text and "at most 64" in text


def test_the_session_model_live_and_trained():
    s = Session()
    s.live = Run(TrainSpec(model="tiny_transformer", dataset="reverse", steps=2, batch_size=8,
                           data_options={"n_train": 100, "n_test": 100}))
    text, overview, enlarged = sequence_tab.on_live_tick("session", "1234", None, 0, *PICTURE, s, EN)
    assert "tiny_transformer" in text and isinstance(overview, go.Figure) and s.live.model.training
    s.live = None
    s.trained = train(TrainSpec(model="tiny_gpt", dataset="brackets", steps=3,
                                data_options={"n_train": 100, "n_test": 100}))
    text, *_ = views("session", "(())", session=s)
    assert "tagged each position" in text
    assert sequence_tab.on_live_tick("session", "(())", None, 0, *PICTURE, s, EN) == (gr.skip(),) * 3  # not training


def test_a_vit_on_a_picture():
    text, overview, modules, head, overlay = views(VIT, "")
    assert "12 blocks" in text and "14x14" in text and head["maximum"] == 2 and len(modules["choices"]) == 13
    assert modules["choices"][-1][1] == "rollout"
    rollout = sequence_tab.on_head(VIT, "", "rollout", 0, *PICTURE, Session(), EN)
    assert np.asarray(rollout.data[1].z).shape == (14, 14) and np.nanmax(rollout.data[1].z) == 1.0
    assert vit_tab.on_vit_matrix(VIT, "rollout", 0, *PICTURE, Session(), EN).visible is False
    assert isinstance(overview, go.Figure) and isinstance(overlay, go.Figure)
    matrix = vit_tab.on_vit_matrix(VIT, modules["value"], 1, *PICTURE, Session(), EN)
    assert matrix.visible and '"heatmap"' in matrix.value["plot"] and '"CLS"' in matrix.value["plot"]
    fig, text = sequence_tab.on_steps(VIT, "", modules["value"], 0, Session(), EN)
    assert fig is None and "token models" in text
    assert vit_tab.on_vit_matrix(subjects.DEFAULT, "x", 0, *PICTURE, Session(), EN).visible is False


# Bad input the fuzz suite found (tests/fuzz/test_fuzz_attention.py): each a clear message naming what is wrong.

def _message(call, match: str) -> None:
    with pytest.raises(gr.Error, match=match) as info:
        call()
    assert "went wrong on our side" not in str(info.value.message)


@pytest.mark.parametrize("model", [1, 2.5, ["pretrained/tiny_transformer_reverse"], {}])
def test_a_model_menu_value_that_is_no_text(model):
    """The model menu takes typed keys, so an API call may send anything there."""
    _message(lambda: views(model), "There is no model called")
    _message(lambda: sequence_tab.on_steps(model, "12", None, 0, Session(), EN), "There is no model called")
    _message(lambda: sequence_tab.on_mask_lab(model, "12", None, 0, 0, Session(), EN), "There is no model called")


@pytest.mark.parametrize("head", [float("nan"), float("inf"), "abc", "1e400", [0]])
def test_head_that_is_no_whole_number(head):
    _message(lambda: views(head=head), "“Head” must be a whole number")
    _message(lambda: sequence_tab.on_steps(subjects.DEFAULT, "12", "decoder.0.self_attention", head, Session(), EN),
             "must be a whole number")
    _message(lambda: sequence_tab.on_mask_lab(subjects.DEFAULT, "12", "decoder.0.self_attention", head, 0, Session(), EN),
             "must be a whole number")


def test_empty_head_and_padding_are_zero():
    _, text = sequence_tab.on_mask_lab(subjects.DEFAULT, "31415926", "decoder.1.cross_attention", None, None, Session(), EN)
    assert "head 0" in text


@pytest.mark.parametrize("position", range(5))
def test_positional_settings_that_are_no_number(position):
    args = [64, 64, "0", 3, 8, 0]
    for value in (float("nan"), float("inf"), "abc", "", None, 2.5):
        bad = list(args)
        bad[position if position < 2 else position + 1] = value
        _message(lambda: positional_tab.on_positional(*bad, subjects.DEFAULT, Session(), EN), "must be a whole number")


def test_the_mask_lab_says_when_it_shows_the_encoder_instead_of_the_chosen_decoder_module():
    _, text = sequence_tab.on_mask_lab(subjects.DEFAULT, "31415926", "decoder.1.cross_attention", 0, 0, Session(), EN)
    assert "you chose **Decoder 1: cross-attention**" in text and "encoder block 1's self-attention" in text
    _, text = sequence_tab.on_mask_lab(subjects.DEFAULT, "31415926", "encoder.1.attention", 0, 0, Session(), EN)
    assert "you chose" not in text  # the encoder's own module: nothing to explain
    _, text = sequence_tab.on_mask_lab(subjects.DEFAULT, "31415926", "decoder.0.self_attention", 0, 0, Session(), ZH)
    assert "解码器 0：带掩码的自注意力" in text and "编码器第 0 块" in text


def test_the_vit_note_points_to_the_weights_upload_not_the_train_tab():
    text, *_ = views(VIT, "")
    assert "Random weights" in text and "cannot train a ViT" in text and "upload trained weights" in text
    assert "Train one on the Train tab" not in text
