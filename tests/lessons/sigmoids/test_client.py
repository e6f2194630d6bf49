"""The curves-from-sigmoids endpoints through a real gradio_client: /sigmoid_sum, the streamed /sigmoid_sum_fit,
/sigmoid_matrix, and a message for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from playground.lessons.sigmoids import matrix


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_first_paint_and_matrix(client):
    text, figure = client.predict("piecewise", "", 4, "sigmoid", 0, 1500, api_name="/sigmoid_sum")
    assert text.startswith("The starting weights") and len(json.loads(figure["plot"])["data"]) == 4
    text = client.predict("1, -1, 2", "sigmoid", api_name="/sigmoid_matrix")
    assert f"{matrix.matrix_form(matrix.EXAMPLE_X)['y']:.4f}".replace("-", "−") in text


def test_the_fit_streams_to_its_end(client):
    job = client.submit("sine", "", 10, "relu", 1, 100, api_name="/sigmoid_sum_fit")
    outputs = job.outputs() if job.result() else []
    assert len(outputs) >= 3 and outputs[-1][0].startswith("Step 100 of 100")


def test_bad_input_is_a_message(client):
    with pytest.raises(AppError, match="share an x"):
        client.predict("points", "0 0; 0 1", 3, "sigmoid", 0, 1500, api_name="/sigmoid_sum")
