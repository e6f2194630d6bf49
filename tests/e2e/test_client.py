"""The app through a real gradio_client, and app.py as a user starts it."""
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_inspect_model_returns_table_then_totals(client):
    table, totals = client.predict("resnet50", "3x224x224", api_name="/inspect_model")
    assert table["headers"][:3] == ["layer", "type", "depth"]
    assert totals["total_params"] == 25_557_032 and round(totals["macs"] / 1e9, 3) == 4.089
    names = [row[0] for row in table["data"]]
    assert "layer4.2.conv3" in names


def test_bad_input_is_a_message_not_a_traceback(client):
    with pytest.raises(AppError) as info:
        client.predict("alexnet", "3x32x32", api_name="/inspect_model")
    assert "features.pool2" in str(info.value)
    table, totals = client.predict("lenet5", "1x32x32", api_name="/inspect_model")  # still serving
    assert totals["total_params"] == 61_706


def test_other_endpoints(client):
    text, _plot, position = client.predict(7, 3, 2, 1, 1, 0, api_name="/conv_arithmetic")
    assert "**4**" in text and position["value"] == 0 and position["maximum"] == 15  # the slider's new range
    assert "16.94" in client.predict(256, 56, api_name="/compare_bottleneck")


@pytest.mark.slow  # starts app.py in its own Python (about 9 s)
def test_app_py_honours_gradio_server_port():
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, "app.py exited"
                assert time.time() < deadline, "app.py did not answer"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
