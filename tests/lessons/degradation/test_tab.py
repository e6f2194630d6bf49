"""The degradation sub-tab's callbacks as Gradio calls them: the shipped run, a short live race streamed and
stopped, messages for bad settings; and the notes' ResNet-18 table against torchvision's."""
import gradio as gr
import plotly.graph_objects as go
import pytest
import torch
import torch.nn as nn
import torchvision

from playground.i18n import EN as EN_TEXT
from playground.lessons.degradation import tab
from playground.lessons.degradation.race import RaceRun

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def test_the_shipped_run_draws_both_panels_and_says_what_it_shows():
    fig, text = tab.on_shipped(EN)
    assert isinstance(fig, go.Figure) and len(fig.data) == 6  # 3 depths x (plain, residual)
    assert [t.xaxis for t in fig.data] == [None] * 3 + ["x2"] * 3
    assert fig.layout.yaxis.range == fig.layout.yaxis2.range  # one scale for both kinds
    assert "trains **worse**" in text and "remove the degradation" in text and "seed 0" in text
    _, text = tab.on_shipped(ZH)
    assert "退化" in text and "普通网络" in text


def test_a_live_race_streams_then_ends_with_its_result():
    frames = list(tab.on_train("4, 6", 50, 0.05, 0, RaceRun(), request=EN))
    assert len(frames) >= 2 and frames[0][0].startswith("Training live: step 0 of 50")
    status, fig, text = frames[-1]
    assert status.startswith("Done: 50 steps") and len(fig.data) == 4 and "step 50" in text


def test_stop_ends_the_race_with_a_last_redraw():
    run = RaceRun()
    stream = tab.on_train("4", 3000, 0.05, 0, run, request=EN)
    next(stream)
    tab.on_stop(run)
    status, _, text = list(stream)[-1]
    assert status.startswith("Stopped at step") and "of 3000" in status
    tab.on_stop(None)  # a junk state is ignored


@pytest.mark.parametrize("settings,match", [
    (("8, 7", 100, 0.1, 0), "even whole numbers"), (("8", 10**6, 0.1, 0), "from 10 to 3000"),
    (("8", 100, 0, 0), "above 0"), (("8", 100, 0.1, "x"), "seed must be")])
def test_bad_settings_are_messages(settings, match):
    with pytest.raises(gr.Error, match=match):
        next(tab.on_train(*settings, None, request=EN))


def test_degradation_differs_resnet_dropout():
    """The notes' ResNet-18 table ends in "FC (Flatten, Softmax, Dropout)": torchvision's ResNet-18 has no dropout
    and one Linear(512, 1000) after the pool; the table's stage shapes are right."""
    model = torchvision.models.resnet18(weights=None).eval()
    assert not any(isinstance(m, nn.Dropout) for m in model.modules())
    assert isinstance(model.fc, nn.Linear) and (model.fc.in_features, model.fc.out_features) == (512, 1000)
    assert not any(isinstance(m, nn.Softmax) for m in model.modules())  # softmax is the loss's
    shapes = []
    x = torch.zeros(1, 3, 224, 224)
    with torch.no_grad():
        x = model.relu(model.bn1(model.conv1(x)))
        shapes.append(tuple(x.shape[1:]))
        x = model.maxpool(x)
        for stage in (model.layer1, model.layer2, model.layer3, model.layer4):
            x = stage(x)
            shapes.append(tuple(x.shape[1:]))
    assert shapes == [(64, 112, 112), (64, 56, 56), (128, 28, 28), (256, 14, 14), (512, 7, 7)]
    text = EN_TEXT["degradation_differs_resnet_dropout"]
    assert "Linear(512, 1000)" in text and "112 × 112 × 64" in text and "7 × 7 × 512" in text
