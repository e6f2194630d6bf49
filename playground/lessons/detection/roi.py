"""RoI pooling (Fast R-CNN, https://arxiv.org/abs/1504.08083) and RoI align (Mask R-CNN,
https://arxiv.org/abs/1703.06870) from scratch, each equal to torchvision.ops' own; where each bin reads, for the
figure; and the RoI view's one call. No gradio."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from playground.core.errors import PlaygroundError
from playground.core.validate import whole

from .scenes import feature_map

KINDS = ("pool", "align")
MAX_OUTPUT_SIZE = 14
MAX_SAMPLING = 4


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
        raise PlaygroundError("detection_bad_kind", kind=kind)
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
        raise PlaygroundError("detection_bad_kind", kind=kind)
    size = _whole(output_size, 1, MAX_OUTPUT_SIZE, "detection_bad_output_size")
    ratio = _whole(sampling_ratio, 0, MAX_SAMPLING, "detection_bad_sampling")
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
