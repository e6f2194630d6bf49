"""Detection: RoI pooling and RoI align from scratch equal torchvision.ops on random boxes (inside, across the
border, tiny), the drawn bins are the ones pooled, the anchors equal torchvision's AnchorGenerator, torchvision's
detectors sit in the catalog with their published parameter counts (and GFLOPS, under the counts of boxes torchvision
measured with), and typed boxes raise keyed errors."""
import math
import string

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList

from playground.core.errors import PlaygroundError
from playground.core.inspection.table import TABLE_COLUMNS, build_on_meta, inspect_model, row_values
from playground.core.models import list_catalog, resolve
from playground.core.data.generators import SHAPE_CLASSES
from playground.core.models.catalog import is_detector, torchvision_detection_names, torchvision_names
from playground.i18n import EN, ZH
from playground.lessons.detection import text as detection_text
from playground.lessons.detection.anchors import FPN_RATIOS, FPN_SIZES, anchor_levels, fpn_feature_sizes, resized_size
from playground.lessons.detection.roi import KINDS, roi_align, roi_bins, roi_pool, roi_view
from playground.lessons.detection.scenes import feature_map, format_boxes, parse_boxes, sample_scene
from playground.lessons.detection.figures import plot_anchors, plot_roi

DETECTORS = torchvision.models.list_models(module=torchvision.models.detection)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """The RoI cases are thousands of tiny tensor ops; handing each to a second thread costs more than the op (and
    on a busy machine a lot more), so this module runs them on one."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _case(seed: int, scale: float):
    """Random features (N, C, H, W) and rois (K, 5) in image coordinates: boxes inside, across the border, wholly
    outside, tiny, inverted, and with corners on half cells (where rounding halves matters)."""
    g = torch.Generator().manual_seed(seed)
    n, c = int(torch.randint(1, 3, (1,), generator=g)), int(torch.randint(1, 4, (1,), generator=g))
    h, w = (int(v) for v in torch.randint(4, 19, (2,), generator=g))
    x = torch.randn(n, c, h, w, generator=g)
    k = int(torch.randint(1, 7, (1,), generator=g))
    size = torch.tensor([w, h, w, h]) / scale  # the image the map was computed from
    lo = torch.rand(k, 4, generator=g) * 1.4 - 0.3  # corners from -0.3 to 1.1 of the image
    boxes = lo * size
    boxes[:, 2:] = boxes[:, :2] + torch.rand(k, 2, generator=g) * 0.8 * size[:2]
    if k > 1:  # a tiny box, under one cell
        boxes[1, 2:] = boxes[1, :2] + torch.rand(2, generator=g) * 0.7 / scale
    if k > 2:  # corners on half cells
        boxes[2] = (torch.randint(0, 2 * max(h, w), (4,), generator=g) + 0.5).sort().values / 2 / scale
    if k > 3:  # inverted (x2 < x1): torchvision treats it as malformed
        boxes[3] = boxes[3, [2, 3, 0, 1]]
    index = torch.randint(0, n, (k, 1), generator=g).float()
    return x, torch.cat([index, boxes], dim=1)


SCALES = (1.0, 0.25)
CASES = [(seed, scale) for seed in range(30) for scale in SCALES]  # 60 cases per operation and setting


@pytest.mark.parametrize("output_size", [(2, 2), (3, 5), 7])
def test_roi_pool_equals_torchvision(output_size):
    for seed, scale in CASES:
        x, rois = _case(seed, scale)
        ours = roi_pool(x, rois, output_size, scale)
        ref = torchvision.ops.roi_pool(x, rois, output_size, scale)
        assert torch.equal(ours, ref), (seed, scale)  # max pooling copies values: exactly equal


@pytest.mark.parametrize("aligned", [False, True])
@pytest.mark.parametrize("sampling_ratio", [0, 2])
def test_roi_align_equals_torchvision(aligned, sampling_ratio):
    for seed, scale in CASES:
        x, rois = _case(seed, scale)
        size = (seed % 4 + 2, seed % 3 + 2)
        ours = roi_align(x, rois, size, scale, sampling_ratio, aligned)
        ref = torchvision.ops.roi_align(x, rois, size, scale, sampling_ratio, aligned)
        torch.testing.assert_close(ours, ref, atol=2e-6, rtol=1e-5, msg=f"seed {seed}, scale {scale}")


def test_single_image_features_and_four_column_boxes():
    x, rois = _case(3, 0.5)
    boxes = rois[:, 1:]
    assert roi_pool(x[0], boxes, 3, 0.5).shape == (len(boxes), x.shape[1], 3, 3)
    torch.testing.assert_close(roi_align(x[0], boxes, 3, 0.5, 2, True),
                               torchvision.ops.roi_align(x[:1], [boxes], 3, 0.5, 2, True))
    with pytest.raises(ValueError):
        roi_pool(x, torch.tensor([[5.0, 0, 0, 4, 4]]), 2)  # no image 5


def test_pool_bins_are_what_roi_pool_takes_the_max_of():
    for seed, scale in CASES[:30]:
        x, rois = _case(seed, scale)
        out = roi_pool(x, rois, (3, 4), scale)
        for k, roi in enumerate(rois):
            fmap = x[int(roi[0])]
            bins = roi_bins(roi[1:], (3, 4), scale, "pool", fmap.shape[1], fmap.shape[2])
            assert bins.bins.shape == (3, 4, 4)
            for i in range(3):
                for j in range(4):
                    x0, y0, x1, y1 = bins.bins[i, j].astype(int)
                    want = fmap[:, y0:y1, x0:x1].amax(dim=(1, 2)) if x1 > x0 and y1 > y0 else torch.zeros(len(fmap))
                    assert torch.equal(out[k, :, i, j], want)


@pytest.mark.parametrize("aligned", [False, True])
def test_align_samples_are_what_roi_align_averages(aligned):
    for seed, scale in CASES[:30]:
        x, rois = _case(seed, scale)
        out = roi_align(x, rois, 2, scale, 2, aligned)
        for k, roi in enumerate(rois):
            fmap = x[int(roi[0])]
            h, w = fmap.shape[1:]
            bins = roi_bins(roi[1:], 2, scale, "align", h, w, 2, aligned)
            # an independent bilinear read: grid_sample on cell centres, clamped at the border like the kernel
            centres = torch.from_numpy(bins.samples) - 0.5  # (2, 2, 4, 2) index coordinates
            grid = torch.stack([centres[..., 0] / max(w - 1, 1) * 2 - 1, centres[..., 1] / max(h - 1, 1) * 2 - 1], -1)
            read = F.grid_sample(fmap[None], grid.reshape(1, 4, 4, 2), align_corners=True, padding_mode="border")
            read = read.reshape(len(fmap), 2, 2, 4) * torch.from_numpy(bins.valid)  # (C, ph, pw, S)
            torch.testing.assert_close(read.mean(-1), out[k], atol=1e-5, rtol=1e-5)


def test_aligned_samples_sit_inside_the_box_and_unaligned_ones_half_a_cell_off():
    box = torch.tensor([16.0, 8.0, 48.0, 40.0])  # 4 x 4 cells at stride 8
    on = roi_bins(box, 2, 1 / 8, "align", 10, 10, 2, aligned=True)
    off = roi_bins(box, 2, 1 / 8, "align", 10, 10, 2, aligned=False)
    np.testing.assert_allclose(on.region, [2, 1, 6, 5])
    np.testing.assert_allclose(off.region, [2.5, 1.5, 6.5, 5.5])
    np.testing.assert_allclose(on.samples[0, 0], [[2.5, 1.5], [3.5, 1.5], [2.5, 2.5], [3.5, 2.5]])
    pool = roi_bins(torch.tensor([13.0, 13.0, 20.0, 20.0]), 2, 1 / 8, "pool", 10, 10)
    np.testing.assert_allclose(pool.region, [2, 2, 4, 4])  # round(1.625) = 2, round(2.5) = 3 (half away from 0)


def _torchvision_anchors(image_size, feature_sizes):
    padded = [math.ceil(s / 32) * 32 for s in image_size]
    images = ImageList(torch.zeros(1, 3, *padded), [tuple(image_size)])
    maps = [torch.zeros(1, 256, *f) for f in feature_sizes]
    return AnchorGenerator(FPN_SIZES, FPN_RATIOS)(images, maps)[0]


@pytest.mark.parametrize("image_size", [(800, 800), (600, 1000), (513, 777), (64, 96)])
def test_anchors_equal_torchvisions_anchor_generator(image_size):
    levels = anchor_levels(image_size)
    feats = [lv.feature_size for lv in levels]
    ours = torch.cat([lv.anchors for lv in levels])
    assert torch.equal(ours, _torchvision_anchors(image_size, feats))
    for lv in levels:
        assert lv.anchors.shape == (lv.feature_size[0] * lv.feature_size[1] * 3, 4)
        row, col = lv.feature_size[0] - 1, lv.feature_size[1] // 2
        cell = lv.anchors[lv.cell_index(row, col)]
        centre = (cell[:, :2] + cell[:, 2:]) / 2  # on the cell's top-left pixel, as torchvision places them
        assert torch.equal(centre, torch.tensor([[col * lv.stride[1], row * lv.stride[0]]] * 3, dtype=torch.float32))


def test_anchors_for_800_by_800_and_the_backbones_own_map_sizes():
    levels = anchor_levels((800, 800))
    assert [lv.feature_size for lv in levels] == [(200, 200), (100, 100), (50, 50), (25, 25), (13, 13)]
    assert [lv.stride for lv in levels] == [(4, 4), (8, 8), (16, 16), (32, 32), (61, 61)]  # 800 // 13 = 61
    assert sum(len(lv.anchors) for lv in levels) == 159_882
    np.testing.assert_array_equal(levels[0].cell_anchors, [[-23, -11, 23, 11], [-16, -16, 16, 16],
                                                           [-11, -23, 11, 23]])  # h / w = 0.5, 1, 2; area ~32^2
    entry = resolve("torchvision/fasterrcnn_resnet50_fpn")
    model = build_on_meta(entry).eval()
    gen = model.rpn.anchor_generator
    assert tuple(gen.sizes) == FPN_SIZES and tuple(gen.aspect_ratios) == FPN_RATIOS
    for size, padded in (((800, 800), (800, 800)), ((600, 1000), (608, 1024))):  # the transform pads to 32
        with torch.no_grad():
            maps = model.backbone(torch.zeros(1, 3, *padded, device="meta"))
        assert [tuple(m.shape[-2:]) for m in maps.values()] == fpn_feature_sizes(size)


@pytest.mark.parametrize("size", [(480, 640), (800, 800), (300, 2000), (1000, 1000)])
def test_resized_size_is_what_the_rcnn_transform_makes(size):
    from torchvision.models.detection.transform import GeneralizedRCNNTransform
    t = GeneralizedRCNNTransform(800, 1333, [0.0] * 3, [1.0] * 3).eval()
    images, _ = t([torch.zeros(3, *size)])
    assert tuple(images.image_sizes[0]) == resized_size(size)


def test_plot_anchors_draws_one_cell_and_the_level_centres():
    image, _, _ = sample_scene(1, size=800)
    levels = anchor_levels((800, 800))
    labels = dict(title="{level}: stride {stride}, {h}x{w}, {per_cell} per cell, {count} of {total}",
                  anchors="anchors", centres="centres", cell="cell", thinned="every {k}th centre", size="size",
                  ratio="h/w")
    fig = plot_anchors(image, levels, labels, level=2)
    assert fig.layout.title.text == "P4: stride 16, 50x50, 3 per cell, 7500 of 159882"
    outline = next(t for t in fig.data if t.name == "anchors")
    assert np.isnan(np.asarray(outline.x, dtype=float)).sum() == 3  # three rectangles in one trace
    assert next(t for t in fig.data if t.name == "cell").x[0] == 25 * 16  # the centre cell of a 50x50 map
    dense = plot_anchors(image, levels, labels, level=0)
    assert "every 4th centre" in dense.layout.title.text  # 200 x 200 centres thinned to 50 x 50
    assert max(dense.data[0].z.shape[:2]) <= 320


def _meta_model(name):
    return build_on_meta(resolve("torchvision/" + name))


def test_catalog_lists_detectors_and_keeps_classification_apart():
    keys = list_catalog("torchvision")
    assert set(DETECTORS) == set(torchvision_detection_names()) and len(DETECTORS) == 12
    assert not set(DETECTORS) & set(torchvision_names())
    assert {"torchvision/" + n for n in DETECTORS} <= set(keys)
    assert len(keys) == len(torchvision_names()) + len(DETECTORS)
    assert [k for k in keys if is_detector(k)] == ["torchvision/" + n for n in DETECTORS]
    assert not is_detector("timm/resnet50") and not is_detector("resnet50")
    for name, side in [("fasterrcnn_resnet50_fpn", 800), ("ssd300_vgg16", 300),
                       ("ssdlite320_mobilenet_v3_large", 320), ("fasterrcnn_mobilenet_v3_large_320_fpn", 320)]:
        entry = resolve("torchvision/" + name)
        assert entry.input_shape == (3, side, side) and entry.source == "torchvision"
        assert "detector" in entry.description["en"] and "检测器" in entry.description["zh-CN"]


@pytest.mark.parametrize("name,params", [("fasterrcnn_resnet50_fpn", 41_755_286),
                                         ("maskrcnn_resnet50_fpn", 44_401_393),
                                         ("retinanet_resnet50_fpn", 34_014_999)])
def test_published_parameter_counts(name, params):
    assert torchvision.models.get_model_weights(name).DEFAULT.meta["num_params"] == params
    assert sum(p.numel() for p in _meta_model(name).parameters()) == params


def test_every_detector_has_its_published_parameter_count():
    for name in DETECTORS:
        meta = torchvision.models.get_model_weights(name).DEFAULT.meta
        assert sum(p.numel() for p in _meta_model(name).parameters()) == meta["num_params"], name


def test_layout_is_torchvisions_for_published_weights():
    """FrozenBatchNorm2d and the frozen first stages, as torchvision's own extractors set them up."""
    from torchvision.models import mobilenet_v3_large, resnet50
    from torchvision.models.detection.backbone_utils import _mobilenet_extractor, _resnet_fpn_extractor
    from torchvision.ops.misc import FrozenBatchNorm2d

    def layout(m):
        return ([(n, tuple(p.shape), p.requires_grad) for n, p in m.named_parameters()],
                [(n, type(x).__name__, getattr(x, "eps", None)) for n, x in m.named_modules()])
    with torch.device("meta"):
        assert layout(_resnet_fpn_extractor(resnet50(norm_layer=FrozenBatchNorm2d), 3)) == \
            layout(_meta_model("fasterrcnn_resnet50_fpn").backbone)
        assert layout(_mobilenet_extractor(mobilenet_v3_large(norm_layer=FrozenBatchNorm2d), True, 3)) == \
            layout(_meta_model("fasterrcnn_mobilenet_v3_large_fpn").backbone)


