"""The Architecture tab's callbacks called directly, as Gradio would, including bad input in both languages."""
import dataclasses
from pathlib import Path

import gradio as gr
import plotly.graph_objects as go
import pytest

from playground.core.inspection.table import TABLE_COLUMNS, Report, Totals, inspect_model
from playground.lessons.architecture import tab
from playground.lessons.architecture.presentation import layer_table

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


@pytest.fixture(scope="module")
def demo(app):
    return app


def test_every_event_has_an_api_name(demo):
    names = [fn.api_name for fn in demo.fns.values()]
    assert all(names), names
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert {"inspect_model", "select_model", "list_models", "conv_arithmetic", "compare_bottleneck",
            "compare_stacked"} <= public


def test_inspect_returns_table_then_totals():
    table, totals, report = tab.on_click_inspect("resnet50", "3x224x224", EN)
    assert list(table.columns) == TABLE_COLUMNS and len(table.data) > 100
    # shown with thousands separators, the numbers underneath (the API's, the exports') kept raw
    assert table.data["params"].iloc[0] == 25_557_032 and "25,557,032" in table.to_html()
    assert totals["total_params"] == 25_557_032 and totals["macs"] == report.totals.macs
    assert isinstance(report, Report) and totals == report.totals.as_dict()


def test_select_model_fills_shape_card_source_and_table():
    group, models, shape, card, source, table, totals, report = tab.on_select_model("resnet18", EN)
    assert group == "cnn" and models["value"] == "resnet18" and "vgg16" in models["choices"]
    assert shape == "3x224x224"
    assert "ResNet-18" in card and "https://arxiv.org/abs/1512.03385" in card
    assert "class ResNet" in source and totals["total_params"] == 11_689_512


def test_select_model_card_in_chinese_with_the_alexnet_note():
    _, _, _, card, *_ = tab.on_select_model("alexnet", ZH)
    assert "单 GPU" in card and "61,100,840" in card


def test_catalog_model_card_and_source():
    group, _, shape, card, source, *_ = tab.on_select_model("torchvision/inception_v3", EN)
    assert group == "torchvision" and shape == "3x299x299" and "random weights" in card
    assert "torchvision.models.get_model('inception_v3', weights=None)" in source
    *_, source, _ = tab.on_select_model("torchvision/retinanet_resnet50_fpn", EN)[:6]
    assert "get_model('retinanet_resnet50_fpn', weights=None, weights_backbone=None)" in source


def test_render_report_draws_summary_charts_and_depth_range():
    *_, report = tab.on_click_inspect("lenet5", "1x32x32", EN)
    summary, table, profile, diagram, files = tab.on_success_report(report, tab.MAX_DEPTH, True, EN)
    assert "61,706" in summary and "| Parameters |" in summary
    assert [Path(f).name for f in files] == ["lenet5_layers.csv", "lenet5_layers.md", "lenet5.py", "lenet5_train.py"]
    assert "def lenet5" in Path(files[2]).read_text() and "61,706 parameters" in Path(files[1]).read_text()
    compile(Path(files[3]).read_text(), "lenet5_train.py", "exec")  # the script itself is run in test_training_script
    *_, bert = tab.on_click_inspect("bert", "128", EN)  # no built-in dataset fits BERT: no script, the rest still comes
    assert [Path(f).name for f in tab.on_success_report(bert, 1, True, EN)[-1]] == [
        "bert_layers.csv", "bert_layers.md", "bert.py"]
    assert len(table.data) == len(report.rows)
    assert isinstance(profile, go.Figure) and len(profile.data) >= 2
    assert isinstance(diagram, go.Figure) and "conv1" in str(diagram.layout.annotations)
    summary_zh, *_ = tab.on_success_report(report, 10, True, ZH)
    assert "参数量" in summary_zh


def test_depth_filter_and_log_switch():
    *_, report = tab.on_click_inspect("resnet18", "3x224x224", EN)
    assert report.max_depth <= tab.MAX_DEPTH
    assert len(tab.on_change_depth(report, 1, EN).data) < len(tab.on_change_depth(report, 3, EN).data)
    assert tab.on_change_log(report, False, EN).layout.yaxis.type == "linear"


def test_render_without_report_does_not_fail():
    summary, _, profile, diagram, files = tab.on_success_report(None, 3, True, EN)
    assert summary == "" and isinstance(profile, go.Figure) and files is None


def test_change_group_lists_its_models():
    assert len(tab.on_change_group("timm")["choices"]) > 1000
    assert tab.on_change_group("rnn")["value"] == "lstm"
    assert tab.on_change_group("timm")["value"] == "timm/resnet50"
    for group, key in tab.FIRST_MODEL.items():
        assert key in tab.on_change_group(group)["choices"]
    assert tab.on_change_group("nonsense")["choices"] == []


@pytest.mark.parametrize("request_,needle", [(EN, "features.pool2"), (ZH, "太小")])
def test_too_small_input_is_a_clear_message(request_, needle):
    with pytest.raises(gr.Error) as info:
        tab.on_click_inspect("alexnet", "3x32x32", request_)
    assert needle in info.value.message and "Traceback" not in info.value.message


@pytest.mark.parametrize("key,shape,needle", [
    ("nope", "3x32x32", "There is no model called 'nope'"),
    ("lenet5", "three by four", "is not a shape"),
    ("lenet5", "-1x32x32", "at least 1"),
    ("vgg16", "3x40000x40000", "MB"),
])
def test_bad_inputs(key, shape, needle):
    with pytest.raises(gr.Error) as info:
        tab.on_click_inspect(key, shape, EN)
    assert needle in info.value.message


def _refused(key, shape, request=EN) -> str:
    with pytest.raises(gr.Error) as info:
        tab.on_click_inspect(key, shape, request)
    return info.value.message


