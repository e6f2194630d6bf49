"""Inside a Transformer block: every step against torch.nn.TransformerEncoderLayer (Post-LN and Pre-LN) and against
the registry's own EncoderBlock run with hooks, on the same weights; shapes, LayerNorm's statistics, bad input, the
figures, the callbacks, and the √d_model callout recomputed."""
import contextlib
import math

import gradio as gr
import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn as nn

from playground.core.data.vocab import TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models.attention import sinusoidal_table
from playground.i18n import EN
from playground.lessons.attention import block as bk
from playground.lessons.attention import block_figures as viz
from playground.lessons.attention.block_tab import PANELS, on_block_source, on_transformer_block

ATOL = 2e-5
SENTENCE = "the cat sat on the mat"
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
KEYS = "token dim value head concat output query key weight norm1 norm2 mean variance".split()
LABELS = {k: f"<{k}>" for k in KEYS}  # marked, so a test can see which label reached the figure


def close(ours: np.ndarray, theirs: torch.Tensor, atol: float = ATOL):
    np.testing.assert_allclose(ours, theirs.detach().squeeze(0).numpy(), rtol=0, atol=atol)


@contextlib.contextmanager
def recorded(modules: dict[str, nn.Module]):
    """{name: (first positional input, output)} of each module's forward, hooks removed on leaving."""
    seen = {}

    def keep(name):
        return lambda m, args, out: seen.__setitem__(name, (args[0].detach(), out))

    handles = [m.register_forward_hook(keep(name)) for name, m in modules.items()]
    try:
        yield seen
    finally:
        for h in handles:
            h.remove()


def torch_layer(w: bk.BlockWeights, norm_first: bool) -> nn.TransformerEncoderLayer:
    """torch's own encoder layer holding the block's weights (parameters that need grad: the slow path, so every
    submodule runs and its hook fires)."""
    layer = nn.TransformerEncoderLayer(w.d_model, w.n_heads, w.d_ff, dropout=0.0, activation="relu",
                                       layer_norm_eps=w.eps, batch_first=True, norm_first=norm_first)
    with torch.no_grad():
        layer.self_attn.in_proj_weight.copy_(torch.cat([w.w_q, w.w_k, w.w_v]))
        layer.self_attn.in_proj_bias.copy_(torch.cat([w.b_q, w.b_k, w.b_v]))
        for (weight, bias), module in ((
                (w.w_o, w.b_o), layer.self_attn.out_proj), (w.norm1, layer.norm1), (w.norm2, layer.norm2),
                ((w.w_1, w.b_1), layer.linear1), ((w.w_2, w.b_2), layer.linear2)):
            module.weight.copy_(weight)
            module.bias.copy_(bias)
    return layer.eval()


def check_against_torch(trace: bk.BlockTrace, layer: nn.TransformerEncoderLayer):
    """Every step of the trace against what torch's layer computes on the trace's input x."""
    x = torch.from_numpy(trace.step("input").value)[None]  # (1, T, D)
    parts = {"attn": layer.self_attn, "norm1": layer.norm1, "norm2": layer.norm2, "linear1": layer.linear1,
             "linear2": layer.linear2}
    with recorded(parts) as seen:
        out = layer(x)
    attn_in, (mha, _) = seen["attn"]
    close(trace.step("attention").value, mha)
    # each head's weights, from torch's own attention on the same input
    _, per_head = layer.self_attn(attn_in, attn_in, attn_in, need_weights=True, average_attn_weights=False)
    close(trace.weights, per_head)
    # Concat(heads) recovered from torch's output: MHA = Concat W_O^T + b_O, W_O square and invertible
    w_o, b_o = layer.self_attn.out_proj.weight.double(), layer.self_attn.out_proj.bias.double()
    concat = torch.linalg.solve(w_o, (mha[0].double() - b_o).T).T  # (T, D)
    np.testing.assert_allclose(trace.step("concat").value, concat.detach().numpy(), atol=1e-4)
    heads = trace.step("heads").value  # (h, T, d_k): the slices of Concat
    np.testing.assert_array_equal(np.concatenate(list(heads), axis=1), trace.step("concat").value)
    close(trace.step("ffn_hidden").value, seen["linear1"][1])
    close(trace.step("activation").value, seen["linear2"][0])
    close(trace.step("ffn").value, seen["linear2"][1])
    if layer.norm_first:
        close(trace.step("input").value, seen["norm1"][0])
        close(trace.step("norm1").value, seen["norm1"][1])
        close(trace.step("norm1").value, attn_in)
        close(trace.step("add1").value, seen["norm2"][0])
        close(trace.step("norm2").value, seen["norm2"][1])
        close(trace.step("add2").value, out)
    else:
        close(trace.step("input").value, attn_in)
        close(trace.step("add1").value, seen["norm1"][0])
        close(trace.step("norm1").value, seen["norm1"][1])
        close(trace.step("add2").value, seen["norm2"][0])
        close(trace.step("norm2").value, out)
    for name in ("norm1", "norm2"):  # LayerNorm's own input: mean and biased variance per token
        into = seen[name][0][0].detach().numpy().astype(np.float64)
        mean, var = trace.stats[name]
        np.testing.assert_allclose(mean, into.mean(axis=1), atol=ATOL)
        np.testing.assert_allclose(var, into.var(axis=1), rtol=1e-4, atol=ATOL)


