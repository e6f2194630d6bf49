"""What the Architecture tab shows, built without gradio: the model card and source, the report's layer table,
charts and output shapes, the convolution arithmetic's text and the worked comparisons' tables."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from playground.core.errors import PlaygroundError
from playground.core.inspection.source import model_source
from playground.core.inspection.stages import stages
from playground.core.inspection.table import TABLE_COLUMNS, Report, Totals
from playground.core.models import ModelEntry, resolve
from playground.core.models.catalog import is_detector
from playground.core.validate import whole
from playground.figures.theme import KIND_COLORS
from playground.i18n import message

from .compute import ConvGeometry
from .figures import plot_block_diagram, plot_layer_profile, plot_message

MAX_DEPTH = 12  # deeper than any registry, timm or torchvision model nests its modules


def human_number(n: float, unit: str = "") -> str:
    """1.5e6 -> '1.5 M' (with the unit after the prefix when given)."""
    for factor, suffix in ((1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " K")):
        if abs(n) >= factor:
            return f"{n / factor:.3g}{suffix}{unit}"
    return f"{n:g}{' ' + unit if unit else ''}"


def model_card(entry: ModelEntry, lang: str) -> str:
    """Markdown: title, key, description, paper, default input and how it differs from other implementations."""
    lines = [f"### {entry.title} · `{entry.key}`", entry.description.get(lang) or entry.description["en"]]
    facts = []
    if entry.paper:
        facts.append(f"**{message('architecture_card_paper', lang)}:** [{entry.paper}]({entry.paper})")
    shape = "x".join(map(str, entry.input_shape))
    facts.append(f"**{message('architecture_card_default_input', lang)}:** `{shape}`, "
                 f"{message('architecture_card_kind_' + entry.input_kind, lang)}")
    if entry.teaching:
        facts.append(message("architecture_card_teaching", lang))
    if entry.source != "registry":
        facts.append(message("architecture_card_catalog", lang))
    lines.append(" · ".join(facts))
    if entry.note:
        lines.append(f"> **{message('architecture_card_note', lang)}:** {entry.note.get(lang) or entry.note['en']}")
    return "\n\n".join(lines)


def source_text(key: str, lang: str) -> str:
    """A registry model's source file, or for a catalog model the lines that build it with random weights."""
    code = model_source(key)
    if code is not None:
        return code
    entry = resolve(key)
    name = key.split("/", 1)[-1]
    backbone = ", weights_backbone=None" if is_detector(key) else ""  # nothing downloaded for the backbone either
    build = (f"import timm\nmodel = timm.create_model({name!r}, pretrained=False)" if entry.source == "timm" else
             f"import torchvision\nmodel = torchvision.models.get_model({name!r}, weights=None{backbone})")
    return message("architecture_source_catalog", lang, code=build)


def outputs_text(totals: Totals) -> str:
    """The output's shape; every output's, named, for a model that returns several (a detector's boxes, labels and
    scores; an encoder-decoder's tuple)."""
    outputs = totals.outputs or []
    if len(outputs) <= 1:
        return f"`{totals.output_shape}`"
    return "<br>".join(f"{name or i} `{shape}`" for i, (name, shape) in enumerate(outputs))


def read_depth(depth) -> int:
    """The depth slider's value as a whole number of levels, or the message."""
    levels = whole(depth)
    if levels is None or not 0 <= levels <= MAX_DEPTH:
        raise PlaygroundError("architecture_bad_depth", value=depth, high=MAX_DEPTH)
    return levels


def layer_table(report: Report, depth: int | None = None, lang: str = "en") -> pd.DataFrame:
    """The report's layer table, modules nested deeper than `depth` left out, its headings in `lang`."""
    rows = report.table(max_depth=depth)
    for row in rows:
        if row[0] == "(model)":  # the whole model's row: the core names it in English
            row[0] = message("architecture_col_whole_model", lang)
        row[:] = [message("architecture_rf_global", lang) if v == "global" else v for v in row]  # a field's size
    headings = [message("architecture_col_" + c.lower().replace(" ", "_"), lang) for c in TABLE_COLUMNS]
    return pd.DataFrame(rows, columns=headings)


def shown_layer_table(report: Report, depth: int | None = None, lang: str = "en") -> Styler:
    """The layer table as the tab shows it: the same raw numbers underneath (the API's data and the exports keep
    them), displayed with thousands separators (25,557,032), its headings in `lang`."""
    table = layer_table(report, depth, lang)
    numeric = [h for h, column in zip(table.columns, TABLE_COLUMNS)
               if column != "depth" and pd.api.types.is_numeric_dtype(table[h])]
    return table.style.format("{:,}", subset=numeric)


def profile_of(report: Report, lang: str, log: bool) -> go.Figure:
    """Parameters and output values of every leaf layer that ran (a message when none did)."""
    leaves = [r for r in report.rows if r.is_leaf and r.output_shape is not None]
    if not leaves:
        return plot_message(message("architecture_chart_empty", lang))
    labels = {"layer": message("architecture_chart_layer", lang), "params": message("architecture_chart_params", lang),
              "outputs": message("architecture_chart_outputs", lang),
              **{"kind_" + k: message("architecture_kind_" + k, lang) for k in KIND_COLORS}}
    outputs = [r.output_bytes // 4 // max(r.calls, 1) for r in leaves]
    return plot_layer_profile([r.name for r in leaves], [r.kind for r in leaves], [r.params for r in leaves],
                              outputs, labels, log=log)


def diagram_of(report: Report, lang: str = "en") -> go.Figure:
    """The report's stages as a block diagram from the input shape on."""
    boxes = [(s.name, s.kind, s.output_shape) for s in stages(report)]
    return plot_block_diagram(boxes, "[" + ", ".join(map(str, report.input_shape)) + "]",
                              input_label=message("architecture_diagram_input", lang))


def conv_text(g: ConvGeometry, lang: str) -> str:
    """The output size by the formula, and whether the windows fit the padded input exactly."""
    text = message("architecture_conv_result", lang, n=g.size, p=g.padding, d=g.dilation, k=g.kernel, s=g.stride, out=g.output)
    return text + "\n\n" + (message("architecture_conv_exact", lang) if g.exact else message("architecture_conv_skipped", lang, r=g.skipped))


def conv_legend(lang: str) -> dict[str, str]:
    """The convolution window picture's legend entries."""
    return {k: message(f"architecture_conv_legend_{k}", lang) for k in ("input", "padding", "window", "window_padding", "output")}


def comparison_table(pairs, lang: str) -> str:
    """Markdown: two designs' layers, parameters, MACs, receptive field and non-linearities, and their ratio."""
    m = lambda k: message(k, lang)  # noqa: E731
    head = [m("architecture_compare_col_design"), m("architecture_compare_col_layers"), m("architecture_compare_col_params"), m("architecture_compare_col_macs"), m("architecture_compare_col_rf"), m("architecture_compare_col_nonlin")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, s in pairs:
        kernels = " → ".join(f"{k}×{k} {r.input_shape[1]}→{r.output_shape[1]}" for k, r in zip(s.kernels, s.rows))
        lines.append(f"| {label} | {kernels} | **{s.params:,}** | {human_number(s.macs)} | {s.receptive_field:g} | "
                     f"{s.nonlinearities} |")
    ratio = pairs[1][1].params / pairs[0][1].params
    return "\n".join(lines) + "\n\n" + message("architecture_compare_col_ratio", lang, ratio=f"{ratio:.2f}")
