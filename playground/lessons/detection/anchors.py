"""Faster R-CNN's anchors on an FPN, as torchvision's AnchorGenerator builds them for R50-FPN: the map size of each
level, one anchor set per cell, and the cell at the image centre. No gradio. Ren et al. 2015,
https://arxiv.org/abs/1506.01497."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from playground.core.errors import PlaygroundError

MIN_IMAGE, MAX_IMAGE = 64, 1344  # anchors: an image the backbone sees (torchvision caps the long side at 1333)
# Faster R-CNN R50-FPN's anchor settings (torchvision's _default_anchorgen): one size per level, three ratios h / w.
FPN_SIZES = ((32,), (64,), (128,), (256,), (512,))
FPN_RATIOS = ((0.5, 1.0, 2.0),) * 5
FPN_DIVISIBLE = 32  # GeneralizedRCNNTransform pads the batch to a multiple of this


@dataclass(frozen=True)
class Level:
    """One FPN level's anchors: stride (sy, sx) in image pixels, feature_size (h, w), cell_anchors (A, 4) centred on
    (0, 0), anchors (h * w * A, 4) as (x1, y1, x2, y2) in image pixels, in torchvision's order (row-major cells, the
    A anchors of a cell together)."""
    name: str
    stride: tuple[int, int]
    feature_size: tuple[int, int]
    sizes: tuple[float, ...]
    aspect_ratios: tuple[float, ...]
    cell_anchors: torch.Tensor
    anchors: torch.Tensor

    @property
    def per_cell(self) -> int:
        return len(self.cell_anchors)

    def cell_index(self, row: int, col: int) -> slice:
        """The rows of `anchors` that belong to cell (row, col)."""
        first = (row * self.feature_size[1] + col) * self.per_cell
        return slice(first, first + self.per_cell)


def resized_size(image_size, min_size: int = 800, max_size: int = 1333) -> tuple[int, int]:
    """The size GeneralizedRCNNTransform resizes an image of image_size (H, W) to before the backbone sees it: the
    short side to min_size unless the long side would pass max_size (then the long side to max_size)."""
    h, w = (float(v) for v in image_size)
    scale = min(min_size / min(h, w), max_size / max(h, w))
    return int(math.floor(h * scale)), int(math.floor(w * scale))


def fpn_feature_sizes(image_size) -> list[tuple[int, int]]:
    """The five map sizes ResNet-50 + FPN (+ its max-pool level) produce for an image of image_size (H, W) after
    GeneralizedRCNNTransform pads it to a multiple of 32: P2..P5 at strides 4..32 and the pool level."""
    padded = [int(math.ceil(s / FPN_DIVISIBLE) * FPN_DIVISIBLE) for s in image_size]
    sizes = []
    for side in padded:
        out = (side + 2 * 3 - 7) // 2 + 1  # conv1: 7x7, stride 2, padding 3
        chain = []
        for _ in range(4):  # max-pool 3x3/2 (padding 1), then layer2..4's strided 3x3 convolutions (padding 1)
            out = (out + 2 * 1 - 3) // 2 + 1
            chain.append(out)
        chain.append((chain[-1] - 1) // 2 + 1)  # LastLevelMaxPool: max_pool2d(kernel 1, stride 2)
        sizes.append(chain)
    return list(zip(*sizes))


def _cell_anchors(sizes, ratios) -> torch.Tensor:
    """(len(ratios) * len(sizes), 4) anchors centred on 0: aspect ratio r = h / w keeps the area size^2, so
    h = size * sqrt(r), w = size / sqrt(r); (x1, y1, x2, y2) = (-w, -h, w, h) / 2, rounded to whole pixels."""
    scales = torch.as_tensor(sizes, dtype=torch.float32)
    r = torch.as_tensor(ratios, dtype=torch.float32)
    h_ratios = torch.sqrt(r)
    w_ratios = 1 / h_ratios
    ws = (w_ratios[:, None] * scales[None, :]).view(-1)  # (R * S,) ratio-major, as torchvision orders them
    hs = (h_ratios[:, None] * scales[None, :]).view(-1)
    return (torch.stack([-ws, -hs, ws, hs], dim=1) / 2).round()  # (A, 4)


def anchor_levels(image_size=(800, 800), sizes=FPN_SIZES, aspect_ratios=FPN_RATIOS,
                  feature_sizes=None) -> list[Level]:
    """Faster R-CNN R50-FPN's anchors for an image of image_size (H, W), the size the backbone sees (torchvision
    first resizes the short side to 800, see resized_size). Per level: stride = padded image size // feature size
    (torchvision's rule; the pool level of an 800-pixel image has 13 cells and stride 61, not 64), and an anchor set
    on every cell, centred on the cell's top-left pixel (x * stride, y * stride). feature_sizes overrides the
    R50-FPN map sizes."""
    try:
        h, w = (int(v) for v in image_size)
        ok = all(float(v) == int(v) for v in image_size) and MIN_IMAGE <= h <= MAX_IMAGE and MIN_IMAGE <= w <= MAX_IMAGE
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise PlaygroundError("detection_bad_image_size", value=image_size, low=MIN_IMAGE, high=MAX_IMAGE)
    feats = [tuple(map(int, f)) for f in feature_sizes] if feature_sizes is not None else fpn_feature_sizes((h, w))
    if not (len(feats) == len(sizes) == len(aspect_ratios)):
        raise ValueError("sizes, aspect_ratios and feature sizes need one entry per level")
    padded = [int(math.ceil(s / FPN_DIVISIBLE) * FPN_DIVISIBLE) for s in (h, w)]
    levels = []
    for n, ((fh, fw), size, ratios) in enumerate(zip(feats, sizes, aspect_ratios)):
        sy, sx = padded[0] // fh, padded[1] // fw
        base = _cell_anchors(size, ratios)  # (A, 4)
        shift_y, shift_x = torch.meshgrid(torch.arange(fh, dtype=torch.int32) * sy,
                                          torch.arange(fw, dtype=torch.int32) * sx, indexing="ij")  # (fh, fw)
        shifts = torch.stack([shift_x, shift_y, shift_x, shift_y], dim=-1).reshape(-1, 1, 4)  # (fh * fw, 1, 4)
        anchors = (shifts + base.view(1, -1, 4)).reshape(-1, 4)  # (fh * fw * A, 4)
        name = f"P{n + 2}" if n < 4 or feature_sizes is not None else "pool"
        levels.append(Level(name, (sy, sx), (fh, fw), tuple(float(s) for s in size),
                            tuple(float(r) for r in ratios), base, anchors))
    return levels


def centre_cell(level: Level, image_size) -> tuple[int, int]:
    """The cell whose anchors are centred nearest the image centre."""
    (sy, sx), (fh, fw) = level.stride, level.feature_size
    row = min(max(int(round(image_size[0] / 2 / sy)), 0), fh - 1)
    col = min(max(int(round(image_size[1] / 2 / sx)), 0), fw - 1)
    return row, col
