"""The CNN internals tab: a CNN (the shipped LeNet-5, the session's model, or any registry / catalog CNN) on the
visitor's input (a dataset sample, an upload or a drawing): predictions, every stage at a glance, one layer's
feature maps and filters, Grad-CAM, and the input region behind a feature-map position. Live while the Train tab
trains a CNN in the same session. The work happens in playground.activations."""
from __future__ import annotations

import gradio as gr

from playground.core.data.datasets import dataset_info, list_datasets
from playground.core.data.images import is_blank, picture_for, to_model_input
from playground.core.errors import PlaygroundError
from playground.core.models import list_models
from playground.core.probe import Subject
from playground.core.session import SESSION, Session, choice_key, trained_model_for
from playground.core.train.shipped import available
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained
from playground.ui.live import toggle_timer

from .compute import (
    capture,
    grad_cam,
    input_region,
    layer_fields,
    spatial_layers,
    strongest_channels,
    subject_from_key,
    subject_from_trained,
    subject_with_weights,
    top_k,
)
from .figures import plot_feature_maps, plot_filters, plot_grad_cam, plot_input, plot_overview, plot_top_k

UPLOADED, PRETRAINED = "uploaded", "pretrained/lenet5_digits"
SOURCES = ("sample", "upload", "draw")
MAX_CHANNELS = 64
LIVE_EVERY = 2.0  # seconds between refreshes while the session's model trains


def model_choices() -> list[tuple[str, str]]:
    shipped = [(f"{n} ✓", f"pretrained/{n}") for n in available() if n.startswith("lenet")]
    cnns = [(k, k) for k in list_models(group="cnn")]
    return [(I18N("cnn_session_model"), SESSION), (I18N("cnn_uploaded_model"), UPLOADED), *shipped, *cnns]


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("cnn_fig_" + k, lang) for k in keys}


# ---------------------------------------------------------------------------------------------------------------
# Model and input

def subject_for(choice: str, session: Session | None) -> Subject:
    """The CNN to look inside: a trained one (see trained_model_for), the uploaded weights, or a registry key."""
    if choice_key(choice) == UPLOADED:
        if not isinstance(session, Session) or session.viewed is None:
            raise PlaygroundError("cnn_no_weights")
        return session.viewed
    found = trained_model_for(choice, session)
    return subject_from_trained(*found) if found else subject_from_key(choice_key(choice))


