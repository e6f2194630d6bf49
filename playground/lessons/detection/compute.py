"""Detection building blocks from scratch: RoI pooling (Fast R-CNN, https://arxiv.org/abs/1504.08083), RoI align
(Mask R-CNN, https://arxiv.org/abs/1703.06870) and Faster R-CNN's FPN anchors (https://arxiv.org/abs/1506.01497),
each equal to torchvision's own; plus a toy scene, typed boxes and a visible stand-in feature map. No gradio.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.data.datasets import MAX_SEED
from playground.core.data.generators import SHAPE_CLASSES, shape_mask
from playground.core.errors import PlaygroundError
from playground.core.validate import whole
from playground.figures.palette import OKABE_ITO, to_rgb


KINDS = ("pool", "align")
STRIDES = (1, 2, 4, 8, 16, 32)
MAX_BOXES = 8
MAX_OUTPUT_SIZE = 14
MAX_SAMPLING = 4
MIN_IMAGE, MAX_IMAGE = 64, 1344  # anchors: an image the backbone sees (torchvision caps the long side at 1333)
# Faster R-CNN R50-FPN's anchor settings (torchvision's _default_anchorgen): one size per level, three ratios h / w.
FPN_SIZES = ((32,), (64,), (128,), (256,), (512,))
FPN_RATIOS = ((0.5, 1.0, 2.0),) * 5
FPN_DIVISIBLE = 32  # GeneralizedRCNNTransform pads the batch to a multiple of this
SCENE_COLORS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
                OKABE_ITO["reddish_purple"])


# ----------------------------------------------------------------------------------------------------------------
# Inputs

def _pair(size) -> tuple[int, int]:
    """7 -> (7, 7); (3, 5) -> (3, 5)."""
    return (int(size), int(size)) if np.ndim(size) == 0 else (int(size[0]), int(size[1]))


def _as_batch(features: torch.Tensor, boxes: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """features (C, H, W) or (N, C, H, W) -> (N, C, H, W); boxes (K, 4) or (K, 5) -> rois (K, 5) as
    (batch index, x1, y1, x2, y2) in the features' dtype, the layout torchvision.ops takes."""
    x = torch.as_tensor(features)
    if x.ndim == 3:
        x = x[None]  # (1, C, H, W)
    if x.ndim != 4 or not x.is_floating_point():
        raise ValueError(f"features must be a float (C, H, W) or (N, C, H, W) tensor, got {tuple(x.shape)}")
    b = torch.as_tensor(boxes, dtype=x.dtype)
    if b.ndim != 2 or b.shape[1] not in (4, 5):
        raise ValueError(f"boxes must be (K, 4) or (K, 5), got {tuple(b.shape)}")
    if b.shape[1] == 4:
        b = torch.cat([b.new_zeros(len(b), 1), b], dim=1)  # (K, 5): every box on image 0
    index = b[:, 0]
    if len(b) and (index.min() < 0 or index.max() >= x.shape[0] or (index != index.round()).any()):
        raise ValueError(f"batch indices must be whole numbers in [0, {x.shape[0]})")
    return x, b


# ----------------------------------------------------------------------------------------------------------------
# RoI pooling (Fast R-CNN)

def _round_half_away(v: torch.Tensor) -> torch.Tensor:
    """C's round(): halves go away from zero (torch.round sends them to the even neighbour)."""
    return torch.sign(v) * torch.floor(v.abs() + 0.5)


