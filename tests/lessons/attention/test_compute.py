"""Attention of the from-scratch Transformers on typed input: what is recorded equals what PyTorch computes, masks
behave (causal upper triangle zero, rows sum to 1), greedy output is right for the shipped models, the step-by-step
numbers reproduce the model's own weights, and bad input gets a PlaygroundError key."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.train.shipped import shared_pretrained
from playground.core.train.trained import DataSummary
from playground.lessons.attention import compute as am


def _shipped(name):
    t = shared_pretrained(name)
    return am.subject_from_trained(t.model, t.spec.model, t.data)


@pytest.fixture(scope="module")
def transformer():
    return _shipped("tiny_transformer_reverse")


@pytest.fixture(scope="module")
def gpt():
    return _shipped("tiny_gpt_reverse")


def test_shipped_encoder_decoder_reverses_and_shows_every_kind_of_attention(transformer):
    r = am.run_attention(transformer, "31415926")
    assert "".join(r.output) == "62951413" and r.output == r.expected
    kinds = [m.kind for m in r.layers]
    assert kinds == ["encoder", "encoder", "decoder", "cross", "decoder", "cross"]
    for m in r.layers:
        assert m.weights.shape == (2, 8, 8)
        torch.testing.assert_close(m.weights.sum(-1), torch.ones(2, 8))  # every row sums to 1
    dec = r.layer("decoder.0.self_attention")
    assert dec.mask is not None and (dec.weights[:, ~dec.mask] == 0).all()  # exactly zero above the diagonal
    assert torch.triu(dec.weights, diagonal=1).abs().max() == 0
    assert r.layer("encoder.0.attention").mask is None
    assert dec.queries[0] == "<bos>" and dec.queries[1:] == r.output[:-1]
    cross = r.layer("decoder.1.cross_attention")
    assert cross.queries == dec.queries and cross.keys == r.source
    # Reversing: to write output i the decoder looks at source position n - 1 - i (the anti-diagonal).
    strongest = cross.weights.mean(0).argmax(-1)
    assert (strongest == torch.arange(7, -1, -1)).float().mean() >= 0.75


def test_recorded_weights_equal_scaled_dot_product_attention(transformer):
    """Re-run one recorded module's Q, K, V through PyTorch's fused attention: same weights times V."""
    r = am.run_attention(transformer, "90210")
    for m in r.layers:
        mask = None if m.mask is None else m.mask[None]
        out = F.scaled_dot_product_attention(m.q[None], m.k[None], m.v[None], attn_mask=mask)[0]
        torch.testing.assert_close(m.weights @ m.v, out, atol=1e-5, rtol=1e-5)
        scores = m.q @ m.k.transpose(-2, -1) / m.q.shape[-1] ** 0.5
        torch.testing.assert_close(m.scores, scores, atol=1e-5, rtol=1e-5)


def test_recording_leaves_no_trace(transformer):
    am.run_attention(transformer, "123")
    for m in am.attention_modules(transformer.model).values():
        assert m.record is False and m.last == {}
    assert not transformer.model.training


def test_gpt_reads_source_bos_and_answer_as_one_causal_sequence(gpt):
    r = am.run_attention(gpt, "31415926")
    assert "".join(r.output) == "62951413"
    assert [m.kind for m in r.layers] == ["decoder"] * 3
    m = r.layers[0]
    assert m.weights.shape == (3, 16, 16) and m.queries[:9] == list("31415926") + ["<bos>"]
    assert torch.triu(m.weights, diagonal=1).abs().max() == 0


def test_random_teaching_models_read_characters():
    g = am.subject_from_key("tiny_gpt")
    r = am.run_attention(g, "Hello, world")
    assert r.source[:5] == list("hello") and len(r.output) == am.MAX_CONTINUATION and r.expected is None
    b = am.subject_from_key("tiny_bert")
    r = am.run_attention(b, "the c_t")
    assert "<mask>" in r.source and len(r.output) == len(r.source)
    assert all(m.mask is not None and m.mask.all() for m in r.layers)  # no padding: every key allowed
    t = am.subject_from_key("tiny_transformer")
    assert len(am.run_attention(t, "1 2 3").output) == 3


def test_session_trained_gpt_on_brackets_tags_each_position():
    model = create_model("tiny_gpt", vocab_size=8)
    data = DataSummary(key="brackets", task="tag", classes=tuple(str(d) for d in range(8)))
    s = am.subject_from_trained(model.eval(), "tiny_gpt", data)
    r = am.run_attention(s, "(()())")
    assert len(r.output) == 6 and r.expected == ["1", "2", "1", "2", "1", "0"]
    with pytest.raises(PlaygroundError) as e:
        am.mask_lab(s, "(())", 0, 0, 2)
    assert e.value.key == "attention_no_pad"


@pytest.mark.parametrize("text,key", [("", "attention_empty"), ("   ", "attention_empty"), ("12a4", "attention_unknown_symbols"),
                                      ("<bos>", "attention_unknown_symbols")])
def test_bad_text_is_refused(transformer, text, key):
    with pytest.raises(PlaygroundError) as e:
        am.run_attention(transformer, text)
    assert e.value.key == key


def test_too_long_input_is_cut_with_a_notice(transformer, gpt):
    r = am.run_attention(transformer, "1" * 70)
    assert len(r.source) == 64 and r.notices[0] == ("attention_truncated", {"n": 70, "limit": 64})
    r = am.run_attention(gpt, "2" * 40)  # source + BOS + answer must fit 64 positions
    assert len(r.source) == 31 and r.notices[0][0] == "attention_truncated"


def test_models_without_attention_or_too_large_are_refused():
    for key, err in [("tiny_lstm", "attention_no_layers"), ("lenet5", "attention_no_layers"), ("gpt", "attention_teaching_only"),
                     ("nope", "unknown_model")]:
        with pytest.raises(PlaygroundError) as e:
            am.subject_from_key(key)
        assert e.value.key == err
    with pytest.raises(PlaygroundError) as e:
        am.subject_from_trained(create_model("tiny_lstm"), "tiny_lstm", DataSummary(task="tag", key="brackets"))
    assert e.value.key == "attention_no_layers"


def test_steps_reproduce_the_models_weights(transformer):
    steps = am.attention_steps(transformer, "31415926", "decoder.0.self_attention", 1)
    assert steps["d_k"] == 16 and steps["has_mask"]
    np.testing.assert_allclose(steps["qk"] / 4.0, steps["scaled"])
    np.testing.assert_allclose(steps["weights"].sum(1), 1.0, atol=1e-12)
    np.testing.assert_allclose(steps["weights"], steps["recorded"], atol=1e-5)
    assert np.isneginf(steps["masked"][np.triu_indices(8, 1)]).all()
    np.testing.assert_allclose(steps["out"], steps["weights"] @ steps["v"])


def test_steps_use_at_most_ten_tokens_and_check_names(transformer):
    steps = am.attention_steps(transformer, "1234567890123", "encoder.0.attention", 0)
    assert len(steps["queries"]) == am.MAX_STEP_TOKENS and steps["notices"][0][0] == "attention_truncated"
    assert not steps["has_mask"]
    for name, head, key in [("decoder.9.cross_attention", 0, "attention_unknown_layer"),
                            ("encoder.0.attention", 2, "attention_bad_head"), ("encoder.0.attention", -1, "attention_bad_head")]:
        with pytest.raises(PlaygroundError) as e:
            am.attention_steps(transformer, "123", name, head)
        assert e.value.key == key


def test_mask_lab_blocks_what_each_mask_forbids(transformer):
    lab = am.mask_lab(transformer, "31415", 1, 0, 3)
    assert lab["tokens"] == list("31415") + ["<pad>"] * 3
    t = 8
    for name in am.MASKS:
        mask, w = lab[name]
        assert mask.shape == w.shape == (t, t)
        np.testing.assert_allclose(w.sum(1), 1.0, atol=1e-6)
        assert (w[~mask] == 0).all()
    assert lab["bidirectional"][0].all()
    assert (lab["causal"][0] == np.tril(np.ones((t, t), bool))).all()
    assert not lab["padding"][0][:, 5:].any() and lab["padding"][0][:, :5].all()
    # where nothing is masked the lab's weights are the plain softmax of the scores
    np.testing.assert_allclose(lab["bidirectional"][1], torch.tensor(lab["scores"]).softmax(-1).numpy(), atol=1e-6)


def test_mask_lab_checks_its_arguments(transformer):
    for args, key in [((5, 0, 0), "attention_bad_block"), ((0, 4, 0), "attention_bad_head"), ((0, 0, 99), "attention_bad_pad")]:
        with pytest.raises(PlaygroundError) as e:
            am.mask_lab(transformer, "123", *args)
        assert e.value.key == key
    with pytest.raises(PlaygroundError) as e:
        am.mask_matrix("diagonal", 3, 0)
    assert e.value.key == "attention_bad_mask"


def test_another_length_than_learnt_is_pointed_out(transformer):
    r = am.run_attention(transformer, "90210")
    assert r.notices == [("attention_other_length", {"n": 5, "trained": 8})]
    assert am.run_attention(transformer, "90210777").notices == []
    assert am.run_attention(am.subject_from_key("tiny_transformer"), "90210").notices == []  # learnt nothing
