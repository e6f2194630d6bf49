"""The shipped sample photos: each file is there, decodes, is a colour RGB JPEG of the stated size and weight, and
is credited in LICENSES.md; a photo is read as it is (colour, never inverted) through the one image reader."""
import numpy as np
import pytest
from PIL import Image

from playground.core.data.images import picture_for, read_image, to_model_input
from playground.core.data.photos import DEFAULT_PHOTO, PHOTOS, PHOTOS_DIR, photo_path
from playground.core.data.preprocess import Preprocess
from playground.core.errors import PlaygroundError
from playground.i18n import message

SIDE = 448  # longest side, px (make_photos.py)


@pytest.mark.parametrize("name", PHOTOS)
def test_each_photo_is_a_small_rgb_jpeg_448_px_on_its_longest_side(name):
    path = photo_path(name)
    assert path.is_file() and path.suffix == ".jpg"
    assert 10_000 < path.stat().st_size < 80_000  # a few tens of kB: the repository stays light
    with Image.open(path) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        assert max(im.size) == SIDE and min(im.size) >= 290
        a = np.asarray(im.convert("RGB"))
    assert a.std() > 20  # a picture, not a blank
    assert np.abs(a[..., 0].astype(int) - a[..., 2]).mean() > 5  # in colour: red and blue differ


def test_every_photo_is_credited_with_its_licence():
    notes = (PHOTOS_DIR / "LICENSES.md").read_text(encoding="utf-8")
    for name in PHOTOS:
        row = next(line for line in notes.splitlines() if line.startswith(f"| `{name}.jpg`"))
        assert "CC0" in row or "public domain" in row, row
    assert (PHOTOS_DIR / "make_photos.py").is_file() and DEFAULT_PHOTO in PHOTOS
    assert sorted(p.stem for p in PHOTOS_DIR.glob("*.jpg")) == sorted(PHOTOS)  # nothing shipped without a credit


@pytest.mark.parametrize("name", [None, "", "digits", "chelsea.jpg", "../photos/chelsea", ["chelsea"], 3])
def test_an_unknown_photo_is_a_message_naming_the_photos(name):
    with pytest.raises(PlaygroundError) as e:
        photo_path(name)
    assert e.value.key == "image_unknown_photo"
    for lang in ("en", "zh-CN"):
        text = message(e.value.key, lang, **e.value.params)
        assert all(p in text for p in PHOTOS)


def test_a_photo_is_a_colour_picture_read_as_it_is():
    picture, on_paper = picture_for("photo", "coffee", 7, None, None)
    assert on_paper is False  # photos are not ink on paper: never inverted, never shrunk like digits
    a = read_image(picture, background="white")
    with Image.open(photo_path("coffee")) as im:
        expected = np.asarray(im, dtype=np.float32) / 255
    assert a.shape == (299, 448, 3) and np.allclose(a, expected)


def test_a_photo_for_a_digit_model_is_grey_by_luminance_and_not_inverted():
    prep = Preprocess(shape=(1, 28, 28), scale=(28, 28), crop_mode="squash", interpolation="bilinear",
                      mean=(0.0,), std=(1.0,), light_on_dark=True)
    picture, on_paper = picture_for("photo", "rocket", None, None, None)
    _, preview = to_model_input(picture, prep, invert=on_paper, background="white")
    grey = read_image(picture, background="white") @ np.array([0.299, 0.587, 0.114], np.float32)
    assert preview.shape == (28, 28, 1)
    assert abs(preview.mean() - grey.mean()) < 0.02  # inverted, it would be 1 - that