# The conditions of torchvision's GFLOPS measurement (COCO weights, one N(0, 1) image at the sizes of the catalog's
# defaults): how many proposals reached the box head and how many detections the mask / keypoint head. Random weights
# give other counts, so inspect_model's MACs differ for these; the dense one-stage detectors match as they are.
PUBLISHED_COUNTS = {
    "fasterrcnn_resnet50_fpn": (1000, 0), "fasterrcnn_resnet50_fpn_v2": (1000, 0),
    "fasterrcnn_mobilenet_v3_large_fpn": (0, 0), "fasterrcnn_mobilenet_v3_large_320_fpn": (0, 0),
    "maskrcnn_resnet50_fpn": (1000, 0), "maskrcnn_resnet50_fpn_v2": (1000, 100), "keypointrcnn_resnet50_fpn": (1000, 1),
}


@pytest.mark.catalog
@pytest.mark.parametrize("name", DETECTORS)
def test_published_gflops_under_the_counts_torchvision_measured_with(name):
    from playground.core.inspection.flops import FlopCounter
    entry = resolve("torchvision/" + name)
    model = entry.build().eval()
    if name in PUBLISHED_COUNTS:
        proposals, detections = PUBLISHED_COUNTS[name]
        model.rpn.nms_thresh, model.rpn.score_thresh = 1.0, 0.0 if proposals else 1.1  # keep all / none
        model.rpn._post_nms_top_n["testing"] = max(proposals, 1)
        model.roi_heads.nms_thresh, model.roi_heads.score_thresh = 1.0, -1.0 if detections else 1.1
        model.roi_heads.detections_per_img = max(detections, 1)
    with torch.no_grad(), FlopCounter() as counter:
        model(torch.zeros((1,) + entry.input_shape))
    meta = torchvision.models.get_model_weights(name).DEFAULT.meta
    assert round(counter.total / 2e9, 3) == pytest.approx(meta["_ops"], abs=0.0015)


