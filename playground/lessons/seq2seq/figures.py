"""Figures for the seq2seq lab: teacher-forced vs free-running decoding of one pair, BLEU's n-gram precisions, the
lab's curves, the beam search tree against greedy, and the padded batch's masked loss. Pure: results and labels in,
a new figure out (no make_subplots)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures.palette import OKABE_ITO
from playground.figures.theme import base_layout, keep_width

# Cell categories of plot_decoding, one discrete colour each; each pair is at least palette.MIN_DELTA_E apart under
# normal vision and the simulated dichromacies. Wrong cells also carry a cross, so colour is not the only cue.
NEUTRAL, RIGHT, WRONG = range(3)
CELL_COLORS = ("#f1f5f9", "#b7e4c7", "#f4a582")
CELL_SCALE = [[(k + edge) / len(CELL_COLORS), c] for k, c in enumerate(CELL_COLORS) for edge in (0, 1)]
CROSS = " ✗"
MARK_COLOR = "#0f172a"  # the outline of the first divergence
P_COLOR, FACTOR_COLOR = OKABE_ITO["blue"], OKABE_ITO["orange"]
# plot_seq2seq_curves: history key -> (colour, dash); the teacher-forced and free-running token accuracies are the
# pair to compare, so they share the solid line and differ in colour, and the gap between them is shaded.
CURVES = {"forced_accuracy": (OKABE_ITO["blue"], "solid"), "free_accuracy": (OKABE_ITO["vermillion"], "solid"),
          "free_sequence_accuracy": (OKABE_ITO["bluish_green"], "dash"), "bleu": (OKABE_ITO["reddish_purple"], "dot"),
          "train_loss": (OKABE_ITO["orange"], "solid"), "loss": ("#595959", "solid")}
GAP_FILL = "rgba(213, 94, 0, 0.12)"


def _shown(token: str) -> str:
    """A token as plotly text: "<bos>" would be read as an HTML tag, so its angle brackets become ‹ ›."""
    return str(token).replace("<", "‹").replace(">", "›")


def _fill(template: str, **values) -> str:
    """A label template with {placeholders} filled; a template without them is returned as it is."""
    for k, v in values.items():
        template = template.replace("{" + k + "}", str(v))
    return template


def plot_decoding(decoding, labels: dict[str, str]) -> go.Figure:
    """One heatmap, rows target / teacher-forced / free-running, columns target positions: each cell shows the
    token, coloured right or wrong against the target; hover gives the token fed, the chosen token's probability
    and the target token's. The free-running row's first divergence is outlined.

    decoding: seq2seq_lab.Decoding. labels: source, target, forced, free, position, fed, chosen, true_token, right,
    wrong, first_divergence.
    """
    t_len = len(decoding.target)
    tracks = (decoding.forced, decoding.free)
    z = np.full((3, t_len), NEUTRAL, dtype=np.float32)  # (row, position)
    text = np.empty((3, t_len), dtype=object)
    hover = np.empty((3, t_len), dtype=object)
    for j, tok in enumerate(decoding.target):
        text[0, j] = _shown(tok)
        hover[0, j] = f"{labels['position']} {j + 1}<br>{labels['target']}: {_shown(tok)}"
    for r, track in enumerate(tracks, start=1):
        for j in range(t_len):
            ok = bool(track.correct[j])
            z[r, j] = RIGHT if ok else WRONG
            text[r, j] = _shown(track.tokens[j]) + ("" if ok else CROSS)
            fed = _shown(track.fed[j])
            hover[r, j] = (f"{labels['position']} {j + 1}<br>{labels['fed']}: {fed}<br>"
                           f"{labels['chosen']}: {_shown(track.tokens[j])} (p = {float(track.prob[j]):.3f})<br>"
                           f"{labels['true_token']}: {_shown(decoding.target[j])} "
                           f"(p = {float(track.true_prob[j]):.3f})")
    cols = list(range(t_len))
    data = [dict(type="heatmap", z=z, x=cols, y=[0, 1, 2], zmin=-0.5, zmax=len(CELL_COLORS) - 0.5,
                 colorscale=CELL_SCALE, showscale=False, xgap=2, ygap=2, text=text, texttemplate="%{text}",
                 textfont=dict(size=15, color="#0f172a"), customdata=hover,
                 hovertemplate="%{customdata}<extra></extra>")]
    for k, key in ((RIGHT, "right"), (WRONG, "wrong")):
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=labels[key],
                         marker=dict(symbol="square", size=12, color=CELL_COLORS[k])))
    shapes, notes = [], []
    d = decoding.first_divergence
    if d is not None:
        shapes.append(dict(type="rect", x0=d - 0.5, x1=d + 0.5, y0=1.5, y1=2.5, xref="x", yref="y",
                           line=dict(color=MARK_COLOR, width=3)))
        notes.append(dict(x=d, y=2.5, xref="x", yref="y", text=labels["first_divergence"], showarrow=True,
                          arrowhead=2, ax=0, ay=26, yanchor="top", font=dict(size=12, color=MARK_COLOR)))
    n = len(decoding.target_ids)
    ticks = [labels["target"], f"{labels['forced']} · {int(tracks[0].correct.sum())}/{n}",
             f"{labels['free']} · {int(tracks[1].correct.sum())}/{n}"]
    title = f"{labels['source']}: {' '.join(_shown(s) for s in decoding.source)}"
    # positions along the top, so the divergence note below the grid meets neither tick labels nor the legend
    layout = base_layout(
        height=300, margin=dict(l=150, r=20, t=90, b=80), hovermode="closest",
        title=dict(text=title, x=0.01, xanchor="left", y=0.97, yanchor="top", font=dict(size=14)),
        legend=dict(orientation="h", y=-0.32, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(tickvals=cols, ticktext=[str(j + 1) for j in cols], title=dict(text=labels["position"]),
                   side="top", showgrid=False, zeroline=False, range=[-0.5, t_len - 0.5]),
        yaxis=dict(tickvals=[0, 1, 2], ticktext=ticks, autorange="reversed", showgrid=False, zeroline=False),
        shapes=shapes, annotations=notes)
    return go.Figure(dict(data=data, layout=layout))


def plot_bleu(bleu, labels: dict[str, str]) -> go.Figure:
    """BLEU's parts: per n the n-gram precision p_n (bars, matches/n-grams written on them) and its factor
    p_n^(1/2^n) in the product, the weight 1/2^n under each, and the brevity penalty and score above.

    bleu: seq2seq_lab.Bleu. labels: ngram (a template with {n}, e.g. "{n}-gram"), precision, factor, weight,
    brevity, score, undefined, too_short.
    """
    k = bleu.k
    xs = list(range(1, k + 1))
    p = np.array([np.nan if v is None else v for v in bleu.precisions], dtype=np.float32)  # (k,)
    w = np.asarray(bleu.weights, dtype=np.float64)
    factor = np.where(np.isnan(p), np.nan, np.power(np.nan_to_num(p), w)).astype(np.float32)  # (k,)
    counts = [f"{m}/{t}" if t else "" for m, t in zip(bleu.matches, bleu.totals)]
    data = [dict(type="bar", x=xs, y=p, name=labels["precision"], marker=dict(color=P_COLOR), text=counts,
                 textposition="outside", cliponaxis=False, offsetgroup="p",
                 hovertemplate=labels["precision"] + " %{y:.3f} (%{text})<extra></extra>"),
            dict(type="bar", x=xs, y=factor, name=labels["factor"], offsetgroup="f", marker=dict(color=FACTOR_COLOR),
                 hovertemplate=labels["factor"] + " %{y:.3f}<extra></extra>")]
    notes = [dict(x=n, y=-0.08, xref="x", yref="paper", yanchor="top", showarrow=False,
                  text=f"{labels['weight']} 1/{2 ** n}", font=dict(size=11, color="#475569")) for n in xs]
    notes += [dict(x=n, y=0.04, xref="x", yref="y", showarrow=False, text=labels["undefined"],
                   font=dict(size=11, color="#475569")) for n, v in zip(xs, bleu.precisions) if v is None]
    headline = (f"{labels['brevity']} = exp(min(0, 1 − {bleu.label_len}/{bleu.pred_len})) = "
                f"{bleu.brevity_penalty:.3f}" if bleu.pred_len else f"{labels['brevity']} = 0")
    headline += f"   ·   {labels['score']} = {bleu.score:.3f}"
    if bleu.too_short:
        headline += f"<br>{labels['too_short']}"
    layout = base_layout(
        height=340, margin=dict(l=55, r=20, t=70 if bleu.too_short else 50, b=80), barmode="group",
        bargap=0.25, hovermode="closest", title=dict(text=headline, x=0.01, xanchor="left", font=dict(size=13)),
        legend=dict(orientation="h", y=-0.3, x=0.5, xanchor="center"),
        xaxis=dict(tickvals=xs, ticktext=[_fill(labels["ngram"], n=n) for n in xs], showgrid=False),
        yaxis=dict(range=[0, 1.15], tickvals=[0, 0.25, 0.5, 0.75, 1], gridcolor="#e5e7eb"),
        annotations=notes)
    return go.Figure(dict(data=data, layout=layout))


def plot_seq2seq_curves(history, labels: dict[str, str]) -> go.Figure:
    """Left: teacher-forced vs free-running token accuracy (the gap shaded: exposure bias), free-running sequence
    accuracy and mean BLEU, per evaluation step. Right: training loss (under the lab's teacher-forcing ratio) and
    test loss (teacher forced).

    history: seq2seq_lab.Seq2seqHistory or its to_dict(). labels: one per history key (forced_accuracy,
    free_accuracy, free_sequence_accuracy, bleu, train_loss, loss), accuracy, loss_title, step.
    """
    h = history.to_dict() if hasattr(history, "to_dict") else history
    x = np.asarray(h["steps"], dtype=np.float32)
    data = []
    for key in ("forced_accuracy", "free_accuracy", "free_sequence_accuracy", "bleu"):
        color, dash = CURVES[key]
        trace = dict(type="scatter", x=x, y=np.asarray(h[key], dtype=np.float32), mode="lines+markers",
                     name=labels[key], line=dict(color=color, dash=dash, width=2), marker=dict(size=4),
                     hovertemplate=labels["step"] + " %{x}: %{y:.3f}<extra>" + labels[key] + "</extra>")
        if key == "free_accuracy":  # shade down to the teacher-forced curve drawn just before
            trace.update(fill="tonexty", fillcolor=GAP_FILL)
        data.append(trace)
    for key in ("train_loss", "loss"):
        color, dash = CURVES[key]
        y = np.asarray(h[key], dtype=np.float32)
        data.append(dict(type="scatter", x=x, y=y, mode="lines+markers", name=labels[key], xaxis="x2", yaxis="y2",
                         line=dict(color=color, dash=dash, width=2 if key == "loss" else 1.4), marker=dict(size=4),
                         hovertemplate=labels["step"] + " %{x}: %{y:.4f}<extra>" + labels[key] + "</extra>"))
    title = dict(xref="paper", yref="paper", y=1.0, xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=13))
    layout = base_layout(
        height=380, margin=dict(l=50, r=20, t=40, b=60), hovermode="x unified",
        # the fill would otherwise reverse the legend
        legend=dict(orientation="h", y=-0.24, yanchor="top", x=0.5, xanchor="center", traceorder="normal"),
        xaxis=dict(domain=[0, 0.55], title=dict(text=labels["step"]), showgrid=False, zeroline=False),
        yaxis=dict(range=[0, 1.02], gridcolor="#e5e7eb"),
        xaxis2=dict(domain=[0.66, 1], anchor="y2", title=dict(text=labels["step"]), showgrid=False, zeroline=False),
        yaxis2=dict(anchor="x2", gridcolor="#e5e7eb", rangemode="tozero"),
        annotations=[dict(title, x=0.275, xanchor="center", text=labels["accuracy"]),
                     dict(title, x=0.83, xanchor="center", text=labels["loss_title"])])
    return go.Figure(dict(data=data, layout=layout))


# plot_beam: kept hypotheses in grey, the best one's path in blue, greedy's in vermillion (dashed, its own row)
EDGE_COLOR, BEST_COLOR, GREEDY_COLOR = "#94a3b8", OKABE_ITO["blue"], OKABE_ITO["vermillion"]
VALUE_COLOR = "#475569"


def _beam_nodes(beam) -> tuple[list, list, list, list]:
    """(x, y, token id, (logp, total, finished)) of every kept hypothesis: step t + 1, its row in the step."""
    xs, ys, toks, info = [], [], [], []
    for t, s in enumerate(beam.steps):
        for r in range(len(s.token)):
            xs.append(t + 1)
            ys.append(r)
            toks.append(int(s.token[r]))
            info.append((float(s.logp[r]), float(s.total[r]), bool(s.finished[r])))
    return xs, ys, toks, info


def _minus(v: float) -> str:
    """-1.234 -> "−1.23" (a real minus sign)."""
    return f"{v:.2f}".replace("-", "−")


def _edges(pairs) -> tuple[list, list]:
    """[((x0, y0), (x1, y1)), ...] -> one polyline with gaps."""
    x, y = [], []
    for (x0, y0), (x1, y1) in pairs:
        x += [x0, x1, None]
        y += [y0, y1, None]
    return x, y


def _beam_layout(view, g_row: float, n_steps: int, labels: dict[str, str]) -> dict:
    """plot_beam's axes: steps along the top, the beam's rows (best first), then greedy's row; the two sums."""
    beam, greedy = view.beam, view.greedy
    rows = list(range(beam.width)) + [g_row]
    steps = list(range(n_steps + 1))
    title = (f"{labels['width']} {beam.width}: {labels['best']} Σ log p = {beam.best.total:.3f}   ·   "
             f"{labels['greedy']} Σ log p = {greedy.total:.3f}").replace("-", "−")
    return base_layout(
        height=int(170 + 46 * (beam.width + 1.6)), margin=dict(l=90, r=20, t=95, b=60), hovermode="closest",
        title=dict(text=title, x=0.01, xanchor="left", y=0.98, yanchor="top", font=dict(size=13)),
        legend=dict(orientation="h", y=-0.06, yanchor="top", x=0.5, xanchor="center"),
        xaxis=dict(tickvals=steps, ticktext=[labels["start"]] + [str(t) for t in steps[1:]],
                   title=dict(text=labels["step"]), side="top", showgrid=False, zeroline=False,
                   range=[-0.5, n_steps + 0.5]),
        yaxis=dict(tickvals=rows, ticktext=[f"#{r + 1}" for r in range(beam.width)] + [labels["greedy"]],
                   showgrid=False, zeroline=False, range=[g_row + 0.8, -0.6]))  # reversed: row 1 on top


def plot_beam(view, labels: dict[str, str]) -> go.Figure:
    """The beam as a tree: column t holds the hypotheses kept after t tokens (row 1 the best), each node its token,
    an edge to the hypothesis it extends (the first from the start, an empty node), the sum of log p so far under it (hover: log p of the token); <eos>
    nodes are squares. The best finished hypothesis's path is blue; greedy decoding runs along its own row.

    view: beam.BeamView. labels: step, start, rank, greedy, kept, best, token_logp, total_logp, width.
    """
    beam, greedy = view.beam, view.greedy
    best = set(beam.best.nodes)
    xs, ys, toks, info = _beam_nodes(beam)
    edges, best_edges = [], []
    for t, s in enumerate(beam.steps):
        for r, parent in enumerate(s.parent.tolist()):
            pair = ((t, parent if t else 0), (t + 1, r))
            (best_edges if (t, r) in best else edges).append(pair)
    g_row = beam.width + 0.6
    g_x = list(range(1, len(greedy.tokens) + 1))
    g_total = np.cumsum(greedy.logp)

    def hover(tok, logp, total):
        return (f"{labels['token']}: {_shown(view.text([tok])[0])}<br>{labels['token_logp']}: {logp:.4f}<br>"
                f"{labels['total_logp']}: {total:.4f} (p = {np.exp(total):.4f})")

    node_text = [""] + [_shown(view.text([k])[0]) for k in toks]
    node_hover = [labels["start"]] + [hover(k, lp, tot) for k, (lp, tot, _) in zip(toks, info)]
    symbols = ["circle"] + ["square" if fin else "circle" for _, _, fin in info]
    on_best = [False] + [(x - 1, y) in best for x, y in zip(xs, ys)]
    node = dict(type="scatter", mode="markers+text", hovertemplate="%{customdata}<extra></extra>")
    ex, ey = _edges(edges)
    bx, by = _edges(best_edges)
    data = [
        dict(type="scatter", x=ex, y=ey, mode="lines", name=labels["kept"], hoverinfo="skip",
             line=dict(color=EDGE_COLOR, width=1.2)),
        dict(type="scatter", x=bx, y=by, mode="lines", name=labels["best"], hoverinfo="skip",
             line=dict(color=BEST_COLOR, width=3.5)),
        dict(type="scatter", x=[0] + g_x, y=[0] + [g_row] * len(g_x), mode="lines", name=labels["greedy"],
             hoverinfo="skip", line=dict(color=GREEDY_COLOR, width=2, dash="dash")),
        dict(node, x=[0] + xs, y=[0] + ys, text=node_text, customdata=node_hover, showlegend=False,
             marker=dict(size=26, symbol=symbols, color=[BEST_COLOR if b else "#ffffff" for b in on_best],
                         line=dict(color=EDGE_COLOR, width=1.5)),
             textfont=dict(size=13, color=["#ffffff" if b else "#0f172a" for b in on_best])),
        dict(node, x=g_x, y=[g_row] * len(g_x), text=[_shown(t) for t in view.text(greedy.tokens)],
             customdata=[hover(k, lp, tot) for k, lp, tot in zip(greedy.tokens, greedy.logp, g_total)],
             showlegend=False, marker=dict(size=24, symbol="diamond", color="#ffffff",
                                           line=dict(color=GREEDY_COLOR, width=2))),
        dict(type="scatter", mode="text", x=xs + g_x, y=[y + 0.42 for y in ys] + [g_row + 0.42] * len(g_x),
             text=[_minus(tot) for _, tot, _ in info] + [_minus(v) for v in g_total],
             textfont=dict(size=10, color=VALUE_COLOR), hoverinfo="skip", showlegend=False)]
    n_steps = max(len(beam.steps), len(g_x))
    layout = keep_width(_beam_layout(view, g_row, n_steps, labels), 110 + 48 * (n_steps + 1))  # room for −12.34
    return go.Figure(dict(data=data, layout=layout))


# plot_masked_loss: the two means side by side
MASKED_COLOR, PLAIN_COLOR = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
PAD_CELL = "#e5e7eb"  # padding cells: no colour on the loss scale, a grey sheet behind the grid shows through


def plot_masked_loss(padded, labels: dict[str, str]) -> go.Figure:
    """Left: the padded batch, rows sequences, columns target positions; each real token's cell is coloured by
    its cross-entropy, each padding cell is grey and shows in brackets the loss the mask drops. Right: the mean
    over real tokens (the masked loss) beside the plain mean over every position.

    padded: padding.PaddedLoss. labels: position, loss, masked_mean, plain_mean, padding, real_tokens,
    all_positions, source.
    """
    losses, mask = np.asarray(padded.losses, dtype=np.float64), np.asarray(padded.mask, dtype=bool)
    b, t = losses.shape
    z = np.where(mask, losses, np.nan).astype(np.float32)  # (B, T): padding left blank
    cols, rows = list(range(1, t + 1)), list(range(b))
    text = [[f"{_shown(tok)}<br>{v:.2f}" if m else "" for tok, v, m in zip(tr, lr, mr)]
            for tr, lr, mr in zip(padded.tokens, losses, mask)]
    pad_y, pad_x = np.nonzero(~mask)
    top = float(np.nanmax(z)) if mask.any() else 1.0
    data = [dict(type="heatmap", z=z, x=cols, y=rows, zmin=0, zmax=max(top, 1e-3), colorscale="Blues", xgap=2,
                 ygap=2, text=text, texttemplate="%{text}", textfont=dict(size=12), hoverongaps=False,
                 colorbar=dict(title=dict(text=labels["loss"]), x=0.7, len=0.9, thickness=12),
                 hovertemplate=labels["position"] + " %{x}<br>" + labels["loss"] + " %{z:.4f}<extra></extra>"),
            dict(type="scatter", mode="text", x=(pad_x + 1).tolist(), y=pad_y.tolist(), showlegend=False,
                 text=[f"‹pad›<br>({losses[i, j]:.1f})" for i, j in zip(pad_y, pad_x)],
                 textfont=dict(size=11, color=VALUE_COLOR),
                 hovertemplate=labels["padding"] + ": %{text}<extra></extra>")]
    n_all = b * t
    for name, value, color, n in ((labels["masked_mean"], padded.masked, MASKED_COLOR, padded.n_real),
                                  (labels["plain_mean"], padded.plain, PLAIN_COLOR, n_all)):
        data.append(dict(type="bar", x=[name], y=[value], name=name, marker=dict(color=color), xaxis="x2",
                         yaxis="y2", text=[f"{value:.3f}"], textposition="outside", cliponaxis=False,
                         showlegend=False, hovertemplate=f"{name}: %{{y:.4f}} (n = {n})<extra></extra>"))
    layout = base_layout(
        height=int(190 + 44 * b), margin=dict(l=110, r=20, t=95, b=45), hovermode="closest",
        shapes=[dict(type="rect", xref="x", yref="y", x0=0.5, x1=t + 0.5, y0=-0.5, y1=b - 0.5, layer="below",
                     fillcolor=PAD_CELL, line=dict(width=0))],
        title=dict(text=f"{labels['real_tokens']} {padded.n_real} · {labels['all_positions']} {n_all}", x=0.01,
                   xanchor="left", y=0.98, yanchor="top", font=dict(size=13)),
        xaxis=dict(domain=[0, 0.66], tickvals=cols, title=dict(text=labels["position"]), side="top",
                   showgrid=False, zeroline=False, range=[0.5, t + 0.5]),
        yaxis=dict(tickvals=rows, ticktext=[f"{s} →" for s in padded.sources], autorange="reversed",
                   showgrid=False, zeroline=False),
        xaxis2=dict(domain=[0.8, 1], anchor="y2", showgrid=False),
        yaxis2=dict(domain=[0, 1], anchor="x2", rangemode="tozero", gridcolor="#e5e7eb",
                    range=[0, 1.2 * max(padded.plain, padded.masked, 1e-3)]))
    keep_width(layout, 130 + 46 * t / 0.66)  # a cell fits "‹pad› (14.2)"; the grid has 66% of the width
    return go.Figure(dict(data=data, layout=layout))
