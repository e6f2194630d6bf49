"""The one image reader: every layout and dtype to float32 (H, W, C) in [0, 1], transparency over the background the
caller names, the numbers both former readers gave, and hostile inputs each refused with its own key."""
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image

from playground.core.data.images import MAX_IMAGE_PIXELS, read_image, resized_size, to_model_input
from playground.core.data.preprocess import imagenet, plain, preprocess_for
from playground.core.errors import PlaygroundError
from playground.i18n import EN, ZH, message

RNG = np.random.default_rng(0)
PICTURE = RNG.random((6, 7, 3)).astype(np.float32)  # (H, W, 3) in [0, 1]
ALPHA = np.concatenate([np.zeros((2, 7)), np.full((2, 7), 0.5), np.ones((2, 7))]).astype(np.float32)[:, :, None]


def _key(image, background="white") -> str:
    with pytest.raises(PlaygroundError) as info:
        read_image(image, background=background)
    return info.value.key


# ---------------------------------------------------------------------------------------------------------------
# Transparency

def test_the_same_rgba_picture_over_white_and_over_black():
    rgba = np.concatenate([PICTURE, ALPHA], axis=-1)  # (H, W, 4)
    white, black = read_image(rgba, background="white"), read_image(rgba, background="black")
    assert white.shape == black.shape == (6, 7, 3)
    np.testing.assert_array_equal(white[:2], 1.0)                     # transparent: the paper
    np.testing.assert_array_equal(black[:2], 0.0)                     # transparent: the dark scenes
    np.testing.assert_array_equal(white[4:], black[4:])               # opaque: the picture, whatever is behind
    np.testing.assert_array_equal(white[4:], PICTURE[4:])
    np.testing.assert_allclose(white[2:4] - black[2:4], 0.5)          # half: half of each background
    np.testing.assert_array_equal(black[2:4], PICTURE[2:4] * 0.5)


def test_grey_and_alpha_is_composited_too():
    la = np.stack([np.full((3, 3), 0.2, np.float32), np.zeros((3, 3), np.float32)], axis=-1)  # (H, W, 2)
    assert read_image(la, background="white").tolist() == np.ones((3, 3, 1)).tolist()
    assert read_image(la, background="black").tolist() == np.zeros((3, 3, 1)).tolist()


def test_the_background_is_always_named():
    with pytest.raises(TypeError):
        read_image(PICTURE)  # no default: the caller says what transparency shows
    with pytest.raises(ValueError):
        read_image(PICTURE, background="grey")


def test_the_numbers_each_former_reader_gave():
    """uint8 RGBA over white: c * a + (1 - a), each / 255 (CNN, ViT); over black: c * a (captioning, detection)."""
    rgba = RNG.integers(0, 256, (5, 4, 4), dtype=np.uint8)
    f = rgba.astype(np.float32) / 255.0
    np.testing.assert_array_equal(read_image(rgba, background="white"), f[:, :, :3] * f[:, :, 3:] + (1 - f[:, :, 3:]))
    np.testing.assert_array_equal(read_image(rgba, background="black", rgb=True), f[:, :, :3] * f[:, :, 3:])
    grey = RNG.random((5, 4)).astype(np.float32)
    np.testing.assert_array_equal(read_image(grey, background="white"), grey[:, :, None])
    np.testing.assert_array_equal(read_image(grey, background="black", rgb=True), np.repeat(grey[:, :, None], 3, 2))
    deep = RNG.integers(0, 65536, (5, 4), dtype=np.uint16)
    np.testing.assert_array_equal(read_image(deep, background="white")[:, :, 0], deep.astype(np.float32) / 65535.0)


# ---------------------------------------------------------------------------------------------------------------
# Every dtype and layout

def _as(picture: np.ndarray, dtype) -> np.ndarray:
    """A picture in [0, 1] in `dtype`'s own scale: 0-255 for whole numbers (0-65535 for uint16), 0-1 for floats."""
    if np.dtype(dtype).kind == "u" and np.dtype(dtype).itemsize == 2:
        return np.round(picture * 65535).astype(dtype)
    if np.issubdtype(dtype, np.integer):
        return np.round(picture * 255).astype(dtype)
    return picture.astype(dtype)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.dtype(">u2"), np.int8, np.int16, np.int32, np.int64,
                                   np.uint32, np.uint64, np.float16, np.float32, np.float64])
