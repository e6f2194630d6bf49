"""The CNN internals tab's callbacks (on_*): a CNN (the shipped LeNet-5, the session's model, uploaded weights, or
any registry / catalog CNN) on the visitor's picture -> predictions, feature maps, filters, Grad-CAM and the
receptive field. Each unpacks the widgets' values, calls compute.py and packs a figure; tab.py wires them."""
from __future__ import annotations

import gradio as gr

from playground.core.data.datasets import DATASETS, dataset_info, list_datasets
from playground.core.data.images import is_blank, picture_for, to_model_input
from playground.core.errors import PlaygroundError
from playground.core.hub import size_text
from playground.core.probe import Subject
from playground.core.published import is_published
from playground.core.session import SESSION, Session, choice_key, trained_model_for
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.pictures import picker_updates

from .compute import (
    capture,
    grad_cam,
    input_region,
    layer_fields,
    spatial_layers,
    strongest_channels,
    subject_from_key,
    subject_from_published,
    subject_from_trained,
    subject_with_weights,
    top_k,
)
from .figures import plot_feature_maps, plot_filters, plot_grad_cam, plot_input, plot_overview, plot_top_k

UPLOADED, PRETRAINED = "uploaded", "pretrained/lenet5_digits"
DEFAULT_DATASET = "digits"
MAX_CHANNELS = 64


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("cnn_fig_" + k, lang) for k in keys}


# ---------------------------------------------------------------------------------------------------------------
# Model and input

def subject_for(choice: str, session: Session | None, progress=None, lang: str = "en") -> Subject:
    """The CNN to look inside: published weights, a trained one (see trained_model_for), the uploaded weights, or a
    registry or catalog key (random weights)."""
    if is_published(choice):
        return subject_from_published(choice_key(choice), download_note(progress, lang))
    if choice_key(choice) == UPLOADED:
        if not isinstance(session, Session) or session.viewed is None:
            raise PlaygroundError("cnn_no_weights")
        return session.viewed
    found = trained_model_for(choice, session)
    return subject_from_trained(*found) if found else subject_from_key(choice_key(choice))


def download_note(progress, lang: str):
    """on_download for published weights: the progress bar names the file and its size while it downloads."""
    if progress is None:
        return None
    return lambda pub, size: progress(0, desc=message("input_downloading", lang, weights=pub.weights,
                                                      size=size_text(size)))


def prepared(choice, source, dataset, index, upload, drawing, invert, session, progress=None, lang: str = "en"):
    subject = subject_for(choice, session, progress, lang)
    picture, on_paper = picture_for(source, dataset, index, upload, drawing)
    x, preview = to_model_input(picture, subject.preprocess, invert=bool(invert) and on_paper,
                                via=subject.via if on_paper else None, background="white")  # transparency: paper
    return subject, x, preview