def _pool_edges(roi: torch.Tensor, output_size: tuple[int, int], spatial_scale: float, height: int, width: int):
    """Fast R-CNN's quantised bins of one roi (5,): ((ph, 2) row ranges, (pw, 2) column ranges), [start, end) in
    feature cells, clipped to the map, as torchvision's kernel computes them (in the features' precision)."""
    ph, pw = output_size
    # 1. snap the box to whole cells: start = round(x1 * scale), end = round(x2 * scale), both cells included
    x1, y1, x2, y2 = (_round_half_away(roi[i] * spatial_scale) for i in range(1, 5))
    # 2. a malformed box becomes 1 x 1 cell
    roi_w = torch.clamp(x2 - x1 + 1, min=1)
    roi_h = torch.clamp(y2 - y1 + 1, min=1)
    # 3. bin i covers cells floor(i * size / ph) .. ceil((i + 1) * size / ph) - 1: neighbouring bins may share a cell
    bin_h, bin_w = roi_h / ph, roi_w / pw
    i = torch.arange(ph, dtype=roi.dtype)
    j = torch.arange(pw, dtype=roi.dtype)
    rows = torch.stack([torch.floor(i * bin_h), torch.ceil((i + 1) * bin_h)], dim=1) + y1  # (ph, 2)
    cols = torch.stack([torch.floor(j * bin_w), torch.ceil((j + 1) * bin_w)], dim=1) + x1  # (pw, 2)
    # 4. clip to the map; a bin left with no cell outputs 0
    return rows.clamp(0, height).long(), cols.clamp(0, width).long()


def roi_pool(features: torch.Tensor, boxes: torch.Tensor, output_size, spatial_scale: float = 1.0) -> torch.Tensor:
    """Fast R-CNN's RoI max pooling: features (C, H, W) or (N, C, H, W), boxes (K, 4) or (K, 5) in image
    coordinates (x1, y1, x2, y2; a fifth leading column picks the image) -> (K, C, ph, pw). Each box is snapped to
    whole cells of the map, cut into ph x pw bins of whole cells, and each bin keeps its maximum.
    Equals torchvision.ops.roi_pool."""
    x, rois = _as_batch(features, boxes)
    ph, pw = _pair(output_size)
    n, c, height, width = x.shape
    out = x.new_zeros(len(rois), c, ph, pw)  # (K, C, ph, pw)
    for k, roi in enumerate(rois):
        rows, cols = _pool_edges(roi, (ph, pw), spatial_scale, height, width)
        fmap = x[int(roi[0])]  # (C, H, W)
        for i, (h0, h1) in enumerate(rows.tolist()):
            for j, (w0, w1) in enumerate(cols.tolist()):
                if h1 > h0 and w1 > w0:
                    # y[k, :, i, j] = max over the bin's cells of x[:, h, w]
                    out[k, :, i, j] = fmap[:, h0:h1, w0:w1].amax(dim=(1, 2))
    return out


# ----------------------------------------------------------------------------------------------------------------
# RoI align (Mask R-CNN)

def _align_geometry(roi: torch.Tensor, output_size: tuple[int, int], spatial_scale: float, sampling_ratio: int,
                    aligned: bool):
    """One roi's (y0, x0, bin_h, bin_w, grid_h, grid_w) as torchvision's kernel computes them, in index coordinates
    (cell i is centred at i)."""
    ph, pw = output_size
    # no snapping: the box is scaled onto the map; aligned=True shifts it by half a cell so that pixel centres
    # (i + 0.5 in image units) land on cell centres (i on the map)
    offset = 0.5 if aligned else 0.0
    x0, y0, x1, y1 = (roi[i] * spatial_scale - offset for i in range(1, 5))
    roi_w, roi_h = x1 - x0, y1 - y0
    if not aligned:  # the original RoI align forces a malformed box to 1 x 1 cell
        roi_w, roi_h = torch.clamp(roi_w, min=1.0), torch.clamp(roi_h, min=1.0)
    bin_h, bin_w = roi_h / ph, roi_w / pw
    # sampling_ratio > 0: that many samples per bin side; otherwise ceil(bin size) of them (adaptive)
    grid_h = sampling_ratio if sampling_ratio > 0 else int(math.ceil(float(roi_h / ph)))
    grid_w = sampling_ratio if sampling_ratio > 0 else int(math.ceil(float(roi_w / pw)))
    return y0, x0, bin_h, bin_w, max(grid_h, 0), max(grid_w, 0)


