"""Parameter counts and compute equal torchvision's, the papers' and Hugging Face's; from-scratch recurrent cells
and attention equal PyTorch's with the same weights."""
import math
import threading

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

from playground.core.inspection.table import build_on_meta, inspect_model
from playground.core.models import get_entry
from playground.core.models.attention import MultiHeadAttention, causal_mask, padding_mask
from playground.core.models.recurrent import Recurrent
from playground.core.models.transformer import Transformer

TORCHVISION_TWINS = ["vgg11", "vgg13", "vgg16", "vgg19", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101",
                     "resnet152", "densenet121"]


def _torchvision_meta(name):
    kwargs = {"aux_logits": False, "init_weights": False} if name == "googlenet" else {}
    with torch.device("meta"):
        return torchvision.models.get_model(name, weights=None, **kwargs)


def _count(model):
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("key", TORCHVISION_TWINS)
def test_parameter_count_equals_torchvision(key):
    ours = build_on_meta(get_entry(key))
    assert _count(ours) == _count(_torchvision_meta(key))


@pytest.mark.parametrize("key", ["resnet18", "resnet50", "resnet152", "densenet121", "googlenet"])
def test_state_dict_layout_equals_torchvision(key):
    ours = {k: tuple(v.shape) for k, v in build_on_meta(get_entry(key)).state_dict().items()}
    theirs = {k: tuple(v.shape) for k, v in _torchvision_meta(key).state_dict().items()}
    assert ours == theirs


@pytest.mark.parametrize("key", TORCHVISION_TWINS + ["alexnet"])
def test_macs_equal_torchvision_published_ops(key):
    """torchvision's weight metadata lists GFLOPS (multiply-adds) per model, measured at 224x224."""
    ops = torchvision.models.get_model_weights(key).DEFAULT.meta["_ops"]
    shape = "3x224x224"
    if key == "alexnet":  # compare torchvision's own variant through the catalog
        key = "torchvision/alexnet"
    assert round(inspect_model(key, shape).totals.macs / 1e9, 3) == ops


def test_alexnet_follows_the_notes_and_its_ui_note_is_true():
    ours = _count(build_on_meta(get_entry("alexnet")))
    assert ours == 62_378_344
    assert _count(_torchvision_meta("alexnet")) == 61_100_840  # stated in the model's note
    # The paper's two-GPU split (groups=2 in conv2, conv4, conv5), also stated in the note:
    grouped = ours
    for c_in, c_out, k in [(96, 256, 5), (384, 384, 3), (384, 256, 3)]:
        grouped -= c_out * c_in * k * k // 2
    assert grouped == 60_965_224


def test_lenet5_has_the_notes_61706_parameters():
    assert inspect_model("lenet5").totals.total_params == 61_706


def test_bert_base_equals_hugging_face_counts():
    model = build_on_meta(get_entry("bert"))
    assert _count(model) == 110_106_428  # BertForPreTraining (bert-base-uncased)
    backbone = _count(model) - _count(model.nsp_head) - sum(
        p.numel() for n, p in model.mlm_head.named_parameters() if n != "decoder.weight")
    assert backbone == 109_482_240  # BertModel


def test_gpt_equals_gpt2_small_and_counts_tied_weights_once():
    report = inspect_model("gpt", "16")
    assert report.totals.total_params == 124_439_808
    head = next(r for r in report.rows if r.name == "lm_head")
    assert head.params == 50_257 * 768  # the tied matrix, shown where it is used ...
    assert report.rows[0].params == 124_439_808  # ... and counted once in the total


def test_seq2seq_has_the_papers_384m_parameters():
    assert abs(inspect_model("seq2seq").totals.total_params - 384e6) / 384e6 < 0.005


def test_transformer_stacks_equal_torch_nn_transformer():
    with torch.device("meta"):
        ours = Transformer(100, 100)
        theirs = nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                                dim_feedforward=2048, batch_first=True)
    stacks = _count(ours.encoder) + _count(ours.decoder)
    final_norms = _count(theirs.encoder.norm) + _count(theirs.decoder.norm)  # nn.Transformer adds these
    assert stacks == _count(theirs) - final_norms


@pytest.mark.parametrize("mode,torch_cls", [("rnn", nn.RNN), ("lstm", nn.LSTM), ("gru", nn.GRU)])
def test_recurrent_equals_torch(mode, torch_cls):
    torch.manual_seed(0)
    ref = torch_cls(5, 7, num_layers=2, batch_first=True)
    ours = Recurrent(mode, 5, 7, num_layers=2)
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(3, 11, 5)
    out_ref, state_ref = ref(x)
    out, state = ours(x)
    torch.testing.assert_close(out, out_ref, atol=1e-5, rtol=1e-5)
    for a, b in zip(state if mode == "lstm" else (state,), state_ref if mode == "lstm" else (state_ref,)):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