def test_inspect_a_detector_runs_it_for_real():  # ~2 s: the smallest detector, on one thread
    report = inspect_model("torchvision/fasterrcnn_mobilenet_v3_large_320_fpn")
    t = report.totals
    meta = torchvision.models.get_model_weights("fasterrcnn_mobilenet_v3_large_320_fpn").DEFAULT.meta
    assert t.executed_on == "cpu" and t.total_params == meta["num_params"]
    assert t.trainable_params < t.total_params  # the first backbone stages are frozen, as published
    assert t.output_shape[1:] == [4]  # the first tensor of [{"boxes": (n, 4), ...}]
    n = t.output_shape[0]
    assert t.outputs == [["boxes", [n, 4]], ["labels", [n]], ["scores", [n]]]
    assert t.macs == report.rows[0].macs == sum(r.macs for r in report.rows if r.is_leaf)
    rows = {r.name: r for r in report.rows}
    # the published 0.719 GMACs had no proposal left for the box head; each proposal adds the two-layer MLP head
    # and the predictor: 256*7*7*1024 + 1024*1024 + 1024*(91 + 4*91) multiply-adds
    rois = rows["roi_heads.box_head"].input_shape[0]
    assert t.macs - rois * 14_359_552 == pytest.approx(meta["_ops"] * 1e9, abs=0.5e6)
    assert all(len(row_values(r)) == len(TABLE_COLUMNS) for r in report.rows)


