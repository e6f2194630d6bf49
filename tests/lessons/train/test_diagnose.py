"""The Train tab's additions of issue 21: the run's diagnosis beside the metrics (after a run, and for a shipped
model that kept its curves), in both languages, and the run's learning-rate schedule drawn beside the estimate."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest

from playground.core.session import Session
from playground.core.train.diagnosis import diagnose
from playground.core.train.loop import plan, train
from playground.core.train.schedule import learning_rates
from playground.core.train.spec import TrainSpec
from playground.lessons.train import callbacks
from playground.lessons.train.settings import default_spec, make_spec
from playground.lessons.train.views import diagnosis_markdown
from playground.ui.scenes import scene
from tests.conftest import TRAIN_SETTINGS

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
SPEC = TrainSpec(model="tiny_mlp", dataset="circle", model_options={"hidden": [32, 16]})


def curves(train_loss, val_loss, train_acc, val_acc):
    steps = list(range(1, len(train_loss) + 1))
    evals = steps[9::10][:len(val_loss)]
    return dict(steps=steps, train_loss=list(train_loss), eval_steps=evals, train_metric=list(train_acc),
                val_loss=list(val_loss), val_metric=list(val_acc))


FINE = curves(np.geomspace(0.7, 0.05, 200), np.geomspace(0.7, 0.07, 20), [0.98] * 20, [0.97] * 20)
OVERFIT = curves(np.geomspace(0.7, 0.01, 200), list(np.linspace(0.6, 0.3, 5)) + [1.0] * 15, [1.0] * 20,
                 [0.7] * 20)
PLATEAU = curves(list(np.linspace(0.7, 0.6, 40)) + [0.6] * 160, [0.62] * 20, [0.6] * 20, [0.6] * 20)


@pytest.mark.parametrize("history, english, chinese", [
    (FINE, "**Diagnosis: fine.**", "**诊断：良好。**"),
    (OVERFIT, "**Diagnosis: overfitting.**", "**诊断：过拟合。**"),
    (PLATEAU, "**Diagnosis: training loss high and flat: model bias or optimisation.**", "模型偏差或优化问题"),
])
def test_each_verdict_reads_in_both_languages(history, english, chinese):
    en = diagnosis_markdown(history, SPEC, "classify", "en")
    zh = diagnosis_markdown(history, SPEC, "classify", "zh-CN")
    assert en.startswith(english) and chinese in zh
    assert "Training loss" in en and "训练损失" in zh


def test_the_verdicts_give_the_guides_remedies():
    overfit = diagnosis_markdown(OVERFIT, SPEC, "classify", "en")
    assert "more training data" in overfit and "step 50" in overfit  # the test loss was lowest at step 50
    plateau = diagnosis_markdown(PLATEAU, SPEC, "classify", "en")
    assert "hidden layers `32` instead of `32,16`" in plateau  # the shallower reference to train
    other = diagnosis_markdown(PLATEAU, TrainSpec(model="lenet5", dataset="digits"), "classify", "zh-CN")
    assert "层数更少" in other


def test_the_shipped_model_shows_its_diagnosis_beside_its_metrics():
    outs = callbacks.on_load_pretrained("lenet5_digits", Session(), request=EN)
    assert "Test accuracy" in outs[3] and "> **Diagnosis: fine.**" in outs[3]


def test_a_run_ends_with_its_diagnosis():
    outs = list(callbacks.on_train(Session(), *TRAIN_SETTINGS.values(), request=ZH))
    assert "**诊断：" in outs[-1][3]


def test_the_overfit_scene_overfits():
    """The scene diagnose_overfit: its link's settings on the Train tab give a run the diagnosis calls overfitting."""
    values = scene("diagnose_overfit").values
    recipe = default_spec(values["model"], values["dataset"])
    settings = {**TRAIN_SETTINGS, "lr": recipe.lr, "batch_size": recipe.batch_size, "epochs": recipe.epochs}
    settings.update({{"batch": "batch_size", "samples": "n_samples"}.get(k, k): v for k, v in values.items()})
    d = diagnose(train(make_spec(**settings)).history.to_dict())
    assert d.verdict == "overfit", d
    assert d.test_accuracy < d.train_accuracy - 0.1 and d.test_loss > 3 * d.train_loss


def test_the_schedule_is_drawn_from_the_settings():
    settings = {**TRAIN_SETTINGS, "warmup": 20, "schedule": "cosine"}
    figure = callbacks.on_schedule(*settings.values(), request=EN)
    assert isinstance(figure, go.Figure)
    total = plan(make_spec(**settings)).steps
    assert total == 63  # 100 training points, 10 epochs of batch 16
    steps, rates = learning_rates(make_spec(**settings), total)
    x = np.asarray(figure.data[0].x, dtype=float)
    assert list(x) == list(steps + 1) and np.allclose(np.asarray(figure.data[0].y, dtype=float), rates)
    assert figure.layout.shapes[0].x0 == 20  # the warm-up's end
    zh = callbacks.on_schedule(*settings.values(), request=ZH)
    assert zh.layout.yaxis.title.text == "学习率"
    with pytest.raises(gr.Error):
        callbacks.on_schedule(*{**settings, "warmup": -3}.values(), request=EN)