def _sample_positions(start: torch.Tensor, bin_size: torch.Tensor, n_bins: int, grid: int) -> torch.Tensor:
    """Sample coordinates (n_bins, grid) along one axis: start + p * bin + (s + 0.5) * bin / grid, the centres
    of `grid` equal parts of each bin."""
    p = torch.arange(n_bins, dtype=start.dtype)[:, None]  # (n_bins, 1)
    s = torch.arange(grid, dtype=start.dtype)[None, :]  # (1, grid)
    return start + p * bin_size + (s + 0.5) * bin_size / grid  # (n_bins, grid)


def _neighbours(pos: torch.Tensor, size: int):
    """For sample coordinates pos (n,) along one axis of `size` cells (cell i centred at i), as the kernel does:
    lo, hi (n,) the two cells a sample falls between, frac (n,) its distance past lo, and inside (n,), False for a
    sample more than one cell outside the map (it reads 0). One within a cell of the border reads the border cell."""
    inside = (pos >= -1.0) & (pos <= size)
    y = pos.clamp(min=0)
    lo = y.floor().long().clamp(max=size - 1)
    at_end = lo >= size - 1
    y = torch.where(at_end, lo.to(pos.dtype), y)  # past the last cell centre: the last cell, weight 1
    hi = torch.where(at_end, lo, lo + 1)
    return lo, hi, y - lo.to(pos.dtype), inside


def roi_align(features: torch.Tensor, boxes: torch.Tensor, output_size, spatial_scale: float = 1.0,
              sampling_ratio: int = -1, aligned: bool = False) -> torch.Tensor:
    """Mask R-CNN's RoI align: features (C, H, W) or (N, C, H, W), boxes (K, 4) or (K, 5) in image coordinates ->
    (K, C, ph, pw). Nothing is snapped: each bin averages grid_h x grid_w bilinear samples of the map.
    Equals torchvision.ops.roi_align (sampling_ratio <= 0: adaptive, ceil(bin size) samples per side)."""
    x, rois = _as_batch(features, boxes)
    ph, pw = _pair(output_size)
    n, c, height, width = x.shape
    out = x.new_zeros(len(rois), c, ph, pw)  # (K, C, ph, pw)
    for k, roi in enumerate(rois):
        y0, x0, bin_h, bin_w, grid_h, grid_w = _align_geometry(roi, (ph, pw), spatial_scale, sampling_ratio, aligned)
        if grid_h == 0 or grid_w == 0:
            continue  # an empty box (aligned=True allows them) averages no samples: 0
        ys = _sample_positions(y0, bin_h, ph, grid_h).reshape(-1)  # (ph * gh,)
        xs = _sample_positions(x0, bin_w, pw, grid_w).reshape(-1)  # (pw * gw,)
        y_lo, y_hi, ly, y_in = (t[:, None] for t in _neighbours(ys, height))  # (ph * gh, 1) each
        x_lo, x_hi, lx, x_in = (t[None, :] for t in _neighbours(xs, width))  # (1, pw * gw) each
        hy, hx = 1 - ly, 1 - lx
        fmap = x[int(roi[0])]  # (C, H, W)
        # bilinear: v = hy hx x[y_lo, x_lo] + hy lx x[y_lo, x_hi] + ly hx x[y_hi, x_lo] + ly lx x[y_hi, x_hi]
        samples = (hy * hx * fmap[:, y_lo, x_lo] + hy * lx * fmap[:, y_lo, x_hi]
                   + ly * hx * fmap[:, y_hi, x_lo] + ly * lx * fmap[:, y_hi, x_hi])  # (C, ph * gh, pw * gw)
        samples = samples * (y_in & x_in)  # samples far outside the map read 0
        # each bin is the mean of its grid_h * grid_w samples
        out[k] = samples.reshape(c, ph, grid_h, pw, grid_w).sum(dim=(2, 4)) / (grid_h * grid_w)  # (C, ph, pw)
    return out


# ----------------------------------------------------------------------------------------------------------------
# Where each bin reads, for the figure

