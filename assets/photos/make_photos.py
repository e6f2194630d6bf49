"""Makes the sample photos in this folder from the photos scikit-image ships (CC0 or public domain, see
LICENSES.md): each downscaled to SIDE px on its longest side and saved as a baseline JPEG of QUALITY.
scikit-image is needed only here, never by the app or its tests:  python assets/photos/make_photos.py"""
from __future__ import annotations

from pathlib import Path

from PIL import Image
from skimage import data

SIDE = 448      # longest side, px: every model's view crops to 224 or less, so this leaves room for the crop
QUALITY = 90    # JPEG quality: 25-55 kB a photo
OUT = Path(__file__).resolve().parent
# name in the app -> scikit-image's loader (its docstring states the licence; LICENSES.md copies it)
PHOTOS = {"chelsea": data.chelsea, "coffee": data.coffee, "astronaut": data.astronaut, "rocket": data.rocket}


def make_photo(name: str) -> Path:
    """One scikit-image photo (H, W, 3) uint8 -> OUT/<name>.jpg, longest side SIDE."""
    im = Image.fromarray(PHOTOS[name]()).convert("RGB")
    scale = SIDE / max(im.size)
    im = im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)
    path = OUT / f"{name}.jpg"
    im.save(path, "JPEG", quality=QUALITY, optimize=True)  # no EXIF, no ICC: the pixels as they are
    return path


if __name__ == "__main__":
    for photo in PHOTOS:
        made = make_photo(photo)
        print(f"{made.name}: {Image.open(made).size}, {made.stat().st_size:,} bytes")
