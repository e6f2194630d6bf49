"""Figures for BERT's masked language model: the sentence, what the model read and what it guessed as rows of token
cells; the top-k guesses at each chosen position; the shares of many draws against the 15% / 12% / 1.5% / 1.5% rule.
Pure: a playground.masking result and labels in, a new figure out; every visible word comes from `labels`."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.panels import title_at
from playground.figures.theme import base_layout, keep_width, series_style, text_px

# One colour per cell category, Okabe–Ito for everything that carries meaning and two greys for the rest; all light
# enough (relative luminance >= 0.18) for the dark characters written in them.
CATEGORIES = ("unchanged", "special", "mask", "random", "keep", "correct", "wrong", "guess")
COLORS = {
    "unchanged": "#f1f5f9",
    "special": "#cbd5e1",
    "mask": OKABE_ITO["sky_blue"],
    "random": OKABE_ITO["vermillion"],
    "keep": OKABE_ITO["yellow"],
    "correct": OKABE_ITO["bluish_green"],
    "wrong": OKABE_ITO["reddish_purple"],
    "guess": OKABE_ITO["orange"],  # a guess at a position the visitor masked: no original to compare with
}
TEXT_COLOR = "#0f172a"
PROB_SCALE = "Blues"  # probabilities lie in [0, 1]: sequential, from 0
STAT_KEYS = ("chosen", "mask", "random", "keep")
CHAR_UNITS = 0.6  # the width of one written character, in plain-character cells
OBSERVED_COLOR, EXPECTED_COLOR = OKABE_ITO["blue"], "#9ca3af"
SPECIAL_TOKENS = ("<bos>", "<eos>", "[CLS]", "[SEP]")
# The head view draws a line only where a weight reaches the first edge, with the opacity of its band's middle.
WEIGHT_EDGES = (0.02, 0.1, 0.25, 0.5, 0.75, 1.0001)
ROW_PX = 20  # one token row of the head view


def _discrete_scale(n: int) -> list:
    """A stepwise colour scale: z = i (of 0..n-1, drawn with zmin -0.5, zmax n - 0.5) takes CATEGORIES[i]'s colour."""
    scale = []
    for i, name in enumerate(CATEGORIES[:n]):
        scale += [[i / n, COLORS[name]], [(i + 1) / n, COLORS[name]]]
    return scale


def _shown(token: str, labels: dict[str, str]) -> str:
    """A token as written in a cell: the specials and the space by their labels, a character as itself."""
    return {"<bos>": labels["bos"], "<eos>": labels["eos"], "<mask>": labels["mask_token"], " ": labels["space"],
            "<pad>": "", "[MASK]": labels["mask_token"]}.get(token, token)


