"""The Labs tab's detection part: RoI pooling (Fast R-CNN) and RoI align (Mask R-CNN) turning boxes on a feature
map into fixed-size outputs, every bin drawn, and the anchors Faster R-CNN with an FPN places at each level (the
detectors themselves are in the Architecture tab). The work happens in roi, anchors and scenes."""
from __future__ import annotations

import gradio as gr
import torch
import torch.nn.functional as F

from playground.core.data.images import read_image
from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from .anchors import FPN_SIZES, anchor_levels, resized_size
from .roi import MAX_OUTPUT_SIZE, MAX_SAMPLING, roi_view
from .scenes import MAX_BOXES, format_boxes, parse_boxes, sample_scene
from .figures import plot_anchors, plot_roi

SCENE_SIZE = 800  # the short side torchvision's R-CNN transform resizes to
MIN_SIDE, MAX_SIDE = 8, 4096  # an upload's sides: enough to pool from, few enough to draw every bin
FIG_KEYS = ("feature", "pooled", "boxes", "selected", "region", "bins", "samples", "outside", "value", "box",
            "anchors", "centres", "cell", "thinned", "size", "ratio")


def _labels(lang: str, title: str, **values) -> dict[str, str]:
    labels = {k: message("detection_fig_" + k, lang) for k in FIG_KEYS}
    labels["title"] = message(title, lang, **values) if values else message(title, lang)
    return labels


def picture(source: str, seed, upload) -> tuple[torch.Tensor, torch.Tensor | None, list[str]]:
    """The image (3, H, W) in [0, 1] to work on, with the scene's own boxes and names (None and [] for uploads)."""
    if source == "upload" and upload is not None:
        rgb = read_image(upload, background="black", rgb=True)  # (H, W, 3); dark, as the scenes are
        h, w = rgb.shape[:2]
        if min(h, w) < MIN_SIDE or max(h, w) > MAX_SIDE:
            raise PlaygroundError("detection_image_bad_size", height=h, width=w, min=MIN_SIDE, max=MAX_SIDE)
        return torch.from_numpy(rgb).permute(2, 0, 1).contiguous(), None, []  # (3, H, W)
    image, boxes, names = sample_scene(0 if seed is None else seed, SCENE_SIZE)  # the scene checks the seed
    return image, boxes, names


def boxes_for(text: str, image: torch.Tensor, scene_boxes) -> torch.Tensor:
    """Typed boxes, or the scene's own boxes (a centred box for an upload) when the box is empty."""
    h, w = image.shape[1:]
    if (text or "").strip():
        return parse_boxes(text, w, h)
    if scene_boxes is not None:
        return scene_boxes
    return torch.tensor([[w / 4, h / 4, 3 * w / 4, 3 * h / 4]])


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_roi(source, seed, upload, boxes_text, stride, output_size, kind, sampling_ratio, aligned, selected,
           request: gr.Request = None):
    """Every box pooled to output_size x output_size from the image's stride-s feature map; the chosen box's bins."""
    lang = language_of(request)
    pick = whole(1 if selected is None else selected)
    if pick is None:
        raise PlaygroundError("detection_bad_selected", value=selected, limit=MAX_BOXES)
    image, scene_boxes, names = picture(source, seed, upload)
    boxes = boxes_for(boxes_text, image, scene_boxes)
    view = roi_view(image, boxes, stride=stride, output_size=output_size, kind=kind,
                        sampling_ratio=sampling_ratio, aligned=bool(aligned), selected=pick - 1)
    stride = round(1 / view.spatial_scale)  # checked by roi_view
    c, h, w = view.feature.shape
    text = message("detection_roi_result", lang, n=len(boxes), height=image.shape[1], width=image.shape[2],
                   stride=stride, fh=h, fw=w, c=c, size=view.pooled.shape[-1], op=message("detection_kind_" + kind, lang),
                   boxes=format_boxes(boxes))
    labels = _labels(lang, "detection_fig_roi_title", op=message("detection_kind_" + kind, lang), stride=stride)
    shown = scene_boxes is not None and not boxes_text  # the scene's own boxes, named by their class
    figure = plot_roi(view.feature, view.boxes, view.bins, view.pooled, labels, kind, view.spatial_scale,
                      selected=view.selected, names=[message("input_class_" + n, lang) for n in names] if shown else None)
    return text, figure


@user_errors
def on_anchors(source, seed, upload, level, request: gr.Request = None):
    """Faster R-CNN R50-FPN's anchors for this image: one cell's anchors and the level's anchor centres."""
    lang = language_of(request)
    n_levels = len(FPN_SIZES)
    level_index = whole(level)
    if level_index is None or not 0 <= level_index < n_levels:
        raise PlaygroundError("detection_bad_level", value=level, limit=n_levels - 1)
    image, _, _ = picture(source, seed, upload)
    original = tuple(image.shape[1:])
    size = resized_size(original)  # the size the backbone sees: short side 800, long side at most 1333
    resized = ""
    if size != original:
        image = F.interpolate(image[None], size=size, mode="bilinear", antialias=True, align_corners=False)[0]
        resized = message("detection_anchor_resized", lang, src_h=original[0], src_w=original[1], height=size[0],
                          width=size[1]) + "\n\n"
    levels = anchor_levels(size)
    total = sum(len(lv.anchors) for lv in levels)
    rows = [message("detection_anchor_row", lang, level=lv.name, stride=f"{lv.stride[0]}", h=lv.feature_size[0],
                    w=lv.feature_size[1], sizes=", ".join(f"{s:g}" for s in lv.sizes), count=f"{len(lv.anchors):,}")
            for lv in levels]
    text = resized + message("detection_anchor_result", lang, height=size[0], width=size[1], total=f"{total:,}") + \
        "\n\n" + "\n".join(rows)
    labels = _labels(lang, "detection_fig_anchor_title")
    return text, plot_anchors(image, levels, labels, level_index)


