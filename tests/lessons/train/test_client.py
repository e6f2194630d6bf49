"""Training through a real gradio_client: streaming, two sessions at once with their own models, Stop through
the API, and evaluation of the session's model."""
import json
import time

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from playground.core import config
from tests.conftest import TRAIN_SETTINGS

SETTINGS = {**TRAIN_SETTINGS, "epochs": 20}


def settings(**changes):
    return list({**SETTINGS, **changes}.values())


def test_two_sessions_train_at_once_and_keep_their_own_models(live_url):
    a, b = Client(live_url, verbose=False), Client(live_url, verbose=False)
    job_a = a.submit(*settings(), api_name="/train")
    job_b = b.submit(*settings(model="tiny_lstm", dataset="brackets", lr=1e-2, batch_size=32, epochs=2),
                     api_name="/train")
    out_a, out_b = job_a.result(timeout=300), job_b.result(timeout=300)
    assert "**tiny_mlp**" in out_a[3] and "**tiny_lstm**" in out_b[3]
    assert len(job_a.outputs()) > 1  # progress streamed before the end
    assert json.loads(a.predict(api_name="/session_model"))["spec"]["model"] == "tiny_mlp"
    assert json.loads(b.predict(api_name="/session_model"))["spec"]["model"] == "tiny_lstm"
    metrics, _figure, _gallery, table = b.predict(api_name="/evaluate")
    assert "Whole sequences right" in metrics and "tiny_lstm" in metrics
    c = Client(live_url, verbose=False)  # a newcomer has no model
    with pytest.raises(AppError):
        c.predict(api_name="/evaluate")


def test_stop_through_the_api_keeps_the_partial_model(live_url, monkeypatch):
    # the estimate of 20,000 steps is measured: on a busy machine it can pass the 300 s a visitor gets
    monkeypatch.setattr(config, "MAX_TRAIN_SECONDS", 3600)
    client = Client(live_url, verbose=False)
    job = client.submit(*settings(epochs=0, steps=20000, batch_size=1), api_name="/train")
    deadline = time.time() + 120
    while not job.outputs():
        assert time.time() < deadline and not job.done(), "no progress arrived"
        time.sleep(0.1)
    assert "Stopping" in client.predict(api_name="/stop_training")
    progress = job.result(timeout=120)[0]
    assert "Stopped at step" in progress
    info = json.loads(client.predict(api_name="/session_model"))
    assert info["metrics"]["status"] == "stopped" and 0 < info["metrics"]["steps"] < 20000


def test_bad_settings_come_back_as_a_message(live_url):
    client = Client(live_url, verbose=False)
    with pytest.raises(AppError) as e:
        client.predict(*settings(lr=0), api_name="/train")
    assert "learning rate" in str(e.value)