def plot_masking(prediction, labels: dict[str, str]) -> go.Figure:
    """Three rows of token cells over the positions 0..T-1 of a masking.MaskedPrediction: the sentence (coloured by
    what the corruption did there), what the model read, and its top guess at the chosen positions (coloured right or
    wrong; blank elsewhere). One heatmap; a legend entry per colour in use.

    labels: original, corrupted, predicted (row names); unchanged, special, mask, random, keep, correct, wrong,
    guess (colour meanings); bos, eos, mask_token, space (how those tokens are written in a cell; a column widens to
    fit a longer one, so "[MASK]" is fine, but short ones leave more room for the sentence); position, probability
    (hover).
    """
    tokens, corrupted, predicted = prediction.tokens, prediction.corrupted, prediction.predicted  # (T,) each
    t = len(tokens)
    code = {name: i for i, name in enumerate(CATEGORIES)}
    z = np.zeros((3, t), dtype=np.float32)  # (row, position)
    for i, action in enumerate(prediction.actions):
        special = tokens[i] in SPECIAL_TOKENS
        z[0, i] = z[1, i] = code["special" if special else action or "unchanged"]
        z[2, i] = code["unchanged"]
    top_p = np.full(t, np.nan, dtype=np.float32)
    for row, i in enumerate(prediction.chosen):
        ok = prediction.correct[row]
        z[2, i] = code["guess" if ok is None else "correct" if ok else "wrong"]
        top_p[i] = prediction.top_probs[row][0]
    text = [[_shown(tok, labels) for tok in seq] for seq in (tokens, corrupted)]
    text.append(["" if tok is None else _shown(tok, labels) for tok in predicted])  # guesses at chosen positions only
    meaning = [[labels[CATEGORIES[int(c)]] for c in row] for row in z]
    hover = [[f"{labels['position']} {i}: {text[r][i]} ({meaning[r][i]})" for i in range(t)] for r in range(2)]
    hover.append([f"{labels['position']} {i}" for i in range(t)])
    for i in prediction.chosen:
        hover[2][i] += f": {text[2][i]} ({meaning[2][i]}), {labels['probability']} {top_p[i]:.2f}"
    # Cell edges, not centres: a column is as wide as its longest text needs (one unit per plain character), so a
    # label such as "[MASK]" fits its cell and the three rows stay aligned.
    need = np.array([max(len(text[r][i]) for r in range(3)) for i in range(t)], dtype=np.float32)  # (T,)
    edges = np.concatenate([[0.0], np.cumsum(np.maximum(1.0, CHAR_UNITS * need + 0.3))]).astype(np.float32)
    n = len(CATEGORIES)
    data = [dict(type="heatmap", z=z, x=edges, y=[0, 1, 2], zmin=-0.5, zmax=n - 0.5,
                 colorscale=_discrete_scale(n), showscale=False, xgap=2, ygap=4, text=text, texttemplate="%{text}",
                 textfont=dict(color=TEXT_COLOR, size=12), customdata=hover,
                 hovertemplate="%{customdata}<extra></extra>")]
    used = sorted({int(c) for c in z.flatten()})
    for c in used:  # legend only: a square of each colour in use
        name = CATEGORIES[c]
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=labels[name], showlegend=True,
                         marker=dict(symbol="square", size=12, color=COLORS[name],
                                     line=dict(color="#94a3b8", width=1)), hoverinfo="skip"))
    # t: room for the plot's label, which the page draws over the top left; automargin: a long row name
    # ("what BERT reads") widens the left margin instead of being cut off
    layout = base_layout(
        height=280, margin=dict(l=90, r=10, t=40, b=40), hovermode="closest",
        legend=dict(orientation="h", y=-0.12, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(showgrid=False, zeroline=False, showticklabels=False, ticks="", range=[0, float(edges[-1])]),
        yaxis=dict(tickvals=[0, 1, 2], ticktext=[labels["original"], labels["corrupted"], labels["predicted"]],
                   autorange="reversed", showgrid=False, zeroline=False, automargin=True))
    return go.Figure(dict(data=data, layout=layout))


def plot_predictions(prediction, labels: dict[str, str]) -> go.Figure:
    """The top-k guesses at each chosen position of a masking.MaskedPrediction as one heatmap: a row per position,
    a column per rank, the character written in its cell and its probability as the colour (0 to 1); a ring marks
    the original character where it is among the k.

    labels: rank, position, probability, original (legend of the ring and hover), space, bos, eos, mask_token.
    """
    chosen = prediction.chosen
    probs = np.asarray(prediction.top_probs, dtype=np.float32).reshape(len(chosen), -1)  # (C, k)
    c, k = probs.shape
    chars = [[_shown(ch, labels) for ch in row] for row in prediction.top_chars]
    rows = [f"{i} · {_shown(prediction.tokens[i], labels)} → {_shown(prediction.corrupted[i], labels)}"
            for i in chosen]
    hover = [[f"{labels['position']} {chosen[r]}, {labels['rank']} {j + 1}: {chars[r][j]} "
              f"({labels['probability']} {probs[r, j]:.3f})" for j in range(k)] for r in range(c)]
    for r in range(c):
        p_orig = prediction.p_original[r]
        if p_orig is not None:
            note = f"; {labels['original']} {_shown(prediction.tokens[chosen[r]], labels)}: {p_orig:.3f}"
            hover[r] = [h + note for h in hover[r]]
    data = [dict(type="heatmap", z=probs, x=np.arange(1, k + 1), y=np.arange(c), zmin=0, zmax=1,
                 colorscale=PROB_SCALE, xgap=2, ygap=2, text=chars, texttemplate="%{text}", textfont=dict(size=13),
                 customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                 colorbar=dict(thickness=10, title=dict(text=labels["probability"])))]
    ring_x, ring_y = [], []
    for r, i in enumerate(chosen):
        if prediction.tokens[i] in prediction.top_chars[r]:
            ring_x.append(prediction.top_chars[r].index(prediction.tokens[i]) + 1)
            ring_y.append(r)
    if ring_x:
        data.append(dict(type="scatter", x=ring_x, y=ring_y, mode="markers", name=labels["original"],
                         marker=dict(symbol="square-open", size=26, color=OKABE_ITO["vermillion"],
                                     line=dict(width=3)), hoverinfo="skip", showlegend=True))
    # the legend (one entry) above the top right: below, it ran into the rank axis's title when few rows were chosen;
    # t leaves room for it and for the plot's label, which the page draws over the top left
    layout = base_layout(
        height=min(730, 140 + 34 * c), margin=dict(l=110, r=20, t=40, b=50), hovermode="closest",
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"),
        xaxis=dict(tickvals=list(range(1, k + 1)), title=dict(text=labels["rank"]), showgrid=False, zeroline=False),
        yaxis=dict(tickvals=list(range(c)), ticktext=rows, title=dict(text=labels["position"]),
                   autorange="reversed", showgrid=False, zeroline=False, automargin=True))
    return go.Figure(dict(data=data, layout=layout))


def plot_masking_statistics(counts: dict, labels: dict[str, str]) -> go.Figure:
    """Observed against expected shares of all tokens (masking.masking_statistics' result) as grouped bars for the
    chosen, [MASK]ed, randomly replaced and kept tokens, each bar with its percentage written above it.

    labels: chosen, mask, random, keep (the groups); observed, expected (the two series); fraction (y axis);
    count (hover, the number of tokens).
    """
    names = [labels[key] for key in STAT_KEYS]
    observed = np.array([counts["observed"][key] for key in STAT_KEYS], dtype=np.float64)
    expected = np.array([counts["expected"][key] for key in STAT_KEYS], dtype=np.float64)
    n = np.array([counts["counts"][key] for key in STAT_KEYS], dtype=np.int64)
    bar = dict(type="bar", x=names, texttemplate="%{y:.2%}", textposition="outside", cliponaxis=False)
    data = [bar | dict(y=observed, name=labels["observed"], marker=dict(color=OBSERVED_COLOR), customdata=n,
                       hovertemplate="%{x}: %{y:.3%} (" + labels["count"] + " %{customdata:,})<extra></extra>"),
            bar | dict(y=expected, name=labels["expected"], marker=dict(color=EXPECTED_COLOR),
                       hovertemplate="%{x}: %{y:.3%}<extra></extra>")]
    top = float(max(observed.max(), expected.max()))
    layout = base_layout(
        height=360, margin=dict(l=60, r=20, t=30, b=60), barmode="group", hovermode="closest",
        legend=dict(orientation="h", y=-0.15, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(showgrid=False),
        yaxis=dict(title=dict(text=labels["fraction"]), tickformat=".0%", range=[0, top * 1.15 + 1e-9],
                   gridcolor="#e5e7eb"))
    return go.Figure(dict(data=data, layout=layout))


def _head_lines(w: np.ndarray, head: int, n_heads: int, name: str) -> list[dict]:
    """One head's lines from query i (left, y = i) to key j (right, y = j): one trace per weight band."""
    style = series_style(head, n_heads)
    line = dict(color=style["color"], dash=style["dash"], width=2)
    traces = [dict(type="scatter", x=[None], y=[None], mode="lines", name=name, legendgroup=f"head{head}",
                   line=line, hoverinfo="skip")]  # the legend's entry, fully opaque
    for lo, hi in zip(WEIGHT_EDGES[:-1], WEIGHT_EDGES[1:]):
        rows, cols = np.nonzero((w >= lo) & (w < hi))  # (N,) each
        if not len(rows):
            continue
        x = np.tile(np.array([0.0, 1.0, np.nan], dtype=np.float32), len(rows))
        y = np.stack([rows, cols, np.full(len(rows), np.nan)], axis=1).astype(np.float32).ravel()  # (3N,)
        traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=name, legendgroup=f"head{head}",
                           showlegend=False, opacity=round(min(1.0, (lo + min(hi, 1.0)) / 2), 2), line=line,
                           hoverinfo="skip"))
    return traces


