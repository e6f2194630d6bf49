"""The Gates endpoints through a real gradio_client: /gates and /gradient_flow, and a message for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

SHIPPED = "pretrained/tiny_lstm_brackets"


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_gates_and_gradient_flow(client):
    text, gates, lines, ranking, gate = client.predict(SHIPPED, "(()(()))", None, "", api_name="/gates")
    assert "1 2 1 2 3 2 1 0" in text and gate["value"] in ("c", "h", "i", "f", "g", "o")
    assert len(json.loads(gates["plot"])["data"]) == 6
    fig, text = client.predict(SHIPPED, "((((()))))", api_name="/gradient_flow")
    assert len(json.loads(fig["plot"])["data"]) == 3 and "ratio" in text
    fig, text = client.predict(SHIPPED, "((((()))))", "random", api_name="/gradient_flow_weights")
    assert len(json.loads(fig["plot"])["data"]) == 4 and text.startswith("Random cells")


def test_bad_input_is_a_message(client):
    with pytest.raises(AppError) as e:
        client.predict(SHIPPED, "(x)", None, "", api_name="/gates")
    assert "does not know x" in str(e.value)
