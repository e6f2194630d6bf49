"""Pictures in: read_image, the one reader that turns any upload, drawing, array or tensor into float32 (H, W, C) in
[0, 1] (transparency over the background its caller names), to_model_input (a model's own evaluation transform, see
preprocess.py), and the picture a view looks at. No gradio."""
from __future__ import annotations

import os
import re

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps, UnidentifiedImageError

from playground.core.data.datasets import DATASETS, dataset_info, load_dataset
from playground.core.data.photos import DEFAULT_PHOTO, PHOTOS, photo_path
from playground.core.data.preprocess import Preprocess
from playground.core.errors import PlaygroundError
from playground.core.validate import whole

MAX_IMAGE_PIXELS = 40_000_000  # larger pictures are refused before any conversion or resizing
LUMA = (0.299, 0.587, 0.114)  # ITU-R BT.601 weights of R, G, B in grey
BACKGROUNDS = {"white": 1.0, "black": 0.0}  # paper under a drawing; the dark background of the captioning scenes
FILE_MODES = ("L", "LA", "RGB", "RGBA", "I;16", "I;16B", "I;16L", "I;16N", "I", "F")  # as they are; others RGBA
SLACK = 0.5  # floats up to half a grey level past either end of their scale are rounding, and clipped
EXIF_ORIENTATION = 0x0112  # the EXIF tag a camera writes when it was held turned (1: upright)
# A "center" resize that would make more pixels than this first trims the picture's long side to MAX_TRIM_ASPECT
# times the crop's aspect ratio, about its centre: the crop never reaches the rest, and a 1 x 20,000 strip resized
# whole would take 3 x 256 x 5,120,000 floats (15 GiB). Pictures below it are resized whole, exactly as PIL does.
MAX_RESIZED_PIXELS = 4_000_000
SWITCHING_DATASET = "digits"  # a sample's dataset while the menu still lists the photos (see picture_for)
MAX_TRIM_ASPECT = 8


def _count(n: int) -> str:
    return f"{n:,}"


def _shape_text(shape) -> str:
    return " × ".join(map(str, shape)) or "()"


def _check_pixels(height: int, width: int) -> None:
    if height * width > MAX_IMAGE_PIXELS:
        raise PlaygroundError("image_too_large", pixels=_count(height * width), limit=_count(MAX_IMAGE_PIXELS))


def _pil_array(im: Image.Image) -> np.ndarray:
    """A PIL image as an array in its own mode (H, W) or (H, W, C); other modes (palette, CMYK, ...) as RGBA."""
    _check_pixels(im.height, im.width)
    im = _upright(im)
    if im.mode not in FILE_MODES:
        im = im.convert("RGBA")
    a = np.asarray(im)
    if im.mode == "I" and a.size and 0 <= a.min() and a.max() <= 65535:
        a = a.astype(np.uint16)  # 16-bit pixels in a 32-bit mode (some TIFFs, older PIL): read on 0-65535
    return a


def _upright(im: Image.Image) -> Image.Image:
    """A photo whose EXIF says the camera was turned, turned as every viewer shows it (phones store it so)."""
    try:
        if im.getexif().get(EXIF_ORIENTATION, 1) in (None, 1):
            return im
        return ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 - a broken EXIF block: the pixels as they are stored
        return im


def _file_array(path) -> np.ndarray:
    """An image file (PNG, JPEG, WebP, BMP, GIF, TIFF...) as an array; files that are missing, corrupt or not images
    -> image_unreadable, decompression bombs (a huge size in a small header) -> image_too_large."""
    try:
        with Image.open(path) as im:
            return _pil_array(im)
    except PlaygroundError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        found = re.search(r"\((\d+) pixels\)", str(bomb))  # PIL refuses before we see the size
        pixels = _count(int(found.group(1))) if found else "> " + _count(MAX_IMAGE_PIXELS)
        raise PlaygroundError("image_too_large", pixels=pixels, limit=_count(MAX_IMAGE_PIXELS)) from None
    except (UnidentifiedImageError, OSError, ValueError, TypeError, SyntaxError):
        raise PlaygroundError("image_unreadable") from None