def _weights_text(subject: Subject, lang: str) -> str:
    """Published weights by name ("ImageNet-1k, resnet50.a1_in1k"), else "nothing (random weights)"."""
    if subject.weights:
        return message("cnn_published_weights", lang, weights=subject.weights, n=len(subject.classes))
    return message("cnn_random_weights", lang)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_predict(choice, source, dataset, index, upload, drawing, invert, layer, session: Session,
               request: gr.Request = None,
               progress=gr.Progress(track_tqdm=True)):
    """Top-k predictions, what the model sees, every stage at a glance, and the layers to choose from."""
    lang = language_of(request)
    subject, x, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session, progress, lang)
    cap = capture(subject.model, x)
    names = [m.name for m in cap.layers]
    layer = choice_key(layer) if choice_key(layer) in names else names[0]
    strip = plot_overview([(m.name, m.maps[strongest_channels(m.maps, 3)].numpy()) for m in cap.layers],
                          _labels(lang, "title"))
    h, w = next(m.maps.shape[1:] for m in cap.layers if m.name == layer)
    info = message("cnn_info", lang, model=subject.key, shape="x".join(map(str, subject.input_shape)),
                   dataset=message("dataset_" + subject.dataset, lang) if subject.dataset in DATASETS
                   else subject.dataset or _weights_text(subject, lang))
    return (info, plot_input(preview, _labels(lang, "region")), plot_top_k(top_k(cap.logits, subject.classes),
            _labels(lang, "probability")), strip, gr.update(choices=names, value=layer),
            gr.update(maximum=h - 1, value=min(h // 2, h - 1)), gr.update(maximum=w - 1, value=min(w // 2, w - 1)))


@user_errors
def on_feature_maps(choice, source, dataset, index, upload, drawing, invert, layer, k, scale, session: Session,
                    request: gr.Request = None,
                    progress=gr.Progress(track_tqdm=True)):
    """The chosen layer's strongest k channels as one tiled heatmap."""
    lang = language_of(request)
    subject, x, _ = prepared(choice, source, dataset, index, upload, drawing, invert, session, progress, lang)
    maps = {m.name: m for m in capture(subject.model, x).layers}
    if choice_key(layer) not in maps:
        raise PlaygroundError("cnn_unknown_layer", layer=layer)
    m = maps[choice_key(layer)].maps
    k = read_number(k, "cnn_k", lang, whole_number=True, default=16) or 16
    channels = strongest_channels(m, max(1, min(k, MAX_CHANNELS)))
    return plot_feature_maps(m[channels].numpy(), channels, _labels(lang, "channel", "scale"),
                             scale="layer" if scale == "layer" else "channel")


@user_errors
def on_filters(choice, layer, session: Session, request: gr.Request = None,
               progress=gr.Progress(track_tqdm=True)):
    """The weights of the chosen layer when it is a convolution."""
    lang = language_of(request)
    subject = subject_for(choice, session, progress, lang)
    module = spatial_layers(subject.model).get(choice_key(layer))
    if module is None:
        raise PlaygroundError("cnn_unknown_layer", layer=layer)
    if not hasattr(module, "weight"):
        return None  # pooling has no weights
    return plot_filters(module.weight.detach().float().cpu().numpy(), _labels(lang, "weight", "in", "out"))


@user_errors
def on_grad_cam(choice, source, dataset, index, upload, drawing, invert, layer, target, session: Session,
                request: gr.Request = None,
                progress=gr.Progress(track_tqdm=True)):
    """Which input pixels pushed a class up (the predicted one when target is empty or -1), at the chosen layer."""
    lang = language_of(request)
    subject, x, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session, progress, lang)
    target = None if target is None or target == "" else read_number(target, "cnn_cam_class", lang, whole_number=True)
    cam, target, predicted = grad_cam(subject.model, x, choice_key(layer),
                                      None if target is None or target < 0 else target)
    name, guess = (subject.classes[i] if i < len(subject.classes) else str(i) for i in (target, predicted))
    text = message("cnn_cam_for", lang, name=name) if target == predicted else \
        message("cnn_cam_for_chosen", lang, name=name, predicted=guess)
    return plot_grad_cam(preview, cam, _labels(lang, "importance")), text


@user_errors
def on_load_weights(file, choice, session: Session, request: gr.Request = None):
    """Weights for a CNN from a local safetensors file; the CNN tab then shows that model ("uploaded")."""
    if not file:
        raise PlaygroundError("train_no_file")
    if not isinstance(session, Session):
        session = Session()
    key = choice if choice not in (SESSION, UPLOADED) and not str(choice).startswith("pretrained/") else "lenet5"
    session.viewed = subject_with_weights(key, file if isinstance(file, str) else getattr(file, "name", file))
    return gr.update(value=UPLOADED), session


@user_errors
def on_receptive_field(choice, source, dataset, index, upload, drawing, invert, layer, row, col,
                       session: Session, request: gr.Request = None,
                       progress=gr.Progress(track_tqdm=True)):
    """The input region that one position of the chosen layer's feature map sees."""
    lang = language_of(request)
    subject, _, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session, progress, lang)
    field = layer_fields(subject.key, subject.input_shape).get(choice_key(layer))
    if field is None:
        return plot_input(preview, _labels(lang, "region")), message("cnn_rf_unknown", lang, layer=layer)
    _, h, w = subject.input_shape
    row, col = (read_number(v, name, lang, whole_number=True, default=0) for v, name in ((row, "cnn_row"),
                                                                                      (col, "cnn_col")))
    region = input_region(field, row, col, h, w)
    text = message("cnn_rf", lang, layer=layer, row=row, col=col, size=int(field.size[0]),
                   jump=int(field.jump[0]), top=region[0], left=region[1], bottom=region[2], right=region[3])
    return plot_input(preview, _labels(lang, "region"), region), text


@user_errors
def on_model_invert(choice, session: Session, request: gr.Request = None):
    """Another model: "dark ink on light paper" on for models that learnt light strokes on dark (the digit models);
    off and locked, with a note, for colour models, which see pictures as they are. Published weights are ImageNet
    colour models: nothing is loaded (or downloaded) here, without a progress bar."""
    if is_published(choice):
        return gr.update(value=False, interactive=False, info=I18N("cnn_invert_off"))
    try:
        digits = subject_for(choice, session).preprocess.light_on_dark
    except PlaygroundError:
        return gr.skip()  # the views say what is wrong with the model
    return gr.update(value=digits, interactive=digits, info=I18N("cnn_invert_info" if digits else "cnn_invert_off"))


def _waiting(source, upload, drawing) -> bool:
    """The chosen source has nothing in it yet (just switched to upload or draw)."""
    return (source == "upload" and not upload) or (source == "draw" and is_blank(drawing))


def dataset_choices() -> list[tuple]:
    """The image datasets a sample comes from, as (label, key) dropdown choices."""
    return [(I18N("dataset_" + k), k) for k in list_datasets("image") if dataset_info(k).local]


def on_source_picture(source, dataset):
    """Another source: the sample photos or the image datasets in the dataset dropdown (its value kept when it
    is one of them), and the test-example box shown only for a dataset (see picker_updates)."""
    return picker_updates(source, dataset, dataset_choices(), DEFAULT_DATASET)


def on_source_hint(source, upload, drawing, request: gr.Request = None):
    """Switching to an empty upload or drawing: say what to do, in place of the views' old caption."""
    if _waiting(source, upload, drawing):
        return message("cnn_hint_" + source, language_of(request))
    return gr.skip()


def on_source_gate(source, upload, drawing):
    """Let the views update only when the chosen source has something in it (quietly stops the chain)."""
    if _waiting(source, upload, drawing):
        raise gr.Error("waiting for input", visible=False, print_exception=False)


def on_live_tick(choice, source, dataset, index, upload, drawing, invert, layer, k, scale, session: Session,
                 request: gr.Request = None):
    """While this session trains, refresh the predictions and the chosen layer from a copy of the model."""
    if choice != SESSION or not isinstance(session, Session) or session.live is None:
        return gr.skip(), gr.skip(), gr.skip()
    try:
        _, _, top, *_ = on_predict(choice, source, dataset, index, upload, drawing, invert, layer, session, request)
        maps = on_feature_maps(choice, source, dataset, index, upload, drawing, invert, layer, k, scale, session,
                               request)
        return top, maps, on_filters(choice, layer, session, request)
    except gr.Error:  # the input is not ready yet, or the layer changed: try again at the next tick
        return gr.skip(), gr.skip(), gr.skip()
