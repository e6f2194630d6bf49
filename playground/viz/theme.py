"""Colours and layout shared by every figure: one colour per layer type, fonts that render Chinese."""
from __future__ import annotations

import re

FONT = dict(family="Inter, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif", size=12)

# One colour per kind of layer, used by every architecture figure.
KIND_COLORS = {
    "conv": "#2563eb",
    "pool": "#0891b2",
    "norm": "#a855f7",
    "linear": "#ea580c",
    "attention": "#db2777",
    "recurrent": "#16a34a",
    "embedding": "#ca8a04",
    "block": "#475569",
    "other": "#94a3b8",
}

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


def base_layout(**overrides) -> dict:
    layout = dict(template="none", font=FONT, margin=dict(l=60, r=20, t=30, b=50), paper_bgcolor="white",
                  plot_bgcolor="white")
    layout.update(overrides)
    return layout
