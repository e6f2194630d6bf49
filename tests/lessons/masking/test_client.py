"""The masking lab's BERT-base endpoints through a real gradio_client: offline with nothing cached, a message and
the shipped tiny BERT still answering; with a small stand-in in the hub cache, guesses and the head view."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from tests.bert_hub import write_small_bert


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def _traces(fig) -> list:
    return json.loads(fig["plot"])["data"]


def test_offline_bert_base_is_a_message_and_the_tiny_bert_still_works(client, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(AppError, match="downloads are switched off"):
        client.predict("bert-base-uncased", "the cat sat on the _.", 0, api_name="/bert_mask_model")
    with pytest.raises(AppError, match="google-bert/bert-base-uncased"):
        client.predict("bert-base-uncased", "the cat sat.", 0, 1, api_name="/bert_heads")
    text, _, guesses = client.predict("the c_t sat on the mat.", 0, api_name="/bert_mask")
    assert text.startswith("You masked 1 of the 23 characters") and _traces(guesses)
    fig, layer = client.predict("tiny_bert", "the cat sat.", 0, 2, api_name="/bert_heads")
    assert layer == 2 and any(t.get("name") == "head 2" for t in _traces(fig))


def test_bert_base_from_the_hub_cache(client, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    write_small_bert(tmp_path / "hub")
    text, masking, guesses = client.predict("bert-base-uncased", "The cat sat on the [MASK].", 0,
                                            api_name="/bert_mask_model")
    assert text.startswith("You masked 1 of the 7 WordPiece tokens") and _traces(masking) and _traces(guesses)
    fig, layer = client.predict("bert-base-uncased", "The cat sat on the [MASK].", 0, 12, api_name="/bert_heads")
    assert layer == 2  # the stand-in has two layers
