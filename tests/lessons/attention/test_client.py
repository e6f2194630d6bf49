"""The Attention endpoints through a real gradio_client: /attention, /attention_steps, /mask_lab,
/positional_encoding and /transformer_block, and a message for bad input."""
import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

SHIPPED = "pretrained/tiny_transformer_reverse"
PICTURE = ["sample", "shapes", 0, None, None]


@pytest.fixture(scope="module")
def client(live_url):
    return Client(live_url, verbose=False)


def test_attention_then_steps(client):
    text, overview, module, head, enlarged = client.predict(SHIPPED, "31415926", None, 0, *PICTURE,
                                                            api_name="/attention")
    assert "6 2 9 5 1 4 1 3" in text and module["value"] == "decoder.1.cross_attention"
    assert ["Decoder 1: cross-attention", "decoder.1.cross_attention"] in module["choices"]
    assert head["maximum"] == 1  # two heads
    assert json.loads(overview["plot"])["data"][0]["type"] == "heatmap"
    assert json.loads(enlarged["plot"])["layout"]["xaxis"]["ticktext"] == list("31415926")
    steps, steps_text = client.predict(SHIPPED, "31415926", "decoder.0.self_attention", 1,
                                       api_name="/attention_steps")
    assert len(json.loads(steps["plot"])["data"]) == 8 and "d_k = 16" in steps_text
    lab, lab_text = client.predict(SHIPPED, "3141", "encoder.0.attention", 0, 2, api_name="/mask_lab")
    assert len(json.loads(lab["plot"])["data"]) == 6 and "2 `<pad>`" in lab_text


def test_positional_encoding(client):
    *figures, text = client.predict(128, 100, "0 1 2 3", 7, 8, 3, "pretrained/tiny_gpt_reverse",
                                    api_name="/positional_encoding")
    assert len(figures) == 5 and "Shift k = 7" in text
    assert len(json.loads(figures[4]["plot"])["data"]) == 4  # sinusoidal, learned, RoPE, ALiBi


def test_bad_input_is_a_message(client):
    with pytest.raises(AppError) as e:
        client.predict(SHIPPED, "3.14", None, 0, *PICTURE, api_name="/attention")
    assert "does not know ." in str(e.value)
    with pytest.raises(AppError) as e:
        client.predict(63, 64, "0", 3, 8, 0, SHIPPED, api_name="/positional_encoding")
    assert "even d_model" in str(e.value)
    text, *_ = client.predict(SHIPPED, "12", None, 0, *PICTURE, api_name="/attention")
    assert "2 1" in text  # the app keeps working


def test_transformer_block(client):
    text, steps, heads, norms = client.predict("shipped", "2718", "pre", api_name="/transformer_block")
    assert "(4, 32)" in text and "(2, 4, 16)" in text and "Pre-LN" in text
    assert len(json.loads(steps["plot"])["data"]) == 9 and len(json.loads(heads["plot"])["data"]) == 4
    example, text, *_ = client.predict("random", "post", api_name="/transformer_block_source")
    assert example == "the cat sat on the mat" and "(6, 64)" in text
    with pytest.raises(AppError) as e:
        client.predict("shipped", "two", "post", api_name="/transformer_block")
    assert "digits 0-9" in str(e.value)


@pytest.fixture
def tiny_gpt2_hub(tmp_path, monkeypatch):
    """A small random GPT-2 as openai-community/gpt2 in a temporary hub cache (the server runs in this process and
    reads HF_HUB_CACHE at call time)."""
    from tests.gpt2_files import install_tiny_gpt2

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    return install_tiny_gpt2(tmp_path / "hub")


def test_next_token_equals_transformers(client, tiny_gpt2_hub):
    import torch

    from tests.gpt2_files import reference_model

    text = "The cat sat on the"
    figure, candidates = client.predict("gpt2", text, 0.8, 5, api_name="/next_token")
    assert json.loads(figure["plot"])["data"][0]["type"] == "bar"
    ids = [c["id"] for c in candidates]
    tokenizer = __import__("tokenizers").Tokenizer.from_file(str(tiny_gpt2_hub / "tokenizer.json"))
    with torch.no_grad():
        logits = reference_model(tiny_gpt2_hub)(torch.tensor([tokenizer.encode(text).ids])).logits[0, -1]
    p, top = torch.softmax(logits.double() / 0.8, -1).topk(5)
    assert ids == top.tolist() and [c["token"] for c in candidates] == [tokenizer.id_to_token(i) for i in ids]
    assert max(abs(c["probability"] - q) for c, q in zip(candidates, p.tolist())) < 1e-6
    tokens, overview, layer, head, *_ = client.predict("gpt2", text, 1, 3, api_name="/gpt2_attention")
    assert "␣cat" in tokens and layer["maximum"] == 1 and head["maximum"] == 3


def test_gpt2_offline_is_a_message_and_the_shipped_gpt_still_works(client, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    with pytest.raises(AppError) as e:
        client.predict("gpt2", "Hello there", 1.0, 5, api_name="/next_token")
    assert "openai-community/gpt2" in str(e.value) and "HF_HUB_OFFLINE" in str(e.value)
    new_text, written = client.predict("pretrained/tiny_gpt_reverse", "31415926", 1.0, 5, 0.9, 3, True, 0,
                                       api_name="/generate_tokens")
    assert new_text == "31415926>629" and "Wrote 3 tokens" in written
