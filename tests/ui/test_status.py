"""One status area per tab (playground/ui/status.py): every lesson has one; every event its controls start shows
progress there, clears it, and writes its error there; the message is the one the failed callback raised, in the
visitor's language."""
import gradio as gr
import pytest

from playground.core.errors import PlaygroundError
from playground.i18n import message
from playground.lessons import LESSONS
from playground.ui.feedback import ERRORS, ErrorMemo, user_errors
from playground.ui.status import CLEAR, show_failure


def request(session: str, lang: str = "en-US") -> gr.Request:
    return gr.Request(headers={"accept-language": lang}, session_hash=session)


@pytest.fixture(scope="module")
def wiring(app):
    areas = {b.elem_id.removeprefix("pg-status-"): b for b in app.blocks.values()
             if isinstance(b, gr.Markdown) and (b.elem_id or "").startswith("pg-status-")}
    fns = list(app.fns.values())
    return app, areas, fns


def test_every_lesson_has_one_status_area(wiring):
    _, areas, _ = wiring
    assert sorted(areas) == sorted(lesson.name for lesson in LESSONS)


def test_every_named_event_of_a_lesson_reports_failure_in_its_area(wiring):
    app, areas, fns = wiring
    failure_of = {f.trigger_after: f for f in fns if f.fn is show_failure}
    area_ids = {a._id: name for name, a in areas.items()}
    routed = [f for f in fns if f._id in failure_of]
    assert len(routed) > 80  # the lessons' own events, chained steps included
    for f in routed:
        handler = failure_of[f._id]
        assert handler.trigger_only_on_failure and [o._id for o in handler.outputs][0] in area_ids
        assert handler.api_name == f"{f.api_name}_failed" and handler.api_visibility == "private"
    # what a lesson's Inspect or Train button starts is among them
    names = {f.api_name for f in routed}
    assert {"inspect_model", "train", "gan_train", "attention", "feature_maps"} <= names


def test_progress_goes_to_the_area_not_over_figures(wiring):
    _, areas, fns = wiring
    inspect = next(f for f in fns if f.api_name == "inspect_model")
    assert [c.elem_id for c in inspect.show_progress_on] == ["pg-status-architecture"]


def test_a_users_action_clears_the_area_in_the_page(wiring):
    _, areas, fns = wiring
    clears = [f for f in fns if f.fn is None and f.js == CLEAR]
    assert len(clears) > 40 and all(len(f.outputs) == 1 and f.outputs[0] in areas.values() for f in clears)
    # timers redraw on their own: they never clear an error the visitor has not read
    assert not any(event == "tick" for f in clears for _, event in f.targets)


def test_the_failure_shows_the_message_the_callback_raised():
    @user_errors
    def refuses(x, request: gr.Request):
        raise PlaygroundError("train_bad_lr", high=10, value=x)

    with pytest.raises(gr.Error):
        refuses(0, request=request("s1", "zh-CN"))
    shown = show_failure(request("s1", "zh-CN"))
    assert "学习率必须大于 0" in shown and 'role="alert"' in shown
    # taken once: a later failure with nothing kept says so generically, in the page's language
    assert "右上角" in show_failure(request("s1", "zh-CN"))
    assert "did not work" in show_failure(request("s2"))


def test_an_internal_error_is_reported_there_too_and_text_is_escaped():
    @user_errors
    def breaks(request: gr.Request):
        raise RuntimeError("<script>")

    with pytest.raises(gr.Error):
        breaks(request=request("s3"))
    shown = show_failure(request("s3"))
    assert message("internal_error", "en") in shown and "<script>" not in shown
    ERRORS.remember(request("s4"), "<b>x</b>")
    assert "&lt;b&gt;" in show_failure(request("s4"))


def test_the_memo_is_bounded_and_per_page():
    memo = ErrorMemo(size=3)
    for i in range(5):
        memo.remember(request(f"p{i}"), f"m{i}")
    assert memo.take(request("p0")) is None and memo.take(request("p4")) == "m4"
    assert memo.take(request("p4")) is None
    memo.remember(None, "no page")  # a call without a request keeps nothing
    assert memo.take(None) is None
