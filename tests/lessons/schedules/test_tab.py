"""The schedules view as Gradio calls it: a figure and a JSON object whose lr lists every step's rate, a
summary in the visitor's language, and bad input as a message; one round trip through gradio_client."""
import json

import gradio as gr
import numpy as np
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from playground.lessons.schedules import tab
from playground.lessons.schedules.compute import schedule_rates

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def test_the_view_returns_the_figure_and_every_rate():
    fig, data = tab.on_lr_schedule("cosine", 0.002, 50, 400, 512, EN)
    assert data["lr"] == schedule_rates("cosine", 0.002, 50, 400).tolist() and len(data["lr"]) == 400
    line = fig.data[0]
    np.testing.assert_allclose(line.y, data["lr"], rtol=1e-6)
    assert data["summary"].startswith("Peak 0.002 at step 50")
    assert len(fig.layout.shapes) == 1  # the warm-up band


def test_the_transformer_ignores_the_peak_and_speaks_chinese():
    _, data = tab.on_lr_schedule("transformer", 5.0, 100, 300, 64, ZH)
    assert data["peak_step"] == 100 and data["peak_lr"] == pytest.approx((64 * 100) ** -0.5)
    assert data["summary"].startswith("峰值")


@pytest.mark.parametrize("args, text", [
    (("sawtooth", 0.001, 10, 100, 512), "Unknown schedule"),
    (("cosine", "x", 10, 100, 512), "Peak learning rate"),
    (("cosine", 0.001, 1.5, 100, 512), "Warm-up steps"),
    (("cosine", 0.001, 10, 10**9, 512), "Total steps must be"),
    ((["cosine"], 0.001, 10, 100, 512), "Unknown schedule"),
])
def test_bad_input_is_a_message(args, text):
    with pytest.raises(gr.Error) as e:
        tab.on_lr_schedule(*args, EN)
    assert text in str(e.value.message) and "Traceback" not in str(e.value.message)


def test_one_round_trip(live_url):
    client = Client(live_url, verbose=False)
    fig, data = client.predict("transformer", 0.001, 40, 120, 256, api_name="/lr_schedule")
    assert json.loads(fig["plot"])["data"][0]["type"] == "scatter"
    assert len(data["lr"]) == 120 and data["peak_step"] == 40
    with pytest.raises(AppError) as e:
        client.predict("transformer", 0.001, 0, 120, 256, api_name="/lr_schedule")
    assert "at least 1" in str(e.value)