def prepared(choice, source, dataset, index, upload, drawing, invert, session):
    subject = subject_for(choice, session)
    picture, on_paper = picture_for(source, dataset, index, upload, drawing)
    x, preview = to_model_input(picture, subject.input_shape, subject.mean, subject.std,
                                invert=bool(invert) and on_paper, via=subject.via if on_paper else None,
                                background="white")  # transparent pixels are paper
    return subject, x, preview


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_predict(choice, source, dataset, index, upload, drawing, invert, layer, session: Session,
               request: gr.Request = None):
    """Top-k predictions, what the model sees, every stage at a glance, and the layers to choose from."""
    lang = language_of(request)
    subject, x, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session)
    cap = capture(subject.model, x)
    names = [m.name for m in cap.layers]
    layer = choice_key(layer) if choice_key(layer) in names else names[0]
    strip = plot_overview([(m.name, m.maps[strongest_channels(m.maps, 3)].numpy()) for m in cap.layers],
                          _labels(lang, "title"))
    h, w = next(m.maps.shape[1:] for m in cap.layers if m.name == layer)
    info = message("cnn_info", lang, model=subject.key, shape="x".join(map(str, subject.input_shape)),
                   dataset=subject.dataset or message("cnn_random_weights", lang))
    return (info, plot_input(preview, _labels(lang, "region")), plot_top_k(top_k(cap.logits, subject.classes),
            _labels(lang, "probability")), strip, gr.update(choices=names, value=layer),
            gr.update(maximum=h - 1, value=min(h // 2, h - 1)), gr.update(maximum=w - 1, value=min(w // 2, w - 1)))


@user_errors
def on_feature_maps(choice, source, dataset, index, upload, drawing, invert, layer, k, scale, session: Session,
                    request: gr.Request = None):
    """The chosen layer's strongest k channels as one tiled heatmap."""
    lang = language_of(request)
    subject, x, _ = prepared(choice, source, dataset, index, upload, drawing, invert, session)
    maps = {m.name: m for m in capture(subject.model, x).layers}
    if choice_key(layer) not in maps:
        raise PlaygroundError("unknown_layer", layer=layer)
    m = maps[choice_key(layer)].maps
    k = read_number(k, "cnn_k", lang, whole_number=True, default=16) or 16
    channels = strongest_channels(m, max(1, min(k, MAX_CHANNELS)))
    return plot_feature_maps(m[channels].numpy(), channels, _labels(lang, "channel", "scale"),
                             scale="layer" if scale == "layer" else "channel")


@user_errors
def on_filters(choice, layer, session: Session, request: gr.Request = None):
    """The weights of the chosen layer when it is a convolution."""
    lang = language_of(request)
    subject = subject_for(choice, session)
    module = spatial_layers(subject.model).get(choice_key(layer))
    if module is None:
        raise PlaygroundError("unknown_layer", layer=layer)
    if not hasattr(module, "weight"):
        return None  # pooling has no weights
    return plot_filters(module.weight.detach().float().cpu().numpy(), _labels(lang, "weight", "in", "out"))


@user_errors
def on_grad_cam(choice, source, dataset, index, upload, drawing, invert, layer, target, session: Session,
                request: gr.Request = None):
    """Which input pixels pushed a class up (the predicted one when target is empty or -1), at the chosen layer."""
    lang = language_of(request)
    subject, x, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session)
    target = None if target is None or target == "" else read_number(target, "cnn_cam_class", lang, whole_number=True)
    cam, target = grad_cam(subject.model, x, choice_key(layer), None if target is None or target < 0 else target)
    name = subject.classes[target] if target < len(subject.classes) else str(target)
    return plot_grad_cam(preview, cam, _labels(lang, "importance")), message("cnn_cam_for", lang, name=name)


@user_errors
def on_load_weights(file, choice, session: Session, request: gr.Request = None):
    """Weights for a CNN from a local safetensors file; the CNN tab then shows that model ("uploaded")."""
    if not file:
        raise PlaygroundError("tr_no_file")
    if not isinstance(session, Session):
        session = Session()
    key = choice if choice not in (SESSION, UPLOADED) and not str(choice).startswith("pretrained/") else "lenet5"
    session.viewed = subject_with_weights(key, file if isinstance(file, str) else getattr(file, "name", file))
    return gr.update(value=UPLOADED), session


@user_errors
def on_receptive_field(choice, source, dataset, index, upload, drawing, invert, layer, row, col,
                       session: Session, request: gr.Request = None):
    """The input region that one position of the chosen layer's feature map sees."""
    lang = language_of(request)
    subject, _, preview = prepared(choice, source, dataset, index, upload, drawing, invert, session)
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


def _waiting(source, upload, drawing) -> bool:
    """The chosen source has nothing in it yet (just switched to upload or draw)."""
    return (source == "upload" and not upload) or (source == "draw" and is_blank(drawing))


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


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

SELECT_BRUSH = """() => {
  const pick = (tries) => {
    const b = document.querySelector('#cnn_sketch button[aria-label="Brush"]');
    if (b) { b.click(); } else if (tries > 0) { setTimeout(() => pick(tries - 1), 200); }
  };
  pick(15);
}"""


def build(ctx: TabContext) -> TabView:
    demo, session_state = ctx.demo, ctx.session
    image_sets = [k for k in list_datasets("image") if dataset_info(k).local]
    with gr.Tab(I18N("tab_cnn"), id="cnn") as tab:
        gr.Markdown(I18N("cnn_intro"), elem_classes="pg-intro")
        with gr.Row():
            with gr.Column(scale=2):
                model_dropdown = gr.Dropdown(model_choices(), value=PRETRAINED, label=I18N("cnn_model"),
                                             info=I18N("cnn_model_info"), allow_custom_value=True, filterable=True,
                                             elem_id="cnn_model")
                source_radio = gr.Radio([(I18N("cnn_source_" + s), s) for s in SOURCES], value="sample",
                                        label=I18N("cnn_source"), elem_id="cnn_source")
                with gr.Row():
                    dataset_dropdown = gr.Dropdown(image_sets, value="digits", label=I18N("cnn_dataset"),
                                                   allow_custom_value=True, elem_id="cnn_dataset")
                    index_number = gr.Number(0, label=I18N("cnn_index"), precision=0, minimum=0,
                                             elem_id="cnn_index")
                upload_image = gr.File(label=I18N("cnn_upload"), file_types=["image"], type="filepath", height=120,
                                       elem_id="cnn_upload")  # decoded by us, so a bad file gets our message
                sketch = gr.Sketchpad(label=I18N("cnn_draw"), canvas_size=(280, 280), image_mode="L", type="numpy",
                                      brush=gr.Brush(default_size=22, colors=["#000000"], color_mode="fixed"),
                                      elem_id="cnn_sketch")
                invert_checkbox = gr.Checkbox(True, label=I18N("cnn_invert"), info=I18N("cnn_invert_info"))
                live_checkbox = gr.Checkbox(False, label=I18N("cnn_live"), info=I18N("cnn_live_info"),
                                            elem_id="cnn_live")
                weights_file = gr.File(label=I18N("cnn_weights"), file_types=[".safetensors"], type="filepath",
                                       elem_id="cnn_weights")
            with gr.Column(scale=3):
                info_markdown = gr.Markdown(elem_id="cnn_info")
                with gr.Row():
                    input_plot = gr.Plot(label=I18N("cnn_input"), elem_id="cnn_input")
                    top_plot = gr.Plot(label=I18N("cnn_top"), elem_id="cnn_top")
                gr.Markdown(I18N("cnn_softmax_note"))
                overview_plot = gr.Plot(label=I18N("cnn_overview"), elem_id="cnn_overview")
        with gr.Row():
            layer_dropdown = gr.Dropdown([], label=I18N("cnn_layer"), allow_custom_value=True, elem_id="cnn_layer")
            k_slider = gr.Slider(1, MAX_CHANNELS, value=16, step=1, label=I18N("cnn_k"))
            scale_radio = gr.Radio([(I18N("cnn_scale_channel"), "channel"), (I18N("cnn_scale_layer"), "layer")],
                                   value="channel", label=I18N("cnn_scale"))
        with gr.Row():
            maps_plot = gr.Plot(label=I18N("cnn_maps"), elem_id="cnn_maps")
            filters_plot = gr.Plot(label=I18N("cnn_filters"), elem_id="cnn_filters")
        with gr.Row():
            with gr.Column():
                cam_class = gr.Number(-1, label=I18N("cnn_cam_class"), info=I18N("cnn_cam_class_info"), precision=0,
                                      elem_id="cnn_cam_class")
                cam_markdown = gr.Markdown(elem_id="cnn_cam_text")
                cam_plot = gr.Plot(label=I18N("cnn_cam"), elem_id="cnn_cam")
            with gr.Column():
                with gr.Row():
                    row_slider = gr.Slider(0, 27, value=14, step=1, label=I18N("cnn_row"), elem_id="cnn_row")
                    col_slider = gr.Slider(0, 27, value=14, step=1, label=I18N("cnn_col"), elem_id="cnn_col")
                rf_markdown = gr.Markdown(elem_id="cnn_rf_text")
                rf_plot = gr.Plot(label=I18N("cnn_rf_plot"), elem_id="cnn_rf")
        timer = gr.Timer(LIVE_EVERY, active=False)

    picture = [model_dropdown, source_radio, dataset_dropdown, index_number, upload_image, sketch, invert_checkbox,
               layer_dropdown]
    predict_out = [info_markdown, input_plot, top_plot, overview_plot, layer_dropdown, row_slider, col_slider]
    maps_in = picture + [k_slider, scale_radio, session_state]
    views = dict(show_progress_on=info_markdown)

    def chain(event):
        """predict -> feature maps -> filters -> Grad-CAM -> receptive field, each its own API endpoint."""
        hidden = dict(api_visibility="private")
        return event.success(on_feature_maps, maps_in, maps_plot, api_name="then_feature_maps", **views, **hidden
                             ).success(on_filters, [model_dropdown, layer_dropdown, session_state], filters_plot,
                                       api_name="then_filters", **hidden
                                       ).success(on_grad_cam, picture + [cam_class, session_state],
                                                 [cam_plot, cam_markdown], api_name="then_grad_cam", **hidden
                                                 ).success(on_receptive_field,
                                                           picture + [row_slider, col_slider, session_state],
                                                           [rf_plot, rf_markdown], api_name="then_receptive_field",
                                                           **hidden)

    source_inputs = [source_radio, upload_image, sketch]
    source_radio.input(on_source_hint, source_inputs, info_markdown, api_name="cnn_source_hint",
                       api_visibility="private")
    chain(source_radio.input(on_source_gate, source_inputs, None, api_name="cnn_source_gate",
                             api_visibility="private", show_progress="hidden"
                             ).success(on_predict, picture + [session_state], predict_out,
                                       api_name="predict_after_source", api_visibility="private", **views))
    chain(gr.on([model_dropdown.input, dataset_dropdown.input, index_number.submit,
                 upload_image.upload, sketch.change, invert_checkbox.input], on_predict, picture + [session_state],
                predict_out, api_name="predict", trigger_mode="always_last", concurrency_id="cnn",
                concurrency_limit=4, **views))
    gr.on([layer_dropdown.input, k_slider.release, scale_radio.input], on_feature_maps, maps_in, maps_plot,
          api_name="feature_maps", concurrency_id="cnn", concurrency_limit=4, **views
          ).success(on_filters, [model_dropdown, layer_dropdown, session_state], filters_plot, api_name="filters"
                    ).success(on_grad_cam, picture + [cam_class, session_state], [cam_plot, cam_markdown],
                              api_name="grad_cam"
                              ).success(on_receptive_field, picture + [row_slider, col_slider, session_state],
                                        [rf_plot, rf_markdown], api_name="receptive_field")
    gr.on([row_slider.release, col_slider.release], on_receptive_field,
          picture + [row_slider, col_slider, session_state], [rf_plot, rf_markdown],
          api_name="receptive_field_position")
    cam_class.submit(on_grad_cam, picture + [cam_class, session_state], [cam_plot, cam_markdown],
                     api_name="grad_cam_for_class")
    chain(weights_file.upload(on_load_weights, [weights_file, model_dropdown, session_state],
                              [model_dropdown, session_state], api_name="load_weights"
                              ).success(on_predict, picture + [session_state], predict_out,
                                        api_name="predict_after_weights", api_visibility="private", **views))
    live_checkbox.input(toggle_timer, live_checkbox, timer, api_name="cnn_live", api_visibility="private")
    timer.tick(on_live_tick, maps_in, [top_plot, maps_plot, filters_plot], api_name="cnn_live_tick",
               api_visibility="private", show_progress="hidden")
    # Gradio 6's Sketchpad draws only once its Brush is chosen: choose it when the tab opens.
    tab.select(None, None, None, js=SELECT_BRUSH, api_name="cnn_select_brush", api_visibility="private")
    chain(tab.select(on_predict, picture + [session_state], predict_out, api_name="load_cnn",  # drawn on opening
                    api_visibility="private"))

    def refresh(button: gr.Button):
        button.click(None, None, None, js=SELECT_BRUSH, api_name="cnn_refresh_brush", api_visibility="private")
        button.click(*chained([
            (on_predict, picture + [session_state], predict_out), (on_feature_maps, maps_in, [maps_plot]),
            (on_filters, [model_dropdown, layer_dropdown, session_state], [filters_plot]),
            (on_grad_cam, picture + [cam_class, session_state], [cam_plot, cam_markdown]),
            (on_receptive_field, picture + [row_slider, col_slider, session_state], [rf_plot, rf_markdown])]),
            api_name="refresh_cnn", api_visibility="private", concurrency_id="cnn", concurrency_limit=4, **views)

    return TabView("cnn", {"model": model_dropdown, "source": source_radio, "dataset": dataset_dropdown,
                           "index": index_number, "invert": invert_checkbox, "layer": layer_dropdown, "k": k_slider,
                           "scale": scale_radio, "cam_class": cam_class, "row": row_slider, "col": col_slider},
                   {"cnn": refresh}, advanced=[weights_file, invert_checkbox, live_checkbox])
