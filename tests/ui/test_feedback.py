"""read_number: a slider's or number box's value as a number, or the message that names the setting; user_errors:
our message in the visitor's language, a library's own words folded away."""
import math

import gradio as gr
import pytest

from playground.core.errors import PlaygroundError
from playground.core.session import choice_key
from playground.i18n import message
from playground.ui.feedback import read_number, user_errors


@pytest.mark.parametrize("value,whole_number,expected", [(3, True, 3), (3.0, True, 3), ("4", True, 4),
                                                         (2.5, False, 2.5), ("1e3", False, 1000.0), (0, False, 0)])
def test_numbers_are_read(value, whole_number, expected):
    assert read_number(value, "attention_head", "en", whole_number=whole_number) == expected


def test_none_is_the_default_when_there_is_one():
    assert read_number(None, "attention_head", "en", whole_number=True, default=0) == 0


@pytest.mark.parametrize("value", [None, "", "abc", math.nan, math.inf, -math.inf, 10**400, "1e400", True, [1], {}])
def test_what_is_no_number_names_the_setting(value):
    with pytest.raises(PlaygroundError) as info:
        read_number(value, "attention_head", "en")
    assert info.value.key == "setting_not_number" and info.value.params["name"] == "Head"
    with pytest.raises(PlaygroundError) as info:
        read_number(value, "attention_head", "zh-CN")  # the label in the visitor's language
    assert message(info.value.key, "zh-CN", **info.value.params).startswith("“头”必须是有限的数")


def test_a_fraction_is_no_whole_number_and_long_values_are_cut():
    with pytest.raises(PlaygroundError) as info:
        read_number(2.5, "γ", "en", whole_number=True)
    assert info.value.key == "setting_not_whole" and info.value.params["name"] == "γ"  # a label, not a key
    with pytest.raises(PlaygroundError) as info:
        read_number("x" * 5000, "attention_head", "en")
    assert len(info.value.params["value"]) <= 42


@pytest.mark.parametrize("choice,key", [(" lenet5 ", "lenet5"), (None, ""), (1, "1"), (["a"], "['a']")])
def test_choice_key(choice, key):
    assert choice_key(choice) == key


def test_an_input_error_is_one_info_line_and_an_internal_error_keeps_its_traceback(caplog):
    import gradio as gr

    from playground.ui.feedback import user_errors

    @user_errors
    def refuses(request=None):
        raise PlaygroundError("bad_shape", text="3x", example="1x32x32")

    @user_errors
    def breaks(request=None):
        raise KeyError("oops")

    caplog.set_level("INFO", logger="playground")
    with pytest.raises(gr.Error) as info:
        refuses()
    assert info.value.print_exception is False  # Gradio prints no traceback for it either
    records = [r for r in caplog.records if r.name == "playground"]
    assert len(records) == 1 and records[0].levelname == "INFO" and records[0].exc_info is None
    assert "bad_shape" in records[0].getMessage() and "text='3x'" in records[0].getMessage()
    caplog.clear()
    with pytest.raises(gr.Error) as info:
        breaks()
    records = [r for r in caplog.records if r.name == "playground"]
    assert len(records) == 1 and records[0].levelname == "ERROR" and records[0].exc_info is not None
    assert info.value.print_exception is True


def _request(accept_language: str) -> gr.Request:
    return gr.Request(headers={"accept-language": accept_language})


def test_library_text_is_folded_away_after_our_words():
    """A PyTorch message never stands mid-sentence in a Chinese message: our words first, the library's own in a
    collapsed <details>; an API client still chooses the language by Accept-Language."""
    @user_errors
    def fail(request=None):
        raise PlaygroundError("shape_mismatch", model="lenet5", layer="c1", kind="Conv2d", shape="[1, 2, 3]",
                              detail="Given groups=1, weight of size [6, 1, 5, 5] & <b>")

    for lang, header in (("zh-CN", "zh-CN,zh;q=0.9"), ("en", "en-US")):
        with pytest.raises(gr.Error) as info:
            fail(request=_request(header))
        head, _, folded = info.value.message.partition("<details>")
        assert head.strip() == message("shape_mismatch", lang, model="lenet5", layer="c1", kind="Conv2d",
                                       shape="[1, 2, 3]")
        assert "Given groups" not in head and "PyTorch" not in head
        assert message("error_detail", lang) in folded and "&lt;b&gt;" in folded and folded.endswith("</details>")


def test_unexpected_errors_name_no_exception_in_the_sentence():
    @user_errors
    def broken(request=None):
        raise KeyError("x")

    with pytest.raises(gr.Error) as info:
        broken(request=_request("zh-CN"))
    head, _, folded = info.value.message.partition("<details>")
    assert head.strip() == message("internal_error", "zh-CN") and "KeyError" in folded
