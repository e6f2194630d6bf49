"""The lecture bar without a browser: every scene restores cleanly, a link round trip gives the same view back,
odd links are tolerated, values are checked against their controls, and the language cookie wins."""
import math

import gradio as gr
import pytest

from playground.ui.feedback import language_of
from playground.ui.lecture import coerce
from playground.ui.scenes import SCENES, encode_query, parse_query, scene


@pytest.fixture(scope="module")
def demo(app):
    return app


@pytest.fixture(scope="module")
def restorer(demo):
    return demo.restorer


class FakeRequest:
    def __init__(self, **headers):
        self.headers = headers


def _value(update):
    return update.get("value") if isinstance(update, dict) else update


@pytest.mark.parametrize("chosen", SCENES, ids=[s.id for s in SCENES])
def test_every_scene_restores_every_value_it_names(restorer, chosen):
    updates, path, ignored = restorer.updates(chosen.query())
    assert ignored == []
    assert path == restorer.full_path(chosen.tab) and path[-1] == chosen.tab.split("/")[-1]
    tab = restorer.views[path[0]]
    for key, text in chosen.values.items():
        component = tab.controls[key]
        assert component in updates, key
        assert str(coerce(component, text)) == str(_value(updates[component])), key
        choices = updates[component].get("choices") if isinstance(updates[component], dict) else None
        if choices:  # a list that depends on another choice (a model's datasets) must hold the value
            assert _value(updates[component]) in [c[1] if isinstance(c, (tuple, list)) else c for c in choices]
    for tab_id in path:  # each level of tabs is selected from Python
        assert updates[restorer.containers[tab_id]].selected == tab_id


def _current_values(restorer, updates):
    """The controls' values after a restore: the restored ones, else each control's first value."""
    return [_value(updates[c]) if c in updates and "value" in (updates[c] or {}) else c.value
            for c in restorer.controls]


@pytest.mark.parametrize("chosen", SCENES, ids=[s.id for s in SCENES])
def test_a_shared_link_restores_the_same_view(restorer, chosen):
    updates, path, _ = restorer.updates(chosen.query())
    query = restorer.share(path, _current_values(restorer, updates))
    view = parse_query(query)
    assert view["tab"] == "/".join(path)
    again, path_again, ignored = restorer.updates(view)
    assert ignored == [] and path_again == path
    assert _current_values(restorer, again) == _current_values(restorer, updates)


def test_a_number_past_floats_range_is_shared_not_an_internal_error(restorer):
    """Found by the fuzz suite: a typed 10**400 in a number box made Copy link fail (float() overflowed)."""
    chosen = scene("attention_reverse")
    updates, path, _ = restorer.updates(chosen.query())
    head = restorer.views["attention"].controls["head"]
    values = [10**400 if c is head else v for c, v in zip(restorer.controls, _current_values(restorer, updates))]
    assert parse_query(restorer.share(path, values, chosen.id, False))["head"] == str(10**400)


def test_a_shared_scene_link_carries_the_scene_and_presenter_mode(restorer):
    chosen = scene("attention_reverse")
    updates, path, _ = restorer.updates(chosen.query())
    values = _current_values(restorer, updates)
    view = parse_query(restorer.share(path, values, chosen.id, True))
    # the scene's own values are left to the scene; only what differs from it is written
    assert view == {"tab": "attention/attn_head_tab", "scene": "attention_reverse", "present": "1"}
    head = next(c for c in restorer.controls if c is restorer.views["attention"].controls["head"])
    changed = [1 if c is head else v for c, v in zip(restorer.controls, values)]
    assert parse_query(restorer.share(path, changed, chosen.id, False)) == {
        "tab": "attention/attn_head_tab", "scene": "attention_reverse", "head": "1"}
    # another tab open than the scene's: the link names that tab, not the scene
    assert parse_query(restorer.share(["gates"], values, chosen.id, True)) == {"tab": "gates", "present": "1"}


def test_sharing_an_untouched_tab_gives_just_its_path(restorer):
    values = [c.value for c in restorer.controls]
    assert restorer.share(["gates"], values) == "?tab=gates"
    assert restorer.share(["normalisation"], values) == "?tab=concepts/normalisation"  # the path is completed
    assert restorer.share(["no_such_tab"], values) == ""


def test_every_lesson_is_a_tab_named_after_it(restorer):
    from playground.lessons import LESSONS
    for lesson in LESSONS:
        path = restorer.paths[lesson.name]
        assert path == ([lesson.group] if lesson.group else []) + [lesson.name]


