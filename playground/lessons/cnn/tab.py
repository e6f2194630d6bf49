"""The CNN internals tab: a CNN (the shipped LeNet-5, the session's model, or any registry / catalog CNN) on the
visitor's input (a dataset sample, a sample photo, an upload or a drawing): predictions, every stage at a glance, one layer's
feature maps and filters, Grad-CAM, and the input region behind a feature-map position. Live while the Train tab
trains a CNN in the same session. Lays out and wires the callbacks of callbacks.py; the work happens in compute.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core.models import list_models
from playground.core.published import PREFIX, SUGGESTED_CNNS
from playground.core.session import SESSION
from playground.core.train.shipped import available
from playground.ui.feedback import I18N
from playground.ui.live import toggle_timer
from playground.ui.view import TabContext, TabView, chained, committed

from .callbacks import (
    DEFAULT_DATASET,
    MAX_CHANNELS,
    PRETRAINED,
    UPLOADED,
    dataset_choices,
    on_feature_maps,
    on_filters,
    on_grad_cam,
    on_live_tick,
    on_load_weights,
    on_model_invert,
    on_predict,
    on_receptive_field,
    on_source_gate,
    on_source_hint,
    on_source_picture,
)

SOURCES = ("sample", "photo", "upload", "draw")
LIVE_EVERY = 2.0  # seconds between refreshes while the session's model trains


def model_choices() -> list[tuple[str, str]]:
    """The session's model, the uploaded weights, the shipped LeNets, every CNN of the registry, then catalog CNNs
    with their published ImageNet weights (downloaded when first chosen)."""
    shipped = [(f"{n} ✓", f"pretrained/{n}") for n in available() if n.startswith("lenet")]
    cnns = [(k, k) for k in list_models(group="cnn")]
    published = [(f"{k} · ImageNet", PREFIX + k) for k in SUGGESTED_CNNS]
    return [(I18N("input_session_model"), SESSION), (I18N("cnn_uploaded_model"), UPLOADED), *shipped, *cnns,
            *published]


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

SELECT_BRUSH = """() => {
  const pick = (tries) => {
    const b = document.querySelector('#cnn_sketch button[aria-label="Brush"]');
    if (b) { b.click(); } else if (tries > 0) { setTimeout(() => pick(tries - 1), 200); }
  };
  pick(15);
}"""


@dataclass(frozen=True)
class SourcePicker:
    """The model and the picture it reads: a dataset sample, an upload or a drawing; the model's weights."""
    model: gr.Dropdown
    source: gr.Radio
    dataset: gr.Dropdown
    index: gr.Number
    upload: gr.File
    sketch: gr.Sketchpad
    invert: gr.Checkbox
    live: gr.Checkbox
    weights: gr.File


@dataclass(frozen=True)
class Predictions:
    """What the model sees and predicts, and every stage at a glance."""
    info: gr.Markdown
    input_plot: gr.Plot
    top_plot: gr.Plot
    overview_plot: gr.Plot


@dataclass(frozen=True)
class LayerMaps:
    """One layer's feature maps and filters, and how many channels on which colour scale."""
    layer: gr.Dropdown
    k: gr.Slider
    scale: gr.Radio
    maps_plot: gr.Plot
    filters_plot: gr.Plot


@dataclass(frozen=True)
class Probes:
    """Grad-CAM for a class, and the input region behind one position of the layer's feature map."""
    cam_class: gr.Number
    cam_text: gr.Markdown
    cam_plot: gr.Plot
    row: gr.Slider
    col: gr.Slider
    rf_text: gr.Markdown
    rf_plot: gr.Plot


