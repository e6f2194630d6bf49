"""The detection lesson's inputs: a toy scene of coloured shapes with its true boxes, boxes typed as text and back,
and a visible stand-in feature map to pool from. No gradio."""
from __future__ import annotations

import math
import re

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.data.datasets import MAX_SEED
from playground.core.data.generators import SHAPE_CLASSES, shape_mask
from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.figures.palette import OKABE_ITO, to_rgb

from .anchors import MAX_IMAGE

STRIDES = (1, 2, 4, 8, 16, 32)
MAX_BOXES = 8
SCENE_COLORS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
                OKABE_ITO["reddish_purple"])


def feature_map(image: torch.Tensor, stride: int) -> torch.Tensor:
    """image (3, H, W) in [0, 1] -> (3, H // stride, W // stride): the image average-pooled by the stride.

    A stand-in for a backbone's features at that stride (a real one has hundreds of channels that are hard to
    read); here every cell is the mean colour of the stride x stride pixels it covers, so one can see what RoI
    pooling picks up. Pool it with spatial_scale = 1 / stride."""
    x = torch.as_tensor(image, dtype=torch.float32)
    if x.ndim != 3:
        raise ValueError(f"image must be (C, H, W), got {tuple(x.shape)}")
    s = whole(stride)
    if s not in STRIDES or s >= min(x.shape[1:]):
        raise PlaygroundError("detection_bad_stride", stride=stride, allowed=", ".join(map(str, STRIDES)),
                              height=x.shape[1], width=x.shape[2])
    return F.avg_pool2d(x[None], s)[0]  # (C, H // s, W // s)


def sample_scene(seed: int = 0, size: int = 256) -> tuple[torch.Tensor, torch.Tensor, list[str]]:
    """A toy detection scene: image (3, size, size) float32 in [0, 1] with 2-4 coloured shapes on a dark background,
    their ground-truth boxes (K, 4) as (x1, y1, x2, y2) in pixels (tight around the shape's pixels, x2 and y2
    exclusive) and their class names (from playground.data.SHAPE_CLASSES)."""
    try:
        ok = float(seed) == int(seed) and 0 <= int(seed) <= MAX_SEED
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise PlaygroundError("train_bad_seed", value=seed, low=0, high=MAX_SEED)  # an existing message
    if not 64 <= int(size) <= MAX_IMAGE:
        raise ValueError(f"scene size must be from 64 to {MAX_IMAGE}, got {size}")
    rng = np.random.default_rng([0xDE7, int(seed)])
    k = int(rng.integers(2, 5))
    grid = np.arange(size, dtype=np.float32)
    # background: a dark slate diagonal gradient with mild noise, so every shape stands out in most single channels
    base = 0.22 + 0.16 * (grid[None, :, None] + grid[None, None, :]) / (2 * size)
    image = np.repeat(base, 3, axis=0) + 0.025 * rng.standard_normal((3, size, size))  # (3, H, W)
    boxes, names, placed = [], [], []
    for _ in range(200):  # rejection sampling: shapes do not overlap
        if len(boxes) == k:
            break
        r = rng.uniform(0.08, 0.2) * size  # circumradius
        cx, cy = rng.uniform(r + 2, size - r - 2, 2)
        if any(np.hypot(cx - px, cy - py) < r + pr + 4 for px, py, pr in placed):
            continue
        cls = int(rng.integers(len(SHAPE_CLASSES)))
        theta = rng.uniform(0, 2 * np.pi)
        du, dv = grid[None, :] - cx, grid[:, None] - cy  # (1, W), (H, 1)
        u, v = np.cos(theta) * du + np.sin(theta) * dv, np.cos(theta) * dv - np.sin(theta) * du  # (H, W)
        mask = shape_mask(SHAPE_CLASSES[cls], u[None], v[None], np.array(r).reshape(1, 1, 1))[0]  # (H, W)
        if not mask.any():
            continue
        color = to_rgb(SCENE_COLORS[len(boxes) % len(SCENE_COLORS)])
        image = np.where(mask[None], color[:, None, None], image)
        ys, xs = np.nonzero(mask)
        boxes.append([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1])
        names.append(SHAPE_CLASSES[cls])
        placed.append((cx, cy, r))
    image = np.clip(image, 0, 1).astype(np.float32)
    return torch.from_numpy(image), torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4), names


_BOX_SPLIT = re.compile(r"[;\n]+")
_NUM_SPLIT = re.compile(r"[,\s]+")


def parse_boxes(text: str, width: int, height: int, max_boxes: int = MAX_BOXES) -> torch.Tensor:
    """'x1,y1,x2,y2; x1,y1,x2,y2' (boxes split by ';' or new lines, numbers by ',' or spaces, brackets ignored)
    -> (K, 4) float32 in image pixels. Boxes may reach past the border but not lie wholly outside the image."""
    parts = [p.strip().strip("()[]").strip() for p in _BOX_SPLIT.split(text or "")]
    parts = [p for p in parts if p]
    if not parts:
        raise PlaygroundError("detection_boxes_empty")
    if len(parts) > max_boxes:
        raise PlaygroundError("detection_too_many_boxes", count=len(parts), limit=max_boxes)
    boxes = []
    for index, part in enumerate(parts, start=1):
        values = [v for v in _NUM_SPLIT.split(part.replace("(", " ").replace(")", " ")) if v]
        numbers = []
        for v in values:
            try:
                f = float(v)
            except ValueError:
                f = math.nan
            if not math.isfinite(f):
                raise PlaygroundError("detection_box_not_number", index=index, box=part, value=v)
            numbers.append(f)
        if len(numbers) != 4:
            raise PlaygroundError("detection_box_four_numbers", index=index, box=part, count=len(numbers))
        x1, y1, x2, y2 = numbers
        if x2 <= x1 or y2 <= y1:
            raise PlaygroundError("detection_box_order", index=index, box=part)
        if x2 <= 0 or y2 <= 0 or x1 >= width or y1 >= height:
            raise PlaygroundError("detection_box_outside", index=index, box=part, width=width, height=height)
        boxes.append(numbers)
    return torch.tensor(boxes, dtype=torch.float32)  # (K, 4)


def format_boxes(boxes) -> str:
    """(K, 4) -> 'x1, y1, x2, y2; ...' with whole numbers where they are whole (what parse_boxes reads)."""
    return "; ".join(", ".join(f"{float(v):g}" for v in box) for box in np.asarray(boxes, dtype=np.float64))