def test_older_links_tab_ids_open_the_same_lessons(restorer):
    """Tab ids links used before the lessons were named after their folders (cpt_race, lab_mlm ...)."""
    from playground.lessons import tab_aliases
    aliases = tab_aliases()
    assert {"cpt_race": "optimizers", "lab_mlm": "masking", "lab_caption": "captioning"}.items() <= aliases.items()
    for old, new in aliases.items():
        expected = restorer.paths[new]
        assert restorer.full_path(old) == expected and restorer.full_path("/".join([*expected[:-1], old])) == expected
        updates, path, ignored = restorer.updates({"tab": f"{expected[0]}/{old}"})
        assert path == expected and not ignored


def test_odd_links_are_ignored_and_named(restorer):
    updates, path, ignored = restorer.updates({"tab": "nowhere", "x": "1"})
    assert (updates, path) == ({}, []) and ignored == ["nowhere"]
    updates, path, ignored = restorer.updates(parse_query(
        "?tab=attention/attn_pe_tab&offset=nan&d_model=1e309&length=-5&unknown=1&heads=abc&dims=0 1"))
    assert path == ["attention", "attn_pe_tab"]
    assert sorted(ignored) == ["d_model", "heads", "length", "offset", "unknown"]  # a slider never clamps
    assert restorer.views["attention"].controls["length"] not in updates


def test_a_scene_link_can_override_a_scene_value(restorer):
    chosen = scene("saddle_race")
    view = {**chosen.query(), "steps": "500"}
    updates, _, ignored = restorer.updates(view)
    steps = restorer.views["concepts"].controls["steps"]
    assert ignored == [] and _value(updates[steps]) == 500


def test_numbers_that_do_not_fit_are_left_out_and_named_never_clamped(restorer):
    concepts, train = restorer.views["concepts"], restorer.views["train"]
    updates, _, ignored = restorer.updates(parse_query("?tab=concepts/optimizers&lr=-5&steps=99999"))
    assert sorted(ignored) == ["lr", "steps"]
    assert _value(updates.get(concepts.controls["lr"])) != -5  # the box keeps a rate the race accepts
    assert concepts.controls["steps"] not in updates  # not clamped to 1000
    updates, _, ignored = restorer.updates(parse_query("?tab=train&lr=-5&steps=-3&batch=0&epochs=2"))
    assert sorted(ignored) == ["batch", "lr", "steps"] and _value(updates[train.controls["epochs"]]) == 2


def test_lab_rates_and_seeds_that_do_not_fit_are_left_out(restorer):
    labs = restorer.views["labs"]
    updates, _, ignored = restorer.updates(parse_query(
        "?tab=labs/gan&gan_lr_g=-1&gan_lr_d=5&gan_seed=1.5&gan_steps=300"))
    assert sorted(ignored) == ["gan_lr_d", "gan_lr_g", "gan_seed"]
    assert labs.controls["gan_lr_g"] not in updates and _value(updates[labs.controls["gan_steps"]]) == 300
    updates, _, ignored = restorer.updates(parse_query("?tab=labs/seq2seq&seq2seq_lr=0.5&seq2seq_seed=-2"))
    assert sorted(ignored) == ["seq2seq_lr", "seq2seq_seed"]
    updates, _, ignored = restorer.updates(parse_query("?tab=labs/seq2seq&seq2seq_lr=0.01&seq2seq_seed=7"))
    assert ignored == [] and _value(updates[labs.controls["seq2seq_lr"]]) == 0.01


def test_a_warning_names_what_a_link_left_out(demo, restorer, monkeypatch):
    warned = []
    monkeypatch.setattr(gr, "Warning", lambda text: warned.append(text))
    scenes = next(fn.fn for fn in demo.fns.values() if fn.api_name == "restore_view")
    scenes("?tab=concepts/optimizers&lr=-5&steps=99999", FakeRequest())
    assert len(warned) == 1 and "lr" in warned[0] and "steps" in warned[0]


def test_show_up_to_step_ends_at_the_links_steps(restorer):
    concepts = restorer.views["concepts"]
    upto = concepts.controls["upto"]
    updates, _, ignored = restorer.updates(parse_query("?tab=concepts/optimizers&steps=500&upto=400"))
    assert ignored == [] and updates[upto]["maximum"] == 500 and updates[upto]["value"] == 400
    updates, _, ignored = restorer.updates(parse_query("?tab=concepts/optimizers&steps=100&upto=400"))
    assert ignored == ["upto"] and updates[upto]["maximum"] == 100 and updates[upto]["value"] == 100
    assert upto.maximum == concepts.controls["steps"].value  # at first too


