"""The Attention tab's ViT picture views: the picture inputs (a sample, a photo, an upload, the visitor's weights), every
block x head as patch maps, one map (or the rollout) over the picture, and one head's token x token matrix.
The work happens in vit.py; sequence_tab shows these views when the chosen model is a ViT."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core.data.datasets import dataset_info, list_datasets
from playground.core.errors import PlaygroundError
from playground.core.hub import size_text
from playground.core.session import Session
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.pictures import PHOTO, picker_updates

from . import vit as va
from .controls_tab import read_head
from .subjects import ROLLOUT, figure_labels, is_vit, vit_capture
from .vit_figures import plot_patch_attention, plot_patch_overview, plot_token_matrix

SOURCES = ("sample", PHOTO, "upload")
DEFAULT_DATASET = "shapes"


def image_sets() -> list[str]:
    """The image datasets a ViT's sample comes from (their keys are their names here)."""
    return [k for k in list_datasets("image") if dataset_info(k).local]


@dataclass(frozen=True)
class Picture:
    """The ViT's inputs, in their accordion: where the picture comes from, and the visitor's weights."""
    accordion: gr.Accordion
    source: gr.Radio
    dataset: gr.Dropdown
    index: gr.Number
    upload: gr.File
    weights: gr.File

    @property
    def inputs(self) -> list:
        """The picture's inputs in the order the callbacks take them (source, dataset, index, upload, weights)."""
        return [self.source, self.dataset, self.index, self.upload, self.weights]


def layout_picture() -> Picture:
    """The ViT's picture and weights, folded in an accordion under the model's controls."""
    with gr.Accordion(I18N("attention_vit_inputs"), open=False) as vit_accordion:
        source_radio = gr.Radio([(I18N("input_source_" + s), s) for s in SOURCES], value="sample",
                                label=I18N("input_source"), elem_id="attn_vit_source")
        with gr.Row():
            dataset_dropdown = gr.Dropdown(image_sets(), value=DEFAULT_DATASET, label=I18N("input_dataset"),
                                           allow_custom_value=True, elem_id="attn_vit_dataset")
            index_number = gr.Number(0, label=I18N("input_index"), precision=0, minimum=0)
        upload_file = gr.File(label=I18N("input_upload"), file_types=["image"], type="filepath", height=110)
        weights_file = gr.File(label=I18N("attention_vit_weights"), file_types=[".safetensors"], type="filepath",
                               height=110)
    return Picture(vit_accordion, source_radio, dataset_dropdown, index_number, upload_file, weights_file)


def top_class(logits, classes) -> tuple[str, float]:
    """(name, softmax probability) of the most likely class."""
    probs = logits.float().softmax(dim=-1)
    i = int(probs.argmax())
    return (classes[i] if i < len(classes) else str(i)), float(probs[i])


def download_note(progress, lang: str):
    """on_download for published weights: the progress bar names the file and its size while it downloads."""
    return lambda pub, size: progress(0, desc=message("input_downloading", lang, weights=pub.weights,
                                                      size=size_text(size)))


def layout_matrix() -> gr.Plot:
    """One ViT head's token x token matrix, hidden until a ViT block is shown."""
    return gr.Plot(label=I18N("attention_vit_matrix"), visible=False, elem_id="attn_vit_matrix")


def vit_views(choice, module, head, source, dataset, index, upload, weights, lang, progress=None):
    """A ViT on the picture: (text, patch overview, module choices, head slider, the enlarged patch map)."""
    if va.is_published(choice) and progress is not None:  # loaded (or downloaded, with its size shown) first
        va.vit_subject(choice, weights or None, download_note(progress, lang))
    subject, cap, preview = vit_capture(source, dataset, index, upload, choice, weights)
    names = [(message("attention_kind_vit", lang, block=i), n) for i, n in enumerate(cap.names)]
    names.append((message("attention_rollout", lang), ROLLOUT))  # every block at once (Abnar & Zuidema, 2020)
    module = module if module in cap.names or module == ROLLOUT else cap.names[-1]
    n_heads = cap.weights.shape[1]
    h = min(max(read_head(head, lang), 0), n_heads - 1)
    maps = va.cls_maps(cap).numpy()  # (L, nh, gh, gw)
    overview = plot_patch_overview(maps, figure_labels(lang, "attention_fig_", "layer", "head"))
    shown = va.rollout(cap).numpy() if module == ROLLOUT else maps[cap.names.index(module), h]
    enlarged = plot_patch_attention(preview, shown, figure_labels(lang, "attention_fig_", "attention"))
    text = message("attention_result_vit", lang, model=subject.key, n=len(cap.names), heads=n_heads,
                   tokens=cap.weights.shape[-1], grid="x".join(map(str, cap.grid)))
    if subject.weights:
        name, p = top_class(cap.logits, subject.classes)
        text += "\n\n" + message("attention_vit_published", lang, weights=subject.weights, name=name, p=f"{p:.1%}")
    elif not weights:
        text += "\n\n" + message("attention_vit_random_note", lang)
    return text, overview, gr.update(choices=names, value=module), gr.update(maximum=n_heads - 1, value=h), \
        enlarged


def on_picture_source(source, dataset):
    """Another source: the sample photos or the image datasets in the dataset dropdown, the test-example box only
    for a dataset (see picker_updates)."""
    return picker_updates(source, dataset, image_sets(), DEFAULT_DATASET)


def on_picture_gate(choice, source, upload):
    """Redraw after another source only for a ViT, and only when the source has a picture (quietly stops)."""
    if not is_vit(choice) or (source == "upload" and not upload):
        raise gr.Error("nothing to redraw", visible=False, print_exception=False)


def picture_resolver(picture: Picture):
    """resolve(values, request) for the tab's TabView: a restored link's source lists its photos or datasets."""
    def resolve_picture(values: dict, request: gr.Request = None) -> dict:
        dataset, index = on_picture_source(values.get("source", "sample"), values.get("dataset", DEFAULT_DATASET))
        return {picture.dataset: dataset, picture.index: index}
    return resolve_picture


@user_errors
def on_vit_matrix(choice, module, head, source, dataset, index, upload, weights, session: Session,
                  request: gr.Request = None):
    """A ViT head's whole token x token matrix (the step-by-step and mask views are for token models)."""
    lang = language_of(request)
    if not is_vit(choice) or module == ROLLOUT:
        return gr.Plot(value=None, visible=False)
    _, cap, _ = vit_capture(source, dataset, index, upload, choice, weights)
    if module not in cap.names:
        raise PlaygroundError("attention_unknown_layer", layer=module, names=", ".join(cap.names))
    h = read_head(head, lang)
    if not 0 <= h < cap.weights.shape[1]:
        raise PlaygroundError("attention_bad_head", head=h, n=cap.weights.shape[1])
    return gr.Plot(plot_token_matrix(cap.weights[cap.names.index(module), h].numpy(), cap.n_prefix, cap.grid,
                                     figure_labels(lang, "attention_fig_", "query", "key", "attention")), visible=True)