@pytest.mark.parametrize("norm", bk.NORMS)
def test_random_block_matches_torch_encoder_layer(norm):
    trace = bk.trace_block("random", SENTENCE, norm)
    table, shared = bk.random_block()
    check_against_torch(trace, torch_layer(bk.weights_of_torch_layer(shared), norm_first=norm == "pre"))
    if norm == "post":  # the very layer the view reads (its fast path, no hooks) gives the same output
        close(trace.step("norm2").value, shared(torch.from_numpy(trace.step("input").value)[None]))
    rows = [bk.word_row(w) for w in SENTENCE.split()]
    close(trace.step("embedding").value, table[rows], atol=0)


@pytest.mark.parametrize("norm", bk.NORMS)
def test_shipped_block_matches_torch_encoder_layer(norm):
    trace = bk.trace_block("shipped", "31415926", norm)
    block = bk.shipped_model().encoder[0]
    check_against_torch(trace, torch_layer(bk.weights_of_registry_block(block), norm_first=norm == "pre"))


def test_shipped_block_matches_the_registrys_own_module_with_hooks():
    """Post-LN is how the shipped model runs: its encode() with hooks on the first block gives every step."""
    model = bk.shipped_model()
    block = model.encoder[0]
    src = torch.tensor([[TOKEN_VOCAB.index(c) for c in "31415926"]])
    parts = {"embedding": model.src_embedding, "positional": model.positional, "out_proj": block.attention.out_proj,
             "norm1": block.add_norm1.norm, "linear1": block.ffn.linear1, "linear2": block.ffn.linear2,
             "ffn": block.ffn, "norm2": block.add_norm2.norm, "block": block}
    with recorded(parts) as seen:
        block.attention.record = True
        try:
            with torch.no_grad():
                model.encode(src)
            last = dict(block.attention.last)
        finally:
            block.attention.record, block.attention.last = False, {}
    trace = bk.trace_block("shipped", "31415926", "post")
    step = {s.key: s.value for s in trace.steps}
    close(step["embedding"], seen["embedding"][1])
    close(step["scaled"], seen["positional"][0])
    close(step["input"], seen["positional"][1])
    close(step["input"], seen["block"][0])
    close(trace.weights, last["attn"])
    close(step["heads"], last["attn"] @ last["v"])
    close(step["concat"], seen["out_proj"][0])
    close(step["attention"], seen["out_proj"][1])
    close(step["add1"], seen["norm1"][0])
    close(step["norm1"], seen["norm1"][1])
    close(step["ffn_hidden"], seen["linear1"][1])
    close(step["activation"], seen["linear2"][0])
    close(step["ffn"], seen["ffn"][1])
    close(step["add2"], seen["norm2"][0])
    close(step["norm2"], seen["block"][1])