def test_a_model_link_brings_its_family_and_default_shape(restorer):
    updates, _, _ = restorer.updates({"tab": "inspector", "model": "resnet18"})
    arch = restorer.views["architecture"]
    assert _value(updates[arch.controls["shape"]]) == "3x224x224"
    group = next(c for c in arch.extra if c.elem_id == "group_dropdown")
    assert _value(updates[group]) == "cnn"


def test_a_train_link_offers_the_models_datasets_then_applies_its_own_values(restorer):
    updates, _, ignored = restorer.updates({"tab": "train", "model": "tiny_mlp", "dataset": "spiral", "lr": "0.5"})
    train = restorer.views["train"]
    assert ignored == []
    dataset = updates[train.controls["dataset"]]
    assert dataset["value"] == "spiral" and "spiral" in [c[1] for c in dataset["choices"]]
    assert _value(updates[train.controls["lr"]]) == 0.5
    assert updates[train.controls["hidden"]]["visible"] is True  # the MLP's width box appears


def test_coerce_checks_values_against_each_kind_of_control():
    dropdown = gr.Dropdown([("A", "a"), ("Three", 3)], value="a")
    assert coerce(dropdown, "a") == "a" and coerce(dropdown, "3") == 3
    with pytest.raises(ValueError):
        coerce(dropdown, "b")
    assert coerce(gr.Dropdown(["x"], allow_custom_value=True), "typed") == "typed"
    group = gr.CheckboxGroup([("S", "sgd"), ("A", "adam")])
    assert coerce(group, "adam,sgd") == ["adam", "sgd"] and coerce(group, "") == []
    with pytest.raises(ValueError):
        coerce(group, "sgd,lbfgs")
    assert coerce(gr.Checkbox(), "1") is True and coerce(gr.Checkbox(), "false") is False
    with pytest.raises(ValueError):
        coerce(gr.Checkbox(), "maybe")
    slider = gr.Slider(0, 10, step=1)
    assert coerce(slider, "3") == 3 and isinstance(coerce(slider, "3.0"), int)
    for bad in ("99", "-1", "3.4"):  # out of range, or no whole number: left out, never clamped or rounded
        with pytest.raises(ValueError):
            coerce(slider, bad)
    assert coerce(slider, "99", within=lambda x: x <= 100) == 99  # a range set by another control
    assert math.isclose(coerce(gr.Slider(0, 1, step=0.05), "0.25"), 0.25)
    number = gr.Number(precision=0, minimum=1)
    assert coerce(number, "7") == 7
    for bad in ("0", "inf", "nan", "x"):
        with pytest.raises(ValueError):
            coerce(number, bad)
    assert coerce(gr.Textbox(), "<b>hi</b>") == "<b>hi</b>"  # text is the tab's to check, like typed text


def test_the_page_language_switch_wins_over_the_browser_language():
    assert language_of(FakeRequest(**{"accept-language": "zh-CN,zh;q=0.9"})) == "zh-CN"
    assert language_of(FakeRequest(**{"accept-language": "zh-CN", "cookie": "pg_lang=en"})) == "en"
    assert language_of(FakeRequest(**{"accept-language": "en-US", "cookie": "a=1; pg_lang=zh-CN"})) == "zh-CN"
    assert language_of(FakeRequest(**{"accept-language": "en-US", "cookie": "pg_lang=fr"})) == "en"
    assert language_of(FakeRequest(**{"cookie": "\"broken;;=="})) == "en"
    assert language_of(None) == "en"


def test_every_view_key_is_a_plain_word(restorer):
    """Keys appear in links: lowercase words, none clashing with the bar's own keys."""
    for view in restorer.views.values():
        for key in view.controls:
            assert key.replace("_", "").isalnum() and key.islower(), key
            assert key not in ("tab", "scene", "lang", "present"), key
    assert encode_query({"tab": "gates", "text": "(()"}) == "?tab=gates&text=%28%28%29"


def test_zerogpu_decorates_only_on_a_zerogpu_space(monkeypatch):
    """Elsewhere gpu_task returns the function itself; on a ZeroGPU Space (env + package) it applies spaces.GPU."""
    import importlib
    import sys
    import types

    import playground.ui.zerogpu as zerogpu

    def train():
        yield 1

    assert zerogpu.gpu_task()(train) is train  # these machines are not ZeroGPU Spaces
    calls = []
    fake = types.ModuleType("spaces")
    fake.GPU = lambda duration: (lambda fn: calls.append(duration) or ("on the GPU", fn))
    monkeypatch.setitem(sys.modules, "spaces", fake)
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    try:
        on_space = importlib.reload(zerogpu)
        assert on_space.ZERO_GPU and on_space.gpu_task(90)(train) == ("on the GPU", train) and calls == [90]
    finally:
        monkeypatch.delenv("SPACES_ZERO_GPU")
        importlib.reload(zerogpu)
    assert not zerogpu.ZERO_GPU