def test_every_dtype(dtype):
    picture = PICTURE if np.dtype(dtype) != np.int8 else PICTURE / 2  # int8 holds 0-127
    a = read_image(_as(picture, dtype), background="white")
    assert a.dtype == np.float32 and a.shape == (6, 7, 3)
    tolerance = 1e-3 if np.dtype(dtype) == np.float16 else 0.5 / 255
    np.testing.assert_allclose(a, picture, atol=tolerance)


def test_bools_and_floats_on_a_0_to_255_scale():
    assert read_image(np.eye(3, dtype=bool), background="black")[:, :, 0].tolist() == np.eye(3).tolist()
    np.testing.assert_allclose(read_image(PICTURE * 255, background="black"), PICTURE, atol=1e-6)
    # half a grey level past either end is rounding, and clipped
    assert read_image(np.array([[-0.001, 1.0]]), background="white").ravel().tolist() == [0.0, 1.0]
    assert read_image(np.array([[-0.4, 255.4]]), background="white").ravel().tolist() == [0.0, 1.0]


@pytest.mark.parametrize("layout", ["HW", "HW1", "HW2", "HW3", "HW4", "1HW", "2HW", "3HW", "4HW"])
@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_every_layout(layout, kind):
    c = 1 if layout == "HW" else int(layout[2] if layout.startswith("HW") else layout[0])
    colour = PICTURE if c >= 3 else PICTURE[:, :, :1]
    last = colour if c in (1, 3) else np.concatenate([colour, np.ones((6, 7, 1), np.float32)], axis=-1)  # opaque
    image = last[:, :, 0] if layout == "HW" else last if layout.startswith("HW") else np.moveaxis(last, -1, 0)
    if kind == "torch":
        image = torch.from_numpy(np.ascontiguousarray(image))
    a = read_image(image, background="black", rgb=True)
    expected = last[:, :, :3] if c >= 3 else np.repeat(last[:, :, :1], 3, axis=-1)
    np.testing.assert_allclose(a, expected, atol=1e-7)


def test_tensors_on_any_footing():
    x = torch.from_numpy(PICTURE).permute(2, 0, 1).requires_grad_()  # (3, H, W), part of a graph
    np.testing.assert_allclose(read_image(x, background="white"), PICTURE)
    np.testing.assert_allclose(read_image(x.detach().bfloat16(), background="white"), PICTURE, atol=1 / 128)
    assert read_image(torch.zeros(8, 8, dtype=torch.uint8), background="white").shape == (8, 8, 1)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I;16B", "I", "F"])
def test_pil_images_and_files_of_every_mode(mode, tmp_path):
    value = {"1": 1, "I;16": 30000, "I;16B": 30000, "I": 30000, "F": 0.25, "L": 128, "P": 3}.get(mode, (10, 20, 30, 255)[
        :len(mode)] if len(mode) > 1 else 128)
    im = Image.new(mode, (5, 4), value)
    a = read_image(im, background="white")
    assert a.shape[:2] == (4, 5) and a.dtype == np.float32 and 0 <= a.min() <= a.max() <= 1, mode
    suffix = ".tif" if mode in ("I", "I;16B", "F", "CMYK") else ".png"
    im.save(tmp_path / f"picture{suffix}")
    np.testing.assert_allclose(read_image(tmp_path / f"picture{suffix}", background="white"), a, atol=1 / 255)
    if mode.startswith("I"):
        np.testing.assert_allclose(a, 30000 / 65535, atol=1e-6)  # 16-bit, whatever mode PIL reads it in


def test_one_pixel_is_a_picture():
    """1 x 1 is read; views that need more (captioning: 8 px a side) check that themselves."""
    assert read_image(np.zeros((1, 1), np.uint8), background="white").shape == (1, 1, 1)


# ---------------------------------------------------------------------------------------------------------------
# Hostile inputs

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes that claims a huge size (a decompression bomb): its header, a tiny data chunk."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        _chunk(b"IEND", b"")