# ---------------------------------------------------------------------------------------------------------------
# Scene, feature map, typed boxes


def test_sample_scene_boxes_are_tight_around_their_shapes():
    for seed in range(6):
        image, boxes, names = sample_scene(seed, size=128)
        assert image.shape == (3, 128, 128) and image.dtype == torch.float32
        assert 2 <= len(boxes) == len(names) <= 4 and set(names) <= set(SHAPE_CLASSES)
        background = image[:, 0, 0]
        for x1, y1, x2, y2 in boxes.int().tolist():
            inside = image[:, y1:y2, x1:x2]
            assert (inside - background[:, None, None]).abs().amax(0).gt(0.3).any(0).all()  # every column
        assert torch.equal(sample_scene(seed, 128)[0], image)
    for bad in (-1, 1.5, "x", None, 2**40):
        with pytest.raises(PlaygroundError) as info:
            sample_scene(bad)
        assert info.value.key == "train_bad_seed"


def test_feature_map_is_the_image_averaged_by_the_stride():
    image, boxes, _ = sample_scene(2, size=96)
    f = feature_map(image, 8)
    assert f.shape == (3, 12, 12)
    torch.testing.assert_close(f[:, 1, 2], image[:, 8:16, 16:24].mean(dim=(1, 2)))
    for bad in (3, 0, 128, 2.5, "x"):
        with pytest.raises(PlaygroundError) as info:
            feature_map(image, bad)
        assert info.value.key == "detection_bad_stride"


