"""Fuzzing the Gates tab: gates and units of recurrent taggers on typed bracket strings, and the gradient flow."""
import pytest
from hypothesis import strategies as st

from .fuzzing import choices, fixed_choices, fuzz, sessions, texts

pytestmark = pytest.mark.fuzz

MODELS = ("pretrained/tiny_lstm_brackets", "pretrained/tiny_gru_brackets", "pretrained/tiny_rnn_brackets",
          "tiny_lstm", "tiny_gru", "tiny_rnn_tagger", "session")
BRACKETS = st.text("()", min_size=1, max_size=40)
UNITS = st.lists(st.integers(0, 15), max_size=4).map(lambda u: " ".join(map(str, u)))
INPUTS = {"choice": choices(MODELS, extra_wild=("pretrained/lenet5_digits", "tiny_transformer", "lenet5")),
          "text": texts(BRACKETS, alphabet="()[] x"), "gate": choices((None, "i", "f", "g", "o", "c", "h", "z")),
          "units": texts(UNITS, alphabet="0123456789 ,-"),
          "session": sessions(prefer=("tiny_lstm_brackets", "tiny_gru_brackets", "lenet5_digits"))}
WEIGHTS = fixed_choices(("trained", "random"))  # the flow radio's value, kept in a gr.State for /gradient_flow


def test_gates(demo):
    fuzz(demo, "gates", INPUTS)


def test_gates_units(demo):
    fuzz(demo, "gates_units", INPUTS)


def test_gradient_flow(demo):
    fuzz(demo, "gradient_flow", {**{k: INPUTS[k] for k in ("choice", "text", "session")}, "weights": WEIGHTS})


def test_gradient_flow_weights(demo):
    fuzz(demo, "gradient_flow_weights", {k: INPUTS[k] for k in ("choice", "text", "session")})


def test_live_tick(demo):
    fuzz(demo, "gates_live_tick", {**INPUTS, "choice": choices(("session",))}, min_ok=0)


def test_live_toggle(demo):
    fuzz(demo, "gates_live")