@dataclass(frozen=True)
class Ports:
    """Each callback's inputs and outputs, in their parameters' order (every view reads the picture's inputs)."""
    session: gr.State
    predict_in: list
    predict_out: list
    maps_in: list
    maps_out: gr.Plot
    filters_in: list
    filters_out: gr.Plot
    cam_in: list
    cam_out: list
    rf_in: list
    rf_out: list
    progress: dict  # the views show their progress on the model's caption

    @classmethod
    def of(cls, s: SourcePicker, p: Predictions, m: LayerMaps, g: Probes, session: gr.State) -> Ports:
        """The lists the callbacks take and fill, from the tab's parts."""
        picture = [s.model, s.source, s.dataset, s.index, s.upload, s.sketch, s.invert, m.layer]
        return cls(session=session, predict_in=picture + [session],
                   predict_out=[p.info, p.input_plot, p.top_plot, p.overview_plot, m.layer, g.row, g.col],
                   maps_in=picture + [m.k, m.scale, session], maps_out=m.maps_plot,
                   filters_in=[s.model, m.layer, session], filters_out=m.filters_plot,
                   cam_in=picture + [g.cam_class, session], cam_out=[g.cam_plot, g.cam_text],
                   rf_in=picture + [g.row, g.col, session], rf_out=[g.rf_plot, g.rf_text],
                   progress=dict(show_progress_on=p.info))

    def chain(self, event):
        """predict -> feature maps -> filters -> Grad-CAM -> receptive field, each its own API endpoint."""
        hidden = dict(api_visibility="private")
        return event.success(on_feature_maps, self.maps_in, self.maps_out, api_name="then_feature_maps",
                             **self.progress, **hidden
                             ).success(on_filters, self.filters_in, self.filters_out, api_name="then_filters", **hidden
                                       ).success(on_grad_cam, self.cam_in, self.cam_out, api_name="then_grad_cam",
                                                 **hidden
                                                 ).success(on_receptive_field, self.rf_in, self.rf_out,
                                                           api_name="then_receptive_field", **hidden)

    def drawing_steps(self) -> list[tuple]:
        """Every view's (callback, inputs, outputs), in the order a redraw runs them (see chained)."""
        return [(on_predict, self.predict_in, self.predict_out), (on_feature_maps, self.maps_in, [self.maps_out]),
                (on_filters, self.filters_in, [self.filters_out]), (on_grad_cam, self.cam_in, self.cam_out),
                (on_receptive_field, self.rf_in, self.rf_out)]


def layout_source_picker() -> SourcePicker:
    """The model, the picture's source (a sample, a photo, an upload, a drawing), and the model's options."""
    model_dropdown = gr.Dropdown(model_choices(), value=PRETRAINED, label=I18N("cnn_model"),
                                 info=I18N("cnn_model_info"), allow_custom_value=True, filterable=True,
                                 elem_id="cnn_model")
    source_radio = gr.Radio([(I18N("input_source_" + s), s) for s in SOURCES], value="sample",
                            label=I18N("input_source"), elem_id="cnn_source")
    with gr.Row():
        dataset_dropdown = gr.Dropdown(dataset_choices(), value=DEFAULT_DATASET,
                                       label=I18N("input_dataset"), allow_custom_value=True, elem_id="cnn_dataset")
        index_number = gr.Number(0, label=I18N("input_index"), precision=0, minimum=0, elem_id="cnn_index")
    upload_image = gr.File(label=I18N("input_upload"), file_types=["image"], type="filepath", height=120,
                           elem_id="cnn_upload")  # decoded by us, so a bad file gets our message
    sketch = gr.Sketchpad(label=I18N("cnn_draw"), canvas_size=(280, 280), image_mode="L", type="numpy",
                          brush=gr.Brush(default_size=22, colors=["#000000"], color_mode="fixed"),
                          layers=False, elem_id="cnn_sketch")
    invert_checkbox = gr.Checkbox(True, label=I18N("cnn_invert"), info=I18N("cnn_invert_info"),
                                  elem_id="cnn_invert")
    live_checkbox = gr.Checkbox(False, label=I18N("cnn_live"), info=I18N("cnn_live_info"), elem_id="cnn_live")
    weights_file = gr.File(label=I18N("cnn_weights"), file_types=[".safetensors"], type="filepath",
                           elem_id="cnn_weights")
    return SourcePicker(model_dropdown, source_radio, dataset_dropdown, index_number, upload_image, sketch,
                        invert_checkbox, live_checkbox, weights_file)


