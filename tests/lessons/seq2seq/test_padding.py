"""The padding mask in the loss: the masked mean is torch's cross_entropy(ignore_index=PAD) and the training loss,
the plain mean counts the padding, the real positions' losses do not depend on the padding after them (each row
decoded alone gives the same), the batch box's messages, the figure and the callback."""
import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn.functional as F

from playground.core.data.vocab import BOS, PAD
from playground.core.errors import PlaygroundError
from playground.lessons.seq2seq import padding_tab
from playground.lessons.seq2seq.decoding import masked_cross_entropy
from playground.lessons.seq2seq.figures import plot_masked_loss
from playground.lessons.seq2seq.padding import MAX_ROWS, padded_loss, read_batch
from playground.lessons.seq2seq.subjects import model_for

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def test_masked_cross_entropy_is_torchs_ignore_index_on_random_batches():
    g = torch.Generator().manual_seed(0)
    for _ in range(20):
        b, t, v = (int(x) for x in torch.randint(1, 7, (3,), generator=g))
        logits = torch.randn(b, t, v + 3, generator=g) * 3
        target = torch.randint(1, v + 3, (b, t), generator=g)
        lengths = torch.randint(1, t + 1, (b,), generator=g)
        target[torch.arange(t)[None, :] >= lengths[:, None]] = PAD  # every row keeps at least one real token
        expected = F.cross_entropy(logits.flatten(0, 1), target.flatten(), ignore_index=PAD)
        assert masked_cross_entropy(logits, target).item() == pytest.approx(expected.item(), rel=1e-6)


def test_the_shipped_model_on_a_padded_batch():
    model = model_for("reverse", "shipped", None)
    pairs = read_batch("31415926, 2718；5", "reverse")
    p = padded_loss(model, pairs)
    assert p.target.shape == p.losses.shape == p.mask.shape == (3, 8)
    assert p.mask.sum(axis=1).tolist() == [8, 4, 1] and p.n_real == 13
    assert (p.target[~p.mask] == PAD).all() and p.tokens[2] == ["5"] + ["<pad>"] * 7
    real = p.losses[p.mask]
    assert p.masked == pytest.approx(real.sum() / 13, rel=1e-6) == pytest.approx(p.ignored, rel=1e-6)
    assert p.plain == pytest.approx(p.losses.mean(), rel=1e-6)
    assert p.plain > 2 * p.masked  # the model never learnt to predict <pad>: the padding dominates the plain mean
    for row, (src, tgt) in enumerate(pairs):  # decoded alone, without padding: the same real losses
        with torch.no_grad():
            logits, _ = model.decode(torch.tensor([[BOS, *tgt[1:-1]]]), model.encode(torch.tensor([src])))
        alone = F.cross_entropy(logits[0], torch.tensor(tgt[1:]), reduction="none")
        np.testing.assert_allclose(p.losses[row, :len(tgt) - 1], alone.numpy(), rtol=1e-4, atol=1e-6)


def test_without_padding_both_means_agree():
    p = padded_loss(model_for("sort", "shipped", None), read_batch("3141 2718 1618", "sort"))
    assert p.mask.all() and p.plain == pytest.approx(p.masked, rel=1e-6)


@pytest.mark.parametrize("text, key", [("", "seq2seq_padding_empty"), (" ,; ", "seq2seq_padding_empty"),
                                       ("1 " * (MAX_ROWS + 1), "seq2seq_padding_too_many"),
                                       ("12, 3x", "seq2seq_not_digits"), ("1" * 17, "seq2seq_too_long")])
def test_batch_text_errors(text, key):
    with pytest.raises(PlaygroundError) as info:
        read_batch(text, "copy")
    assert info.value.key == key


def test_plot_masked_loss_leaves_padding_blank_and_shows_both_means():
    p = padded_loss(model_for("reverse", "shipped", None), read_batch("31415926, 27", "reverse"))
    fig = plot_masked_loss(p, padding_tab._labels("en"))
    heat = fig.data[0]
    z = np.array(heat.z, dtype=float)
    assert np.isnan(z).tolist() == (~p.mask).tolist()
    pads = fig.data[1]
    assert len(pads.x) == int((~p.mask).sum()) and all(t.startswith("‹pad›") for t in pads.text)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.y[0] for b in bars] == pytest.approx([p.masked, p.plain])


def test_on_padding_writes_both_means_in_both_languages():
    text, fig = padding_tab.on_padding("reverse", "shipped", padding_tab.DEFAULT_BATCH, None, request=EN)
    assert isinstance(fig, go.Figure) and "Masked mean" in text and "Plain mean" in text
    text_zh, _ = padding_tab.on_padding("sort", "shipped", "12 345", None, request=ZH)
    assert "掩码平均" in text_zh and "1 个填充位置" in text_zh
    with pytest.raises(gr.Error, match="at most 8"):
        padding_tab.on_padding("reverse", "shipped", "1 2 3 4 5 6 7 8 9", None, request=EN)


def test_the_padding_scene_says_what_the_view_shows():
    from playground.i18n import EN as TEXT_EN
    from playground.ui.scenes import scene
    values = scene("padding_mask").values
    p = padded_loss(model_for(values["seq2seq_task"], values["seq2seq_model"], None),
                    read_batch(values["padding_batch"], values["seq2seq_task"]))
    note = TEXT_EN["scene_padding_mask_note"]
    assert p.mask.sum(axis=1).tolist() == [8, 6, 4, 2] and p.n_real == 20 and p.losses.size == 32
    assert f"{p.masked:.3f}" in note and f"{p.plain:.2f}" in note and round(p.plain / p.masked) == 12
