"""Windows on a small grid of numbers, with every number kept: max and average pooling (PyTorch's output-size rule,
ceil_mode included), and one convolution output as the products of a patch and a kernel. NumPy loops, checked
against F.max_pool2d, F.avg_pool2d and F.conv2d by the tests. Imports no gradio."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.errors import PlaygroundError

MAX_SIDE = 10      # rows or columns of a typed grid
MAX_ABS = 1e6      # the largest number a grid may hold
MAX_STEP = 10      # stride; padding up to MAX_PADDING
MAX_PADDING = 4
MAX_TEXT = 2000    # characters of a typed grid
_ROWS = re.compile(r"[;\n]+")
_CELLS = re.compile(r"[,\s]+")

POOL_EXAMPLE = "1 1 2 4; 5 6 7 8; 3 2 1 0; 1 2 3 4"
CONV_INPUT_EXAMPLE = "3 0 1 2 7; 1 5 8 9 3; 2 7 2 5 1; 0 1 3 1 7; 4 2 1 6 2"
CONV_KERNEL_EXAMPLE = "1 0 -1; 1 0 -1; 1 0 -1"


def read_grid(text, what: str) -> np.ndarray:
    """'1 2; 3 4' (rows split by ';' or new lines, numbers by spaces or commas) -> (rows, cols) float64; a grid
    that is ragged, empty, too large or not numbers raises convolution_bad_grid naming `what`."""
    text = str(text or "")
    rows = [[c for c in _CELLS.split(r.strip()) if c] for r in _ROWS.split(text[:MAX_TEXT]) if r.strip()]
    grid = None
    if len(text) <= MAX_TEXT and rows and len(rows) <= MAX_SIDE and all(len(r) == len(rows[0]) for r in rows) \
            and len(rows[0]) <= MAX_SIDE:
        try:
            grid = np.array([[float(c) for c in r] for r in rows], dtype=np.float64)  # (rows, cols)
        except ValueError:
            grid = None
    if grid is None or not np.isfinite(grid).all() or np.abs(grid).max() > MAX_ABS:
        raise PlaygroundError("convolution_bad_grid", what=what, text=text[:60], side=MAX_SIDE,
                              limit=f"{MAX_ABS:g}")
    return grid


def _whole_in(value, low: int, high: int, key: str) -> int:
    """value as an int in [low, high], else PlaygroundError(key) with the range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise PlaygroundError(key, value=str(value)[:20], low=low, high=high)
    return int(value)


def fmt(v: float) -> str:
    """A grid's number as shown: 3, -1.5, 0.333 (no trailing zeros; -0 as 0)."""
    return f"{v:.4g}" if abs(v) >= 1e-12 else "0"


# ---------------------------------------------------------------------------------------------------------------
# Pooling