def plot_head_view(attn, tokens: list[str], labels: dict[str, str], layer: int) -> go.Figure:
    """BertViz's head view of one layer: each token on the left (the query) joined to each token on the right (a
    key) by a line per head, in the head's colour, as opaque as the attention weight; weights below 0.02 are not
    drawn. A legend entry per head (a click hides it, a double click shows it alone); hovering a token lists its
    strongest keys per head.

    attn: (nh, T, T), rows queries, columns keys; tokens: (T,) as the model read them.
    labels: heads_title ({layer}), head ({head}), attends (hover), bos, eos, mask_token, space.
    """
    w = np.asarray(attn, dtype=np.float32)
    n_heads, t = w.shape[0], len(tokens)
    if w.shape != (n_heads, t, t):
        raise ValueError(f"expected ({n_heads}, {t}, {t}), got {w.shape}")
    shown = [_shown(tok, labels) for tok in tokens]
    data = []
    for h in range(n_heads):
        data += _head_lines(w[h], h, n_heads, labels["head"].format(head=h + 1))
    best = w.argmax(axis=2)  # (nh, T) each query's strongest key per head
    hover = [f"{shown[i]} {labels['attends']}<br>" + "<br>".join(
        f"{labels['head'].format(head=h + 1)}: {shown[best[h, i]]} {w[h, i, best[h, i]]:.2f}" for h in range(n_heads))
        for i in range(t)]
    idx = np.arange(t, dtype=np.float32)
    for x, side in ((0.0, "middle left"), (1.0, "middle right")):
        data.append(dict(type="scatter", x=np.full(t, x, dtype=np.float32), y=idx, mode="markers+text", text=shown,
                         textposition=side, textfont=dict(size=12, color=TEXT_COLOR), showlegend=False,
                         cliponaxis=False,
                         marker=dict(size=6, color="#94a3b8"), customdata=hover,
                         hovertemplate="%{customdata}<extra></extra>"))
    side_px = max(40, max(text_px(s) for s in shown) + 14)  # room for the longest token on each side
    layout = base_layout(
        height=min(1400, 160 + ROW_PX * t), margin=dict(l=side_px, r=side_px, t=40, b=70), hovermode="closest",
        annotations=[title_at(labels["heads_title"].format(layer=layer), 0.5)],
        legend=dict(orientation="h", y=0, yanchor="top", x=0.5, xanchor="center", itemclick="toggle",
                    itemdoubleclick="toggleothers"),
        xaxis=dict(range=[-0.02, 1.02], visible=False, fixedrange=True),
        yaxis=dict(range=[t - 0.5, -0.5], visible=False, fixedrange=True))
    return go.Figure(dict(data=data, layout=keep_width(layout, 2 * side_px + 220)))
