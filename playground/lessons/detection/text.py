"""The detection lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "detection_image_bad_size": (
        "The image is {height} × {width} pixels; this view reads images from {min} to {max} pixels on each side.",
        "图像为 {height} × {width} 像素；这个视图读取每边 {min} 到 {max} 像素的图像。"),
    "tab_detection": ("Detection: RoI and anchors", "检测：RoI 与锚框"),
    "detection_intro": (
        "How R-CNN detectors turn regions into fixed-size features. A CNN computes features for the whole image "
        "once; **RoI pooling** (Fast R-CNN) cuts each box on the feature map into a fixed grid of bins and takes "
        "the maximum in each, after snapping the box and the bins to whole cells. **RoI align** (Mask R-CNN) skips "
        "the snapping and averages bilinear samples instead, so the pooled features stay aligned with the pixels, "
        "which the mask branch needs. Here the feature map is the image itself averaged over stride × stride "
        "pixels, so you can see what each bin picks up. The full detectors (Faster R-CNN, Mask R-CNN, RetinaNet, "
        "...) are in the Architecture tab.",
        "R-CNN 系列检测器如何把区域变成固定大小的特征。CNN 对整张图只计算一次特征；**RoI 池化**（Fast R-CNN）"
        "先把框和各个格子对齐到整数单元，再把特征图上的每个框切成固定数目的格子，每格取最大值。**RoI 对齐**（RoIAlign，Mask "
        "R-CNN）不做取整，而是对双线性插值的采样点取平均，使池化后的特征与像素对齐，这是掩码分支所需要的。"
        "这里的特征图就是把图像按步幅 × 步幅的像素块取平均，因此可以看清每个格子取到了什么。完整的检测器（Faster "
        "R-CNN、Mask R-CNN、RetinaNet 等）在“架构”标签页中。"),
    "detection_source": ("Image", "图像"),
    "detection_source_scene": ("Built-in scene", "内置场景"),
    "detection_source_upload": ("Upload", "上传"),
    "detection_seed": ("Scene", "场景编号"),
    "detection_upload": ("Your image", "你的图像"),
    "detection_boxes": (
        "Boxes (x1, y1, x2, y2 in pixels; separate boxes with ;)",
        "框（像素坐标 x1, y1, x2, y2；多个框用 ; 分隔）"),
    "detection_boxes_info": ("Empty: the shapes' own boxes", "留空：使用各形状自己的框"),
    "detection_kind": ("Operation", "操作"),
    "detection_kind_pool": ("RoI pooling", "RoI 池化"),
    "detection_kind_align": ("RoI align", "RoI 对齐（RoIAlign）"),
    "detection_stride": ("Feature stride", "特征步幅"),
    "detection_stride_info": ("Image pixels per feature cell", "每个特征单元对应的图像像素数"),
    "detection_output_size": ("Pooled size", "池化输出尺寸"),
    "detection_sampling": ("Samples per bin (align)", "每格采样数（RoIAlign）"),
    "detection_sampling_info": ("0: adaptive, as torchvision", "0：自适应，与 torchvision 相同"),
    "detection_aligned": ("Half-pixel offset (align)", "半像素偏移（RoIAlign）"),
    "detection_aligned_info": ("aligned=True, Detectron2's fix", "aligned=True，Detectron2 的修正"),
    "detection_selected": ("Box to show bins for", "显示格子的框"),
    "detection_roi_plot": ("Boxes on the feature map and the pooled outputs", "特征图上的框与池化输出"),
    "detection_roi_result": (
        "{n} boxes on a {height} × {width} image; the stride-{stride} feature map is {fh} × {fw} with {c} "
        "channels; {op} makes each box {size} × {size}. Boxes: `{boxes}`",
        "{height} × {width} 的图像上有 {n} 个框；步幅 {stride} 的特征图为 {fh} × {fw}，{c} 个通道；"
        "{op}把每个框变成 {size} × {size}。框：`{boxes}`"),
    "detection_anchor_intro": (
        "**Anchors.** Faster R-CNN's region proposal network starts from fixed boxes, the anchors: at every cell "
        "of every feature-pyramid level, boxes of one size in three aspect ratios (0.5, 1, 2). Small anchors sit "
        "on the fine levels, large ones on the coarse levels. torchvision first resizes the image so its short "
        "side is 800 pixels; the built-in scene is that size already.",
        "**锚框。** Faster R-CNN 的区域建议网络从固定的框（锚框）出发：在特征金字塔每一层的每个单元上，"
        "放置一种尺寸、三种长宽比（0.5、1、2）的框。小锚框在精细的层上，大锚框在粗糙的层上。torchvision "
        "会先把图像缩放到短边为 800 像素；内置场景本身就是这个大小。"),
    "detection_level": ("Pyramid level", "金字塔层"),
    "detection_level_info": (
        "0 = P2 (stride 4, 32-pixel anchors) … 4 = pool (512-pixel anchors)",
        "0 = P2（步幅 4，32 像素锚框）… 4 = pool（512 像素锚框）"),
    "detection_anchor_plot": ("Anchors of one cell and the level's anchor centres", "一个单元的锚框与该层的锚框中心"),
    "detection_anchor_result": (
        "A {height} × {width} image gets **{total}** anchors in all:",
        "{height} × {width} 的图像共有 **{total}** 个锚框："),
    "detection_anchor_resized": (
        "Your {src_h} × {src_w} picture is first resized, as torchvision's R-CNN transform does, to {height} × "
        "{width} (short side 800, long side at most 1333).",
        "你的 {src_h} × {src_w} 图片先按 torchvision 的 R-CNN 变换缩放为 {height} × {width}（短边 800，长边不超过 "
        "1333）。"),
    "detection_anchor_row": (
        "- {level}: stride {stride}, {h} × {w} cells, size {sizes}, 3 ratios → {count} anchors",
        "- {level}：步幅 {stride}，{h} × {w} 个单元，尺寸 {sizes}，3 种长宽比 → {count} 个锚框"),
    "detection_fig_roi_title": ("{op} at stride {stride}", "步幅 {stride} 的{op}"),
    "detection_fig_anchor_title": (
        "Level {level}: stride {stride}, {h} × {w} cells, {per_cell} anchors per cell, {count} of {total}",
        "第 {level} 层：步幅 {stride}，{h} × {w} 个单元，每个单元 {per_cell} 个锚框，共 {total} 个中的 {count} 个"),
    "detection_fig_feature": ("feature map", "特征图"),
    "detection_fig_pooled": ("pooled outputs", "池化输出"),
    "detection_fig_boxes": ("boxes", "框"),
    "detection_fig_selected": ("selected box", "选中的框"),
    "detection_fig_region": ("region pooled", "池化的区域"),
    "detection_fig_bins": ("bins", "格子"),
    "detection_fig_samples": ("sample points", "采样点"),
    "detection_fig_outside": ("outside the map (reads 0)", "在特征图之外（取 0）"),
    "detection_fig_value": ("value", "数值"),
    "detection_fig_box": ("box", "框"),
    "detection_fig_anchors": ("anchors of the cell", "该单元的锚框"),
    "detection_fig_centres": ("anchor centres", "锚框中心"),
    "detection_fig_cell": ("cell", "单元"),
    "detection_fig_thinned": ("every {k}th centre shown", "每 {k} 个中心显示一个"),
    "detection_fig_size": ("size", "尺寸"),
    "detection_fig_ratio": ("ratio", "长宽比"),
    "detection_boxes_empty": (
        "Type at least one box as x1, y1, x2, y2 (several boxes separated by semicolons).",
        "请至少输入一个框，格式为 x1, y1, x2, y2（多个框用分号分隔）。"),
    "detection_box_not_number": (
        "Box {index} ({box}) holds something that is not a number: **{value}**.",
        "第 {index} 个框（{box}）中有不是数字的内容：**{value}**。"),
    "detection_box_four_numbers": (
        "Box {index} ({box}) has {count} numbers; a box needs exactly four: x1, y1, x2, y2.",
        "第 {index} 个框（{box}）有 {count} 个数；一个框正好需要四个数：x1, y1, x2, y2。"),
    "detection_box_order": (
        "Box {index} ({box}) is empty: x2 must be greater than x1 and y2 greater than y1.",
        "第 {index} 个框（{box}）是空的：x2 必须大于 x1，y2 必须大于 y1。"),
    "detection_box_outside": (
        "Box {index} ({box}) lies entirely outside the {width} × {height} image.",
        "第 {index} 个框（{box}）完全在 {width} × {height} 的图像之外。"),
    "detection_too_many_boxes": (
        "{count} boxes were given; at most {limit} can be shown.",
        "输入了 {count} 个框；最多只能显示 {limit} 个。"),
    "detection_bad_stride": (
        "The stride must be one of {allowed} and smaller than the image ({height} × {width}), not {stride}.",
        "步幅必须是 {allowed} 之一，并且小于图像（{height} × {width}），而不是 {stride}。"),
    "detection_bad_output_size": (
        "The pooled size must be a whole number from 1 to {limit}, not {value}.",
        "池化输出尺寸必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "detection_bad_sampling": (
        "The sampling ratio must be a whole number from 0 (adaptive) to {limit}, not {value}.",
        "采样率必须是 0（自适应）到 {limit} 之间的整数，而不是 {value}。"),
    "detection_bad_kind": (
        "Unknown RoI operation **{kind}**: choose pool or align.",
        "未知的 RoI 操作 **{kind}**：请选择 pool 或 align。"),
    "detection_bad_selected": (
        "The box to show must be a whole number from 1 to {limit}, not {value}.",
        "要显示的框编号必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "detection_bad_level": (
        "The pyramid level must be a whole number from 0 (the finest) to {limit} (the coarsest), not {value}.",
        "金字塔层级必须是 0（最细）到 {limit}（最粗）之间的整数，而不是 {value}。"),
    "detection_bad_image_size": (
        "The image size must be two whole numbers from {low} to {high}, not {value}.",
        "图像尺寸必须是两个 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "detection_differs_rcnn": (
        "**Where the notes differ.** Under “RCNN” the note `002_…` describes one CNN pass over the whole image and "
        "RoI pooling of every box on that shared feature map: that is **Fast R-CNN** (Girshick 2015), what the view "
        "above shows. R-CNN (Girshick et al. 2014) warps every proposed region and runs the CNN on each one "
        "separately. The note then says Faster R-CNN gets better boxes by heuristic search; in fact the heuristic "
        "search, selective search, is how R-CNN and Fast R-CNN propose regions, and Faster R-CNN (Ren et al. 2015) "
        "replaces it with a learned region proposal network (RPN): a small convolutional network on the shared "
        "features, trained with the detector, whose anchors are drawn below.",
        "**与笔记不同之处。** 笔记 `002_…` 在《RCNN》下写的是：CNN 对整张图只提取一次特征，再在这张共享的特征图上"
        "对每个框做 RoI 池化——这其实是 **Fast R-CNN**（Girshick 2015），也就是上面这个视图演示的内容。R-CNN"
        "（Girshick 等人 2014）则把每个候选区域缩放后分别送进 CNN。笔记接着说 Faster R-CNN 用启发式搜索获得更好"
        "的锚框；实际上启发式搜索（选择性搜索）是 R-CNN 和 Fast R-CNN 产生候选区域的方法，Faster R-CNN（Ren 等人 "
        "2015）用一个可学习的区域建议网络（RPN）取代了它：这是一个建在共享特征上、与检测器一起训练的小卷积网络，"
        "它的锚框画在下方。"),
}
