"""Which model the Attention tab looks inside and what it reads there: a Transformer's attention on typed text, or a
ViT's on a picture, each kept while it cannot change. No gradio: the tab's parts (sequence_tab, vit_tab,
positional_tab) call these."""
from __future__ import annotations

from functools import lru_cache

from playground.core.data.images import picture_for, to_model_input
from playground.core.session import SESSION, Session, choice_key, trained_model_for
from playground.i18n import message

from . import compute as am
from . import vit as va

DEFAULT = "pretrained/tiny_transformer_reverse"
ROLLOUT = "rollout"  # a ViT's attention rollout, offered with its blocks
TEACHING = ("tiny_transformer", "tiny_gpt", "tiny_bert")


def figure_labels(lang: str, prefix: str, *keys: str) -> dict[str, str]:
    """{key: the text of message prefix + key} for a figure's axes and titles."""
    return {k: message(prefix + k, lang) for k in keys}


def is_vit(choice: str) -> bool:
    """Is the chosen model a ViT (it reads a picture, not typed text), with random or published weights?"""
    return va.architecture_key(choice_key(choice)) in va.VIT_CHOICES


def layer_label(layer: am.AttentionLayer, lang: str) -> str:
    """An attention module's name as the visitor reads it ("Decoder 0: cross-attention")."""
    return message("attention_kind_" + layer.kind, lang, block=layer.block)


def subject_for(choice: str, session: Session | None) -> am.AttentionSubject:
    """The Transformer to look inside: a trained one (see trained_model_for) or a teaching registry key."""
    found = trained_model_for(choice, session)
    return am.subject_from_trained(*found) if found else am.subject_from_key(choice_key(choice))


def attention_for(choice: str, text: str, session: Session | None):
    """(subject, AttentionResult) of the text. Shipped and random models never change, so their results are kept:
    another head, module or view of the same text does not decode it again. The session's model is read afresh."""
    if choice_key(choice) == SESSION:
        subject = subject_for(choice, session)
        return subject, am.run_attention(subject, text)
    return _shared_attention(choice_key(choice), text)


@lru_cache(maxsize=32)
def _shared_attention(choice: str, text: str):
    subject = subject_for(choice, None)
    return subject, am.run_attention(subject, text)


@lru_cache(maxsize=4)
def vit_capture(source, dataset, index, upload, choice: str, weights):
    """A ViT (random weights, or the visitor's safetensors) on the picture -> (subject, VitCapture, preview); kept
    for the same picture, so the tab's views capture once (uploads are files that never change)."""
    subject = va.vit_subject(choice, weights or None)
    picture, _ = picture_for(source, dataset, index, upload, None)
    x, preview = to_model_input(picture, subject.preprocess, background="white")  # timm's own eval transform
    return subject, va.capture(subject.model, x), preview
