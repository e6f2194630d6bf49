"""The optimizer race's callbacks and wiring as Gradio calls them: "Show up to step" follows Steps."""
import gradio as gr

from playground.lessons.optimizers import tab

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})


def test_show_up_to_step_follows_steps():
    update = tab.on_steps(300, EN)
    assert update["maximum"] == 300 and update["value"] == 300
    assert tab.on_steps("x", EN) is not None and "maximum" not in tab.on_steps("x", EN)  # skipped, not a crash


def test_the_replay_starts_at_the_race_length_and_a_new_length_resizes_it_before_the_race(app):
    upto = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == "cpt_upto")
    steps = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == "cpt_steps")
    assert upto.maximum == upto.value == steps.value == 200  # not 1000 when Steps is 200
    event = next(fn for fn in app.fns.values() if fn.api_name == "race_steps")
    assert (steps._id, "release") in event.targets and upto in event.outputs
    race = next(fn for fn in app.fns.values() if fn.api_name == "optimizer_race")
    assert (steps._id, "release") not in race.targets  # it would race with the old replay step


def test_a_race_drawn_up_to_a_step_within_steps():
    fig, losses, text = tab.on_race("bowl", ["sgd"], 100, 0.05, 0.9, 0.9, 0.999, 0.01, 40, 0.99, EN)
    assert max(len(t.x) for t in losses.data if t.x is not None) <= 41
