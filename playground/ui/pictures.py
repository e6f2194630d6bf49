"""What the picture pickers share (the CNN tab, the Attention tab's ViT): the sample photos as a source beside the
dataset samples, one dropdown naming a dataset or, when the source is "photo", a photo (so the endpoints keep
their parameters), and the test-example box that only a dataset needs."""
from __future__ import annotations

import gradio as gr

from playground.core.data.photos import DEFAULT_PHOTO, PHOTOS

from .feedback import I18N

PHOTO = "photo"  # the source value of the sample photos; `dataset` then carries the photo's name


def photo_choices() -> list[tuple]:
    """The sample photos as (label, name) dropdown choices."""
    return [(I18N("input_photo_" + name), name) for name in PHOTOS]


def picker_updates(source, dataset, datasets: list, default: str) -> tuple[dict, dict]:
    """(dataset dropdown, index box) updates for the chosen source: the photos and no example number for "photo",
    else the image datasets (`datasets`: its choices; `default`: the value when `dataset` is not one of them)."""
    if source == PHOTO:
        return (gr.update(choices=photo_choices(), value=dataset if dataset in PHOTOS else DEFAULT_PHOTO,
                          label=I18N("input_photo")), gr.update(visible=False))
    keys = [c[1] if isinstance(c, (tuple, list)) else c for c in datasets]
    return (gr.update(choices=datasets, value=dataset if dataset in keys else default, label=I18N("input_dataset")),
            gr.update(visible=True))
