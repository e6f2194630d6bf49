"""Attention over image patches in a ViT: captured weights against a recomputation from the module's own qkv
weights, logits unchanged by capturing, flags and hooks restored, [CLS] maps, rollout, refusals of non-ViTs and of
mismatched checkpoints, and the pure figure builders."""
import json
from collections import OrderedDict

import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
import timm
import torch
from PIL import Image
from safetensors.torch import save_file

from playground.core import probe
from playground.core.data.images import picture_for, to_model_input
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import build_on_meta
from playground.core.models import resolve
from playground.core.published import published_for, weights_path
from playground.core.session import Session
from playground.lessons.attention.sequence_tab import on_attention
from playground.lessons.attention.subjects import vit_capture
from playground.lessons.attention.vit import (
    VIT_CHOICES,
    attention_modules,
    capture,
    cls_maps,
    patch_layout,
    rollout,
    vit_subject,
)
from playground.lessons.attention.vit_figures import (
    plot_patch_attention,
    plot_patch_overview,
    plot_token_matrix,
    token_names,
)
from tests.core.test_published import write_timm_repo

KEY = "timm/vit_tiny_patch16_224"
LABELS = dict(layer="layer", head="head", attention="attention", query="query", key="key")


@pytest.fixture(scope="module")
def subject():
    return vit_subject(KEY)


@pytest.fixture(scope="module")
def image():
    return np.random.default_rng(0).random((180, 240, 3)).astype(np.float32)


@pytest.fixture(scope="module")
def x(subject, image):
    return to_model_input(image, subject.preprocess, background="white")[0]


@pytest.fixture(scope="module")
def recorded(subject, x):
    """One capture, with the input of block 3 kept by a hook of the test's own."""
    block = subject.model.blocks[3]
    kept = {}

    def keep(mod, args, out):  # returns None: a forward hook's return value would replace the block's output
        kept.setdefault("x", args[0].detach().clone())

    handle = block.register_forward_hook(keep)
    try:
        cap = capture(subject.model, x)
    finally:
        handle.remove()
    return cap, kept["x"]


def test_choices_resolve():
    assert 2 <= len(VIT_CHOICES) <= 3
    for key in VIT_CHOICES:
        assert resolve(key) is not None


def test_layout_and_subject(subject):
    assert patch_layout(subject.model) == (1, (14, 14))
    assert list(attention_modules(subject.model)) == [f"blocks.{i}.attn" for i in range(12)]
    assert subject.input_shape == (3, 224, 224)
    prep = subject.preprocess  # timm's data config for vit_*: mean and std 0.5 per channel, bicubic, crop 0.9
    assert (prep.mean, prep.std, prep.interpolation, prep.scale) == ((0.5,) * 3, (0.5,) * 3, "bicubic", (248, 248))


def test_weights_are_softmax_rows(recorded):
    cap, _ = recorded
    assert cap.weights.shape == (12, 3, 197, 197) and cap.weights.dtype == torch.float32
    assert cap.names == [f"blocks.{i}.attn" for i in range(12)]
    assert (cap.weights >= 0).all()
    torch.testing.assert_close(cap.weights.sum(dim=-1), torch.ones(12, 3, 197), atol=1e-5, rtol=0)
    assert cap.n_prefix == 1 and cap.grid == (14, 14) and cap.logits.shape == (1000,)


