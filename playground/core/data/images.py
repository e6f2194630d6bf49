"""Pictures in: any upload, drawing or array read into float arrays in [0, 1], and resized into a model's input.
Two readers still disagree on transparency (image_to_array composites over white, as ink on paper; to_rgb over
black, the captioning scenes' background): issue 19 merges them. No gradio here."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.data.datasets import dataset_info, load_dataset
from playground.core.errors import PlaygroundError
from playground.core.validate import whole

MAX_IMAGE_PIXELS = 40_000_000  # larger uploads are refused before any resizing
LUMA = (0.299, 0.587, 0.114)


def read_image_file(path) -> np.ndarray:
    """An image file (PNG, JPEG, WebP, BMP, GIF, TIFF...) as an array in its own mode; corrupt files, files that
    are not images and decompression bombs are refused with a message."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_IMAGE_PIXELS:
                raise PlaygroundError("image_too_large", pixels=f"{im.width * im.height:,}",
                                      limit=f"{MAX_IMAGE_PIXELS:,}")
            if im.mode not in ("L", "LA", "RGB", "RGBA", "I;16", "I", "F"):
                im = im.convert("RGBA")  # palette, CMYK, ...
            return np.asarray(im)
    except PlaygroundError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PlaygroundError("image_unreadable") from None


def image_to_array(image) -> np.ndarray:
    """Any picture as float32 (H, W, C) in [0, 1] with C = 1 or 3: grey, grey+alpha, RGB and RGBA (composited
    over white, as a drawing on paper), uint8 / uint16 / float, a PIL image, or the path of an image file."""
    if image is None:
        raise PlaygroundError("image_missing")
    if isinstance(image, (str, bytes)) or hasattr(image, "__fspath__"):
        image = read_image_file(image)
    try:
        a = np.asarray(image)
    except Exception:  # noqa: BLE001 - whatever the upload was, it is not a picture
        raise PlaygroundError("image_unreadable") from None
    if a.dtype == object or a.ndim not in (2, 3) or a.size == 0 or (a.ndim == 3 and a.shape[2] not in (1, 2, 3, 4)):
        raise PlaygroundError("image_unreadable")
    if a.shape[0] * a.shape[1] > MAX_IMAGE_PIXELS:
        raise PlaygroundError("image_too_large", pixels=f"{a.shape[0] * a.shape[1]:,}",
                              limit=f"{MAX_IMAGE_PIXELS:,}")
    if a.dtype == np.bool_:
        a = a.astype(np.float32)
    elif np.issubdtype(a.dtype, np.integer):
        a = a.astype(np.float32) / float(np.iinfo(a.dtype).max)
    else:
        a = np.nan_to_num(a.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
        if a.max(initial=0) > 1.0:  # floats on a 0-255 scale
            a = a / 255.0
    a = np.clip(a, 0.0, 1.0)
    if a.ndim == 2:
        a = a[:, :, None]                          # (H, W, 1)
    if a.shape[2] in (2, 4):                       # composite over white: c * alpha + 1 * (1 - alpha)
        alpha = a[:, :, -1:]
        a = a[:, :, :-1] * alpha + (1.0 - alpha)
    return a


def to_model_input(image, shape: tuple[int, int, int], mean: float = 0.0, std: float = 1.0,
                   invert: bool = False, via: int | None = None) -> tuple[torch.Tensor, np.ndarray]:
    """A picture -> ((1, C, H, W) normalised input, (H, W, C) preview in [0, 1] of what the model sees).

    invert: dark ink on light paper becomes light on dark (the digits datasets). via: shrink to via x via first
    and then enlarge, as the 8x8 digits were made.
    """
    a = image_to_array(image)
    if invert:
        a = 1.0 - a
    c, h, w = shape
    x = torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]  # (1, C0, H0, W0)
    if x.shape[1] != c:
        x = x.expand(-1, c, -1, -1) if x.shape[1] == 1 else \
            (x * torch.tensor(LUMA).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)  # RGB -> grey by luminance
    if via:
        x = F.interpolate(x, size=(via, via), mode="area")
    x = F.interpolate(x, size=(h, w), mode="bilinear", antialias=x.shape[-1] > w, align_corners=False)
    x = x.clamp(0, 1)
    preview = x[0].permute(1, 2, 0).numpy()  # (H, W, C)
    return (x - mean) / std, preview


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


