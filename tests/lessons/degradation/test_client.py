"""The degradation endpoints through a real gradio_client: the shipped run, a short live race, a bad setting."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_shipped_and_a_short_race(client):
    fig, text = client.predict(api_name="/degradation_shipped")
    assert len(json.loads(fig["plot"])["data"]) == 6 and "trains **worse**" in text
    status, fig, text = client.predict("4, 8", 50, 0.05, 0, api_name="/degradation")
    assert status.startswith("Done: 50 steps") and len(json.loads(fig["plot"])["data"]) == 4


def test_bad_depths_are_a_message(client):
    with pytest.raises(AppError) as e:
        client.predict("3", 50, 0.05, 0, api_name="/degradation")
    assert "even whole numbers" in str(e.value)