def pool_output_size(n: int, kernel: int, stride: int, ceil_mode: bool) -> int:
    """PyTorch's rule with padding 0: (n - k) / s rounded down (or up with ceil_mode) + 1; a last window that would
    start past the input is dropped."""
    out = (-(-(n - kernel) // stride) if ceil_mode else (n - kernel) // stride) + 1
    return out - 1 if ceil_mode and (out - 1) * stride >= n else out


@dataclass(frozen=True)
class Pooled:
    """Pooling of one grid: every window (row, col, its rows, its cols, its values) and the two outputs."""
    x: np.ndarray
    kernel: int
    stride: int
    ceil_mode: bool
    windows: list[tuple[int, int, range, range, np.ndarray]]
    maximum: np.ndarray   # (OH, OW)
    average: np.ndarray   # (OH, OW)
    winners: list[tuple[int, int]]  # the input cell that gives each max (the first, reading row by row)


def pool(x: np.ndarray, kernel, stride, ceil_mode: bool) -> Pooled:
    """Max and average pooling of a (H, W) grid with a square kernel and stride; windows hanging over the edge
    (ceil_mode) keep their inside cells, and the average divides by those (as PyTorch does with padding 0)."""
    h, w = x.shape
    kernel = _whole_in(kernel, 1, min(h, w), "convolution_bad_pool_kernel")
    stride = _whole_in(stride, 1, MAX_STEP, "convolution_bad_stride")
    oh, ow = (pool_output_size(n, kernel, stride, bool(ceil_mode)) for n in (h, w))
    maximum, average = np.zeros((oh, ow)), np.zeros((oh, ow))
    windows, winners = [], []
    for i in range(oh):
        for j in range(ow):
            rows = range(i * stride, min(i * stride + kernel, h))
            cols = range(j * stride, min(j * stride + kernel, w))
            values = x[rows.start:rows.stop, cols.start:cols.stop]
            maximum[i, j], average[i, j] = values.max(), values.mean()
            r, c = np.unravel_index(int(values.argmax()), values.shape)
            windows.append((i, j, rows, cols, values))
            winners.append((rows.start + int(r), cols.start + int(c)))
    return Pooled(x, kernel, stride, bool(ceil_mode), windows, maximum, average, winners)


# ---------------------------------------------------------------------------------------------------------------
# One convolution output

@dataclass(frozen=True)
class ConvStep:
    """One output of a convolution: the padded input, where the window sits, the patch, the products, the sum,
    the bias and the output; and the whole output map."""
    x: np.ndarray         # (H, W)
    padded: np.ndarray    # (H + 2p, W + 2p)
    padding: int
    stride: int
    kernel: np.ndarray    # (kh, kw)
    bias: float
    row: int
    col: int
    patch: np.ndarray     # (kh, kw): padded[row*s : row*s + kh, col*s : col*s + kw]
    output: np.ndarray    # (OH, OW)

    @property
    def products(self) -> np.ndarray:
        return self.patch * self.kernel  # (kh, kw), element by element

    @property
    def total(self) -> float:
        """The sum of the products, before the bias."""
        return float(self.products.sum())

    @property
    def value(self) -> float:
        return self.total + self.bias


def conv_output_size(n: int, kernel: int, stride: int, padding: int) -> int:
    """(n + 2p - k) / s, rounded down, + 1: the notes' formula as PyTorch applies it."""
    return (n + 2 * padding - kernel) // stride + 1


def conv_step(x: np.ndarray, kernel: np.ndarray, bias, stride, padding, row, col) -> ConvStep:
    """A (H, W) grid convolved (cross-correlated, as in PyTorch) with a (kh, kw) kernel; the output at (row, col)
    kept with its products. A row or column outside the output is brought to its nearest edge."""
    stride = _whole_in(stride, 1, MAX_STEP, "convolution_bad_stride")
    padding = _whole_in(padding, 0, MAX_PADDING, "convolution_bad_padding")
    if isinstance(bias, bool) or not isinstance(bias, (int, float)) or not math.isfinite(bias) or abs(bias) > MAX_ABS:
        raise PlaygroundError("convolution_bad_bias", value=str(bias)[:20], limit=f"{MAX_ABS:g}")
    padded = np.pad(x, padding)
    (ph, pw), (kh, kw) = padded.shape, kernel.shape
    if kh > ph or kw > pw:
        raise PlaygroundError("convolution_kernel_too_big", kernel=f"{kh}×{kw}", padded=f"{ph}×{pw}")
    oh, ow = conv_output_size(x.shape[0], kh, stride, padding), conv_output_size(x.shape[1], kw, stride, padding)
    output = np.empty((oh, ow))
    for i in range(oh):
        for j in range(ow):
            # out[i, j] = sum over (a, b) of padded[i*s + a, j*s + b] * kernel[a, b] + bias
            output[i, j] = (padded[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel).sum() + bias
    r, c = min(max(int(row), 0), oh - 1), min(max(int(col), 0), ow - 1)
    patch = padded[r * stride:r * stride + kh, c * stride:c * stride + kw]
    return ConvStep(x, padded, padding, stride, kernel, float(bias), r, c, patch, output)


def torch_value(step: ConvStep) -> float:
    """The same output by PyTorch: F.conv2d on the unpadded input with the step's padding and stride."""
    x = torch.from_numpy(step.x)[None, None]        # (1, 1, H, W)
    w = torch.from_numpy(step.kernel)[None, None]   # (1, 1, kh, kw)
    out = F.conv2d(x, w, torch.tensor([step.bias], dtype=torch.float64), stride=step.stride, padding=step.padding)
    return float(out[0, 0, step.row, step.col])