def on_source(source):
    return gr.update(visible=source == "upload"), gr.update(visible=source == "scene")


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The detection sub-tab; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_detection"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("detection_intro"), elem_classes="pg-intro")
        with gr.Row():
            source_radio = gr.Radio([(I18N("detection_source_scene"), "scene"), (I18N("detection_source_upload"), "upload")],
                                    value="scene", label=I18N("detection_source"), elem_id="det_source")
            seed_number = gr.Number(0, label=I18N("detection_seed"), precision=0, elem_id="det_seed")
            upload_image = gr.Image(type="numpy", label=I18N("detection_upload"), visible=False, height=200,
                                    elem_id="det_upload")
        boxes_box = gr.Textbox("", label=I18N("detection_boxes"), info=I18N("detection_boxes_info"), max_lines=2,
                               elem_id="det_boxes")
        with gr.Row():
            kind_radio = gr.Radio([(I18N("detection_kind_pool"), "pool"), (I18N("detection_kind_align"), "align")],
                                  value="pool", label=I18N("detection_kind"), elem_id="det_kind")
            stride_radio = gr.Radio([4, 8, 16, 32], value=16, label=I18N("detection_stride"), info=I18N("detection_stride_info"),
                                    elem_id="det_stride")
            size_slider = gr.Slider(1, MAX_OUTPUT_SIZE, value=7, step=1, label=I18N("detection_output_size"),
                                    elem_id="det_output_size")
            sampling_slider = gr.Slider(0, MAX_SAMPLING, value=2, step=1, label=I18N("detection_sampling"),
                                        info=I18N("detection_sampling_info"), elem_id="det_sampling")
            aligned_checkbox = gr.Checkbox(True, label=I18N("detection_aligned"), info=I18N("detection_aligned_info"),
                                           elem_id="det_aligned")
            selected_number = gr.Number(1, label=I18N("detection_selected"), precision=0, minimum=1,
                                        maximum=MAX_BOXES, elem_id="det_selected")
        ctx.status_area()
        roi_markdown = gr.Markdown(elem_id="det_roi_text")
        roi_plot = gr.Plot(label=I18N("detection_roi_plot"), elem_id="det_roi_plot")
        ctx.notes_differ("detection_differs_rcnn")
        gr.Markdown(I18N("detection_anchor_intro"), elem_classes="pg-intro")
        level_slider = gr.Slider(0, 4, value=2, step=1, label=I18N("detection_level"), info=I18N("detection_level_info"),
                                 elem_id="det_level")
        with gr.Row():
            anchor_markdown = gr.Markdown(elem_id="det_anchor_text")
            anchor_plot = gr.Plot(label=I18N("detection_anchor_plot"), elem_id="det_anchor_plot")
    light = dict(concurrency_id="labs", concurrency_limit=4, trigger_mode="always_last")
    roi_in = [source_radio, seed_number, upload_image, boxes_box, stride_radio, size_slider, kind_radio,
              sampling_slider, aligned_checkbox, selected_number]
    roi_out = [roi_markdown, roi_plot]
    anchor_in, anchor_out = [source_radio, seed_number, upload_image, level_slider], [anchor_markdown, anchor_plot]
    steps = [(on_roi, roi_in, roi_out), (on_anchors, anchor_in, anchor_out)]
    gr.on([boxes_box.submit, stride_radio.input, size_slider.release, kind_radio.input, sampling_slider.release,
           aligned_checkbox.input, *committed(selected_number)], on_roi, roi_in, roi_out, api_name="roi_pooling",
          show_progress_on=roi_markdown, **light)
    level_slider.release(on_anchors, anchor_in, anchor_out, api_name="anchors", show_progress_on=anchor_markdown,
                         **light)
    gr.on([*committed(seed_number), upload_image.change], *chained(steps), api_name="detection_image",
          api_visibility="private", **light)
    source_radio.input(on_source, source_radio, [upload_image, seed_number], api_name="detection_source",
                       api_visibility="private").then(*chained(steps), api_name="detection_source_draw",
                                                      api_visibility="private")
    tab.select(*chained(steps), api_name="load_detection", api_visibility="private", **light)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_detection", api_visibility="private", **light)

    controls = {"detection_source": source_radio, "detection_seed": seed_number, "detection_boxes": boxes_box, "detection_kind": kind_radio,
                "detection_stride": stride_radio, "detection_output_size": size_slider, "detection_sampling": sampling_slider,
                "detection_aligned": aligned_checkbox, "detection_selected": selected_number, "detection_level": level_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
