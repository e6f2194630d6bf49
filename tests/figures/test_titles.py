"""Panel titles are centred over their panels, and figures too dense for a phone ask the page to keep a width."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from playground.figures.panels import panel_title, title_at, two_panels
from playground.figures.theme import base_layout, keep_width, text_px

PACKAGE = Path(__file__).resolve().parents[2] / "playground"


def test_title_at_is_centred_on_its_x():
    title = title_at("average pooling", 0.88)
    assert (title["x"], title["xanchor"], title["yanchor"]) == (0.88, "center", "bottom")
    assert panel_title("a", [0.5, 0.9])["x"] == pytest.approx(0.7)
    assert {a["xanchor"] for a in two_panels("left", "right", "x", "x")["annotations"]} == {"center"}


def _paper_titles_without_anchor(tree: ast.AST):
    """dict(...) calls placed on paper coordinates above a plot (yanchor="bottom") that do not name xanchor."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "dict"):
            continue
        keys = {k.arg: k.value for k in node.keywords if k.arg}
        paper = isinstance(keys.get("xref"), ast.Constant) and keys["xref"].value == "paper"
        above = isinstance(keys.get("yanchor"), ast.Constant) and keys["yanchor"].value == "bottom"
        if paper and above and "xanchor" not in keys:
            yield node.lineno


def test_no_title_above_a_panel_leaves_plotly_to_pick_its_anchor():
    # plotly's "auto" anchor pins a title's left edge at x when x < 1/3 and its right edge when x > 2/3, so two
    # panel titles at 0.22 and 0.78 drift towards each other and overlap on a phone (seen in the pooling view)
    found = [f"{path.relative_to(PACKAGE)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
             for line in _paper_titles_without_anchor(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_text_px_counts_chinese_as_a_full_em():
    assert text_px("ab", 10) == 12
    assert text_px("注意", 10) == 20
    assert text_px("", 13) == 0


def test_keep_width_adds_to_existing_meta():
    layout = keep_width(base_layout(meta=dict(other=1)), 640.7)
    assert layout["meta"] == {"other": 1, "min_width": 640}


def test_dense_seq2seq_and_block_figures_ask_for_a_width(tiny_beam_figures):
    beam, padding, block = tiny_beam_figures
    # the beam: 48 px per step for the log-probabilities under the nodes; the padded grid: 46 px per cell
    assert beam.layout.meta["min_width"] >= 110 + 48 * 9
    assert padding.layout.meta["min_width"] >= 130 + 46 * 8 / 0.66 - 1
    titles = [a.text for a in block.layout.annotations]
    assert block.layout.meta["min_width"] >= 3 * max(text_px(t.replace("<b>", "").replace("</b>", ""), 13)
                                                     for t in titles)


@pytest.fixture(scope="module")
def tiny_beam_figures():
    from playground.lessons.attention import block_tab
    from playground.lessons.seq2seq import beam_tab, padding_tab

    def figure(outputs):
        return next(x for x in outputs if hasattr(x, "layout"))
    return (figure(beam_tab.on_beam("reverse", "shipped", "31415926", 4, None)),
            figure(padding_tab.on_padding("reverse", "shipped", padding_tab.DEFAULT_BATCH, None)),
            figure(block_tab.on_transformer_block("shipped", "31415926", "post")))