def test_a_session_survives_the_trip_to_a_gpu_worker():
    """ZeroGPU pickles the callback's arguments: a session crosses with its trained model, not its run."""
    import pickle

    from playground.core.session import Session
    session = Session()
    session.running, session.live = True, object()
    session.stop.set()
    back = pickle.loads(pickle.dumps(session))
    assert back.live is None and back.running is False and not back.stop.is_set()


def test_chained_steps_see_what_earlier_steps_set_and_pass_the_request_on():
    from gradio.helpers import special_args

    from playground.ui.view import chained
    a, b, c, d = gr.Textbox(), gr.Dropdown(), gr.Textbox(), gr.State()
    seen = []

    def first(x, request=None):
        return gr.update(choices=["m1", "m2"], value="m2"), x.upper()

    def second(choice, upper, request=None):
        seen.append(request)
        return f"{choice}:{upper}"

    run, inputs, outputs = chained([(first, [a], [b, c]), (second, [b, c], [d])])
    assert inputs == [a, b, c] and outputs == [b, c, d]
    request = gr.Request()
    assert special_args(run, ["hi", "m1", "x"], request=request)[0][0] is request  # Gradio hands it over
    updated, text, result = run("REQ", "hi", "m1", "stale")
    assert updated["value"] == "m2" and text == "HI" and result == "m2:HI" and seen == ["REQ"]

    def broken(x, request=None):
        raise gr.Error("no")

    def show(request=None):
        return gr.update(visible=True), "typed"
    run, _, outputs = chained([(show, [], [b, c]), (lambda request=None: ("8,8", gr.skip()), [], [b, c])])
    assert run(None) == [{"__type__": "update", "visible": True, "value": "8,8"},  # merged, both kept
                         {"__type__": "update", "value": "typed"}]

    run, *_ = chained([(broken, [a], [c]), (second, [b, c], [d])])
    with pytest.raises(gr.Error):
        run(None, "x", "m1", "y")
    assert len(seen) == 1  # the step after a failure does not run


def _restore_at_load(demo, query, request):
    """The page-load event: a link's query -> {elem_id or component: value}, and where the page goes next."""
    import json
    fn = next(f for f in demo.fns.values() if f.api_name == "restore_view")
    out = fn.fn(query, request=request)
    by_id = {(c.elem_id or id(c)): v for c, v in zip(fn.outputs, out)}
    nav = next(v for c, v in zip(fn.outputs, out) if isinstance(v, str) and v.startswith('{"path"'))
    return by_id, json.loads(nav)


def test_page_load_paints_the_first_tabs_after_the_links_values(demo):
    """No demo.load of a tab races the link: the restorer fills in the Train tab's first paint (in the visitor's
    language) and tells the page which tabs to draw, the link's tab last."""
    values, nav = _restore_at_load(demo, "", FakeRequest(**{"accept-language": "zh-CN"}))
    assert nav["path"] == [] and nav["paint"] == []  # without a link the tabs paint themselves, at once
    assert values["train_dataset_card"] == gr.skip()
    load = {f.api_name: f for f in demo.fns.values() if f.api_name in ("load_model", "load_train")}
    request = FakeRequest(**{"accept-language": "zh-CN"})
    train = load["load_train"]
    defaults = [c.value for c in train.inputs[1:]]  # after the hidden box that receives the page's query
    assert all(v == gr.skip() for v in train.fn(request, "?tab=gates", *defaults))
    card = dict(zip([c.elem_id for c in train.outputs], train.fn(request, "", *defaults)))["train_dataset_card"]
    assert "数字" in str(card)  # the default dataset's card, in Chinese
    values, nav = _restore_at_load(demo, "?scene=spiral_mlp", FakeRequest(**{"accept-language": "en"}))
    assert nav["path"] == ["train"] and nav["paint"] == ["architecture"]
    assert "piral" in values["train_dataset_card"]["value"] and values["train_model"]["value"] == "tiny_mlp"
    values, nav = _restore_at_load(demo, "?tab=gates&lang=zh-CN", FakeRequest(**{"accept-language": "en"}))
    assert nav["path"] == ["gates"] and nav["paint"] == ["architecture", "train"]
    assert values["pg-lang"] == "zh-CN" and "数字" in values["train_dataset_card"]["value"]