@pytest.mark.parametrize("image, key", [
    (None, "image_missing"),
    (np.zeros((0, 5)), "image_empty"),
    (np.zeros((4, 0, 3), np.uint8), "image_empty"),
    ([], "image_empty"),
    (np.full((4, 4), np.nan), "image_not_finite"),
    (np.full((4, 4, 3), -np.inf), "image_not_finite"),
    (np.array([[{"a": 1}]]), "image_unreadable"),
    (np.array([["a", "b"]]), "image_unreadable"),
    (np.ones((4, 4), complex), "image_unreadable"),
    (np.zeros((4, 4), "datetime64[s]"), "image_unreadable"),
    ([[1, 2], [3]], "image_unreadable"),
    ({"path": None}, "image_unreadable"),
    ("", "image_unreadable"),
    (b"\x89PNG", "image_unreadable"),
    (np.zeros((2, 3, 4, 5, 6)), "image_bad_shape"),
    (np.zeros((1, 8, 8, 3)), "image_bad_shape"),
    (np.zeros((8, 8, 5)), "image_bad_shape"),
    (np.zeros(5), "image_bad_shape"),
    (np.float64(0.5), "image_bad_shape"),
    (np.full((4, 4), 256), "image_bad_range"),
    (np.full((4, 4), -1, np.int16), "image_bad_range"),
    (np.full((4, 4), 256.0), "image_bad_range"),
    (np.full((4, 4), -0.01), "image_bad_range"),
    (np.full((4, 4), 1e300), "image_bad_range"),
    (np.broadcast_to(np.uint8(0), (8000, 6000)), "image_too_large"),  # 48 M pixels, no memory used
    (torch.zeros(1).expand(3, 7000, 7000), "image_too_large"),
])
def test_hostile_arrays_are_named(image, key):
    assert _key(image) == key


def test_pil_images_it_cannot_convert_are_named():
    assert _key(Image.new("La", (4, 3))) == "image_unreadable"
    assert _key(Image.new("L", (8000, 6000))) == "image_too_large"


