"""The captioning lab's callback as Gradio calls it: a built-in scene's caption is stated with its confidence; a
photo unlike the scenes gets a hedged caption."""
import gradio as gr
import numpy as np

from playground.lessons.captioning import tab

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})


def a_photo() -> np.ndarray:
    y, x = np.mgrid[0:120, 0:160] / 160
    rgb = np.stack([0.5 + 0.3 * np.sin(6 * x), 0.4 + 0.3 * y, 0.6 - 0.2 * x], -1)  # a smooth, muted picture
    return (np.clip(rgb, 0, 1) * 255).astype(np.uint8)


def test_a_scene_is_captioned_with_its_confidence():
    text, *_ = tab.on_caption("scene", 0, None, 0.7, EN)
    assert text.startswith("Caption: **") and "Confidence " in text and "true caption" in text
    assert "unlike" not in text


def test_a_photo_unlike_the_scenes_gets_a_hedged_caption():
    text, *_ = tab.on_caption("upload", 0, a_photo(), 0.7, EN)
    assert "unlike the scenes the model was trained on" in text and "a guess" in text and "perhaps **" in text
    assert "confidence " in text and not text.startswith("Caption:")
    text, *_ = tab.on_caption("upload", 0, a_photo(), 0.7, ZH)
    assert "这张图片不像模型训练时见过的场景" in text and "置信度" in text
