"""Views as links: a view is a tab path and the values of that tab's controls, written as a URL query string, and
scenes are prepared views that reproduce the notes' teaching points. No gradio here: the UI knows which control
each key names and checks every value against it.

    ?tab=concepts/optimizers&surface=saddle&optimizers=momentum,adam
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

MAX_QUERY = 4000  # characters; a longer query is cut, never parsed whole
MAX_VALUE = 500   # characters per value (the longest text box a view holds)
RESERVED = ("tab", "scene", "lang", "present")  # keys that are not controls


@dataclass(frozen=True)
class Scene:
    """A prepared view: `tab` is the path of tab ids (top-level first), `values` the controls it sets (as they
    would appear in a link), `trains` whether it asks the visitor to press Train, `figure` the elem_id of what the
    scene is about (presenter mode brings it into view)."""
    id: str
    tab: str
    values: dict[str, str] = field(default_factory=dict)
    trains: bool = False
    figure: str = ""

    def query(self) -> dict[str, str]:
        return {"tab": self.tab, **self.values}


# In the order a lecture would walk through them: shapes and costs, convolution, training, CNN insides,
# attention, gates, and the concepts in between. Titles and notes are i18n keys scene_<id> / scene_<id>_note.
SCENES: tuple[Scene, ...] = (
    Scene("alexnet_227", "architecture/inspector/table", {"model": "alexnet", "shape": "3x227x227"},
          figure="layer_table"),
    Scene("bottleneck", "architecture/compare", {"bn_channels": "256", "bn_size": "56"}, figure="bottleneck_result"),
    Scene("stack_3x3", "architecture/compare", {"st_channels": "64", "st_layers": "3", "st_kernel": "3",
                                                "st_size": "56"}, figure="stack_result"),
    Scene("same_padding", "architecture/conv", {"size": "28", "kernel": "5", "stride": "1", "padding": "2",
                                                "dilation": "1", "position": "0"}, figure="conv_plot"),
    Scene("resnet50_shapes", "architecture/inspector/charts", {"model": "resnet50", "shape": "3x224x224"},
          figure="profile_plot"),
    Scene("spiral_mlp", "train", {"model": "tiny_mlp", "dataset": "spiral"}, trains=True, figure="boundary_plot"),
    Scene("lenet_maps", "cnn", {"model": "pretrained/lenet5_digits", "source": "sample", "dataset": "digits",
                                "index": "3"}, figure="cnn_maps"),
    Scene("attention_reverse", "attention/attn_head_tab", {"model": "pretrained/tiny_transformer_reverse",
                                                           "text": "31415926", "module": "decoder.1.cross_attention",
                                                           "head": "0"}, figure="attn_head_plot"),
    Scene("causal_mask", "attention/attn_mask_tab", {"model": "pretrained/tiny_gpt_reverse", "text": "2718",
                                                     "module": "blocks.0.attn", "pad": "2"}, figure="attn_lab"),
    Scene("pe_shift", "attention/attn_pe_tab", {"d_model": "64", "length": "64", "offset": "5"}, figure="pe_shift"),
    Scene("forget_gate", "gates", {"model": "pretrained/tiny_lstm_brackets", "text": "((()))(()(()))()",
                                   "gate": "f", "units": ""}, figure="gates_plot"),
    Scene("vanishing_rnn", "gates", {"model": "tiny_rnn_tagger", "text": "(((((((((())))))))))" * 3,
                                     "gate": "h", "flow_weights": "random"}, figure="gates_flow"),
    Scene("relu_vs_sigmoid", "concepts/activations", {"activations": "sigmoid,tanh,relu,gelu", "depth": "6"},
          figure="cpt_act_plot"),
    Scene("softmax_temperature", "concepts/losses", {"logits": "3, 1, -1", "temperature": "1"},
          figure="cpt_softmax_plot"),
    Scene("saddle_race", "concepts/optimizers", {"surface": "saddle", "optimizers": "sgd,momentum,adam"},
          figure="cpt_race_plot"),
    Scene("batch_vs_layer", "concepts/normalisation", {"layout": "sequence", "kind": "layer", "shape": "4x6x8"},
          figure="cpt_norm_axes"),
    Scene("backprop_by_hand", "concepts/backprop", {"x1": "0.5", "x2": "-1", "y": "1"}, figure="cpt_backprop_plot"),
    Scene("degradation", "labs/degradation", {"degradation_depths": "8, 20, 32"}, figure="degradation_plot"),
    Scene("transformer_block", "attention/attn_block_tab", {"block_model": "shipped", "block_text": "31415926",
                                                           "block_norm": "post"}, figure="block_steps"),
    Scene("weight_sharing", "concepts/convolution", {"conv_size": "1000", "conv_field": "10", "conv_channels": "1",
                                                     "conv_maps": "1"}, figure="cpt_conv_counts_plot"),
    Scene("pool_ceil", "concepts/convolution", {"pool_input": "1 1 2 4; 5 6 7 8; 3 2 1 0; 1 2 3 4",
                                                "pool_kernel": "3", "pool_stride": "2", "pool_ceil": "1"},
          figure="cpt_pool_plot"),
    Scene("conv_step", "concepts/convolution", {"step_input": "3 0 1 2 7; 1 5 8 9 3; 2 7 2 5 1; 0 1 3 1 7; 4 2 1 6 2",
                                                "step_kernel": "1 0 -1; 1 0 -1; 1 0 -1", "step_bias": "1",
                                                "step_stride": "2", "step_padding": "1", "step_row": "0",
                                                "step_col": "1"}, figure="cpt_step_plot"),
    Scene("sigmoid_sum_relu", "concepts/sigmoids", {"sig_target": "piecewise", "sig_act": "relu", "sig_units": "8",
                                                    "sig_steps": "1500", "sig_seed": "6"}, figure="sigmoid_sum_plot"),
    Scene("sigmoid_sum_matrix", "concepts/sigmoids", {"sig_act": "sigmoid", "sig_inputs": "1, -1, 2"},
          figure="sigmoid_matrix_text"),
    Scene("lr_warmup", "concepts/schedules", {"schedule": "transformer", "warmup_steps": "4000",
                                             "total_steps": "16000", "d_model": "512"}, figure="cpt_lr_plot"),
    Scene("rmsprop_alpha", "concepts/optimizers", {"surface": "bowl", "optimizers": "rmsprop,adam", "lr": "0.1",
                                                  "rmsprop_alpha": "0.5"}, figure="cpt_race_plot"),
    Scene("beam_search", "labs/seq2seq", {"seq2seq_task": "reverse", "seq2seq_model": "shipped",
                                          "seq2seq_digits": "4448867963", "beam_width": "4"}, figure="s2s_beam_plot"),
    Scene("padding_mask", "labs/seq2seq", {"seq2seq_task": "reverse", "seq2seq_model": "shipped",
                                           "padding_batch": "31415926, 271828, 1618, 42"}, figure="s2s_padding_plot"),
    Scene("batch_size_race", "concepts/batches", {"bs_dataset": "circle", "bs_epochs": "2", "bs_lr": "0.01",
                                                  "bs_optimizer": "adam", "bs_seed": "0"}, figure="batches_plan"),
    Scene("diagnose_overfit", "train", {"model": "tiny_mlp", "dataset": "circle", "samples": "50", "noise": "0.5",
                                        "train_ratio": "0.5", "hidden": "64,64", "activation": "relu",
                                        "optimizer": "adam", "lr": "0.01", "batch": "25", "steps": "300"},
          trains=True, figure="curves_plot"),
    Scene("photo_first_layer", "cnn", {"model": "resnet18", "source": "photo", "dataset": "chelsea",
                                       "layer": "conv1"}, figure="cnn_maps"),
)
SCENE_IDS = tuple(s.id for s in SCENES)


def scene(scene_id: str) -> Scene | None:
    return next((s for s in SCENES if s.id == scene_id), None)


def step(scene_id: str | None, delta: int) -> Scene:
    """The scene `delta` places after scene_id in SCENES, wrapping round; the first one when scene_id is unknown."""
    if scene_id not in SCENE_IDS:
        return SCENES[0] if delta >= 0 else SCENES[-1]
    return SCENES[(SCENE_IDS.index(scene_id) + delta) % len(SCENES)]


def parse_query(query: str | None) -> dict[str, str]:
    """'?tab=gates&text=(())' -> {'tab': 'gates', 'text': '(())'}. Tolerant: a leading '?' or '#' is dropped, an
    over-long query is cut, a repeated key keeps its last value, values are cut to MAX_VALUE characters."""
    if not query:
        return {}
    query = str(query)[:MAX_QUERY].lstrip("?#")
    return {k[:64]: v[:MAX_VALUE] for k, v in parse_qsl(query, keep_blank_values=True)}


def encode_query(view: dict[str, str]) -> str:
    """The inverse of parse_query: reserved keys first, then the controls in the order given; '/' and ',' stay
    readable."""
    ordered = {k: view[k] for k in RESERVED if k in view}
    ordered.update((k, v) for k, v in view.items() if k not in RESERVED)
    return "?" + urlencode({k: str(v) for k, v in ordered.items()}, safe="/,") if ordered else ""


def tab_path(text: str | None) -> list[str]:
    """'concepts/optimizers' -> ['concepts', 'optimizers']; empty parts are dropped."""
    return [p for p in str(text or "").split("/") if p][:4]
