"""Colour-blind-safe colours and the means to check them: the Okabe–Ito palette, a simulator of the three
dichromacies, CIELAB and a colour difference that takes the worst of normal and simulated vision.

Pure NumPy. Every function takes colours as "#rrggbb" strings (or "#rgb"), "rgb(r, g, b)" / "rgba(...)", or a
few plotly named colours; alpha is ignored (the difference is that of the opaque colours).

How the difference is measured: ΔE*ab (CIE76, plain Euclidean distance in CIELAB, D65 white). CIE76 is the
simplest ΔE that everyone can recompute by hand; it overstates differences of saturated colours a little
compared with CIEDE2000, which only makes the threshold below stricter where it matters (muted colours).
"""
from __future__ import annotations

import re

import numpy as np

# Okabe, M. & Ito, K. (2008) "Color Universal Design (CUD): How to make figures and presentations that are friendly
# to colorblind people", https://jfly.uni-koeln.de/color/ : eight colours told apart under all common dichromacies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#e69f00",
    "sky_blue": "#56b4e9",
    "bluish_green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish_purple": "#cc79a7",
}
# Okabe–Ito without black (reserved for text and reference lines) and yellow (too light for thin lines on white):
# the default order for line and marker traces that bring no colour of their own.
COLORWAY = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")

# Two colours that must be told apart in one figure need at least this ΔE*ab (CIE76) under normal vision and under
# each simulated dichromacy. A just-noticeable difference is about 2.3 (Mahy, Van Eycken & Oosterlinck 1994), but
# the difference needed to tell two colours apart grows as the marks shrink to thin lines and small dots (Stone,
# Szafir & Setlur 2014, "An Engineering Model for Color Difference as a Function of Size"). 12, about five JNDs, lets a
# reader match a 2 px line or a 5 px marker to its legend entry; it leaves a margin for the simulation, which is the
# worst case (severity 1.0) of a model, and it is met by the Okabe–Ito palette, whose closest pair (sky blue and
# bluish green under tritanopia) sits at 16.0. The clashes it rules out in this app were all below 10.
MIN_DELTA_E = 12.0

# Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009) "A Physiologically-based Model for Simulation of
# Color Vision Deficiency", IEEE TVCG 15(6):1291-1298; the severity 1.0 matrices from the authors' table,
# https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html (also in colour-science's
# colour.blindness CVD_MATRICES_MACHADO2010). They act on linear RGB.
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
DEFICIENCIES = tuple(MACHADO_2009)

_NAMED = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "grey": "#808080", "gray": "#808080", "orange": "#ffa500", "yellow": "#ffff00"}
# sRGB (IEC 61966-2-1) primaries -> CIE XYZ, D65 white
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _RGB_TO_XYZ.sum(axis=1)  # XYZ of sRGB white, D65 (0.9505, 1.0, 1.089)


def to_rgb(color) -> np.ndarray:
    """A colour -> (3,) sRGB in [0, 1]. Accepts '#rgb', '#rrggbb', 'rgb(r, g, b)', 'rgba(r, g, b, a)', a few
    names, or an RGB triple in [0, 1]."""
    if not isinstance(color, str):
        rgb = np.asarray(color, dtype=np.float64)
        if rgb.shape != (3,):
            raise ValueError(f"expected an RGB triple, got {color!r}")
        return rgb
    c = _NAMED.get(color.strip().lower(), color.strip().lower())
    if c.startswith("#"):
        h = c[1:]
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        if len(h) not in (6, 8) or not re.fullmatch(r"[0-9a-f]+", h):
            raise ValueError(f"not a hex colour: {color!r}")
        return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64) / 255
    m = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*[\d.]+\s*)?\)", c)
    if m:
        return np.array([float(v) for v in m.groups()], dtype=np.float64) / 255
    raise ValueError(f"unknown colour: {color!r}")


def to_hex(rgb) -> str:
    """(3,) sRGB in [0, 1] -> '#rrggbb'."""
    v = np.clip(np.round(np.asarray(rgb, dtype=np.float64) * 255), 0, 255).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*v)


def srgb_to_linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB decoding (IEC 61966-2-1), elementwise on values in [0, 1]."""
    rgb = np.asarray(rgb, dtype=np.float64)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(lin: np.ndarray) -> np.ndarray:
    """sRGB encoding, the inverse of srgb_to_linear."""
    lin = np.asarray(lin, dtype=np.float64)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * np.power(np.maximum(lin, 0), 1 / 2.4) - 0.055)


def simulate(color, deficiency: str) -> np.ndarray:
    """How a dichromat sees a colour: sRGB (3,) in [0, 1] -> the simulated sRGB (3,). Machado et al. (2009) at
    severity 1.0, applied in linear RGB (decode, matrix, clip to [0, 1], encode). deficiency: protanopia,
    deuteranopia, tritanopia, or "normal" (the colour unchanged)."""
    rgb = to_rgb(color)
    if deficiency == "normal":
        return rgb
    lin = MACHADO_2009[deficiency] @ srgb_to_linear(rgb)
    return linear_to_srgb(np.clip(lin, 0, 1))


def to_lab(color) -> np.ndarray:
    """sRGB -> CIELAB (L*, a*, b*), D65 white."""
    xyz = _RGB_TO_XYZ @ srgb_to_linear(to_rgb(color)) / _WHITE
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(c1, c2) -> float:
    """ΔE*ab (CIE76): the Euclidean distance of two colours in CIELAB."""
    return float(np.linalg.norm(to_lab(c1) - to_lab(c2)))


def cvd_distance(c1, c2) -> float:
    """The smallest ΔE*ab (CIE76) between two colours under normal vision, protanopia, deuteranopia and
    tritanopia (each simulated with Machado et al. 2009, severity 1.0)."""
    return min(delta_e(simulate(c1, d), simulate(c2, d)) for d in ("normal", *DEFICIENCIES))


def closest_pair(colors) -> tuple[float, str, str]:
    """(smallest cvd_distance, colour a, colour b) over all pairs of a collection of colours (inf for fewer
    than two)."""
    colors = list(colors)
    best = (float("inf"), "", "")
    for i, a in enumerate(colors):
        for b in colors[i + 1:]:
            d = cvd_distance(a, b)
            if d < best[0]:
                best = (d, a, b)
    return best
