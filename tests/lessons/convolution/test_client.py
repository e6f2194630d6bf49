"""The convolution-basics endpoints through a real gradio_client: each view once, and a message for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_every_view(client):
    fig, table = client.predict(1000, 10, 1, 1, api_name="/convolution_counts")
    assert "10¹²" in table and json.loads(fig["plot"])["data"][0]["type"] == "bar"
    _, text = client.predict("1 1 2 4; 5 6 7 8; 3 2 1 0; 1 2 3 4", 2, 2, False, api_name="/pooling")
    assert "**6**" in text and "**3.25**" in text
    _, text, row, col = client.predict("3 0 1; 1 5 8; 2 7 2", "1 0; 0 -1", 0.5, 1, 0, 5, 0, api_name="/conv_step")
    assert (row, col) == (1, 0) and "= **-5.5**" in text  # 1 - 7 + 0.5: the window at row 1, clamped from 5
    _, text = client.predict(2, 2, 2, 3, api_name="/fc_as_conv")
    assert "27 = 27" in text


def test_bad_input_is_a_message(client):
    with pytest.raises(AppError) as e:
        client.predict("1 2; 3", 2, 2, False, api_name="/pooling")
    assert "rows of numbers" in str(e.value)