def layout_predictions() -> Predictions:
    """The caption, what the model sees beside its top-k, and every stage at a glance, in one column."""
    info_markdown = gr.Markdown(elem_id="cnn_info")
    with gr.Row():
        input_plot = gr.Plot(label=I18N("cnn_input"), elem_id="cnn_input")
        top_plot = gr.Plot(label=I18N("cnn_top"), elem_id="cnn_top")
    gr.Markdown(I18N("cnn_softmax_note"))
    overview_plot = gr.Plot(label=I18N("cnn_overview"), elem_id="cnn_overview")
    return Predictions(info_markdown, input_plot, top_plot, overview_plot)


def layout_layer_maps() -> LayerMaps:
    """The layer and how its maps are shown, then its feature maps beside its filters."""
    with gr.Row():
        layer_dropdown = gr.Dropdown([], label=I18N("cnn_layer"), allow_custom_value=True, elem_id="cnn_layer")
        k_slider = gr.Slider(1, MAX_CHANNELS, value=16, step=1, label=I18N("cnn_k"))
        scale_radio = gr.Radio([(I18N("cnn_scale_channel"), "channel"), (I18N("cnn_scale_layer"), "layer")],
                               value="channel", label=I18N("cnn_scale"))
    with gr.Row():
        maps_plot = gr.Plot(label=I18N("cnn_maps"), elem_id="cnn_maps")
        filters_plot = gr.Plot(label=I18N("cnn_filters"), elem_id="cnn_filters")
    return LayerMaps(layer_dropdown, k_slider, scale_radio, maps_plot, filters_plot)


def layout_probes() -> Probes:
    """Grad-CAM (its class, text and figure) beside the receptive field (its position, text and figure)."""
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
    return Probes(cam_class, cam_markdown, cam_plot, row_slider, col_slider, rf_markdown, rf_plot)


def wire_source_picker(s: SourcePicker, p: Predictions, ports: Ports) -> None:
    """A new source: its dataset or photo choices, a hint while it is empty, else every view of its picture."""
    source_inputs, hidden = [s.source, s.upload, s.sketch], dict(api_visibility="private", show_progress="hidden")
    s.source.input(on_source_hint, source_inputs, p.info, api_name="cnn_source_hint", api_visibility="private")
    ports.chain(s.source.input(on_source_picture, [s.source, s.dataset], [s.dataset, s.index],
                               api_name="cnn_source_picture", **hidden
                               ).success(on_source_gate, source_inputs, None, api_name="cnn_source_gate", **hidden
                                         ).success(on_predict, ports.predict_in, ports.predict_out,
                                                   api_name="predict_after_source", api_visibility="private",
                                                   **ports.progress))


def wire_weights(s: SourcePicker, ports: Ports) -> None:
    """Weights from a file: the model becomes "uploaded", then every view of it. Wired after the other views, so
    the numbered names of the chained events (then_feature_maps_2, ...) stay what they were."""
    ports.chain(s.weights.upload(on_load_weights, [s.weights, s.model, ports.session], [s.model, ports.session],
                                 api_name="load_weights"
                                 ).success(on_predict, ports.predict_in, ports.predict_out,
                                           api_name="predict_after_weights", api_visibility="private",
                                           **ports.progress))


def wire_predictions_and_maps(s: SourcePicker, m: LayerMaps, ports: Ports) -> None:
    """Another model or picture redraws every view; another layer, k or scale every view of that layer."""
    ports.chain(gr.on([s.dataset.input, *committed(s.index), s.upload.upload, s.sketch.change,
                       s.invert.input], on_predict, ports.predict_in, ports.predict_out, api_name="predict",
                      trigger_mode="always_last", concurrency_id="cnn", concurrency_limit=4, **ports.progress))
    gr.on([m.layer.input, m.k.release, m.scale.input], on_feature_maps, ports.maps_in, ports.maps_out,
          api_name="feature_maps", concurrency_id="cnn", concurrency_limit=4, **ports.progress
          ).success(on_filters, ports.filters_in, ports.filters_out, api_name="filters"
                    ).success(on_grad_cam, ports.cam_in, ports.cam_out, api_name="grad_cam"
                              ).success(on_receptive_field, ports.rf_in, ports.rf_out, api_name="receptive_field")


