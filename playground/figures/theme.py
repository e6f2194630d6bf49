"""Colours and layout shared by every figure: one colour per layer type, fonts that render Chinese."""
from __future__ import annotations

import re

from .palette import COLORWAY, OKABE_ITO

FONT = dict(family="Inter, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif", size=12)

# One colour per kind of layer, used by every architecture figure: the Okabe–Ito palette (told apart under the
# common colour-vision deficiencies, see palette.py) and two greys for containers and everything else.
KIND_COLORS = {
    "conv": OKABE_ITO["blue"],
    "pool": OKABE_ITO["sky_blue"],
    "norm": OKABE_ITO["vermillion"],
    "linear": OKABE_ITO["orange"],
    "attention": OKABE_ITO["reddish_purple"],
    "recurrent": OKABE_ITO["bluish_green"],
    "embedding": OKABE_ITO["yellow"],
    "block": "#595959",
    "other": "#bfbfbf",
}
# More than this many lines told apart by colour alone get a dash pattern each as well (series_style).
MAX_COLOUR_ONLY = 4
DASHES = ("solid", "dash", "dot", "dashdot")
# A transparent-to-opaque overlay for heat maps drawn over an image (Grad-CAM, ViT attention): stops of Plasma,
# whose lightness rises steadily (perceptually uniform, no red-green axis), each with its share of the opacity.
OVERLAY = ((0.0, (13, 8, 135), 0.0), (0.25, (114, 1, 168), 0.5), (0.6, (237, 121, 83), 0.8),
           (1.0, (240, 249, 33), 1.0))  # (position, RGB, share of the opacity)


_KIND_PATTERNS = [
    ("attention", re.compile(r"attention|attn", re.I)),
    ("recurrent", re.compile(r"^(recurrent|lstm|gru|rnn)", re.I)),
    ("conv", re.compile(r"conv", re.I)),
    ("pool", re.compile(r"pool", re.I)),
    ("norm", re.compile(r"norm|^bn|addnorm", re.I)),
    ("linear", re.compile(r"linear|^fc|dense|mlp|feedforward", re.I)),
    ("embedding", re.compile(r"embed|positional", re.I)),
    ("block", re.compile(r"block|sequential|stage|layer|inception|transition|bottleneck|module|list|dict", re.I)),
]


def kind_category(class_name: str) -> str:
    """'Conv2d' -> 'conv', 'BatchNorm2d' -> 'norm', 'Bottleneck' -> 'block', ..."""
    for category, pattern in _KIND_PATTERNS:
        if pattern.search(class_name):
            return category
    return "other"


def series_style(i: int, n: int) -> dict:
    """Line style of the i-th of n series told apart by colour: a colour from COLORWAY in turn, and beyond
    MAX_COLOUR_ONLY series a dash pattern in turn too, so no two of the first 12 look alike."""
    return dict(color=COLORWAY[i % len(COLORWAY)], dash=DASHES[i % len(DASHES)] if n > MAX_COLOUR_ONLY else "solid")


def overlay_scale(opacity: float) -> list:
    """OVERLAY as a plotly colour scale at the given peak opacity (clipped to [0, 1]): clear at 0."""
    a = max(0.0, min(1.0, float(opacity)))
    return [[pos, f"rgba({r},{g},{b},{share * a:.2f})"] for pos, (r, g, b), share in OVERLAY]


def text_px(text: str, size: int = 12) -> int:
    """About how many pixels wide `text` is drawn at font `size`: a Chinese character one em, others 0.62 em."""
    return int(sum(size if ord(ch) >= 0x2E80 else 0.62 * size for ch in text))


def keep_width(layout: dict, px: float) -> dict:
    """Ask the page to keep the figure at least `px` wide (playground.js keepWidth): on a narrower screen its block
    scrolls sideways instead of squeezing labels into each other."""
    layout["meta"] = dict(layout.get("meta") or {}, min_width=int(px))
    return layout


def base_layout(**overrides) -> dict:
    layout = dict(template="none", font=FONT, margin=dict(l=60, r=20, t=30, b=50), paper_bgcolor="white",
                  plot_bgcolor="white", colorway=list(COLORWAY))
    layout.update(overrides)
    return layout
