"""The Concepts endpoints through a real gradio_client: every view once, and a message for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

ALL = ["sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw"]


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def _traces(fig) -> list:
    return json.loads(fig["plot"])["data"]


def test_every_view(client):
    fig, table = client.predict(["sigmoid", "relu"], 0.1, api_name="/activations")
    assert len(_traces(fig)) == 4 and "| ReLU |" in table
    assert len(_traces(client.predict(4, api_name="/stacking"))) == 4
    assert _traces(client.predict(0.5, api_name="/losses"))
    _, text = client.predict("3, 1, -1", 1, api_name="/softmax")
    assert "86.7%" in text
    race, losses, text = client.predict("bowl", ALL, 100, 0.02, 0.9, 0.9, 0.999, 0.01, 100,
                                        api_name="/optimizer_race")
    assert _traces(race)[0]["type"] == "contour" and "Adam: loss" in text
    axes, hist, text = client.predict("sequence", "layer", "4x6x16", 1, 0, api_name="/normalisation")
    assert "16 values per statistic" in text
    fig, text = client.predict(0.5, -1, 1, 0.5, 0, api_name="/backprop")
    assert "Largest difference" in text


def test_bad_input_is_a_message(client):
    with pytest.raises(AppError) as e:
        client.predict("3, x", 1, api_name="/softmax")
    assert "numbers separated by commas" in str(e.value)