def wire_model(s: SourcePicker, ports: Ports) -> None:
    """Another model: first its "dark ink" default (on for digit models, locked off for colour ones), then every
    view. Wired last, so the numbered names of the chained events (then_feature_maps_2, ...) stay what they were."""
    ports.chain(s.model.input(on_model_invert, [s.model, ports.session], s.invert, api_name="cnn_model_invert",
                              api_visibility="private", show_progress="hidden", trigger_mode="always_last"
                              ).then(on_predict, ports.predict_in, ports.predict_out, api_name="predict_after_model",
                                     api_visibility="private", concurrency_id="cnn", concurrency_limit=4,
                                     **ports.progress))


def wire_cam_and_field(g: Probes, ports: Ports) -> None:
    """Another feature-map position redraws its input region; another class its Grad-CAM."""
    gr.on([g.row.release, g.col.release], on_receptive_field, ports.rf_in, ports.rf_out,
          api_name="receptive_field_position")
    gr.on(committed(g.cam_class), on_grad_cam, ports.cam_in, ports.cam_out, api_name="grad_cam_for_class",
          trigger_mode="always_last")


def wire_live_and_refresh(tab: gr.Tab, live: gr.Checkbox, timer: gr.Timer, p: Predictions, m: LayerMaps,
                          ports: Ports):
    """The live timer, the tab's opening (its brush, then every view); returns the tab's refresher."""
    live.input(toggle_timer, live, timer, api_name="cnn_live", api_visibility="private")
    timer.tick(on_live_tick, ports.maps_in, [p.top_plot, m.maps_plot, m.filters_plot],
               api_name="cnn_live_tick", api_visibility="private", show_progress="hidden")
    # Gradio 6's Sketchpad draws only once its Brush is chosen: choose it when the tab opens.
    tab.select(None, None, None, js=SELECT_BRUSH, api_name="cnn_select_brush", api_visibility="private")
    ports.chain(tab.select(on_predict, ports.predict_in, ports.predict_out, api_name="load_cnn",  # drawn on opening
                           api_visibility="private"))

    def refresh(button: gr.Button):
        button.click(None, None, None, js=SELECT_BRUSH, api_name="cnn_refresh_brush", api_visibility="private")
        button.click(*chained(ports.drawing_steps()), api_name="refresh_cnn", api_visibility="private",
                     concurrency_id="cnn", concurrency_limit=4, **ports.progress)

    return refresh


def _picture_resolver(s: SourcePicker):
    """resolve(values, request) of the TabView: a restored link's source lists its photos or datasets."""
    def resolve_picture(values: dict, request: gr.Request = None) -> dict:
        dataset, index = on_source_picture(values.get("source", "sample"), values.get("dataset", DEFAULT_DATASET))
        return {s.dataset: dataset, s.index: index}
    return resolve_picture


def build(ctx: TabContext) -> TabView:
    """The tab: the source picker beside the predictions, the layer's maps, Grad-CAM and receptive field."""
    with gr.Tab(I18N("tab_cnn"), id="cnn") as tab:
        gr.Markdown(I18N("cnn_intro"), elem_classes="pg-intro")
        with gr.Row():
            with gr.Column(scale=2):
                picker = layout_source_picker()
            with gr.Column(scale=3):
                ctx.status_area()
                predictions = layout_predictions()
        maps = layout_layer_maps()
        probes = layout_probes()
        timer = gr.Timer(LIVE_EVERY, active=False)

    ports = Ports.of(picker, predictions, maps, probes, ctx.session)
    wire_source_picker(picker, predictions, ports)
    wire_predictions_and_maps(picker, maps, ports)
    wire_cam_and_field(probes, ports)
    wire_weights(picker, ports)
    refresh = wire_live_and_refresh(tab, picker.live, timer, predictions, maps, ports)
    wire_model(picker, ports)
    return TabView("cnn", {"model": picker.model, "source": picker.source, "dataset": picker.dataset,
                           "index": picker.index, "invert": picker.invert, "layer": maps.layer, "k": maps.k,
                           "scale": maps.scale, "cam_class": probes.cam_class, "row": probes.row, "col": probes.col},
                   {"cnn": refresh}, resolve=_picture_resolver(picker),
                   advanced=[picker.weights, picker.invert, picker.live])
