"""The browser walk keeps up with the app: every tab and sub-tab the app builds (from the lesson registry) is on
the path of a case of tests/e2e/test_every_tab.py, and every case's path is a real path of tabs. Cheap (it builds
the app once, no browser), so it runs in the fast suite: a new lesson without a browser case fails here."""

import gradio as gr

from tests.e2e.test_every_tab import CASES, tab_label_keys


def test_every_tab_has_a_browser_case(app):
    walked = {tab for case in CASES for tab in case.path}
    missing = sorted(set(tab_label_keys(app)) - walked)
    assert not missing, f"tabs no case of tests/e2e/test_every_tab.py opens: {missing}"


def test_every_case_path_is_a_path_of_tabs(app):
    paths = app.restorer.paths  # tab id -> the ids from the top-level tab down to it
    for case in CASES:
        assert paths[case.path[-1]] == case.path, case.name


def test_every_tab_label_is_text_in_both_languages(app):
    from playground.i18n import EN, ZH
    keys = tab_label_keys(app)
    assert len(keys) >= 25 and all(key in EN and key in ZH for key in keys.values())


def test_every_child_of_a_tabs_is_a_tab(app):
    """Anything else made inside gr.Tabs but outside its gr.Tab (a gr.State, say) counts as a tab in the page and
    shifts every later tab's button onto its neighbour's (the GAN lab's State once hid BERT masking)."""
    strays = [(tabs.elem_id, type(child).__name__) for tabs in app.blocks.values() if isinstance(tabs, gr.Tabs)
              for child in tabs.children if not isinstance(child, gr.Tab)]
    assert strays == []