def test_shapes_after_every_step():
    trace = bk.trace_block("random", SENTENCE, "post")
    shapes = {s.key: s.value.shape for s in trace.steps}
    assert shapes == {"embedding": (6, 16), "scaled": (6, 16), "input": (6, 16), "heads": (4, 6, 4),
                      "concat": (6, 16), "attention": (6, 16), "add1": (6, 16), "norm1": (6, 16),
                      "ffn_hidden": (6, 64), "activation": (6, 64), "ffn": (6, 16), "add2": (6, 16), "norm2": (6, 16)}
    assert trace.d_ff == 4 * trace.d_model  # the paper's 4x expansion (512 -> 2048)
    assert [s.symbol for s in trace.steps][3:5] == ["(h, T, d_k)", "(T, d_model)"]
    pre = bk.trace_block("shipped", "2718", "pre")
    assert [s.key for s in pre.steps] == ["embedding", "scaled", "input", "norm1", "heads", "concat", "attention",
                                         "add1", "norm2", "ffn_hidden", "activation", "ffn", "add2"]
    assert (pre.d_model, pre.n_heads, pre.d_ff) == (32, 2, 64) and pre.step("heads").value.shape == (2, 4, 16)


def test_positions_tell_a_repeated_word_apart():
    trace = bk.trace_block("random", SENTENCE, "post")  # "the" at positions 0 and 4
    e, x = trace.step("embedding").value, trace.step("input").value
    np.testing.assert_array_equal(e[0], e[4])
    np.testing.assert_allclose(x - trace.step("scaled").value, sinusoidal_table(6, 16).numpy(), atol=1e-6)
    assert np.abs(x[0] - x[4]).max() > 0.5