def test_roi_view_and_figure():
    image, boxes, names = sample_scene(4, size=256)
    for kind in KINDS:
        view = roi_view(image, boxes, stride=16, output_size=5, kind=kind, selected=1)
        assert view.pooled.shape == (len(boxes), 3, 5, 5) and view.feature.shape == (3, 16, 16)
        labels = {k: k for k in ("title", "feature", "pooled", "boxes", "selected", "region", "bins", "samples",
                                 "outside", "value", "box")}
        fig = plot_roi(view.feature, view.boxes, view.bins, view.pooled, labels, kind, view.spatial_scale,
                       view.selected, names=names)
        images = [t for t in fig.data if t.type == "image"]
        assert len(images) == 2 and images[1].xaxis == "x2"  # the map and ONE tiled image of the pooled outputs
        assert len(fig.layout.annotations) == len(boxes)
        assert any(t.name == "samples" for t in fig.data) == (kind == "align")
        heat = plot_roi(view.feature, view.boxes, view.bins, view.pooled, labels, kind, view.spatial_scale,
                        channel=1)
        assert [t.type for t in heat.data].count("heatmap") == 2
    for call, key in [(dict(kind="max"), "detection_bad_kind"), (dict(output_size=0), "detection_bad_output_size"),
                      (dict(sampling_ratio=9), "detection_bad_sampling")]:
        with pytest.raises(PlaygroundError) as info:
            roi_view(image, boxes, **call)
        assert info.value.key == key