def _in_another_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_a_recording_keeps_only_its_own_threads_passes():
    """Views record shared models while other visitors' passes go through them in other threads: those passes leave
    nothing behind (a 5-step pass written into an 8-step recording broke the Attention tab under load)."""
    mha = MultiHeadAttention(8, 2)
    mha.record = threading.get_ident()
    _in_another_thread(lambda: mha(torch.randn(1, 5, 8)))
    assert mha.last == {}
    mha(torch.randn(1, 8, 8))
    assert mha.last["attn"].shape == (1, 2, 8, 8)
    rnn = Recurrent("lstm", 3, 4)
    rnn.record = threading.get_ident()
    rnn.probe = {k: torch.zeros(1, 2, 6, 4, requires_grad=True) for k in "hc"}  # (L, B, T, H) for this thread
    rnn.probe_thread = threading.get_ident()
    _in_another_thread(lambda: rnn(torch.randn(3, 9, 3)))  # another shape: taking the probe would fail
    assert rnn.gates == {}
    rnn(torch.randn(2, 6, 3))
    assert rnn.gates["h"].shape == (1, 2, 6, 4)


def test_recurrent_records_gates():
    ours = Recurrent("lstm", 3, 4, num_layers=2)
    ours.record = True
    ours(torch.randn(2, 6, 3))
    assert set(ours.gates) == {"i", "f", "g", "o", "c", "h"}
    assert ours.gates["f"].shape == (2, 2, 6, 4)  # (L, B, T, H)
    assert ((ours.gates["f"] > 0) & (ours.gates["f"] < 1)).all()


@pytest.mark.parametrize("causal", [False, True])
def test_attention_equals_scaled_dot_product_attention(causal):
    torch.manual_seed(0)
    mha = MultiHeadAttention(16, 4).eval()
    x = torch.randn(2, 5, 16)
    mask = causal_mask(5) if causal else None
    ours = mha(x, mask=mask)
    q, k, v = (p(x).view(2, 5, 4, 4).transpose(1, 2) for p in (mha.q_proj, mha.k_proj, mha.v_proj))
    ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal).transpose(1, 2).reshape(2, 5, 16)
    torch.testing.assert_close(ours, mha.out_proj(ref), atol=1e-5, rtol=1e-5)


def test_attention_equals_torch_multihead_attention():
    torch.manual_seed(0)
    ref = nn.MultiheadAttention(16, 4, batch_first=True).eval()
    mha = MultiHeadAttention(16, 4).eval()
    w_q, w_k, w_v = ref.in_proj_weight.chunk(3)
    b_q, b_k, b_v = ref.in_proj_bias.chunk(3)
    with torch.no_grad():
        for proj, w, b in [(mha.q_proj, w_q, b_q), (mha.k_proj, w_k, b_k), (mha.v_proj, w_v, b_v)]:
            proj.weight.copy_(w)
            proj.bias.copy_(b)
        mha.out_proj.load_state_dict(ref.out_proj.state_dict())
    q, kv = torch.randn(2, 3, 16), torch.randn(2, 6, 16)
    mha.record = True
    out = mha(q, kv, kv)
    out_ref, weights_ref = ref(q, kv, kv, average_attn_weights=False)
    torch.testing.assert_close(out, out_ref, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(mha.last["attn"], weights_ref, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(mha.last["attn"].sum(-1), torch.ones(2, 4, 3))


def test_attention_macs_are_counted():
    """Q K^T and attn V are matmuls outside any Linear layer; the flop counter must see them."""
    report = inspect_model("tiny_transformer", "8x8")
    d, t = 32, 8
    row = next(r for r in report.rows if r.name == "encoder.0.attention")
    projections = 4 * t * d * d
    assert row.macs == projections + 2 * t * t * d
    assert not math.isnan(row.macs)


def test_attention_with_a_padding_mask_equals_scaled_dot_product_attention():
    """Boolean masks mean the same in both: True where attention is allowed; padded keys get exactly 0."""
    torch.manual_seed(0)
    mha = MultiHeadAttention(16, 4).eval()
    ids = torch.tensor([[5, 6, 7, 0, 0], [5, 6, 7, 8, 9]])
    mask = padding_mask(ids, pad_id=0)  # (B, 1, 1, T)
    x = torch.randn(2, 5, 16)
    mha.record = True
    ours = mha(x, mask=mask)
    q, k, v = (p(x).view(2, 5, 4, 4).transpose(1, 2) for p in (mha.q_proj, mha.k_proj, mha.v_proj))
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2).reshape(2, 5, 16)
    torch.testing.assert_close(ours, mha.out_proj(ref), atol=1e-5, rtol=1e-5)
    assert (mha.last["attn"][0, :, :, 3:] == 0).all() and (mha.last["attn"][1] > 0).all()
    assert mha.last["mask"].shape == (2, 4, 5, 5)
    # the recorded scores are those before the mask: Q K^T / sqrt(d_k) everywhere
    torch.testing.assert_close(mha.last["scores"], q @ k.transpose(-2, -1) / 2.0)
