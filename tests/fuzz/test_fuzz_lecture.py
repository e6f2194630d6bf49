"""Fuzzing the lecture bar: links that restore a view (the page's query string, which anyone can edit), the scene
menu with presenter mode's next and previous, and sharing (the open tabs as the page reports them, and every
control's value)."""
import inspect
import json
from urllib.parse import urlencode

import pytest
from hypothesis import strategies as st

from playground.ui.lecture import _text
from playground.ui.scenes import MAX_QUERY, MAX_VALUE, SCENE_IDS

from .fuzzing import WEIRD_TEXT, choices, find, for_component, fuzz, texts

pytestmark = pytest.mark.fuzz


def restorer_of(demo):
    """The app's Restorer (the tabs, their link keys and controls), the one the restore_view callback uses."""
    restore = inspect.unwrap(find(demo, "restore_view").fn)
    restorer = inspect.getclosurevars(restore).nonlocals["scenes"].restorer
    assert restorer is demo.restorer
    return restorer


ODD_TABS = ("", "nope", "labs/nope", "nope/labs", "labs//lab_gan", "/", "../train", "cnn/../gates", "TRAIN",
            "中文", "a" * (MAX_VALUE + 10))
ODD_VALUES = ("", " ", "nan", "inf", "-inf", "1e400", "-1", "0", "1,2", "true", "yes", "None", "null", "[]", "{}",
              "%", "%zz", "&", "=", "?", "#", "\x00", "中文", "a" * (MAX_VALUE + 10))


def queries(restorer) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) page query strings: a tab path and some of its controls' values (as a link writes them), maybe
    a scene, a language and presenter mode; and links with unknown tabs, keys and values, odd encodings, repeated
    keys, over-long queries, and text that is no query at all."""
    tabs = sorted({"/".join(p) for p in restorer.paths.values()})

    @st.composite
    def link(draw, wild: bool):
        tab = draw(st.sampled_from(tabs) if not wild else st.one_of(st.sampled_from(tabs), st.sampled_from(ODD_TABS)))
        view = restorer.views.get(tab.split("/")[0])
        controls = list(view.controls.items()) if view is not None else []
        pairs = [("tab", tab)]
        for key, component in draw(st.lists(st.sampled_from(controls), max_size=6, unique_by=lambda kc: kc[0])
                                   if controls else st.just([])):
            value = draw(for_component(component).valid.map(_text))
            if wild:
                value = draw(st.one_of(st.just(value), st.sampled_from(ODD_VALUES), texts()[1].map(lambda t: t[:600])))
            pairs.append((key, value))
        if draw(st.booleans()):
            pairs.append(("scene", draw(st.sampled_from(SCENE_IDS) if not wild
                                        else st.one_of(st.sampled_from(SCENE_IDS), st.sampled_from(ODD_VALUES)))))
        if draw(st.booleans()):
            pairs.append(("lang", draw(st.sampled_from(("en", "zh-CN") if not wild else ("en", "zh-CN", "zh", "fr",
                                                                                           "", "EN")))))
        if draw(st.booleans()):
            pairs.append(("present", draw(st.sampled_from(("1", "0") if not wild else ("1", "0", "true", "2", "")))))
        if wild and draw(st.booleans()):  # keys that are no control, or a control's key twice
            pairs.append((draw(st.sampled_from(("bogus", "", "tab", "model", "a" * 100, "中文"))),
                          draw(st.sampled_from(ODD_VALUES))))
        query = urlencode(pairs, errors="surrogatepass")  # a lone surrogate: percent-encoded, as a browser may
        return "?" + query if draw(st.booleans()) else query

    valid = st.one_of(st.just(""), link(False))
    wild = st.one_of(link(True), st.sampled_from(WEIRD_TEXT), st.text(max_size=60),
                     link(False).map(lambda q: q + "&" + "x=" + "9" * MAX_QUERY),  # cut at MAX_QUERY
                     link(False).map(lambda q: q.replace("=", "%3D")), link(False).map(lambda q: "#" + q),
                     st.sampled_from(("?", "?&", "?=", "?tab", "?tab=", "tab=cnn&tab=gates", "?scene=nope")))
    return valid, wild


def paths(restorer) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """(valid, wild) open-tab paths as the page reports them (a JSON list of tab ids); and JSON of other shapes,
    unknown ids, and text that is not JSON."""
    valid = st.sampled_from(sorted(restorer.paths.values())).map(json.dumps)
    junk = st.one_of(st.none(), st.integers(), st.text(max_size=10), st.sampled_from(("nope", "labs", "")))
    wild = st.one_of(st.sampled_from(("", "[]", "{}", "null", "[null]", "[[]]", '"labs"', "1", "[1, 2]", "nan",
                                      "not json", "[", '["labs", ', '{"path": ["labs"]}')),
                     st.lists(junk, max_size=5).map(json.dumps), st.sampled_from(WEIRD_TEXT),
                     st.sampled_from(sorted(restorer.paths.values())).map(lambda p: json.dumps(p * 500)))
    return valid, wild


# The scene menu: nothing chosen (as the page opens) or a scene.
SCENE = choices(SCENE_IDS + (None,), extra_wild=("scene_", "alexnet_227 ", "ALEXNET_227"))


def test_restore_view(demo):
    fuzz(demo, "restore_view", {"query": queries(restorer_of(demo))})


def test_scene(demo):
    fuzz(demo, "scene", {"scene_id": SCENE})


def test_next_scene(demo):
    fuzz(demo, "next_scene", {"scene_id": SCENE})


def test_previous_scene(demo):
    fuzz(demo, "previous_scene", {"scene_id": SCENE})


def test_share_view(demo):
    fuzz(demo, "share_view", {"path": paths(restorer_of(demo))}, mutate_at_most=8)
