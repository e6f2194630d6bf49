"""Every number box that redraws something does it when its value is entered: on leaving the box and on Enter,
which leaves it, so that a value runs once (never once on Enter and again on leaving, never per keystroke)."""
import gradio as gr
import pytest


@pytest.fixture(scope="module")
def events(app):
    """(block id, event name) -> the events it triggers, as [(has a Python function, js)]."""
    out = {}
    for fn in app.fns.values():
        for block_id, name in fn.targets:
            out.setdefault((block_id, name), []).append((fn.fn is not None, fn.js))
    return out


def test_enter_leaves_the_box_and_leaving_runs(app, events):
    boxes = [b for b in app.blocks.values() if isinstance(b, gr.Number)]
    wired = [b for b in boxes if any(k[0] == b._id for k in events)]
    assert len(wired) >= 15
    for box in wired:
        submits = events.get((box._id, "submit"), [])
        assert all(not python for python, _ in submits), f"{box.label}: Enter runs Python itself"
        if (box._id, "blur") in events:  # a box that redraws on commit
            assert submits and all("blur()" in (js or "") for _, js in submits), f"{box.label}: Enter does nothing"


@pytest.mark.parametrize("elem_id", ["cnn_index", "cnn_cam_class", "cpt_lr", "train_lr", "train_steps",
                                     "cap_seed", "det_seed"])
def test_these_boxes_redraw_on_commit(app, events, elem_id):
    box = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == elem_id)
    assert any(python for python, _ in events.get((box._id, "blur"), []))
    assert not any(python for python, _ in events.get((box._id, "input"), []))  # no run per keystroke
