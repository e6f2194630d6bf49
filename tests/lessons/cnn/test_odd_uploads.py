"""Uploads of unusual kinds in every view of the CNN tab and in a ViT, as a visitor's files arrive: each is drawn,
or refused with a message in the visitor's language, and the session keeps what it had."""
import struct
import zlib

import gradio as gr
import numpy as np
import pytest
from PIL import Image

from playground.core.session import Session
from playground.lessons.attention.subjects import vit_capture
from playground.lessons.cnn import callbacks

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
MODELS = ("resnet18", "pretrained/lenet5_digits")


def _png(path, width, height, depth, colour, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    data = zlib.compress(b"".join(b"\0" + row for row in rows))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def odd_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd")
    photo = np.zeros((60, 90, 3), np.uint8)
    photo[:, :45], photo[:, 45:] = (220, 20, 30), (20, 200, 40)
    im = Image.fromarray(photo)
    im.convert("CMYK").save(folder / "cmyk.jpg", quality=95)
    exif = im.getexif()
    exif[0x0112] = 6
    im.save(folder / "turned.jpg", exif=exif.tobytes())
    im.convert("P", palette=Image.Palette.ADAPTIVE, colors=2).save(folder / "palette.png", transparency=0)
    ramp = np.linspace(0, 65535, 90).astype(">u2")
    _png(folder / "colour16.png", 90, 3, 16, 2, [np.stack([ramp] * 3, -1).tobytes()] * 3)
    Image.new("RGB", (1, 1), (20, 200, 40)).save(folder / "dot.png")
    Image.new("L", (20_000, 1), 90).save(folder / "strip.png")
    return {p.name: str(p) for p in folder.iterdir()}


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("name", ["cmyk.jpg", "turned.jpg", "palette.png", "colour16.png", "dot.png", "strip.png"])
def test_every_view_draws_an_odd_upload(odd_files, name, model):
    s = Session()
    args = (model, "upload", "digits", 0, odd_files[name], None, True)
    info, _, top, _, layers, *_ = callbacks.on_predict(*args, None, s, EN)
    assert model.split("/")[-1].split("_")[0] in info and len(top.data[0].y) == 5
    cam, text = callbacks.on_grad_cam(*args, layers["value"], -1, s, EN)
    assert len(cam.data) == 2 and "Grad-CAM" in text
    _, text = callbacks.on_receptive_field(*args, layers["value"], 0, 0, s, EN)
    assert layers["value"] in text


def test_a_photo_stored_turned_is_seen_upright(odd_files):
    _, _, preview = callbacks.prepared("resnet18", "upload", "digits", 0, odd_files["turned.jpg"], None, True,
                                       Session())
    top, bottom = preview[:20].reshape(-1, 3).mean(0), preview[-20:].reshape(-1, 3).mean(0)
    assert top[0] > 0.6 > top[1] and bottom[1] > 0.6 > bottom[0]  # red above green, as the phone showed it


@pytest.mark.parametrize("name", ["turned.jpg", "dot.png", "strip.png", "cmyk.jpg"])
def test_a_vit_reads_an_odd_upload(odd_files, name):
    _, cap, preview = vit_capture("upload", "shapes", 0, odd_files[name], "timm/vit_tiny_patch16_224", None)
    assert preview.shape == (224, 224, 3) and cap.weights.shape[-1] == 197


def test_a_header_claiming_20000_by_20000_is_a_message_and_the_session_keeps_its_model(tmp_path):
    bomb = _png(tmp_path / "bomb.png", 20_000, 20_000, 8, 2, [b""])
    session = Session()
    session.viewed = callbacks.subject_for("lenet5", None)  # weights the visitor loaded earlier
    kept = session.viewed
    for request, words in ((EN, "400,000,000 pixels"), (ZH, "400,000,000 个像素")):
        with pytest.raises(gr.Error) as e:
            callbacks.on_predict("uploaded", "upload", "digits", 0, str(bomb), None, True, None, session, request)
        assert words in e.value.message
    assert session.viewed is kept
