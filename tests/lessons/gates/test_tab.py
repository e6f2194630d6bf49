"""The Gates tab's callbacks as Gradio calls them: shipped, random and session models (also while one trains),
chosen units, the unit finder, gradient flow, and bad input."""
import gradio as gr
import plotly.graph_objects as go
import pytest

from playground.core.session import Session
from playground.core.train.loop import Run, train
from playground.core.train.spec import TrainSpec
from playground.i18n import EN as EN_TEXT
from playground.i18n import ZH as ZH_TEXT
from playground.lessons.gates import compute as gt
from playground.lessons.gates import tab
from playground.ui.scenes import scene

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def views(model=tab.DEFAULT, text=tab.PROBE, gate=None, units="", session=None, request=EN):
    return tab.on_gates(model, text, gate, units, session or Session(), request)


def test_the_shipped_lstm_tags_depths_and_shows_every_gate():
    text, gates, lines, ranking, gate = views()
    assert "1 2 1 2 3 2 1 0" in text and "all right" in text
    assert isinstance(gates, go.Figure) and len(gates.data) == 6  # i, f, g, o, c, h
    assert list(gate["choices"]) == ["i", "f", "g", "o", "c", "h"]
    assert len(lines.data) >= 3 and isinstance(ranking, go.Figure)  # three best units (and the depth)


def test_gru_and_rnn_and_chinese():
    _, gates, *_ = views("pretrained/tiny_gru_brackets")
    assert len(gates.data) == 4
    text, gates, *_ = views("pretrained/tiny_rnn_brackets", request=ZH)
    assert len(gates.data) == 1 and "标注的深度" in text


def test_chosen_units():
    _, _, lines, _, gate = views(gate="f", units="0 3")
    names = [t.name for t in lines.data]
    assert sum("f" in (n or "") for n in names) == 2
    with pytest.raises(gr.Error, match="Unit 16 does not exist"):
        views(gate="c", units="16")
    with pytest.raises(gr.Error, match="Unit x does not exist"):
        views(gate="c", units="x")


def test_gradient_flow_compares_the_three_cells():
    fig, text = tab.on_gradient_flow(tab.DEFAULT, "(" * 30 + ")" * 30, Session(), request=EN)
    assert len(fig.data) == 3 and fig.layout.yaxis.type == "log"
    assert "LSTM" in text and "GRU" in text and "RNN" in text and text.startswith("Trained cells")
    fig, text = tab.on_gradient_flow("tiny_gru", "(())", Session(), "trained", EN)
    assert len(fig.data) == 4 and "chosen: tiny_gru" in text


def test_gradient_flow_with_random_weights_compares_the_teaching_cells():
    fig, text = tab.on_gradient_flow("tiny_gru", "(())", Session(), "random", EN)
    assert len(fig.data) == 3 and [t.name for t in fig.data] == ["LSTM", "GRU", "RNN"]  # tiny_gru is one of them
    assert text.startswith("Random cells") and "chosen" not in text
    fig, text = tab.on_gradient_flow(tab.DEFAULT, "(())", Session(), "random", ZH)
    assert len(fig.data) == 4 and text.startswith("随机权重") and "所选" in text  # the shipped LSTM beside them
    with pytest.raises(gr.Error, match="trained or random"):
        tab.on_gradient_flow(tab.DEFAULT, "(())", Session(), "both", EN)
    assert tab.keep_weights("random") == "random" and tab.keep_weights(None) == "trained"


@pytest.mark.parametrize("model,text,match", [
    (tab.DEFAULT, "", "Type a bracket string first"), (tab.DEFAULT, "(a)", "does not know a"),
    ("lenet5", "()", "not a recurrent tagger"), ("session", "()", "no model in this session")])
def test_bad_input_gets_a_message(model, text, match):
    with pytest.raises(gr.Error, match=match):
        views(model, text)


def test_long_input_is_cut_with_a_notice():
    text, *_ = views(text="()" * 150)
    assert "300 symbols" in text and "at most 200" in text


def test_random_teaching_model():
    text, gates, *_ = views("tiny_gru")
    assert "Random weights" in text and len(gates.data) == 4


def test_the_session_model_live_and_trained():
    s = Session()
    s.live = Run(TrainSpec(model="tiny_lstm", dataset="brackets", steps=2, batch_size=8,
                           data_options={"n_train": 100, "n_test": 100}))
    text, gates, lines = tab.on_live_tick("session", tab.PROBE, None, "", s, EN)
    assert "tiny_lstm" in text and isinstance(gates, go.Figure) and s.live.model.training
    s.live = None
    s.trained = train(TrainSpec(model="tiny_gru", dataset="brackets", steps=3,
                                data_options={"n_train": 100, "n_test": 100}))
    text, gates, *_ = views("session", session=s)
    assert "tiny_gru" in text and len(gates.data) == 4
    assert tab.on_live_tick("session", tab.PROBE, None, "", s, EN) == (gr.skip(),) * 3
    s.trained = train(TrainSpec(model="tiny_transformer", dataset="reverse", steps=2,
                                data_options={"n_train": 100, "n_test": 100}))
    with pytest.raises(gr.Error, match="not a recurrent tagger"):
        views("session", session=s)


def test_the_lines_of_a_chosen_gate_are_that_gates_units():
    _, _, lines, _, gate = views(gate="c", units="")
    names = [t.name for t in lines.data if t.name and t.name[0] in "ifgoch" and t.name[1] == " "]
    assert len(names) == 3 and all(n.startswith("c ") for n in names), names
    assert gate["value"] == "c"
    _, _, lines, _, _ = views(gate="f", units="2 5")
    assert [t.name for t in lines.data][:2] == ["f 2", "f 5"]


def test_the_vanishing_rnn_scene_states_what_its_figure_shows():
    """The scene opens the flow view with random weights: the numbers its note gives for them (the figure's own
    rows) and for the trained cells it tells the visitor to switch to, and the orders it claims."""
    chosen = scene("vanishing_rnn").values
    assert chosen["flow_weights"] == "random"
    note, note_zh = EN_TEXT["scene_vanishing_rnn_note"], ZH_TEXT["scene_vanishing_rnn_note"]
    ratios = {}
    for weights in tab.FLOW_WEIGHTS:
        fig, text = tab.on_gradient_flow(chosen["model"], chosen["text"], Session(), weights, EN)
        assert len(fig.data) == (3 if weights == "random" else 4)  # the scene's model is one of the random three
        subjects = {name: tab.subject_for(key, None) for name, key in tab.flow_choices(weights).items()}
        ratios[weights] = tab.flow_ratios(gt.compare_gradient_flow(subjects, chosen["text"]))
        for name, r in ratios[weights].items():
            assert f"ratio {r:.1e}" in text and f"{r:.1e}" in note and f"{r:.1e}" in note_zh, (weights, name)
    random, trained = ratios["random"], ratios["trained"]
    assert random["RNN"] < 1e-3 * random["GRU"] and random["GRU"] < 1e-2 * random["LSTM"]  # orders apart
    assert trained["RNN"] > trained["LSTM"] > trained["GRU"]  # turned round
    assert note.index(f"{random['RNN']:.1e}") < note.index(f"{random['GRU']:.1e}") < note.index(
        f"{random['LSTM']:.1e}")
