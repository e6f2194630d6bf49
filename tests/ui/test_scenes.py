"""Links and scenes in the core: the query string round trip, tolerance of odd links, and every scene's texts."""
from playground.i18n import EN, ZH
from playground.ui.scenes import (
    MAX_QUERY,
    MAX_VALUE,
    SCENE_IDS,
    SCENES,
    encode_query,
    parse_query,
    scene,
    step,
    tab_path,
)


def test_query_round_trip_keeps_every_value_and_reads_well():
    view = {"tab": "concepts/cpt_race", "surface": "saddle", "optimizers": "sgd,adam", "text": "(( )) & = ?"}
    query = encode_query(view)
    assert query.startswith("?tab=concepts/cpt_race&")  # '/' and ',' stay readable
    assert "optimizers=sgd,adam" in query
    assert parse_query(query) == view


def test_reserved_keys_come_first():
    assert encode_query({"x": "1", "lang": "zh-CN", "tab": "gates"}) == "?tab=gates&lang=zh-CN&x=1"
    assert encode_query({}) == ""


def test_odd_links_parse_without_errors():
    assert parse_query(None) == {} and parse_query("") == {} and parse_query("?") == {}
    assert parse_query("#tab=gates") == {"tab": "gates"}
    assert parse_query("a=1&a=2") == {"a": "2"}
    assert parse_query("noequals&b=") == {"noequals": "", "b": ""}
    long = parse_query("text=" + "x" * 10_000)
    assert len(long["text"]) == MAX_VALUE
    assert len(parse_query("k=" + "y" * (MAX_QUERY * 3))["k"]) <= MAX_QUERY
    assert parse_query("%ZZ=%E4%BD%A0") == {"%ZZ": "你"}


def test_tab_path_splits_and_drops_empty_parts():
    assert tab_path("concepts//cpt_race/") == ["concepts", "cpt_race"]
    assert tab_path(None) == []


def test_scenes_are_unique_and_step_wraps_round():
    assert len(set(SCENE_IDS)) == len(SCENES) >= 12
    assert step(SCENES[-1].id, +1) is SCENES[0]
    assert step(SCENES[0].id, -1) is SCENES[-1]
    assert step("no such scene", +1) is SCENES[0] and step(None, -1) is SCENES[-1]
    assert scene(SCENES[3].id) is SCENES[3] and scene("nope") is None


def test_every_scene_has_a_title_and_a_note_in_both_languages():
    for s in SCENES:
        for key in (f"scene_{s.id}", f"scene_{s.id}_note"):
            assert EN.get(key) and ZH.get(key), key
            assert EN[key] != ZH[key], key


def test_the_notes_numbers_in_the_scene_texts_are_right():
    """The figures quoted in the scene notes, recomputed."""
    from playground.lessons.losses.compute import softmax
    from playground.lessons.architecture.compute import bottleneck_vs_two_3x3, conv_geometry, stacked_vs_single

    bottleneck, plain = bottleneck_vs_two_3x3(256, 4, 56)
    assert (bottleneck.params, plain.params) == (69_632, 1_179_648)
    assert round(plain.params / bottleneck.params, 1) == 16.9 and "16.9" in EN["scene_bottleneck"]
    stack, single = stacked_vs_single(64, 3, 3, 56)
    assert stack.receptive_field == single.receptive_field == 7
    assert round(1 - stack.params / single.params, 2) == 0.45 and "45%" in EN["scene_stack_3x3_note"]
    assert conv_geometry(28, 5, 1, 2, 1).output == 28
    assert conv_geometry(227, 11, 4, 0, 1).output == 55
    assert [round(float(v) * 100, 1) for v in softmax([3.0, 1.0, -1.0], 1.0)] == [86.7, 11.7, 1.6]


def test_every_scene_names_a_figure_in_its_own_tab(app):
    """Presenter mode brings the scene's figure into view: it must exist, once, inside the tab the scene opens."""
    by_id = {}
    for block in app.blocks.values():
        if getattr(block, "elem_id", None):
            by_id.setdefault(block.elem_id, []).append(block)
    for chosen in SCENES:
        assert chosen.figure, chosen.id
        assert len(by_id.get(chosen.figure, [])) == 1, (chosen.id, chosen.figure)
        node, tabs = by_id[chosen.figure][0], []
        while node is not None:
            tabs.append(getattr(node, "elem_id", None))
            node = node.parent
        assert f"pgtab-{chosen.tab.split('/')[-1]}" in tabs, (chosen.id, chosen.figure)
