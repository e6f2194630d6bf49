"""The convolution-basics callbacks as Gradio calls them: every view in both languages, the numbers they write, the
figures, and bad input as a message in the visitor's language."""
import gradio as gr
import plotly.graph_objects as go
import pytest

from playground.lessons.convolution import tab
from playground.lessons.convolution.figures import format_count
from playground.lessons.convolution.presentation import ratio_text
from playground.lessons.convolution.windows import CONV_INPUT_EXAMPLE, CONV_KERNEL_EXAMPLE, POOL_EXAMPLE

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def test_format_count_and_ratio():
    assert [format_count(n) for n in (100, 12_345, 10 ** 8, 10 ** 12, 2_500_000_000)] == \
        ["100", "12,345", "10⁸", "10¹²", "2.5×10⁹"]
    assert ratio_text(10 ** 8, 10 ** 12) == "1/10,000" and ratio_text(100, 10 ** 12) == "1/10¹⁰"
    assert ratio_text(7, 7) == "1" and ratio_text(2, 3) == "0.667"


def test_counts_view_shows_the_notes_numbers():
    fig, table = tab.on_counts(1000, 10, 1, 1, EN)
    assert isinstance(fig, go.Figure) and [list(t.y) for t in fig.data] == [[10 ** 12, 10 ** 8, 10 ** 8],
                                                                           [10 ** 12, 10 ** 8, 100]]
    assert "**10¹²**" in table and "**10⁸**" in table and "**100**" in table and "1/10,000" in table
    assert table.count("✓") == 3 and "✗" not in table
    _, zh = tab.on_counts(1000, 10, 1, 1, ZH)
    assert "全连接" in zh and "局部连接" in zh


def test_pooling_view_lists_every_window():
    fig, text = tab.on_pooling(POOL_EXAMPLE, 2, 2, False, EN)
    assert len(fig.data) == 4 and len(fig.layout.shapes) == 8  # three grids and a legend; four windows, four maxima
    assert "Output 2 × 2" in text and "| (0, 0) | 0–1, 0–1 | 1, 1, 5, 6 | **6** | **3.25** |" in text
    _, text = tab.on_pooling(POOL_EXAMPLE, 3, 2, True, ZH)
    assert "输出 2 × 2" in text and "向上取整" in text


def test_conv_step_view_shows_every_product():
    fig, text, row, col = tab.on_conv_step(CONV_INPUT_EXAMPLE, CONV_KERNEL_EXAMPLE, 1, 2, 1, 0, 1, EN)
    assert (row, col) == (0, 1) and len(fig.data) == 3
    assert "Output 3 × 3" in text and "rows 0–2 and columns 2–4" in text
    # padded row 0 is zeros; rows 1-2 of the padded input, columns 2-4 are input rows 0-1, columns 1-3
    assert "0 × 1 = 0" in text and "2 × (-1) = -2" in text
    assert "= **-5**" in text and "`F.conv2d` gives -5" in text  # (0 + 5) - (2 + 9) + 1
    _, text, row, col = tab.on_conv_step(CONV_INPUT_EXAMPLE, CONV_KERNEL_EXAMPLE, 0, 1, 0, 7, 7, ZH)
    assert (row, col) == (2, 2) and "个乘积之和" in text


def test_fc_view_matches():
    fig, text = tab.on_fc_as_conv(4, 3, 3, 8, EN)
    assert len(fig.data) == 3 and "`nn.Conv2d(4, 8, kernel_size=(3, 3))`" in text and "296 = 296" in text
    assert "40 = 40" in text  # 4 x 8 + 8, the 1 x 1 pair


@pytest.mark.parametrize("call, words", [
    (lambda: tab.on_counts(8, 10, 1, 1, EN), "larger than"),
    (lambda: tab.on_counts(1.5, 10, 1, 1, EN), "whole number"),
    (lambda: tab.on_pooling("1 2; 3", 2, 2, False, EN), "rows of numbers"),
    (lambda: tab.on_pooling(POOL_EXAMPLE, 9, 2, False, ZH), "核大小"),
    (lambda: tab.on_conv_step("1 2; 3 4", "1 1 1; 1 1 1; 1 1 1", 0, 1, 0, 0, 0, EN), "does not fit"),
    (lambda: tab.on_conv_step(CONV_INPUT_EXAMPLE, "x", 0, 1, 0, 0, 0, ZH), "卷积核必须"),
    (lambda: tab.on_fc_as_conv(4, 3, 3, 0, EN), "outputs 1 to"),
])
def test_bad_input_is_a_message(call, words):
    with pytest.raises(gr.Error) as e:
        call()
    assert words in str(e.value.message)


def test_the_scene_notes_numbers_are_right():
    """The figures the convolution scenes quote, recomputed."""
    from playground.i18n import EN
    from playground.lessons.convolution import counts as cn
    from playground.lessons.convolution import windows as wn
    counts = cn.layer_counts(**cn.NOTES_EXAMPLE)
    note = EN["scene_weight_sharing_note"]
    assert all(format_count(c.weights) in note for c in counts) and "1/10,000" in note
    pooled = wn.pool(wn.read_grid(POOL_EXAMPLE, "input"), 3, 2, True)
    assert pooled.maximum.shape == (2, 2) and wn.pool(pooled.x, 3, 2, False).maximum.shape == (1, 1)
    step = wn.conv_step(wn.read_grid(CONV_INPUT_EXAMPLE, "input"), wn.read_grid(CONV_KERNEL_EXAMPLE, "kernel"), 1,
                        2, 1, 0, 1)
    assert step.patch[0].tolist() == [0, 0, 0] and step.value == wn.torch_value(step) == -5  # over the padding
