"""The Labs endpoints through a real gradio_client: every view once, a short live run of each lab, and messages
for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def _traces(fig) -> list:
    return json.loads(fig["plot"])["data"]


def test_gan_preview_losses_and_a_short_run(client):
    settings = ("ring", "non_saturating", 1e-3, 2e-3, 1, 64, 0)
    status, field, losses = client.predict(*settings, 50, api_name="/gan_preview")
    assert status.startswith("Step 0 of 50") and _traces(field)[0]["type"] == "heatmap"
    status, field, losses = client.predict(*settings, 50, api_name="/gan_train")
    assert status.startswith("Step 50 of 50") and _traces(losses)
    assert "**1.3863**" in client.predict(0.5, 0.5, api_name="/gan_losses")  # 2 ln 2 at equilibrium


def test_seq2seq_decoding_the_notes_bleu_and_a_short_run(client):
    text, decoding, bleu = client.predict("reverse", "shipped", "31415926", api_name="/seq2seq_decode")
    assert "6 2 9 5 1 4 1 3" in text and _traces(decoding)
    table, _ = client.predict("a b c d e f", "a b b c d", 3, api_name="/bleu")
    assert "0.8187" in table and "0.5940" in table  # the notes' worked example
    out = client.predict("reverse", 6, 1.0, 3e-3, 25, 0, "123456", api_name="/seq2seq_train")
    assert "Step 25 of 25" in out[0]


def test_bert_masking_detection_and_caption(client):
    text, masking, guesses = client.predict("the cat sat on the mat.", 0, api_name="/bert_mask")
    assert "characters were chosen" in text and _traces(guesses)
    text, _ = client.predict(20000, api_name="/bert_mask_statistics")
    assert "15.00%" in text
    text, fig = client.predict("scene", 0, None, "", 16, 7, "align", 2, True, 1, api_name="/roi_pooling")
    assert text.startswith("3 boxes on a 800 × 800 image") and _traces(fig)
    text, _ = client.predict("scene", 0, None, 2, api_name="/anchors")
    assert "**159,882** anchors" in text
    text, attention, probabilities = client.predict("scene", 0, None, 0.7, api_name="/caption")
    assert text.startswith("Caption: **") and _traces(probabilities)


@pytest.mark.parametrize("api, args, words", [
    ("/bleu", ("a b c", "", 4), "type a sequence"),
    ("/roi_pooling", ("scene", 0, None, "10, 10, 5, 20", 16, 7, "pool", 2, True, 1), "x2 must be greater than x1"),
    ("/seq2seq_decode", ("reverse", "shipped", "12a4"), "digit"),
    ("/gan_train", ("ring", "minimax", -1, 1e-3, 1, 64, 0, 25), "learning rate"),
])
def test_bad_input_is_a_message(client, api, args, words):
    with pytest.raises(AppError) as e:
        client.predict(*args, api_name=api)
    assert words in str(e.value).lower()