def test_parse_boxes_reads_what_format_boxes_writes():
    boxes = parse_boxes("10, 20, 110, 90; (0 0 50.5 40)\n[-20,-20,30,30]", 200, 100)
    np.testing.assert_array_equal(boxes, [[10, 20, 110, 90], [0, 0, 50.5, 40], [-20, -20, 30, 30]])
    assert torch.equal(parse_boxes(format_boxes(boxes), 200, 100), boxes)


@pytest.mark.parametrize("text,key", [
    ("", "detection_boxes_empty"), (" ; ", "detection_boxes_empty"),
    ("1, 2, three, 4", "detection_box_not_number"), ("1, 2, nan, 4", "detection_box_not_number"),
    ("1, 2, 3", "detection_box_four_numbers"), ("1, 2, 3, 4, 5", "detection_box_four_numbers"),
    ("50, 10, 40, 20", "detection_box_order"), ("10, 10, 20, 10", "detection_box_order"),
    ("210, 10, 260, 20", "detection_box_outside"), ("-30, -30, 0, 0", "detection_box_outside"),
    (";".join(["0,0,5,5"] * 9), "detection_too_many_boxes"),
])
def test_parse_boxes_errors(text, key):
    with pytest.raises(PlaygroundError) as info:
        parse_boxes(text, 200, 100)
    assert info.value.key == key
    en, zh = EN[key], ZH[key]
    assert en.format(**info.value.params) and zh.format(**info.value.params)


def test_messages_have_matching_placeholders_and_no_bare_tags():
    for key, (en, zh) in detection_text.TEXT.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(zh) if f}, key
        assert "<" not in en + zh
    with pytest.raises(PlaygroundError) as info:
        anchor_levels((10, 800))
    assert info.value.key == "detection_bad_image_size"


@pytest.mark.parametrize("stride", [float("inf"), float("nan"), None, "abc", 16.5, True, 3])
def test_feature_map_stride_that_is_no_allowed_whole_number(stride):
    """inf and nan were an OverflowError and a ValueError (found by the fuzz suite); now detection_bad_stride."""
    with pytest.raises(PlaygroundError) as info:
        feature_map(torch.zeros(3, 64, 64), stride)
    assert info.value.key == "detection_bad_stride"


def test_feature_map_whole_float_stride_is_fine():
    assert feature_map(torch.zeros(3, 64, 64), 16.0).shape == (3, 4, 4)
