"""Photo files of unusual kinds, made in the test as cameras and editors write them: a CMYK JPEG, 16-bit PNGs, a
palette PNG with a transparent colour, a JPEG a phone stored turned (EXIF orientation), one pixel, a header that
claims 20,000 x 20,000, and a 1 x 20,000 strip; each is read as a viewer shows it, or refused by name."""
import struct
import zlib

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from playground.core.data import images
from playground.core.data.images import read_image, to_model_input
from playground.core.data.preprocess import imagenet
from playground.core.errors import PlaygroundError

RED, GREEN = (220, 20, 30), (20, 200, 40)
PREP = imagenet((3, 224, 224))  # ResNet's: the shorter side to 256, the centre 224 x 224


def halves(height=60, width=90) -> np.ndarray:
    """(H, W, 3) uint8: the left half red, the right half green."""
    a = np.zeros((height, width, 3), np.uint8)
    a[:, :width // 2], a[:, width // 2:] = RED, GREEN
    return a


def png(path, width: int, height: int, depth: int, colour: int, rows: list[bytes]) -> None:
    """A PNG written by hand (PIL writes no 16-bit colour): filter 0 before each row."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    data = zlib.compress(b"".join(b"\0" + row for row in rows))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def test_a_cmyk_jpeg_keeps_its_colours(tmp_path):
    Image.fromarray(halves()).convert("CMYK").save(tmp_path / "print.jpg", quality=95)
    with Image.open(tmp_path / "print.jpg") as im:
        assert im.mode == "CMYK"
    a = read_image(tmp_path / "print.jpg", background="white")
    assert a.shape == (60, 90, 3)
    np.testing.assert_allclose(a[30, 10], np.array(RED) / 255, atol=0.06)  # not inverted, not grey
    np.testing.assert_allclose(a[30, 80], np.array(GREEN) / 255, atol=0.06)


def test_16_bit_pngs_grey_and_colour(tmp_path):
    ramp = np.linspace(0, 65535, 90).round().astype(">u2")
    png(tmp_path / "grey16.png", 90, 2, 16, 0, [ramp.tobytes()] * 2)
    grey = read_image(tmp_path / "grey16.png", background="white")
    assert grey.shape == (2, 90, 1)
    np.testing.assert_allclose(grey[0, :, 0], ramp / 65535, atol=1e-6)  # the whole 16-bit scale
    rgb = np.stack([ramp, ramp[::-1], np.full_like(ramp, 32768)], axis=-1).astype(">u2")  # (90, 3)
    png(tmp_path / "colour16.png", 90, 2, 16, 2, [rgb.tobytes()] * 2)
    colour = read_image(tmp_path / "colour16.png", background="white")
    assert colour.shape == (2, 90, 3)
    np.testing.assert_allclose(colour[0], rgb / 65535, atol=1 / 255)  # PIL keeps 8 bits of each


def test_a_palette_png_with_a_transparent_colour_shows_the_paper_there(tmp_path):
    im = Image.fromarray(halves()).convert("P", palette=Image.Palette.ADAPTIVE, colors=2)
    clear = im.getpixel((80, 30))  # the green's palette index becomes transparent
    im.save(tmp_path / "sticker.png", transparency=clear)
    a = read_image(tmp_path / "sticker.png", background="white")
    assert a.shape == (60, 90, 3)
    np.testing.assert_allclose(a[30, 80], 1.0)  # transparent: the white paper
    np.testing.assert_allclose(a[30, 10], np.array(RED) / 255, atol=0.03)  # opaque: its colour


@pytest.mark.parametrize("orientation, top_left, shape", [
    (1, RED, (60, 90, 3)),   # as stored
    (6, RED, (90, 60, 3)),   # held turned: shown turned 90 degrees clockwise, the red half on top
    (8, GREEN, (90, 60, 3)),  # turned the other way: the green half on top
    (3, GREEN, (60, 90, 3)),  # upside down
])
def test_a_photo_a_phone_stored_turned_is_read_as_viewers_show_it(tmp_path, orientation, top_left, shape):
    im = Image.fromarray(halves())
    exif = im.getexif()
    exif[images.EXIF_ORIENTATION] = orientation
    im.save(tmp_path / "phone.jpg", exif=exif.tobytes(), quality=95)
    a = read_image(tmp_path / "phone.jpg", background="white")
    assert a.shape == shape
    np.testing.assert_allclose(a[2, 2], np.array(top_left) / 255, atol=0.06)
    with Image.open(tmp_path / "phone.jpg") as opened:  # a PIL image handed over (gr.Image(type="pil"))
        assert read_image(opened, background="white").shape == shape


def test_one_pixel_becomes_the_model_input_in_its_colour(tmp_path):
    Image.fromarray(np.array([[GREEN]], np.uint8)).save(tmp_path / "dot.png")
    x, preview = to_model_input(tmp_path / "dot.png", PREP, background="white")
    assert x.shape == (1, 3, 224, 224)
    np.testing.assert_allclose(preview[112, 112], np.array(GREEN) / 255, atol=1e-5)


def test_a_header_claiming_20000_by_20000_is_refused_before_decoding(tmp_path):
    png(tmp_path / "bomb.png", 20_000, 20_000, 8, 2, [b""])
    assert (tmp_path / "bomb.png").stat().st_size < 200
    with pytest.raises(PlaygroundError) as info:
        to_model_input(tmp_path / "bomb.png", PREP, background="white")
    assert info.value.key == "image_too_large" and info.value.params["pixels"] == "400,000,000"


@pytest.mark.parametrize("shape", [(1, 20_000, 3), (20_000, 1, 3), (3, 40_000, 3)])
def test_a_long_thin_strip_is_read_without_resizing_it_whole(shape, monkeypatch):
    """A 1 x 20,000 strip resized whole, its shorter side to 256, would be 3 x 256 x 5,120,000 floats (15 GiB):
    it is trimmed about its centre first, and the crop shows the strip's middle."""
    ramp = np.linspace(0, 1, max(shape[:2]), dtype=np.float32)
    strip = np.broadcast_to((ramp[None, :] if shape[1] > shape[0] else ramp[:, None])[..., None], shape).copy()
    largest, interpolate = [], F.interpolate

    def counted(*args, **kwargs):
        out = interpolate(*args, **kwargs)
        largest.append(out.numel())
        return out
    monkeypatch.setattr(F, "interpolate", counted)
    x, preview = to_model_input(strip, PREP, background="white")
    assert x.shape == (1, 3, 224, 224) and max(largest) <= 3 * images.MAX_RESIZED_PIXELS
    assert abs(float(preview[112, 112, 0]) - 0.5) < 0.01  # the middle of the ramp


def test_a_panorama_is_resized_whole_as_pil_does_and_a_longer_one_trimmed_a_pixel_apart_at_most(monkeypatch):
    yy, xx = np.mgrid[0:150, 0:12_001]
    smooth = np.dstack([np.sin(xx / 40) * 0.5 + 0.5, np.cos(yy / 30) * 0.5 + 0.5, xx / 12_000]).astype(np.float32)
    panorama = smooth[:, :2_001]  # 13:1, under the limit: resized whole
    trimmed = {shape: to_model_input(a, PREP, background="white")[1] for shape, a in
               ((panorama.shape, panorama), (smooth.shape, smooth))}
    monkeypatch.setattr(images, "MAX_RESIZED_PIXELS", 10**12)
    whole = {shape: to_model_input(a, PREP, background="white")[1] for shape, a in
             ((panorama.shape, panorama), (smooth.shape, smooth))}
    assert np.array_equal(trimmed[panorama.shape], whole[panorama.shape])
    step = 1 / 40 * 12_001 / 20_481  # the sine's change per pixel of the resized picture, at most
    assert np.abs(trimmed[smooth.shape] - whole[smooth.shape]).max() < 1.5 * step
    assert torch.is_tensor(to_model_input(smooth, PREP, background="white")[0])