def test_hostile_files_are_named(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # a corrupt file
    (tmp_path / "notes.png").write_text("not an image")                     # a text file renamed .png
    Image.new("RGB", (40, 30), (9, 9, 9)).save(tmp_path / "whole.png")
    (tmp_path / "cut.png").write_bytes((tmp_path / "whole.png").read_bytes()[:60])  # truncated
    (tmp_path / "folder.png").mkdir()
    for name in ("broken.png", "notes.png", "cut.png", "folder.png", "missing.png"):
        assert _key(str(tmp_path / name)) == "image_unreadable", name
    (tmp_path / "bomb.png").write_bytes(_png_header(100_000, 100_000))  # PIL itself refuses: 10^10 pixels
    (tmp_path / "large.png").write_bytes(_png_header(8_000, 6_000))     # PIL opens it; the reader refuses
    for name, pixels in (("bomb.png", "10,000,000,000"), ("large.png", "48,000,000")):
        with pytest.raises(PlaygroundError) as info:
            read_image(tmp_path / name, background="black")
        assert info.value.key == "image_too_large" and info.value.params["pixels"] == pixels, name
        assert info.value.params["limit"] == f"{MAX_IMAGE_PIXELS:,}"


def test_every_key_reads_in_both_languages():
    errors = []
    for image in (None, np.zeros((0, 5)), np.full((2, 2), np.nan), np.zeros((2, 2), complex), np.zeros(5),
                  np.full((2, 2), 300), np.broadcast_to(np.uint8(0), (8000, 6000))):
        with pytest.raises(PlaygroundError) as info:
            read_image(image, background="white")
        errors.append(info.value)
    assert {e.key for e in errors} == {"image_missing", "image_empty", "image_not_finite", "image_unreadable",
                                       "image_bad_shape", "image_bad_range", "image_too_large"}
    for e in errors:
        assert e.key in EN and e.key in ZH
        for lang in ("en", "zh-CN"):
            text = message(e.key, lang, **e.params)
            assert "{" not in text and all(str(v) in text for v in e.params.values()), (e.key, lang)


# ---------------------------------------------------------------------------------------------------------------
# Into a model: the aspect ratio kept, a centre crop, colours as they are

def red_circle(height=300, width=400) -> np.ndarray:
    """A red disc (radius a third of the height) in the middle of a light grey photo: (H, W, 3) uint8."""
    yy, xx = np.mgrid[0:height, 0:width]
    photo = np.full((height, width, 3), 200, np.uint8)
    photo[(yy - height / 2) ** 2 + (xx - width / 2) ** 2 <= (height / 3) ** 2] = (220, 20, 30)
    return photo


def _red_extent(preview: np.ndarray) -> tuple[int, int]:
    """(rows, columns) the red disc spans in a preview (H, W, 3) in [0, 1]."""
    red = (preview[..., 0] > 0.6) & (preview[..., 1] < 0.3)
    rows, cols = np.flatnonzero(red.any(axis=1)), np.flatnonzero(red.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def test_a_wide_photo_keeps_its_aspect_and_its_colours():
    prep = imagenet((3, 224, 224))
    x, preview = to_model_input(red_circle(), prep, invert=True, background="white")  # invert: not for colour
    assert x.shape == (1, 3, 224, 224) and preview.shape == (224, 224, 3)
    rows, cols = _red_extent(preview)
    assert abs(rows - cols) <= 2, "the disc stays round"
    # 300 x 400 -> Resize(256): 256 x 341, centre crop 224: the disc's 200 px become 200 * 256 / 300 = 171 px
    assert abs(rows - 171) <= 2
    np.testing.assert_allclose(preview[112, 112], np.array([220, 20, 30]) / 255, atol=0.02)  # red, not cyan
    np.testing.assert_allclose(preview[2, 2], 200 / 255, atol=0.02)


def test_the_preview_is_the_input_de_normalised():
    prep = imagenet((3, 224, 224))
    x, preview = to_model_input(red_circle(320, 240), prep, background="white")  # a tall photo
    mean, std = (torch.tensor(v).view(1, 3, 1, 1) for v in (prep.mean, prep.std))
    np.testing.assert_allclose((x * std + mean)[0].permute(1, 2, 0).numpy(), preview, atol=1e-6)
    rows, cols = _red_extent(preview)
    assert abs(rows - cols) <= 2


@pytest.mark.parametrize("size, expected", [((300, 400), (256, 341)), ((400, 300), (341, 256)),
                                            ((256, 256), (256, 256)), ((10, 20), (256, 512))])
def test_the_shorter_side_is_resized_as_torchvision_does(size, expected):
    assert resized_size(size, imagenet((3, 224, 224))) == expected


def test_a_small_picture_is_enlarged_not_padded():
    x, preview = to_model_input(red_circle(30, 40), imagenet((3, 224, 224)), background="white")
    assert x.shape == (1, 3, 224, 224) and abs(np.subtract(*_red_extent(preview))) <= 2


def test_dark_ink_is_inverted_only_for_models_that_learnt_light_on_dark():
    paper = np.full((40, 40), 255, np.uint8)
    paper[10:30, 18:22] = 0  # a dark stroke on white
    _, digits = to_model_input(paper, plain((1, 28, 28), light_on_dark=True), invert=True, background="white")
    _, colour = to_model_input(paper, plain((3, 28, 28)), invert=True, background="white")
    assert digits[14, 14, 0] > 0.9 and digits[1, 1, 0] < 0.1  # light stroke on dark
    assert colour[14, 14].max() < 0.1 and colour[1, 1].min() > 0.9  # as it was


def test_the_preprocess_of_each_kind_of_model():
    assert preprocess_for("lenet5", (1, 32, 32)).light_on_dark  # a grey teaching CNN reads digits
    assert not preprocess_for("tiny_resnet", (3, 32, 32)).light_on_dark
    assert preprocess_for("lenet5", (1, 32, 32), 0.5, 0.25, "digits") == plain((1, 32, 32), 0.5, 0.25, True)
    assert not preprocess_for("lenet5", (3, 32, 32), dataset="shapes").light_on_dark
    assert preprocess_for("resnet18", (3, 224, 224)) == imagenet((3, 224, 224))
    assert preprocess_for("alexnet", (3, 227, 227)).scale == (259, 259)  # Resize(256) scaled to 227
    vit = preprocess_for("timm/vit_tiny_patch16_224", (3, 224, 224))
    assert (vit.scale, vit.interpolation, vit.mean, vit.light_on_dark) == ((248, 248), "bicubic", (0.5,) * 3, False)
