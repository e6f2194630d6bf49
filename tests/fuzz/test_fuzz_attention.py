"""Fuzzing the Attention tab: the model's answer and heads, the step-by-step view, the mask lab, a ViT on a
picture, and the positional-encoding lab."""
import pytest
from hypothesis import strategies as st

from playground.core.data.photos import PHOTOS

from .fuzzing import choices, files, fuzz, numbers, sessions, texts

pytestmark = pytest.mark.fuzz

MODELS = ("pretrained/tiny_transformer_reverse", "pretrained/tiny_gpt_reverse", "tiny_transformer", "tiny_gpt",
          "tiny_bert", "session", "timm/vit_tiny_patch16_224")
MODULES = (None, "encoder.0.attention", "decoder.0.self_attention", "decoder.1.cross_attention", "blocks.0.attn",
           "blocks.2.attn", "blocks.11.attn", "rollout")
# A model and one of its attention modules, drawn together (the module menu lists the chosen model's own; drawn
# apart, nearly every pair is a mismatch). "session" holds the shipped Transformer or GPT (see TOKENS' sessions).
ENCODER_DECODER = ("encoder.0.attention", "encoder.1.attention", "decoder.0.self_attention",
                   "decoder.0.cross_attention", "decoder.1.self_attention", "decoder.1.cross_attention")
GPT = ("blocks.0.attn", "blocks.1.attn", "blocks.2.attn")
MODULES_OF = {"pretrained/tiny_transformer_reverse": ENCODER_DECODER, "tiny_transformer": ENCODER_DECODER,
              "pretrained/tiny_gpt_reverse": GPT, "tiny_gpt": GPT, "session": ENCODER_DECODER + GPT,
              "tiny_bert": ("encoder.0.attention", "encoder.1.attention"),
              "timm/vit_tiny_patch16_224": ("blocks.0.attn", "blocks.5.attn", "blocks.11.attn", "rollout")}
MODEL_CHOICES = choices(MODELS, extra_wild=("pretrained/lenet5_digits", "lenet5", "tiny_lstm"))
MODEL_AND_MODULE = (st.sampled_from([(m, module) for m, modules in MODULES_OF.items() for module in modules]),
                    st.tuples(st.one_of(MODEL_CHOICES), st.one_of(choices(MODULES))))
DIGITS = st.text("0123456789", min_size=1, max_size=12)
TOKENS = {("choice", "module"): MODEL_AND_MODULE, "text": texts(DIGITS, alphabet="0123456789 abc<>"),
          "head": numbers(0, 1, 1),
          "session": sessions(prefer=("tiny_transformer_reverse", "tiny_gpt_reverse", "lenet5_digits"))}
VIT = {"source": choices(("sample", "photo", "upload")), "dataset": choices(("shapes", "digits", *PHOTOS)),
       "index": numbers(0, 20, 1),
       "weights": (st.none(), files(("foreign.safetensors",))[1])}


def test_attention(demo):
    fuzz(demo, "attention", {**TOKENS, **VIT})


def test_attention_head(demo):
    fuzz(demo, "attention_head", {**TOKENS, **VIT})


def test_attention_steps(demo):
    fuzz(demo, "attention_steps", TOKENS)


def test_mask_lab(demo):
    fuzz(demo, "mask_lab", TOKENS)


def fitting(first: tuple, second) -> tuple:
    """(valid, wild) pairs whose second value fits the first (a shift below the length, a head below the number
    of heads): drawn apart, most pairs do not fit; wild pairs are any two of each one's values."""
    valid = first[0].flatmap(lambda a: st.tuples(st.just(a), second(a)))
    return valid, st.tuples(st.one_of(first), st.one_of(first))


def test_positional_encoding(demo):
    d_model = numbers(8, 128, 2)
    dims = d_model[0].flatmap(lambda d: st.tuples(st.just(d), st.lists(st.integers(0, d - 1), min_size=1, max_size=6)
                                                  .map(lambda ds: " ".join(map(str, ds)))))
    fuzz(demo, "positional_encoding", {
        ("d_model", "dims"): (dims, st.tuples(st.one_of(d_model), st.one_of(texts(alphabet="0123456789 ,-")))),
        ("length", "offset"): fitting(numbers(2, 128, 1), lambda n: st.integers(0, n - 1)),
        ("n_heads", "alibi_head"): fitting(numbers(1, 32, 1), lambda n: st.integers(0, n - 1)),
        "choice": MODEL_CHOICES, "session": TOKENS["session"]})


def test_vit_matrix(demo):
    fuzz(demo, "then_vit_matrix_attention_steps", {**{k: v for k, v in TOKENS.items() if k != "text"}, **VIT},
         mutate_at_most=3)


def test_vit_picture_source(demo):
    fuzz(demo, "vit_picture_source", {"source": VIT["source"], "dataset": VIT["dataset"]})


def test_vit_picture_gate(demo):
    fuzz(demo, "vit_picture_gate", {"choice": MODEL_CHOICES, "source": VIT["source"],
                                    "upload": files()}, min_ok=0)


def test_live_tick(demo):
    live = {k: v for k, v in TOKENS.items() if k != ("choice", "module")}
    fuzz(demo, "attention_live_tick", {**live, **VIT, "choice": choices(("session",)), "module": choices(MODULES)})


def test_live_toggle(demo):
    fuzz(demo, "attention_live")


BLOCK_TEXT = texts(st.sampled_from(["31415926", "2718", "the cat sat on the mat", "a b c", "0 1 2 3 4 5 6 7 8 9"]),
                   alphabet="0123456789 abc")


def test_transformer_block(demo):
    fuzz(demo, "transformer_block", {"source": choices(("shipped", "random")), "text": BLOCK_TEXT,
                                     "norm": choices(("post", "pre"))})


def test_transformer_block_source(demo):
    fuzz(demo, "transformer_block_source", {"source": choices(("shipped", "random")),
                                            "norm": choices(("post", "pre"))})


# The Real GPT-2 sub-tab: offline (the suite sets HF_HUB_OFFLINE), so "gpt2" is the hub_offline message and the
# shipped tiny GPT does the work.
LANGUAGE_MODELS = choices(("pretrained/tiny_gpt_reverse", "gpt2"), extra_wild=("gpt2-medium", "gpt3", "tiny_gpt"))
LANGUAGE = {"model": LANGUAGE_MODELS, "text": texts(st.text("0123456789>", min_size=1, max_size=20),
                                                    alphabet="0123456789 >abc"),
            "layer": numbers(0, 2, 1), "head": numbers(0, 2, 1)}
SAMPLING = {"temperature": numbers(0, 5, 0.05), "top_k": numbers(1, 50, 1), "top_p": numbers(0.05, 1, 0.05),
            "n_tokens": numbers(1, 20, 1), "greedy": (st.booleans(), st.none()), "seed": numbers(0, 1000, 1)}
LANGUAGE_AND_SAMPLING = {**LANGUAGE, **SAMPLING}


def test_gpt2_attention(demo):
    fuzz(demo, "gpt2_attention", LANGUAGE)


def test_gpt2_head(demo):
    fuzz(demo, "gpt2_head", LANGUAGE)


def test_next_token(demo):
    fuzz(demo, "next_token", {k: LANGUAGE_AND_SAMPLING[k] for k in ("model", "text", "temperature", "top_k")})


def test_generate_tokens(demo):
    fuzz(demo, "generate_tokens", {k: v for k, v in LANGUAGE_AND_SAMPLING.items() if k not in ("layer", "head")})