@dataclass(frozen=True)
class RoiBins:
    """The bins of one box on the feature map, in map coordinates where cell (h, w) covers [w, w + 1) x [h, h + 1).

    box: (4,) the box scaled onto the map (x1, y1, x2, y2) * spatial_scale.
    region: (4,) what is actually pooled: pool: the box snapped to whole cells (x0, y0, x1, y1); align: the box as
        sampled (aligned=False shows the half-cell shift that aligned=True removes).
    bins: (ph, pw, 4) each bin's rectangle (x0, y0, x1, y1); pool: whole cells, clipped to the map (a bin with
        x1 <= x0 or y1 <= y0 is empty and outputs 0); align: not clipped.
    samples: align: (ph, pw, grid_h * grid_w, 2) the (x, y) sample points of each bin; pool: None.
    valid: align: (ph, pw, grid_h * grid_w) False where a sample lies over a cell outside the map (it reads 0).
    """
    kind: str
    box: np.ndarray
    region: np.ndarray
    bins: np.ndarray
    samples: np.ndarray | None = None
    valid: np.ndarray | None = None


def roi_bins(box, output_size, spatial_scale: float, kind: str, height: int, width: int,
             sampling_ratio: int = -1, aligned: bool = False) -> RoiBins:
    """The bins one box (x1, y1, x2, y2) in image coordinates is cut into on a height x width feature map, and for
    align the sample points, computed exactly as roi_pool / roi_align compute them."""
    if kind not in KINDS:
        raise PlaygroundError("det_bad_kind", kind=kind)
    roi = torch.cat([torch.zeros(1), torch.as_tensor(box, dtype=torch.float32).reshape(4)])  # (5,)
    ph, pw = _pair(output_size)
    scaled = (roi[1:] * spatial_scale).numpy()
    if kind == "pool":
        rows, cols = _pool_edges(roi, (ph, pw), spatial_scale, height, width)
        x1, y1, x2, y2 = (_round_half_away(roi[i] * spatial_scale) for i in range(1, 5))
        region = np.array([float(x1), float(y1), float(max(x2, x1)) + 1, float(max(y2, y1)) + 1], np.float32)
        r, q = rows.numpy().astype(np.float32), cols.numpy().astype(np.float32)
        bins = np.stack(np.broadcast_arrays(q[None, :, 0], r[:, None, 0], q[None, :, 1], r[:, None, 1]), axis=-1)
        return RoiBins(kind, scaled, region, bins.astype(np.float32))  # bins (ph, pw, 4)
    y0, x0, bin_h, bin_w, grid_h, grid_w = _align_geometry(roi, (ph, pw), spatial_scale, sampling_ratio, aligned)
    # index coordinates (cell i centred at i) + 0.5 = map coordinates (cell i covers [i, i + 1))
    i = torch.arange(ph, dtype=torch.float32)
    j = torch.arange(pw, dtype=torch.float32)
    top, left = y0 + i * bin_h + 0.5, x0 + j * bin_w + 0.5  # (ph,), (pw,)
    bins = torch.stack(torch.broadcast_tensors(left[None, :], top[:, None], left[None, :] + bin_w,
                                               top[:, None] + bin_h), dim=-1)  # (ph, pw, 4)
    region = np.array([float(x0) + 0.5, float(y0) + 0.5, float(x0 + pw * bin_w) + 0.5,
                       float(y0 + ph * bin_h) + 0.5], np.float32)
    ys = _sample_positions(y0, bin_h, ph, grid_h)  # (ph, grid_h)
    xs = _sample_positions(x0, bin_w, pw, grid_w)  # (pw, grid_w)
    sy = ys[:, None, :, None].expand(ph, pw, grid_h, grid_w)  # (ph, pw, grid_h, grid_w)
    sx = xs[None, :, None, :].expand(ph, pw, grid_h, grid_w)
    valid = ~((sy < -1) | (sy > height) | (sx < -1) | (sx > width))
    samples = torch.stack([sx, sy], dim=-1).reshape(ph, pw, grid_h * grid_w, 2) + 0.5  # (ph, pw, S, 2)
    return RoiBins(kind, scaled, region, bins.numpy(), samples.numpy(), valid.reshape(ph, pw, -1).numpy())