MIN_SIDE = 8


MAX_SIDE = 4096


def _shape_text(shape) -> str:
    return " × ".join(str(int(d)) for d in shape)


def to_rgb(image) -> np.ndarray:
    """A picture -> (H, W, 3) float32 in [0, 1]. Accepts (H, W), (H, W, 1), (H, W, 3), (H, W, 4) (alpha composited
    over black) or channels first (1/3/4, H, W); floats in [0, 1] or whole numbers in [0, 255] (uint8 or not)."""
    if isinstance(image, torch.Tensor):
        image = image.detach().cpu().numpy()
    try:
        arr = np.asarray(image)
    except (TypeError, ValueError):
        raise PlaygroundError("cap_not_image") from None
    if arr.dtype == object or np.iscomplexobj(arr) or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise PlaygroundError("cap_not_image")
    if arr.size == 0:
        raise PlaygroundError("cap_empty", shape=_shape_text(arr.shape))
    if arr.ndim == 3 and arr.shape[-1] not in (1, 3, 4) and arr.shape[0] in (1, 3, 4):
        arr = np.moveaxis(arr, 0, -1)  # (C, H, W) -> (H, W, C)
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[-1] not in (1, 3, 4)):
        raise PlaygroundError("cap_bad_shape", shape=_shape_text(arr.shape))
    h, w = arr.shape[:2]
    if min(h, w) < MIN_SIDE:
        raise PlaygroundError("cap_too_small", height=h, width=w, min=MIN_SIDE)
    if max(h, w) > MAX_SIDE:
        raise PlaygroundError("cap_too_large", height=h, width=w, max=MAX_SIDE)
    if arr.dtype == bool:
        arr = arr.astype(np.float32)
    elif np.issubdtype(arr.dtype, np.integer):
        low, high = int(arr.min()), int(arr.max())
        if low < 0 or high > 255:
            raise PlaygroundError("cap_bad_range", low=low, high=high)
        arr = arr.astype(np.float32) / 255
    else:
        arr = arr.astype(np.float32)
        if not np.isfinite(arr).all():
            raise PlaygroundError("cap_not_finite")
        low, high = float(arr.min()), float(arr.max())
        if low < 0 or high > 1:
            raise PlaygroundError("cap_bad_range", low=f"{low:.4g}", high=f"{high:.4g}")
    if arr.ndim == 2:
        arr = arr[:, :, None]  # (H, W, 1)
    if arr.shape[-1] == 4:
        arr = arr[:, :, :3] * arr[:, :, 3:]  # over black, the scenes' dark background
    if arr.shape[-1] == 1:
        arr = np.repeat(arr, 3, axis=-1)  # (H, W, 3)
    return np.ascontiguousarray(arr, dtype=np.float32)


# ---------------------------------------------------------------------------------------------------------------
# The picture a view looks at: a dataset sample, an upload or a drawing

def is_blank(drawing) -> bool:
    """No ink on the sketchpad (white paper, or nothing at all after Clear)."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else drawing
    return composite is None or np.asarray(composite).size == 0 or np.asarray(composite).min() > 250


def picture_for(source: str, dataset: str, index, upload, drawing) -> tuple[np.ndarray, bool]:
    """The chosen picture -> (array, is a drawing or photo of dark ink on light paper)."""
    if source == "sample":
        if dataset_info(dataset).input_kind != "image":
            raise PlaygroundError("cnn_bad_dataset", name=dataset)
        data = load_dataset(dataset)
        i = whole(index or 0)
        if i is None or not 0 <= i < len(data.x_test):
            raise PlaygroundError("cnn_bad_index", index=index, n=len(data.x_test))
        return data.x_test[i].permute(1, 2, 0).numpy(), False  # (H, W, C)
    if source == "upload":
        if upload is None:
            raise PlaygroundError("image_missing")
        return upload, True
    if source == "draw":
        if is_blank(drawing):
            raise PlaygroundError("cnn_empty_drawing")
        return drawing.get("composite") if isinstance(drawing, dict) else drawing, True
    raise PlaygroundError("cnn_bad_source", source=source)
