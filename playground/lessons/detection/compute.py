"""The detection lesson's error texts in English and Chinese, keyed as its PlaygroundErrors raise them. The
computation lives in roi.py, anchors.py and scenes.py."""

MESSAGES = {
    "det_boxes_empty": ("Type at least one box as x1, y1, x2, y2 (several boxes separated by semicolons).",
                        "请至少输入一个框，格式为 x1, y1, x2, y2（多个框用分号分隔）。"),
    "det_box_not_number": ("Box {index} ({box}) holds something that is not a number: **{value}**.",
                           "第 {index} 个框（{box}）中有不是数字的内容：**{value}**。"),
    "det_box_four_numbers": ("Box {index} ({box}) has {count} numbers; a box needs exactly four: x1, y1, x2, y2.",
                             "第 {index} 个框（{box}）有 {count} 个数；一个框正好需要四个数：x1, y1, x2, y2。"),
    "det_box_order": ("Box {index} ({box}) is empty: x2 must be greater than x1 and y2 greater than y1.",
                      "第 {index} 个框（{box}）是空的：x2 必须大于 x1，y2 必须大于 y1。"),
    "det_box_outside": ("Box {index} ({box}) lies entirely outside the {width} × {height} image.",
                        "第 {index} 个框（{box}）完全在 {width} × {height} 的图像之外。"),
    "det_too_many_boxes": ("{count} boxes were given; at most {limit} can be shown.",
                           "输入了 {count} 个框；最多只能显示 {limit} 个。"),
    "det_bad_stride": ("The stride must be one of {allowed} and smaller than the image ({height} × {width}), "
                       "not {stride}.",
                       "步幅必须是 {allowed} 之一，并且小于图像（{height} × {width}），而不是 {stride}。"),
    "det_bad_output_size": ("The pooled size must be a whole number from 1 to {limit}, not {value}.",
                            "池化输出尺寸必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "det_bad_sampling": ("The sampling ratio must be a whole number from 0 (adaptive) to {limit}, not {value}.",
                         "采样率必须是 0（自适应）到 {limit} 之间的整数，而不是 {value}。"),
    "det_bad_kind": ("Unknown RoI operation **{kind}**: choose pool or align.",
                     "未知的 RoI 操作 **{kind}**：请选择 pool 或 align。"),
    "det_bad_selected": ("The box to show must be a whole number from 1 to {limit}, not {value}.",
                         "要显示的框编号必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "det_bad_level": ("The pyramid level must be a whole number from 0 (the finest) to {limit} (the coarsest), "
                      "not {value}.",
                      "金字塔层级必须是 0（最细）到 {limit}（最粗）之间的整数，而不是 {value}。"),
    "det_bad_image_size": ("The image size must be two whole numbers from {low} to {high}, not {value}.",
                           "图像尺寸必须是两个 {low} 到 {high} 之间的整数，而不是 {value}。"),
}