def test_weights_match_recomputation_from_qkv(subject, recorded):
    cap, block_input = recorded
    block = subject.model.blocks[3]
    attn = block.attn
    with torch.no_grad():
        h = block.norm1(block_input)                                      # (1, N, C)
        b, n, c = h.shape
        qkv = attn.qkv(h).reshape(b, n, 3, attn.num_heads, c // attn.num_heads)
        q, k, _ = qkv.permute(2, 0, 3, 1, 4)                             # each (1, nh, N, hs)
        # softmax(q k^T / sqrt(hs)); q_norm and k_norm are identities in this model
        expected = (q @ k.transpose(-2, -1) * attn.scale).softmax(dim=-1)[0]  # (nh, N, N)
    torch.testing.assert_close(cap.weights[3], expected, atol=1e-5, rtol=1e-4)
    assert not torch.allclose(cap.weights[3], cap.weights[4])  # a different layer attends differently


def test_logits_match_plain_forward(subject, x, recorded):
    cap, _ = recorded
    with torch.no_grad():
        plain = subject.model(x)[0]  # the fused scaled_dot_product_attention path
    torch.testing.assert_close(cap.logits, plain, atol=1e-5, rtol=1e-5)


def test_flags_and_hooks_restored(subject, x):
    modules = attention_modules(subject.model)
    before = {name: m.fused_attn for name, m in modules.items()}
    modules["blocks.0.attn"].fused_attn = not before["blocks.0.attn"]  # a mixed state must come back as it was
    try:
        mixed = {name: m.fused_attn for name, m in modules.items()}
        capture(subject.model, x)
        assert {name: m.fused_attn for name, m in modules.items()} == mixed
    finally:
        modules["blocks.0.attn"].fused_attn = before["blocks.0.attn"]
    for m in subject.model.modules():
        assert not m._forward_hooks and not m._forward_pre_hooks
    assert not subject.model.training


def test_hooks_removed_after_error(subject):
    with pytest.raises(Exception):  # noqa: B017 - whatever the model raises, the hooks must go
        capture(subject.model, torch.zeros(1, 3, 100, 100))  # not the 224 x 224 the position embedding fits
    modules = attention_modules(subject.model)
    assert all(m.fused_attn == modules["blocks.0.attn"].fused_attn for m in modules.values())
    assert all(not m._forward_hooks for m in subject.model.modules())


def test_cls_maps_are_the_cls_row(recorded):
    cap, _ = recorded
    maps = cls_maps(cap)
    assert maps.shape == (12, 3, 14, 14)
    torch.testing.assert_close(maps, cap.weights[:, :, 0, 1:].reshape(12, 3, 14, 14))
    assert maps[5, 1, 2, 3] == cap.weights[5, 1, 0, 1 + 2 * 14 + 3]  # row-major patch order


def test_rollout(recorded):
    cap, _ = recorded
    r = rollout(cap)
    assert r.shape == (14, 14) and 0 <= r.min() and r.max() == pytest.approx(1.0)
    # one layer that attends only to itself leaves the identity: [CLS] flows from no patch but itself
    eye = torch.eye(197).expand(1, 1, 197, 197)
    cap.weights, saved = eye, cap.weights
    try:
        assert rollout(cap).abs().max() == 0
    finally:
        cap.weights = saved


def test_rollout_matches_hand_computation(recorded):
    cap, _ = recorded
    a = cap.weights.double().mean(dim=1)  # (L, N, N)
    joint = torch.eye(197, dtype=torch.float64)
    for layer in a:
        joint = (0.5 * layer + 0.5 * torch.eye(197, dtype=torch.float64)) @ joint
    expected = joint[0, 1:].reshape(14, 14)
    torch.testing.assert_close(rollout(cap), (expected / expected.max()).float())


@pytest.mark.parametrize("key", ["lenet5", "timm/resnet18", "timm/swin_tiny_patch4_window7_224"])
def test_refuses_non_vits(key):
    with pytest.raises(PlaygroundError) as e:
        vit_subject(key)
    assert e.value.key == "attention_no_vit"


def test_refuses_large_vits():
    with pytest.raises(PlaygroundError) as e:
        vit_subject("timm/vit_large_patch16_224")
    assert e.value.key == "view_too_many_params"


def test_distilled_deit_has_two_prefix_tokens():
    key = "timm/deit_tiny_distilled_patch16_224"
    assert patch_layout(build_on_meta(resolve(key))) == (2, (14, 14))
    prep = vit_subject(key).preprocess  # timm's data config: ImageNet statistics per channel
    assert prep.mean == pytest.approx((0.485, 0.456, 0.406)) and prep.std == pytest.approx((0.229, 0.224, 0.225))


def test_weights_from_safetensors(subject, tmp_path):
    state = {k: v.clone().contiguous() for k, v in subject.model.state_dict().items()}
    state["blocks.2.attn.qkv.weight"][0, :5] = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0])
    path = tmp_path / "model.safetensors"
    save_file(state, str(path))
    loaded = vit_subject(KEY, path)
    assert loaded.model is not subject.model
    torch.testing.assert_close(loaded.model.blocks[2].attn.qkv.weight[0, :5], torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert subject.model.blocks[2].attn.qkv.weight[0, 0] != 1.0  # the shared random model is untouched

    del state["head.bias"]
    save_file(state, str(tmp_path / "short.safetensors"))
    with pytest.raises(PlaygroundError) as e:
        vit_subject(KEY, tmp_path / "short.safetensors")
    assert e.value.key == "checkpoint_mismatch" and "head.bias" in e.value.params["detail"]

    with pytest.raises(PlaygroundError) as e:
        vit_subject(KEY, tmp_path / "model.pt")
    assert e.value.key == "checkpoint_not_safetensors"


def test_token_names():
    assert token_names(1, (2, 3)) == ["CLS", "0,0", "0,1", "0,2", "1,0", "1,1", "1,2"]
    assert token_names(2, (1, 1)) == ["CLS", "DIST", "0,0"]
    assert token_names(0, (1, 2)) == ["0,0", "0,1"]


def test_figures(recorded, image):
    cap, _ = recorded
    maps = cls_maps(cap).numpy()
    fig = plot_patch_overview(maps, LABELS)
    z = np.asarray(fig.data[0].z)
    assert isinstance(fig, go.Figure) and z.shape == (12 * 15 - 1, 3 * 15 - 1)
    assert np.isnan(z[14]).all() and np.nanmax(z[:14, :14]) == pytest.approx(1.0)  # gap row; a tile at its peak
    assert list(fig.layout.yaxis.ticktext) == [str(i) for i in range(12)]
    assert list(fig.layout.xaxis.ticktext) == ["0", "1", "2"]

    fig = plot_patch_attention(image, rollout(cap).numpy(), LABELS)
    assert np.asarray(fig.data[1].z).shape == (14, 14)  # one cell per patch, laid over the image
    assert fig.data[1].colorbar.title.text == "attention"

    fig = plot_token_matrix(cap.weights[0, 0].numpy(), cap.n_prefix, cap.grid, LABELS)
    assert np.asarray(fig.data[0].z).shape == (197, 197) and fig.data[0].zmin == 0
    assert list(fig.layout.xaxis.ticktext) == ["CLS"] + [f"{r},0" for r in range(1, 14)]
    assert list(fig.layout.xaxis.tickvals) == [0] + [1 + r * 14 for r in range(1, 14)]
    small = plot_token_matrix(np.full((5, 5), 0.2), 1, (2, 2), LABELS)
    assert list(small.layout.yaxis.ticktext) == ["CLS", "0,0", "0,1", "1,0", "1,1"]
    json.loads(fig.to_json())

    with pytest.raises(ValueError):
        plot_token_matrix(cap.weights[0, 0].numpy(), 2, cap.grid, LABELS)


def test_patch_attention_cells_cover_their_patches():
    """Cell (r, c) of a (2, 2) map over a 4 x 6 image is centred on patch (r, c): pixels 2r..2r+1, 3c..3c+2."""
    attn = np.array([[0.0, 1.0], [0.5, 0.25]], dtype=np.float32)
    fig = plot_patch_attention(np.zeros((4, 6, 3), np.uint8), attn, LABELS)
    heat = fig.data[1]
    assert np.asarray(heat.z).shape == (2, 2)
    assert (heat.x0, heat.dx, heat.y0, heat.dy) == (1.0, 3.0, 0.5, 2.0)  # centres at x = 1, 4 and y = 0.5, 2.5


def test_the_vit_sees_a_wide_photo_cropped_not_stretched_in_its_colours(tmp_path):
    yy, xx = np.mgrid[0:300, 0:400]
    rgb = np.full((300, 400, 3), 200, np.uint8)
    rgb[(yy - 150) ** 2 + (xx - 200) ** 2 <= 100 ** 2] = (220, 20, 30)  # a red disc on light grey, 4:3
    Image.fromarray(rgb).save(tmp_path / "red.png")
    _, _, preview = vit_capture("upload", "shapes", 0, str(tmp_path / "red.png"), KEY, None)
    assert preview.shape == (224, 224, 3)  # timm's Resize(248) of the shorter side, then CenterCrop(224)
    np.testing.assert_allclose(preview[112, 112], np.array([220, 20, 30]) / 255, atol=0.02)
    red = (preview[..., 0] > 0.6) & (preview[..., 1] < 0.3)
    height, width = np.ptp(np.flatnonzero(red.any(axis=1))) + 1, np.ptp(np.flatnonzero(red.any(axis=0))) + 1
    assert abs(height - width) <= 2 and abs(height - 200 * 248 / 300) <= 2


# ---------------------------------------------------------------------------------------------------------------
# Published ImageNet weights (offline: a random ViT-Tiny written in the hub's layout; timm's own model as oracle)

PUBLISHED = "published/timm/vit_tiny_patch16_224"
EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(probe, "_MODELS", OrderedDict())
    vit_capture.cache_clear()
    yield tmp_path
    vit_capture.cache_clear()


def test_rollout_on_published_weights_is_timms_own_model(hub_cache):
    written = write_timm_repo(hub_cache, "vit_tiny_patch16_224.augreg_in21k_ft_in1k")
    text, overview, module, head, enlarged = on_attention(PUBLISHED, "", "rollout", 0, "sample", "shapes", 2, None,
                                                          None, Session(), EN)
    assert "vit_tiny_patch16_224.augreg_in21k_ft_in1k" in text and "Random weights" not in text
    assert module["value"] == "rollout" and isinstance(enlarged, go.Figure)
    pub = published_for(PUBLISHED)
    reference = timm.create_model(pub.weights, pretrained=True,
                                  pretrained_cfg_overlay=dict(file=str(weights_path(pub)))).eval()
    subject, cap, _ = vit_capture("sample", "shapes", 2, None, PUBLISHED, None)
    x = to_model_input(picture_for("sample", "shapes", 2, None, None)[0], pub.preprocess, background="white")[0]
    theirs = capture(reference, x)
    assert subject.weights == pub.weights and torch.allclose(rollout(cap), rollout(theirs))
    with torch.no_grad():
        assert torch.allclose(cap.logits, written(x)[0], atol=1e-5)


def test_published_vit_offline_is_the_hub_message(hub_cache):
    with pytest.raises(gr.Error) as e:
        on_attention(PUBLISHED, "", "rollout", 0, "sample", "shapes", 2, None, None, Session(), ZH)
    assert "下载已关闭" in e.value.message
    text = on_attention(KEY, "", "rollout", 0, "sample", "shapes", 2, None, None, Session(), ZH)[0]
    assert "12" in text  # the random-weight ViT still works


# ---------------------------------------------------------------------------------------------------------------
# The sample photos (issue 22)

def test_a_sample_photo_reaches_the_vit_in_colour_as_its_upload_does():
    from playground.core.data.photos import photo_path
    _, cap, preview = vit_capture("photo", "chelsea", 0, None, KEY, None)
    _, cap_up, preview_up = vit_capture("upload", "shapes", 0, str(photo_path("chelsea")), KEY, None)
    assert preview.shape == (224, 224, 3) and np.array_equal(preview, preview_up)
    assert torch.equal(cap.weights, cap_up.weights)
    r, g, b = preview.reshape(-1, 3).mean(axis=0)
    assert r > g > b  # the ginger cat, colours as they are


def test_the_picture_source_lists_photos_and_redraws_only_a_vit():
    import gradio as gr

    from playground.lessons.attention.vit_tab import on_picture_gate, on_picture_source
    photos, index = on_picture_source("photo", "shapes")
    assert photos["value"] == "chelsea" and index["visible"] is False
    assert [v for _, v in photos["choices"]] == ["chelsea", "coffee", "astronaut", "rocket"]
    datasets, index = on_picture_source("sample", "coffee")
    assert datasets["value"] == "shapes" and "digits" in datasets["choices"] and index["visible"] is True
    on_picture_gate(KEY, "photo", None)  # a ViT with a photo: go on
    for choice, source, upload in (("pretrained/tiny_transformer_reverse", "photo", None), (KEY, "upload", None)):
        with pytest.raises(gr.Error):
            on_picture_gate(choice, source, upload)


def test_a_link_to_a_vit_on_a_photo_restores_the_photo(app):
    restorer = app.restorer
    view = {"tab": "attention/attn_head_tab", "model": KEY, "source": "photo", "dataset": "rocket"}
    updates, path, ignored = restorer.updates(view)
    assert path == ["attention", "attn_head_tab"] and ignored == []
    dataset = updates[restorer.views["attention"].controls["dataset"]]
    assert dataset["value"] == "rocket" and "rocket" in [v for _, v in dataset["choices"]]