# ----------------------------------------------------------------------------------------------------------------
# A scene, typed boxes and a feature map to pool from

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
        raise PlaygroundError("det_bad_stride", stride=stride, allowed=", ".join(map(str, STRIDES)),
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
        raise PlaygroundError("train_seed", value=seed, low=0, high=MAX_SEED)  # an existing message
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
        raise PlaygroundError("det_boxes_empty")
    if len(parts) > max_boxes:
        raise PlaygroundError("det_too_many_boxes", count=len(parts), limit=max_boxes)
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
                raise PlaygroundError("det_box_not_number", index=index, box=part, value=v)
            numbers.append(f)
        if len(numbers) != 4:
            raise PlaygroundError("det_box_four_numbers", index=index, box=part, count=len(numbers))
        x1, y1, x2, y2 = numbers
        if x2 <= x1 or y2 <= y1:
            raise PlaygroundError("det_box_order", index=index, box=part)
        if x2 <= 0 or y2 <= 0 or x1 >= width or y1 >= height:
            raise PlaygroundError("det_box_outside", index=index, box=part, width=width, height=height)
        boxes.append(numbers)
    return torch.tensor(boxes, dtype=torch.float32)  # (K, 4)


def format_boxes(boxes) -> str:
    """(K, 4) -> 'x1, y1, x2, y2; ...' with whole numbers where they are whole (what parse_boxes reads)."""
    return "; ".join(", ".join(f"{float(v):g}" for v in box) for box in np.asarray(boxes, dtype=np.float64))


@dataclass(frozen=True)
class RoiView:
    """Everything plot_roi draws: feature (C, h, w), boxes (K, 4) in image pixels, pooled (K, C, ph, pw), and the
    bins of box `selected`."""
    feature: torch.Tensor
    boxes: torch.Tensor
    pooled: torch.Tensor
    bins: RoiBins
    selected: int
    spatial_scale: float


def _whole(value, low: int, high: int, key: str) -> int:
    v = whole(value)
    if v is None or not low <= v <= high:
        raise PlaygroundError(key, value=value, limit=high)
    return v


def roi_view(image: torch.Tensor, boxes: torch.Tensor, stride: int = 8, output_size: int = 7, kind: str = "align",
             sampling_ratio: int = 2, aligned: bool = True, selected: int = 0) -> RoiView:
    """One call for the RoI view: the stand-in feature map of the image at `stride`, every box pooled to
    output_size x output_size with roi_pool or roi_align (spatial_scale 1 / stride), and the bins of box `selected`."""
    if kind not in KINDS:
        raise PlaygroundError("det_bad_kind", kind=kind)
    size = _whole(output_size, 1, MAX_OUTPUT_SIZE, "det_bad_output_size")
    ratio = _whole(sampling_ratio, 0, MAX_SAMPLING, "det_bad_sampling")
    feature = feature_map(image, stride)  # (C, h, w)
    scale = 1.0 / int(stride)
    boxes = torch.as_tensor(boxes, dtype=torch.float32).reshape(-1, 4)
    if kind == "pool":
        pooled = roi_pool(feature, boxes, size, scale)
    else:
        pooled = roi_align(feature, boxes, size, scale, ratio, bool(aligned))
    pick = min(max(int(selected), 0), max(len(boxes) - 1, 0))
    bins = roi_bins(boxes[pick], size, scale, kind, feature.shape[1], feature.shape[2], ratio, bool(aligned))
    return RoiView(feature, boxes, pooled, bins, pick, scale)


# ----------------------------------------------------------------------------------------------------------------
# Anchors (Faster R-CNN with an FPN, as torchvision builds them)

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
        raise PlaygroundError("det_bad_image_size", value=image_size, low=MIN_IMAGE, high=MAX_IMAGE)
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