def test_an_empty_shape_is_refused_not_replaced_by_the_default():
    assert "The input shape is empty" in _refused("lenet5", "  ") and "1x32x32" in _refused("lenet5", "")
    assert "输入形状是空的" in _refused("lenet5", "", ZH)


def test_a_grey_picture_for_alexnet_needs_3_channels_said_in_our_words():
    text = _refused("alexnet", "1x32x32")
    assert "alexnet needs 3, and '1x32x32' gives 1" in text and "Invalid channel" not in text
    assert "PyTorch" not in text


def test_a_shape_with_one_number_more_reads_its_first_as_the_batch_and_says_so():
    text = _refused("alexnet", "3x227x227x5")
    assert "needs 3" in text and "gives 227" in text and "a batch of 3 inputs of 227x227x5" in text
    assert "needs 3" in _refused("alexnet", "(1, 1, 227, 227)")  # a batch of one grey picture


def test_a_too_small_picture_is_said_in_our_words():
    text = _refused("alexnet", "3x32x32")
    assert "too small for alexnet" in text and "features.pool2" in text and "3x227x227" in text
    said = text.partition("<details>")[0]  # the library's own words, if any, are folded away after ours
    assert "PyTorch" not in said and "Calculated output size" not in said


def test_selecting_an_unknown_model_is_a_message():
    with pytest.raises(gr.Error) as info:
        tab.on_select_model("timm/not_a_model", ZH)
    assert "timm/not_a_model" in info.value.message and "没有名为" in info.value.message


def test_unexpected_failure_is_reported_not_raised(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("surprise")
    monkeypatch.setattr(tab, "inspect_model", boom)
    with pytest.raises(gr.Error) as info:
        tab.on_click_inspect("lenet5", "1x32x32", EN)
    assert "RuntimeError" in info.value.message and "keeps running" in info.value.message


def test_conv_calculator():
    text, fig, slider = tab.on_change_conv(7, 3, 2, 1, 1, 5, EN)
    assert "**4**" in text and "fit exactly" in text
    assert isinstance(fig, go.Figure) and slider["maximum"] == 15 and slider["value"] == 5
    text, _, slider = tab.on_change_conv(8, 3, 2, 0, 1, 99, ZH)
    assert "不能整除" in text and slider["value"] == 8  # clamped to the last of 3 x 3 positions
    with pytest.raises(gr.Error) as info:
        tab.on_change_conv(3, 7, 1, 0, 1, 0, EN)
    assert "spans 7 pixels" in info.value.message


def test_worked_comparisons():
    text = tab.on_change_bottleneck(256, 56, EN)
    assert "69,632" in text and "1,179,648" in text and "16.94" in text and "1×1 256→64" in text
    text = tab.on_change_stack(64, 3, 3, 56, ZH)
    assert "110,592" in text and "200,704" in text and "一个 7x7" in text
    with pytest.raises(gr.Error):
        tab.on_change_bottleneck(250, 56, EN)
    with pytest.raises(gr.Error):
        tab.on_change_stack(64, 3, 4, None, EN)


def test_comparisons_reject_non_numbers_with_a_plain_message():
    with pytest.raises(gr.Error) as info:
        tab.on_change_bottleneck("many", 56, EN)
    assert info.value.message == "Every setting must be a whole number."


def test_a_model_with_several_outputs_lists_each_by_name():
    totals = Totals(model="m", input_shape=[1, 3, 8, 8], output_shape=[100, 4],
                    outputs=[["boxes", [100, 4]], ["labels", [100]], ["scores", [100]]], total_params=10,
                    trainable_params=10, non_trainable_params=0, macs=5, flops=10, param_bytes=40, buffer_bytes=0,
                    input_bytes=768, activation_bytes=80, layers=1, modules=1, receptive_field=None,
                    executed_on="cpu", seconds=1.0)
    text = tab.summary_markdown(totals, "en")
    assert "boxes `[100, 4]`<br>labels `[100]`<br>scores `[100]`" in text
    one = dataclasses.replace(totals, output_shape=[1, 10], outputs=[["", [1, 10]]])
    assert "| `[1, 10]` |" in tab.summary_markdown(one, "en")


# Bad input the fuzz suite found (tests/fuzz/test_fuzz_architecture.py): each a clear message.

@pytest.mark.parametrize("depth", [float("nan"), float("inf"), "abc", -1, tab.MAX_DEPTH + 1, 2.5, None])
def test_table_depth_that_is_no_depth(depth):
    *_, report = tab.on_click_inspect("lenet5", "1x32x32", EN)
    for call in (lambda: tab.on_success_report(report, depth, True, EN), lambda: tab.on_change_depth(report, depth, EN)):
        with pytest.raises(gr.Error, match="table depth must be a whole number from 0"):
            call()


@pytest.mark.parametrize("key", [1, 2.5, ["lenet5"], None])
def test_a_model_menu_value_that_is_no_text(key):
    """The model menu takes typed keys, so an API call may send anything (an int was an AttributeError)."""
    with pytest.raises(gr.Error, match="There is no model called"):
        tab.on_select_model(key, EN)


def test_the_layer_table_speaks_the_visitors_language():
    """Headings, the whole model's row and a global receptive field in Chinese; in English as the CSV has them."""
    report = inspect_model("lenet5")
    zh, en = layer_table(report, lang="zh-CN"), layer_table(report)
    assert list(en.columns) == TABLE_COLUMNS and list(zh.columns)[:3] == ["层", "类型", "深度"]
    assert zh.iloc[0, 0] == "（整个模型）" and en.iloc[0, 0] == "(model)"
    assert "全局" in set(zh["感受野"]) and "global" in set(en["receptive field"])
