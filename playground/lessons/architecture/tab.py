"""The Architecture tab: model inspector (layer table, totals, charts, source), convolution arithmetic and the
notes' worked comparisons. Layout in build(), callbacks above it; every callback is a thin wrapper over the core."""
from __future__ import annotations

import gradio as gr
import pandas as pd

from playground.core.errors import PlaygroundError
from playground.core.inspection.source import model_source
from playground.core.inspection.stages import stages
from playground.core.inspection.table import TABLE_COLUMNS, Report, Totals, inspect_model
from playground.core.models import GROUPS, ModelEntry, models_in_group, resolve
from playground.core.models.catalog import is_detector
from playground.core.validate import whole
from playground.export.script import training_script
from playground.export.tables import download_folder, write_exports
from playground.i18n import message
from playground.ui.feedback import I18N, human_bytes, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained

from .compute import bottleneck_vs_two_3x3, conv_geometry, stacked_vs_single, whole_number
from .conv_figures import plot_conv_window
from .figures import plot_block_diagram, plot_layer_profile, plot_message

DEFAULT_GROUP, DEFAULT_MODEL = "cnn", "lenet5"
# The model a family opens with: a familiar one, not the alphabetically first.
FIRST_MODEL = {"mlp": "mlp", "cnn": "lenet5", "rnn": "lstm", "transformer": "transformer",
               "timm": "timm/resnet50", "torchvision": "torchvision/resnet50"}
MAX_DEPTH = 12  # deeper than any registry, timm or torchvision model nests its modules
CONV_DEFAULTS = dict(size=7, kernel=3, stride=2, padding=1, dilation=1)


# ---------------------------------------------------------------------------------------------------------------
# Text

def _human(n: float, unit: str = "") -> str:
    for factor, suffix in ((1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " K")):
        if abs(n) >= factor:
            return f"{n / factor:.3g}{suffix}{unit}"
    return f"{n:g}{' ' + unit if unit else ''}"


def model_card(entry: ModelEntry, lang: str) -> str:
    """Markdown: title, key, description, paper, default input and how it differs from other implementations."""
    lines = [f"### {entry.title} · `{entry.key}`", entry.description.get(lang) or entry.description["en"]]
    facts = []
    if entry.paper:
        facts.append(f"**{message('card_paper', lang)}:** [{entry.paper}]({entry.paper})")
    shape = "x".join(map(str, entry.input_shape))
    facts.append(f"**{message('card_default_input', lang)}:** `{shape}`, "
                 f"{message('card_kind_' + entry.input_kind, lang)}")
    if entry.teaching:
        facts.append(message("card_teaching", lang))
    if entry.source != "registry":
        facts.append(message("card_catalog", lang))
    lines.append(" · ".join(facts))
    if entry.note:
        lines.append(f"> **{message('card_note', lang)}:** {entry.note.get(lang) or entry.note['en']}")
    return "\n\n".join(lines)


def _outputs(totals: Totals) -> str:
    """The output's shape; every output's, named, for a model that returns several (a detector's boxes, labels and
    scores; an encoder-decoder's tuple)."""
    outputs = totals.outputs or []
    if len(outputs) <= 1:
        return f"`{totals.output_shape}`"
    return "<br>".join(f"{name or i} `{shape}`" for i, (name, shape) in enumerate(outputs))


def summary_markdown(totals: Totals, lang: str) -> str:
    """Markdown table of the headline numbers of an inspection."""
    m = lambda k: message(k, lang)  # noqa: E731
    rf = totals.receptive_field or "—"
    head = [m("sum_params"), m("sum_macs"), m("sum_weights"), m("sum_activations"), m("sum_output"), m("sum_rf")]
    values = [f"**{totals.total_params:,}** ({_human(totals.total_params)}; "
              f"{m('sum_trainable')} {totals.trainable_params:,})",
              f"**{_human(totals.macs)}** ({m('sum_flops')} {_human(totals.flops)})",
              human_bytes(totals.param_bytes), human_bytes(totals.activation_bytes),
              _outputs(totals), rf]
    device = m("sum_device_" + totals.executed_on)
    return ("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n| " + " | ".join(values) + " |\n\n"
            + message("sum_time", lang, seconds=totals.seconds, device=device)
            + f" {m('sum_activations')}: {m('sum_activations_hint')}.")