def _as_array(image) -> np.ndarray:
    """Whatever came in -> a numpy array of bools, whole numbers or floats, in the layout it came in."""
    if image is None:
        raise PlaygroundError("image_missing")
    if isinstance(image, (str, bytes, os.PathLike)):
        return _file_array(image)
    try:
        if isinstance(image, Image.Image):
            return _pil_array(image)
        if isinstance(image, torch.Tensor):
            t = image.detach().cpu()
            image = (t.float() if t.dtype in (torch.bfloat16, torch.float16) else t).numpy()
        a = np.asarray(image)
    except PlaygroundError:
        raise
    except Exception:  # noqa: BLE001 - whatever came (ragged lists, odd objects, PIL modes it cannot convert)
        raise PlaygroundError("image_unreadable") from None
    if not (a.dtype == np.bool_ or np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
        raise PlaygroundError("image_unreadable")  # objects, strings, complex numbers, dates
    return a


def _channels_last(a: np.ndarray) -> np.ndarray:
    """(H, W), (H, W, C) or (C, H, W) with C = 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) -> (H, W, C)."""
    if a.size == 0:
        raise PlaygroundError("image_empty", shape=_shape_text(a.shape))
    if a.ndim == 2:
        return a[:, :, None]  # (H, W, 1)
    if a.ndim == 3 and 1 <= a.shape[2] <= 4:
        return a
    if a.ndim == 3 and 1 <= a.shape[0] <= 4:
        return np.moveaxis(a, 0, -1)  # (C, H, W) -> (H, W, C)
    raise PlaygroundError("image_bad_shape", shape=_shape_text(a.shape))


def _to_unit(a: np.ndarray) -> np.ndarray:
    """Pixel values -> float32 in [0, 1]: bools as 0 / 1; uint8 on 0-255 and uint16 on 0-65535 (their dtype says
    so); other whole numbers on 0-255; floats on 0-1, or on 0-255 when any value is above 1. NaN, infinity and
    values off their scale are refused."""
    if a.dtype == np.bool_:
        return a.astype(np.float32)
    if np.issubdtype(a.dtype, np.integer):
        if a.dtype.kind == "u" and a.dtype.itemsize <= 2:  # uint8, uint16 in either byte order
            return a.astype(np.float32) / float(np.iinfo(a.dtype).max)
        low, high = int(a.min()), int(a.max())
        if low < 0 or high > 255:
            raise PlaygroundError("image_bad_range", low=low, high=high)
        return a.astype(np.float32) / 255.0
    if not np.isfinite(a).all():
        raise PlaygroundError("image_not_finite")
    with np.errstate(over="ignore"):  # 1e300 becomes inf, refused below as off the scale
        a = a.astype(np.float32)
    low, high = float(a.min()), float(a.max())
    scale = 255.0 if high > 1.0 else 1.0
    if low < -SLACK * scale / 255 or high > 255 + SLACK:
        raise PlaygroundError("image_bad_range", low=f"{low:.4g}", high=f"{high:.4g}")
    return np.clip(a / scale if scale != 1.0 else a, 0.0, 1.0)


def read_image(image, *, background: str, rgb: bool = False) -> np.ndarray:
    """Any picture -> float32 (H, W, C) in [0, 1], C = 1 (grey) or 3 (RGB; always 3 when rgb).

    image: a file path, a PIL image, a numpy array or a torch tensor; grey, grey + alpha, RGB or RGBA; channels last
    or first; bool, whole numbers or floats (see _to_unit). background: "white" (ink on paper) or "black" (the
    captioning scenes), what transparent pixels are composited over. Errors are PlaygroundError("image_*").
    """
    if background not in BACKGROUNDS:
        raise ValueError(f"background must be one of {sorted(BACKGROUNDS)}, not {background!r}")
    a = _channels_last(_as_array(image))  # (H, W, C)
    _check_pixels(a.shape[0], a.shape[1])  # before any copy: a broadcast array may claim any size
    a = _to_unit(a)
    if a.shape[2] in (2, 4):
        # over the background: c * alpha + b * (1 - alpha)
        alpha = a[:, :, -1:]
        a = a[:, :, :-1] * alpha + BACKGROUNDS[background] * (1.0 - alpha)  # (H, W, C - 1)
    if rgb and a.shape[2] == 1:
        a = np.repeat(a, 3, axis=2)  # (H, W, 3)
    return np.ascontiguousarray(a, dtype=np.float32)


def to_model_input(image, prep: Preprocess, invert: bool = False, via: int | None = None, *,
                   background: str) -> tuple[torch.Tensor, np.ndarray]:
    """A picture -> ((1, C, H, W) normalised input, (H, W, C) preview in [0, 1]: that input de-normalised).

    prep: the model's evaluation transform (preprocess.py): the aspect ratio kept, a centre crop, per-channel mean
    and std. invert: the picture is dark ink on light paper; it is flipped to light on dark only for models that
    learnt that (prep.light_on_dark), so colour photos keep their colours. via: shrink the crop to via x via first
    and then enlarge, as the 8x8 digits were made. background: what transparency is composited over (read_image).
    """
    a = read_image(image, background=background)  # (H0, W0, C0)
    if invert and prep.light_on_dark:
        a = 1.0 - a
    c, h, w = prep.shape
    x = torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]  # (1, C0, H0, W0)
    if x.shape[1] != c:
        x = x.expand(-1, c, -1, -1) if x.shape[1] == 1 else \
            (x * torch.tensor(LUMA).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)  # RGB -> grey by luminance
    mean, std = (torch.tensor(v, dtype=torch.float32).view(1, -1, 1, 1) for v in (prep.mean, prep.std))
    if via:
        x = _crop_or_pad(x, _aspect_box(x.shape[-2:], (h, w)), 0.0)  # the centre at the input's aspect
        x = F.interpolate(x, size=(via, via), mode="area")
        x = _resize(x, (h, w), "bilinear")
    else:
        x = _trim_for_crop(x, prep)
        x = _resize(x, resized_size(x.shape[-2:], prep), prep.interpolation)
        x = _crop_or_pad(x, (h, w), mean if prep.crop_mode == "border" else 0.0)  # (1, C, H, W)
    x = (x - mean) / std
    preview = (x * std + mean).clamp(0, 1)[0].permute(1, 2, 0).numpy()  # (H, W, C): what the model reads
    return x, preview


