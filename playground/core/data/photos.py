"""The sample photos shipped in assets/photos (CC0 or public domain: see its LICENSES.md, made by its
make_photos.py): their names and files. The pictures themselves are read like uploads, by images.read_image."""
from __future__ import annotations

from pathlib import Path

from playground.core.errors import PlaygroundError

PHOTOS_DIR = Path(__file__).resolve().parents[3] / "assets" / "photos"
PHOTOS = ("chelsea", "coffee", "astronaut", "rocket")  # text keys input_photo_<name> label them
DEFAULT_PHOTO = "chelsea"


def photo_path(name) -> Path:
    """A sample photo's name -> its JPEG (longest side 448 px, RGB); other names -> image_unknown_photo."""
    if not isinstance(name, str) or name not in PHOTOS:
        raise PlaygroundError("image_unknown_photo", name=str(name)[:60], names=", ".join(PHOTOS))
    return PHOTOS_DIR / f"{name}.jpg"