def _table(report: Report, depth: int | None = None) -> pd.DataFrame:
    return pd.DataFrame(report.table(max_depth=depth), columns=TABLE_COLUMNS)


def _depth(depth) -> int:
    """The depth slider's value as a whole number of levels, or the message."""
    levels = whole(depth)
    if levels is None or not 0 <= levels <= MAX_DEPTH:
        raise PlaygroundError("bad_depth", value=depth, high=MAX_DEPTH)
    return levels


def _profile(report: Report, lang: str, log: bool):
    leaves = [r for r in report.rows if r.is_leaf and r.output_shape is not None]
    if not leaves:
        return plot_message(message("chart_empty", lang))
    labels = {"layer": message("chart_layer", lang), "params": message("chart_params", lang),
              "outputs": message("chart_outputs", lang)}
    outputs = [r.output_bytes // 4 // max(r.calls, 1) for r in leaves]
    return plot_layer_profile([r.name for r in leaves], [r.kind for r in leaves], [r.params for r in leaves],
                              outputs, labels, log=log)


def _diagram(report: Report):
    boxes = [(s.name, s.kind, s.output_shape) for s in stages(report)]
    return plot_block_diagram(boxes, "[" + ", ".join(map(str, report.input_shape)) + "]")


def _source(key: str, lang: str) -> str:
    code = model_source(key)
    if code is not None:
        return code
    entry = resolve(key)
    name = key.split("/", 1)[-1]
    backbone = ", weights_backbone=None" if is_detector(key) else ""  # nothing downloaded for the backbone either
    build = (f"import timm\nmodel = timm.create_model({name!r}, pretrained=False)" if entry.source == "timm" else
             f"import torchvision\nmodel = torchvision.models.get_model({name!r}, weights=None{backbone})")
    return message("source_catalog", lang, code=build)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

def on_change_group(group: str):
    """Model choices of a family, with a familiar one selected."""
    choices = models_in_group(group) if group in GROUPS else []
    return gr.update(choices=choices, value=FIRST_MODEL.get(group) if choices else None)


@user_errors
def on_select_model(key: str, request: gr.Request = None):
    """A newly picked (or typed) model: its family and that family's list, its default input shape, its card,
    its source, and its inspection."""
    lang = language_of(request)
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    shape = "x".join(map(str, entry.input_shape))
    family = (entry.group, gr.update(choices=models_in_group(entry.group), value=entry.key))
    return family + (shape, model_card(entry, lang), _source(entry.key, lang)) + on_inspect(entry.key, shape, request)


@user_errors
def on_show(key: str, shape_text: str, request: gr.Request = None):
    """Like on_select_model, but keeps the input shape given (a restored link, a redraw in another language)."""
    out = list(on_select_model(key, request))
    if shape_text and str(shape_text).strip():
        out[2] = shape_text
        out[-3:] = on_inspect(out[1]["value"], shape_text, request)
    return tuple(out)


@user_errors
def on_inspect(key: str, shape_text: str, request: gr.Request = None):
    """(model key, input shape) -> (layer table, totals as the API's JSON); the report is kept for the charts."""
    report = inspect_model(key, shape_text)
    return _table(report), report.totals.as_dict(), report


@user_errors
def on_render_report(report: Report | None, depth: float, log: bool, request: gr.Request = None):
    """Summary, depth-filtered table and charts for the session's report."""
    lang = language_of(request)
    if report is None:
        empty = plot_message(message("chart_empty", lang))
        return "", gr.skip(), empty, empty, None
    try:
        script = training_script(report.key)
    except PlaygroundError:
        script = None  # no built-in dataset fits this model (BERT, fixed-size ViTs): the other files still come
    files = write_exports(report, _source(report.key, lang), download_folder(), script)
    return (summary_markdown(report.totals, lang), _table(report, _depth(depth)), _profile(report, lang, log),
            _diagram(report), [str(f) for f in files])


@user_errors
def on_change_depth(report: Report | None, depth: float, request: gr.Request = None):
    return _table(report, _depth(depth)) if report is not None else gr.skip()


@user_errors
def on_change_log(report: Report | None, log: bool, request: gr.Request = None):
    return _profile(report, language_of(request), log) if report is not None else gr.skip()


@user_errors
def on_conv(size, kernel, stride, padding, dilation, position, request: gr.Request = None):
    """Output size by the formula, a picture of the window at one output position, and that position's range."""
    lang = language_of(request)
    g = conv_geometry(size, kernel, stride, padding, dilation)
    last = g.output * g.output - 1
    pos = min(max(whole_number(position, "not_whole_number"), 0), last)
    r, c = divmod(pos, g.output)
    text = message("conv_result", lang, n=g.size, p=g.padding, d=g.dilation, k=g.kernel, s=g.stride, out=g.output)
    text += "\n\n" + (message("conv_exact", lang) if g.exact else message("conv_skipped", lang, r=g.skipped))
    labels = {k: message(f"conv_legend_{k}", lang) for k in ("input", "padding", "window", "window_padding", "output")}
    fig = plot_conv_window(g.size, g.padding, g.output, (r, c), g.window(r), g.window(c), labels)
    return text, fig, gr.update(maximum=max(last, 1), value=pos)


def _comparison_table(pairs, lang: str) -> str:
    m = lambda k: message(k, lang)  # noqa: E731
    head = [m("cmp_design"), m("cmp_layers"), m("cmp_params"), m("cmp_macs"), m("cmp_rf"), m("cmp_nonlin")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, s in pairs:
        kernels = " → ".join(f"{k}×{k} {r.input_shape[1]}→{r.output_shape[1]}" for k, r in zip(s.kernels, s.rows))
        lines.append(f"| {label} | {kernels} | **{s.params:,}** | {_human(s.macs)} | {s.receptive_field:g} | "
                     f"{s.nonlinearities} |")
    ratio = pairs[1][1].params / pairs[0][1].params
    return "\n".join(lines) + "\n\n" + message("cmp_ratio", lang, ratio=f"{ratio:.2f}")


@user_errors
def on_compare_bottleneck(channels, size, request: gr.Request = None):
    """The notes' bottleneck example: 1x1-3x3-1x1 against two 3x3 convolutions at C channels."""
    lang = language_of(request)
    c, n = whole_number(channels, "not_whole_number"), whole_number(size, "not_whole_number")
    bottleneck, plain = bottleneck_vs_two_3x3(c, 4, n)
    return _comparison_table([(message("cmp_bottleneck", lang), bottleneck), (message("cmp_two_3x3", lang), plain)],
                             lang)


@user_errors
def on_compare_stack(channels, n_layers, kernel, size, request: gr.Request = None):
    """n stacked k x k convolutions against one convolution with the same receptive field."""
    lang = language_of(request)
    c, n, k, s = (whole_number(v, "not_whole_number") for v in (channels, n_layers, kernel, size))
    stack, single = stacked_vs_single(c, n, k, s)
    big = 1 + n * (k - 1)
    return _comparison_table([(message("cmp_stack", lang, n=n, k=k), stack),
                              (message("cmp_single", lang, b=big), single)], lang)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    with gr.Tab(I18N("tab_architecture"), id="architecture"):
        with gr.Tabs():
            with gr.Tab(I18N("subtab_inspector"), id="inspector"):
                with gr.Row(equal_height=True):
                    group_dropdown = gr.Dropdown([(I18N(f"group_{g}"), g) for g in GROUPS], value=DEFAULT_GROUP,
                                                 label=I18N("group_label"), scale=1, elem_id="group_dropdown")
                    model_dropdown = gr.Dropdown(models_in_group(DEFAULT_GROUP), value=DEFAULT_MODEL,
                                                 label=I18N("model_label"), info=I18N("model_info"),
                                                 allow_custom_value=True, filterable=True, scale=2,
                                                 elem_id="model_dropdown")
                    shape_textbox = gr.Textbox("1x32x32", label=I18N("shape_label"), info=I18N("shape_info"),
                                               scale=2, elem_id="shape_textbox")
                    inspect_button = gr.Button(I18N("inspect_button"), variant="primary", scale=0, min_width=120,
                                               elem_id="inspect_button")
                card_markdown = gr.Markdown(elem_id="model_card")
                summary_markdown_ = gr.Markdown(elem_id="summary")
                with gr.Row():
                    diagram_plot = gr.Plot(label=I18N("diagram_label"), elem_id="diagram_plot")
                with gr.Tabs():
                    with gr.Tab(I18N("subtab_table"), id="table"):
                        depth_slider = gr.Slider(0, MAX_DEPTH, value=MAX_DEPTH, step=1, label=I18N("depth_label"),
                                                 info=I18N("depth_info"), elem_id="depth_slider")
                        layer_table = gr.Dataframe(headers=TABLE_COLUMNS, interactive=False, max_height=560,
                                                   label=I18N("table_label"), show_search="search",
                                                   elem_id="layer_table", buttons=["fullscreen", "copy"])
                        gr.Markdown(I18N("table_legend"))
                        export_files = gr.File(label=I18N("export_label"), file_count="multiple", interactive=False,
                                               height=120, elem_id="export_files")
                    with gr.Tab(I18N("subtab_charts"), id="charts"):
                        log_checkbox = gr.Checkbox(True, label=I18N("log_label"))
                        profile_plot = gr.Plot(label=I18N("profile_label"), elem_id="profile_plot")
                    with gr.Tab(I18N("subtab_source"), id="source"):
                        source_code = gr.Code(language="python", label=I18N("source_label"), elem_id="source_code")
                    with gr.Tab(I18N("subtab_totals"), id="totals"):
                        totals_json = gr.JSON(label=I18N("totals_label"), elem_id="totals_json")
                report_state = gr.State(None)

            with gr.Tab(I18N("conv_heading"), id="conv"):
                gr.Markdown(I18N("conv_intro"), elem_classes="pg-intro")
                with gr.Row():
                    conv_inputs = [
                        gr.Number(CONV_DEFAULTS["size"], label=I18N("conv_size"), precision=0, minimum=1),
                        gr.Number(CONV_DEFAULTS["kernel"], label=I18N("conv_kernel"), precision=0, minimum=1),
                        gr.Number(CONV_DEFAULTS["stride"], label=I18N("conv_stride"), precision=0, minimum=1),
                        gr.Number(CONV_DEFAULTS["padding"], label=I18N("conv_padding"), precision=0, minimum=0),
                        gr.Number(CONV_DEFAULTS["dilation"], label=I18N("conv_dilation"), precision=0, minimum=1),
                    ]
                position_slider = gr.Slider(0, 15, value=0, step=1, label=I18N("conv_position"),
                                            elem_id="conv_position")
                conv_markdown = gr.Markdown(elem_id="conv_result")
                conv_plot = gr.Plot(label=I18N("conv_plot_label"), elem_id="conv_plot")

            with gr.Tab(I18N("compare_heading"), id="compare"):
                with gr.Row():
                    with gr.Column():
                        gr.Markdown("#### " + I18N("compare_bottleneck_title"))
                        gr.Markdown(I18N("compare_bottleneck_intro"), elem_classes="pg-intro")
                        with gr.Row():
                            bn_channels = gr.Number(256, label=I18N("compare_channels"), precision=0)
                            bn_size = gr.Number(56, label=I18N("compare_size"), precision=0)
                        bottleneck_markdown = gr.Markdown(elem_id="bottleneck_result")
                    with gr.Column():
                        gr.Markdown("#### " + I18N("compare_stack_title"))
                        gr.Markdown(I18N("compare_stack_intro"), elem_classes="pg-intro")
                        with gr.Row():
                            st_channels = gr.Number(64, label=I18N("compare_channels"), precision=0)
                            st_layers = gr.Number(3, label=I18N("compare_layers"), precision=0)
                            st_kernel = gr.Dropdown([3, 5, 7], value=3, label=I18N("compare_kernel"))
                            st_size = gr.Number(56, label=I18N("compare_size"), precision=0)
                        stack_markdown = gr.Markdown(elem_id="stack_result")

    # Wiring: inspection first, then the views that read the session's report.
    render_inputs = [report_state, depth_slider, log_checkbox]
    render_outputs = [summary_markdown_, layer_table, profile_plot, diagram_plot, export_files]
    selected = [group_dropdown, model_dropdown, shape_textbox, card_markdown, source_code, layer_table, totals_json,
                report_state]
    # .input fires on the user's choices only, so on_select_model may set both dropdowns without re-firing.
    group_dropdown.input(on_change_group, group_dropdown, model_dropdown, api_name="list_models").success(
        on_select_model, model_dropdown, selected, api_name="select_first_model", api_visibility="private",
        concurrency_id="inspect", concurrency_limit=2, show_progress_on=summary_markdown_,
    ).success(on_render_report, render_inputs, render_outputs, api_name="render_first", api_visibility="private")
    model_dropdown.input(
        on_select_model, model_dropdown, selected, api_name="select_model", concurrency_id="inspect",
        concurrency_limit=2, show_progress_on=summary_markdown_,
    ).success(on_render_report, render_inputs, render_outputs, api_name="render_selected", api_visibility="private")
    gr.on([inspect_button.click, shape_textbox.submit], on_inspect, [model_dropdown, shape_textbox],
          [layer_table, totals_json, report_state], api_name="inspect_model", concurrency_id="inspect",
          concurrency_limit=2, show_progress_on=summary_markdown_,
          ).success(on_render_report, render_inputs, render_outputs, api_name="render_inspected",
                    api_visibility="private")
    depth_slider.release(on_change_depth, [report_state, depth_slider], layer_table, api_name="filter_table",
                         api_visibility="private")
    log_checkbox.input(on_change_log, [report_state, log_checkbox], profile_plot, api_name="rescale_profile",
                       api_visibility="private")
    conv_all = conv_inputs + [position_slider]
    gr.on([c.input for c in conv_inputs] + [position_slider.release], on_conv, conv_all,
          [conv_markdown, conv_plot, position_slider], api_name="conv_arithmetic")
    gr.on([bn_channels.input, bn_size.input], on_compare_bottleneck, [bn_channels, bn_size], bottleneck_markdown,
          api_name="compare_bottleneck")
    gr.on([st_channels.input, st_layers.input, st_kernel.input, st_size.input], on_compare_stack,
          [st_channels, st_layers, st_kernel, st_size], stack_markdown, api_name="compare_stacked")

    # First paint, in the visitor's language (the text depends on the request, so it cannot be prebuilt). When the
    # page opens with a link, the link restorer paints instead, after the link's values.
    hidden = dict(api_visibility="private")
    first_paint = [([(on_select_model, [model_dropdown], selected), (on_render_report, render_inputs, render_outputs)],
                    dict(api_name="load_model", **hidden)),
                   ([(on_conv, conv_all, [conv_markdown, conv_plot, position_slider]),
                     (on_compare_bottleneck, [bn_channels, bn_size], [bottleneck_markdown]),
                     (on_compare_stack, [st_channels, st_layers, st_kernel, st_size], [stack_markdown])],
                    dict(api_name="load_conv_and_comparisons", **hidden))]

    def refresh_inspector(button: gr.Button):
        button.click(*chained([(on_show, [model_dropdown, shape_textbox], selected),
                               (on_render_report, render_inputs, render_outputs)]), api_name="refresh_model",
                     concurrency_id="inspect", concurrency_limit=2, show_progress_on=summary_markdown_, **hidden)

    def refresh_conv(button: gr.Button):
        button.click(on_conv, conv_all, [conv_markdown, conv_plot, position_slider], api_name="refresh_conv",
                     **hidden)

    def refresh_compare(button: gr.Button):
        button.click(*chained([(on_compare_bottleneck, [bn_channels, bn_size], [bottleneck_markdown]),
                               (on_compare_stack, [st_channels, st_layers, st_kernel, st_size], [stack_markdown])]),
                     api_name="refresh_compare", **hidden)

    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        """For a restored link: the model's family and that family's list, and its default shape unless given."""
        entry = resolve(values.get("model", "")) if values.get("model") else None
        if entry is None:
            return {}
        updates = {group_dropdown: gr.update(value=entry.group),
                   model_dropdown: gr.update(choices=models_in_group(entry.group), value=entry.key)}
        if "shape" not in values:
            updates[shape_textbox] = gr.update(value="x".join(map(str, entry.input_shape)))
        return updates

    names = ("size", "kernel", "stride", "padding", "dilation")
    return TabView("architecture", {
        "model": model_dropdown, "shape": shape_textbox, "depth": depth_slider, "log": log_checkbox,
        **dict(zip(names, conv_inputs)), "position": position_slider,
        "bn_channels": bn_channels, "bn_size": bn_size, "st_channels": st_channels, "st_layers": st_layers,
        "st_kernel": st_kernel, "st_size": st_size,
    }, {"inspector": refresh_inspector, "conv": refresh_conv, "compare": refresh_compare}, resolve_view,
        extra=[group_dropdown], first_paint=first_paint)