def test_layer_norm_leaves_mean_0_and_variance_1_before_its_affine_map():
    trace = bk.trace_block("shipped", "31415926", "post")
    norm = bk.shipped_model().encoder[0].add_norm1.norm
    a = torch.from_numpy(trace.step("add1").value)
    plain = torch.nn.functional.layer_norm(a, (32,), eps=norm.eps)  # no gamma, beta
    np.testing.assert_allclose(plain.mean(dim=1).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(plain.var(dim=1, unbiased=False).numpy(), 1, atol=1e-3)
    close(trace.step("norm1").value, plain * norm.weight.detach() + norm.bias.detach())
    mean, var = trace.stats["norm1"]
    np.testing.assert_allclose(mean, a.mean(dim=1).numpy(), atol=1e-5)
    np.testing.assert_allclose(var, a.var(dim=1, unbiased=False).numpy(), rtol=1e-5)
    assert var.min() > 1e-2  # the residual sum is far from constant: eps changes the scale by under 0.1%


def test_relu_zeroes_only_negative_hidden_values():
    trace = bk.trace_block("random", SENTENCE, "pre")
    hidden, active = trace.step("ffn_hidden").value, trace.step("activation").value
    np.testing.assert_array_equal(active, np.maximum(hidden, 0))
    assert 0 < (active == 0).mean() < 1


@pytest.mark.parametrize("source,text,norm,key", [
    ("shipped", "", "post", "attention_empty"), ("random", "   ", "pre", "attention_empty"),
    ("shipped", "12a4", "post", "attention_block_digits"), ("shipped", "3.14", "post", "attention_block_digits"),
    ("random", "w " * 17, "post", "attention_block_too_long"), ("shipped", "1" * 17, "pre", "attention_block_too_long"),
    ("other", "1", "post", "attention_block_bad_choice"), ("shipped", "1", "middle", "attention_block_bad_choice"),
    (None, None, None, "attention_block_bad_choice")])
def test_bad_input_is_refused_with_its_key(source, text, norm, key):
    with pytest.raises(PlaygroundError) as e:
        bk.trace_block(source, text, norm)
    assert e.value.key == key


def test_sixteen_tokens_are_read():
    assert len(bk.trace_block("shipped", "1234567890123456", "post").tokens) == bk.MAX_BLOCK_TOKENS


# ---------------------------------------------------------------------------------------------------------------
# Figures and callbacks

def test_figures_draw_every_panel_with_its_labels():
    trace = bk.trace_block("random", SENTENCE, "post")
    panels = [(k, trace.step(k).value) for k in PANELS["post"]]
    steps = viz.plot_block_steps(panels, trace.tokens, LABELS)
    assert len(steps.data) == 9 and all(t.type == "heatmap" for t in steps.data)
    assert steps.layout.yaxis.ticktext == tuple(SENTENCE.split()) and "<dim>" in steps.data[0].hovertemplate
    heads = viz.plot_block_heads(trace.weights, trace.step("concat").value, trace.step("attention").value,
                                 trace.tokens, LABELS)
    assert len(heads.data) == 6 and heads.data[0].zmax == 1 and len(heads.layout.shapes) == 3  # 3 head borders
    norms = viz.plot_block_norm(trace.stats, trace.tokens, LABELS)
    assert [t.name for t in norms.data] == ["<norm1>", "<norm1>", "<norm2>", "<norm2>"]
    np.testing.assert_allclose(norms.data[1].y, trace.stats["norm1"][1], rtol=1e-6)
    with pytest.raises(ValueError):
        viz.plot_block_steps([("x", np.zeros((3, 4)))], ["a", "b"], LABELS)


def test_callback_gives_the_table_and_three_figures():
    text, steps, heads, norms = on_transformer_block("shipped", "31415926", "post")
    assert "| 13 |" in text and "(8, 32)" in text and "(2, 8, 16)" in text and "(8, 64)" in text
    assert "×5.657" in text and "Post-LN" in text
    assert all(isinstance(f, go.Figure) for f in (steps, heads, norms))
    assert len(steps.data) == 9 and len(heads.data) == 4
    zh, *_ = on_transformer_block("random", SENTENCE, "pre", request=ZH)
    assert "步骤" in zh and "(6, 64)" in zh and "Pre-LN" in zh
    text, *_ = on_transformer_block("shipped", "2718", "pre")
    assert "trained Post-LN" in text


def test_choosing_a_block_loads_its_example():
    text, result, *figures = on_block_source("random", "pre")
    assert text == SENTENCE and "(6, 16)" in result and len(figures) == 3


def test_bad_input_is_a_message_in_the_visitors_language():
    with pytest.raises(gr.Error) as e:
        on_transformer_block("shipped", "hello", "post")
    assert "digits 0-9" in str(e.value)
    with pytest.raises(gr.Error) as e:
        on_transformer_block("shipped", "hello", "post", request=ZH)
    assert "只读数字" in str(e.value)


def test_attention_differs_sqrt_d_model():
    """002_… reads "divide by √num_hiddens" once and "multiply" once: the registry's Transformer multiplies the
    embedding by √d_model (the paper, §3.4): its positional layer receives e·√32, 32 times e/√32; the division
    by a square root is attention's, scores = Q·Kᵀ / √d_k (§3.2.1)."""
    model = bk.shipped_model()
    attention = model.encoder[0].attention
    src = torch.tensor([[TOKEN_VOCAB.index(c) for c in "31415926"]])
    with recorded({"positional": model.positional}) as seen:
        attention.record = True
        try:
            with torch.no_grad():
                model.encode(src)
            last = dict(attention.last)
        finally:
            attention.record, attention.last = False, {}
    e = model.src_embedding.weight.detach()[src[0]]  # (T, 32)
    d = model.d_model
    assert d == 32 and math.sqrt(d) == pytest.approx(5.657, abs=5e-4)
    torch.testing.assert_close(seen["positional"][0][0], e * math.sqrt(d))
    ratio = seen["positional"][0][0] / (e / math.sqrt(d))
    torch.testing.assert_close(ratio, torch.full_like(ratio, 32.0))  # the two readings differ 32-fold
    q, k = last["q"], last["k"]
    assert q.shape[-1] == d // attention.n_heads == 16
    torch.testing.assert_close(last["scores"], q @ k.transpose(-2, -1) / math.sqrt(16))
    trace = bk.trace_block("shipped", "31415926", "post")
    assert trace.steps[1].key == "scaled"  # "step 2 of the table below", as the callout says
    np.testing.assert_allclose(trace.steps[1].value, (e * math.sqrt(d)).numpy(), atol=1e-6)
    callout = EN["attention_differs_sqrt_d_model"]
    assert "002_" in callout and "factor of 32" in callout and "step 2" in callout
    assert f"{math.sqrt(32):.2f}" in EN["scene_transformer_block_note"]  # √32 ≈ 5.66