def resized_size(size, prep: Preprocess) -> tuple[int, int]:
    """(h, w) of a picture of `size` after the resize of `prep`, before its crop (torchvision's and timm's sums)."""
    h, w = int(size[0]), int(size[1])
    sh, sw = prep.scale
    if prep.crop_mode == "squash":
        return sh, sw
    if prep.crop_mode == "center" and sh == sw:  # torchvision's Resize(int): the shorter side to sh
        return (sh, int(sh * w / h)) if h <= w else (int(sh * h / w), sh)
    ratio = (max if prep.crop_mode == "border" else min)(h / sh, w / sw)  # timm's ResizeKeepRatio
    return max(1, round(h / ratio)), max(1, round(w / ratio))


def _trim_for_crop(x: torch.Tensor, prep: Preprocess) -> torch.Tensor:
    """(1, C, h, w) -> its centre, at most MAX_TRIM_ASPECT times longer than the crop's aspect ratio, when a
    "center" resize of it would pass MAX_RESIZED_PIXELS (the shorter side sets the scale, so the crop sees the
    same picture, shifted by a pixel at most); others as they are."""
    _, _, h, w = x.shape
    rh, rw = resized_size((h, w), prep)
    if prep.crop_mode != "center" or rh * rw <= MAX_RESIZED_PIXELS:
        return x
    _, ch, cw = prep.shape
    if w * ch > MAX_TRIM_ASPECT * h * cw:  # too wide: keep the middle columns
        keep = -(-MAX_TRIM_ASPECT * h * cw // ch)
        return x[..., (w - keep) // 2:(w - keep) // 2 + keep]
    if h * cw > MAX_TRIM_ASPECT * w * ch:  # too tall: keep the middle rows
        keep = -(-MAX_TRIM_ASPECT * w * ch // cw)
        return x[..., (h - keep) // 2:(h - keep) // 2 + keep, :]
    return x


def _resize(x: torch.Tensor, size: tuple[int, int], interpolation: str) -> torch.Tensor:
    """(1, C, h, w) -> (1, C, *size) as PIL resizes: antialiased when shrinking, bicubic with PIL's kernel."""
    size = (int(size[0]), int(size[1]))
    if tuple(x.shape[-2:]) == size:
        return x
    if interpolation == "nearest":
        return F.interpolate(x, size=size, mode="nearest-exact")
    for step in ((x.shape[-2], size[1]), size):  # PIL's order: the width, then the height, each pass clipped
        if tuple(x.shape[-2:]) != step:
            shrink = step[0] < x.shape[-2] or step[1] < x.shape[-1]
            x = F.interpolate(x, size=step, mode=interpolation, align_corners=False,
                              antialias=shrink or interpolation == "bicubic").clamp(0, 1)  # aa bicubic: a = -0.5
    return x


def _aspect_box(size, target: tuple[int, int]) -> tuple[int, int]:
    """The largest (h, w) inside a picture of `size` with the target's aspect ratio."""
    h, w = int(size[0]), int(size[1])
    th, tw = target
    return (h, max(1, round(h * tw / th))) if h * tw <= w * th else (max(1, round(w * th / tw)), w)


def _crop_or_pad(x: torch.Tensor, size: tuple[int, int], fill) -> torch.Tensor:
    """(1, C, h, w) -> (1, C, *size): the centre, as torchvision's center_crop; padded with fill (a number or
    (1, C, 1, 1)) where the picture is smaller."""
    ch, cw = size
    _, c, h, w = x.shape
    if h < ch or w < cw:
        top, left = max(ch - h, 0) // 2, max(cw - w, 0) // 2
        canvas = torch.empty((1, c, max(h, ch), max(w, cw)), dtype=x.dtype)
        canvas[:] = fill
        canvas[..., top:top + h, left:left + w] = x
        x, h, w = canvas, canvas.shape[-2], canvas.shape[-1]
    top, left = int(round((h - ch) / 2.0)), int(round((w - cw) / 2.0))
    return x[..., top:top + ch, left:left + cw]


def adapt_images(x: torch.Tensor, channels: int, size: tuple[int, int]) -> torch.Tensor:
    """(N, C, H, W) in [0, 1] -> (N, channels, *size): grey repeated to RGB, RGB to grey by luminance, bilinear."""
    size = (int(size[0]), int(size[1]))
    if x.shape[1] == channels and tuple(x.shape[2:]) == size:
        return x
    if x.shape[1] not in (1, 3) or channels not in (1, 3):
        raise ValueError(f"adapt_images converts between 1 and 3 channels, not {x.shape[1]} -> {channels}")
    x = x.float()
    if x.shape[1] == 3 and channels == 1:
        x = (x * torch.tensor(LUMA, dtype=x.dtype).view(1, 3, 1, 1)).sum(1, keepdim=True)   # (N, 1, H, W)
    if tuple(x.shape[2:]) != size:
        shrink = size[0] < x.shape[2] or size[1] < x.shape[3]
        x = F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=shrink).clamp(0.0, 1.0)
    if x.shape[1] == 1 and channels == 3:
        x = x.repeat(1, 3, 1, 1)                                   # (N, 3, H, W)
    return x


# ---------------------------------------------------------------------------------------------------------------
# The picture a view looks at: a dataset sample, a sample photo, an upload or a drawing

def is_blank(drawing) -> bool:
    """No ink on the sketchpad (white paper, or nothing at all after Clear)."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else drawing
    if composite is None:
        return True
    try:
        a = np.asarray(composite)
    except ValueError:  # ragged lists: not blank, and read_image says what is wrong with them
        return False
    if a.size and not (a.dtype == np.bool_ or np.issubdtype(a.dtype, np.number)):
        return False  # text, objects: not pixels, which read_image says
    return a.size == 0 or bool(a.min() > 250)


def picture_for(source: str, dataset: str, index, upload, drawing) -> tuple[np.ndarray, bool]:
    """The chosen picture -> (array or file, is a drawing or photo of dark ink on light paper). For the sample
    photos (source "photo") `dataset` names the photo; they are colour pictures as they are, never ink on paper.
    The one menu lists datasets or photos by the source and follows it a round trip later: meanwhile a photo's name
    for a sample reads as the first dataset, a dataset's name for a photo as the first photo."""
    if source == "sample" and isinstance(dataset, str) and dataset in PHOTOS:
        dataset = SWITCHING_DATASET
    if source == "sample":
        if dataset_info(dataset).input_kind != "image":
            raise PlaygroundError("cnn_bad_dataset", name=dataset)
        data = load_dataset(dataset)
        i = whole(index or 0)
        if i is None or not 0 <= i < len(data.x_test):
            raise PlaygroundError("cnn_bad_index", index=index, n=len(data.x_test))
        return data.x_test[i].permute(1, 2, 0).numpy(), False  # (H, W, C)
    if source == "photo":
        switching = isinstance(dataset, str) and dataset in DATASETS and DATASETS[dataset].input_kind == "image"
        return photo_path(DEFAULT_PHOTO if switching else dataset), False  # read by read_image, as an upload is
    if source == "upload":
        if upload is None:
            raise PlaygroundError("image_missing")
        return upload, True
    if source == "draw":
        if is_blank(drawing):
            raise PlaygroundError("cnn_empty_drawing")
        return drawing.get("composite") if isinstance(drawing, dict) else drawing, True
    raise PlaygroundError("cnn_bad_source", source=source)
