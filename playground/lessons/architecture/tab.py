"""The Architecture tab: model inspector (layer table, totals, charts, source), convolution arithmetic and the
notes' worked comparisons. Callbacks first, then one layout function per sub-tab, then the wiring; every callback
is a thin wrapper over the core and presentation.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.inspection.table import TABLE_COLUMNS, Report, Totals, inspect_model
from playground.core.models import GROUPS, models_in_group, resolve
from playground.export.script import training_script
from playground.export.tables import download_folder, write_exports
from playground.i18n import message
from playground.ui.feedback import I18N, human_bytes, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained

from .compute import bottleneck_vs_two_3x3, conv_geometry, stacked_vs_single, whole_number
from .conv_figures import plot_conv_window
from .figures import plot_message
from .presentation import (MAX_DEPTH, comparison_table, conv_legend, conv_text, diagram_of, human_number, model_card,
                           outputs_text, profile_of, read_depth, shown_layer_table, source_text)

DEFAULT_GROUP, DEFAULT_MODEL = "cnn", "lenet5"
# The model a family opens with: a familiar one, not the alphabetically first.
FIRST_MODEL = {"mlp": "mlp", "cnn": "lenet5", "rnn": "lstm", "transformer": "transformer",
               "timm": "timm/resnet50", "torchvision": "torchvision/resnet50"}
CONV_DEFAULTS = dict(size=7, kernel=3, stride=2, padding=1, dilation=1)
CONV_NAMES = ("size", "kernel", "stride", "padding", "dilation")
BOTTLENECK_NAMES = ("bn_channels", "bn_size")
STACK_NAMES = ("st_channels", "st_layers", "st_kernel", "st_size")
HIDDEN = dict(api_visibility="private")
INSPECT_LIMITS = dict(concurrency_id="inspect", concurrency_limit=2)


def summary_markdown(totals: Totals, lang: str) -> str:
    """Markdown table of the headline numbers of an inspection."""
    m = lambda k: message(k, lang)  # noqa: E731
    rf = totals.receptive_field or "—"
    rf = m("architecture_rf_global") if rf == "global" else rf
    head = [m("architecture_sum_params"), m("architecture_sum_macs"), m("architecture_sum_weights"), m("architecture_sum_activations"), m("architecture_sum_output"), m("architecture_sum_rf")]
    values = [f"**{totals.total_params:,}** ({human_number(totals.total_params)}; "
              f"{m('architecture_sum_trainable')} {totals.trainable_params:,})",
              f"**{human_number(totals.macs)}** ({m('architecture_sum_flops')} {human_number(totals.flops)})",
              human_bytes(totals.param_bytes), human_bytes(totals.activation_bytes),
              outputs_text(totals), rf]
    device = m("architecture_sum_device_" + totals.executed_on)
    return ("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n| " + " | ".join(values) + " |\n\n"
            + message("architecture_sum_time", lang, seconds=totals.seconds, device=device)
            + " " + message("architecture_sum_activations_note", lang, name=m("architecture_sum_activations"),
                            hint=m("architecture_sum_activations_hint")))


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
    card = (shape, model_card(entry, lang), source_text(entry.key, lang))
    return family + card + on_click_inspect(entry.key, shape, request)


@user_errors
def on_refresh_model(key: str, shape_text: str, request: gr.Request = None):
    """Like on_select_model, but keeps the input shape given (a restored link, a redraw in another language)."""
    out = list(on_select_model(key, request))
    if shape_text and str(shape_text).strip():
        out[2] = shape_text
        out[-3:] = on_click_inspect(out[1]["value"], shape_text, request)
    return tuple(out)


@user_errors
def on_click_inspect(key: str, shape_text: str, request: gr.Request = None):
    """(model key, input shape) -> (layer table, totals as the API's JSON); the report is kept for the charts."""
    report = inspect_model(key, shape_text)
    return shown_layer_table(report, lang=language_of(request)), report.totals.as_dict(), report


@user_errors
def on_success_report(report: Report | None, depth: float, log: bool, request: gr.Request = None):
    """Summary, depth-filtered table, charts and downloads for the session's report, once it is inspected."""
    lang = language_of(request)
    if report is None:
        empty = plot_message(message("architecture_chart_empty", lang))
        return "", gr.skip(), empty, empty, None
    try:
        script = training_script(report.key)
    except PlaygroundError:
        script = None  # no built-in dataset fits this model (BERT, fixed-size ViTs): the other files still come
    files = write_exports(report, source_text(report.key, lang), download_folder(), script)
    return (summary_markdown(report.totals, lang), shown_layer_table(report, read_depth(depth), lang),
            profile_of(report, lang, log), diagram_of(report, lang), [str(f) for f in files])


@user_errors
def on_change_depth(report: Report | None, depth: float, request: gr.Request = None):
    """The layer table cut at the slider's depth."""
    return shown_layer_table(report, read_depth(depth), language_of(request)) if report is not None else gr.skip()


@user_errors
def on_change_log(report: Report | None, log: bool, request: gr.Request = None):
    """The layer profile on a log or a linear scale."""
    return profile_of(report, language_of(request), log) if report is not None else gr.skip()


@user_errors
def on_change_conv(size, kernel, stride, padding, dilation, position, request: gr.Request = None):
    """Output size by the formula, a picture of the window at one output position, and that position's range."""
    lang = language_of(request)
    g = conv_geometry(size, kernel, stride, padding, dilation)
    last = g.output * g.output - 1
    pos = min(max(whole_number(position, "architecture_not_whole_number"), 0), last)
    r, c = divmod(pos, g.output)
    fig = plot_conv_window(g.size, g.padding, g.output, (r, c), g.window(r), g.window(c), conv_legend(lang))
    return conv_text(g, lang), fig, gr.update(maximum=max(last, 1), value=pos)


@user_errors
def on_change_bottleneck(channels, size, request: gr.Request = None):
    """The notes' bottleneck example: 1x1-3x3-1x1 against two 3x3 convolutions at C channels."""
    lang = language_of(request)
    c, n = whole_number(channels, "architecture_not_whole_number"), whole_number(size, "architecture_not_whole_number")
    bottleneck, plain = bottleneck_vs_two_3x3(c, 4, n)
    return comparison_table([(message("architecture_compare_col_bottleneck", lang), bottleneck), (message("architecture_compare_col_two_3x3", lang), plain)],
                            lang)


@user_errors
def on_change_stack(channels, n_layers, kernel, size, request: gr.Request = None):
    """n stacked k x k convolutions against one convolution with the same receptive field."""
    lang = language_of(request)
    c, n, k, s = (whole_number(v, "architecture_not_whole_number") for v in (channels, n_layers, kernel, size))
    stack, single = stacked_vs_single(c, n, k, s)
    big = 1 + n * (k - 1)
    return comparison_table([(message("architecture_compare_col_stack", lang, n=n, k=k), stack),
                             (message("architecture_compare_col_single", lang, b=big), single)], lang)


# ---------------------------------------------------------------------------------------------------------------
# Layout: one function per sub-tab, each called inside its gr.Tab

@dataclass(frozen=True)
class Inspector:
    """The inspector's components; `report` holds the session's last inspection for the charts."""
    group: gr.Dropdown
    model: gr.Dropdown
    shape: gr.Textbox
    inspect: gr.Button
    card: gr.Markdown
    summary: gr.Markdown
    diagram: gr.Plot
    depth: gr.Slider
    table: gr.Dataframe
    files: gr.File
    log: gr.Checkbox
    profile: gr.Plot
    source: gr.Code
    totals: gr.JSON
    report: gr.State

    @property
    def selected(self) -> list:
        """What on_select_model and on_refresh_model fill."""
        return [self.group, self.model, self.shape, self.card, self.source, self.table, self.totals, self.report]

    @property
    def render(self) -> tuple:
        """The step (callback, inputs, outputs) that draws the session's report."""
        return on_success_report, [self.report, self.depth, self.log], [self.summary, self.table, self.profile,
                                                                         self.diagram, self.files]


@dataclass(frozen=True)
class ConvArithmetic:
    """The convolution arithmetic's inputs (size, kernel, stride, padding, dilation), position and results."""
    numbers: list
    position: gr.Slider
    result: gr.Markdown
    plot: gr.Plot

    @property
    def inputs(self) -> list:
        return self.numbers + [self.position]

    @property
    def outputs(self) -> list:
        return [self.result, self.plot, self.position]


@dataclass(frozen=True)
class Comparisons:
    """The two worked comparisons: inputs in the order of BOTTLENECK_NAMES and STACK_NAMES, and their tables."""
    bottleneck_inputs: list
    bottleneck: gr.Markdown
    stack_inputs: list
    stack: gr.Markdown


def layout_inspector(ctx: TabContext) -> Inspector:
    """The model picker and input shape, the card and summary, the diagram, and the report's sub-tabs."""
    with gr.Row(equal_height=True):
        group_dropdown = gr.Dropdown([(I18N(f"architecture_group_{g}"), g) for g in GROUPS], value=DEFAULT_GROUP,
                                     label=I18N("architecture_group_label"), scale=1, elem_id="group_dropdown")
        model_dropdown = gr.Dropdown(models_in_group(DEFAULT_GROUP), value=DEFAULT_MODEL, label=I18N("architecture_model_label"),
                                     info=I18N("architecture_model_info"), allow_custom_value=True, filterable=True, scale=2,
                                     elem_id="model_dropdown")
        shape_textbox = gr.Textbox("1x32x32", label=I18N("architecture_shape_label"), info=I18N("architecture_shape_info"), scale=2,
                                   elem_id="shape_textbox")
        inspect_button = gr.Button(I18N("architecture_inspect_button"), variant="primary", scale=0, min_width=120,
                                   elem_id="inspect_button")
    ctx.status_area()
    card_markdown = gr.Markdown(elem_id="model_card")
    summary_markdown_ = gr.Markdown(elem_id="summary")
    with gr.Row():
        diagram_plot = gr.Plot(label=I18N("architecture_diagram_label"), elem_id="diagram_plot")
    with gr.Tabs():
        with gr.Tab(I18N("architecture_subtab_table"), id="table"):
            depth_slider = gr.Slider(0, MAX_DEPTH, value=MAX_DEPTH, step=1, label=I18N("architecture_depth_label"),
                                     info=I18N("architecture_depth_info"), elem_id="depth_slider")
            layer_table_ = gr.Dataframe(headers=TABLE_COLUMNS, interactive=False, max_height=560,
                                        pinned_columns=1,  # the layer's name stays in sight on a phone
                                        label=I18N("architecture_table_label"), show_search="search", elem_id="layer_table",
                                        buttons=["fullscreen", "copy"])
            gr.Markdown(I18N("architecture_table_legend"))
            gr.Markdown(I18N("architecture_table_legend_window"))
            ctx.notes_differ("architecture_differs_googlenet_pool")
            export_files = gr.File(label=I18N("architecture_export_label"), file_count="multiple", interactive=False, height=120,
                                   elem_id="export_files")
        with gr.Tab(I18N("architecture_subtab_charts"), id="charts"):
            log_checkbox = gr.Checkbox(True, label=I18N("architecture_log_label"))
            profile_plot = gr.Plot(label=I18N("architecture_profile_label"), elem_id="profile_plot")
        with gr.Tab(I18N("architecture_subtab_source"), id="source"):
            source_code = gr.Code(language="python", label=I18N("architecture_source_label"), elem_id="source_code")
        with gr.Tab(I18N("architecture_subtab_totals"), id="totals"):
            totals_json = gr.JSON(label=I18N("architecture_totals_label"), elem_id="totals_json")
    report_state = gr.State(None)
    return Inspector(group_dropdown, model_dropdown, shape_textbox, inspect_button, card_markdown, summary_markdown_,
                     diagram_plot, depth_slider, layer_table_, export_files, log_checkbox, profile_plot, source_code,
                     totals_json, report_state)


def layout_conv() -> ConvArithmetic:
    """Five whole numbers, the output position to show, and the result as text and picture."""
    gr.Markdown(I18N("architecture_conv_intro"), elem_classes="pg-intro")
    with gr.Row():
        numbers = [gr.Number(CONV_DEFAULTS[name], label=I18N(f"architecture_conv_{name}"), precision=0,
                             minimum=0 if name == "padding" else 1) for name in CONV_NAMES]
    position_slider = gr.Slider(0, 15, value=0, step=1, label=I18N("architecture_conv_position"), elem_id="conv_position")
    conv_markdown = gr.Markdown(elem_id="conv_result")
    conv_plot = gr.Plot(label=I18N("architecture_conv_plot_label"), elem_id="conv_plot")
    return ConvArithmetic(numbers, position_slider, conv_markdown, conv_plot)


def layout_compare() -> Comparisons:
    """The bottleneck and the stacked-convolution comparisons side by side."""
    with gr.Row():
        with gr.Column():
            gr.Markdown("#### " + I18N("architecture_compare_bottleneck_title"))
            gr.Markdown(I18N("architecture_compare_bottleneck_intro"), elem_classes="pg-intro")
            with gr.Row():
                bn_channels = gr.Number(256, label=I18N("architecture_compare_channels"), precision=0)
                bn_size = gr.Number(56, label=I18N("architecture_compare_size"), precision=0)
            bottleneck_markdown = gr.Markdown(elem_id="bottleneck_result")
        with gr.Column():
            gr.Markdown("#### " + I18N("architecture_compare_stack_title"))
            gr.Markdown(I18N("architecture_compare_stack_intro"), elem_classes="pg-intro")
            with gr.Row():
                st_channels = gr.Number(64, label=I18N("architecture_compare_channels"), precision=0)
                st_layers = gr.Number(3, label=I18N("architecture_compare_layers"), precision=0)
                st_kernel = gr.Dropdown([3, 5, 7], value=3, label=I18N("architecture_compare_kernel"))
                st_size = gr.Number(56, label=I18N("architecture_compare_size"), precision=0)
            stack_markdown = gr.Markdown(elem_id="stack_result")
    return Comparisons([bn_channels, bn_size], bottleneck_markdown, [st_channels, st_layers, st_kernel, st_size],
                       stack_markdown)


# ---------------------------------------------------------------------------------------------------------------
# Wiring

def wire_inspector(ins: Inspector) -> None:
    """Inspection first (a family, a model, the button or the shape), then the views that read the report."""
    # .input fires on the user's choices only, so on_select_model may set both dropdowns without re-firing.
    ins.group.input(on_change_group, ins.group, ins.model, api_name="list_models").success(
        on_select_model, ins.model, ins.selected, api_name="select_first_model", api_visibility="private",
        **INSPECT_LIMITS, show_progress_on=ins.summary,
    ).success(*ins.render, api_name="render_first", api_visibility="private")
    ins.model.input(
        on_select_model, ins.model, ins.selected, api_name="select_model", **INSPECT_LIMITS,
        show_progress_on=ins.summary,
    ).success(*ins.render, api_name="render_selected", api_visibility="private")
    gr.on([ins.inspect.click, ins.shape.submit], on_click_inspect, [ins.model, ins.shape],
          [ins.table, ins.totals, ins.report], api_name="inspect_model", **INSPECT_LIMITS,
          show_progress_on=ins.summary,
          ).success(*ins.render, api_name="render_inspected", api_visibility="private")
    ins.depth.release(on_change_depth, [ins.report, ins.depth], ins.table, api_name="filter_table",
                      api_visibility="private")
    ins.log.input(on_change_log, [ins.report, ins.log], ins.profile, api_name="rescale_profile",
                  api_visibility="private")


def wire_conv(conv: ConvArithmetic) -> None:
    """Any number typed, or the position slider let go, redraws the arithmetic."""
    gr.on([c.input for c in conv.numbers] + [conv.position.release], on_change_conv, conv.inputs, conv.outputs,
          api_name="conv_arithmetic")


def wire_compare(cmp: Comparisons) -> None:
    """Each comparison redraws when one of its own numbers changes."""
    gr.on([c.input for c in cmp.bottleneck_inputs], on_change_bottleneck, cmp.bottleneck_inputs, cmp.bottleneck,
          api_name="compare_bottleneck")
    gr.on([c.input for c in cmp.stack_inputs], on_change_stack, cmp.stack_inputs, cmp.stack,
          api_name="compare_stacked")


def first_paint(ins: Inspector, conv: ConvArithmetic, cmp: Comparisons) -> list:
    """The page-load events, in the visitor's language (the text depends on the request, so it cannot be
    prebuilt). When the page opens with a link, the link restorer paints instead, after the link's values."""
    return [([(on_select_model, [ins.model], ins.selected), ins.render],
             dict(api_name="load_model", **HIDDEN)),
            ([(on_change_conv, conv.inputs, conv.outputs),
              (on_change_bottleneck, cmp.bottleneck_inputs, [cmp.bottleneck]),
              (on_change_stack, cmp.stack_inputs, [cmp.stack])],
             dict(api_name="load_conv_and_comparisons", **HIDDEN))]


def refreshers(ins: Inspector, conv: ConvArithmetic, cmp: Comparisons) -> dict:
    """Sub-tab id -> a function wiring a button's click to what that sub-tab shows (a restored view)."""
    def refresh_inspector(button: gr.Button):
        button.click(*chained([(on_refresh_model, [ins.model, ins.shape], ins.selected), ins.render]),
                     api_name="refresh_model", **INSPECT_LIMITS, show_progress_on=ins.summary, **HIDDEN)

    def refresh_conv(button: gr.Button):
        button.click(on_change_conv, conv.inputs, conv.outputs, api_name="refresh_conv", **HIDDEN)

    def refresh_compare(button: gr.Button):
        button.click(*chained([(on_change_bottleneck, cmp.bottleneck_inputs, [cmp.bottleneck]),
                               (on_change_stack, cmp.stack_inputs, [cmp.stack])]),
                     api_name="refresh_compare", **HIDDEN)

    return {"inspector": refresh_inspector, "conv": refresh_conv, "compare": refresh_compare}


def resolver(ins: Inspector):
    """resolve_view for a restored link: the model's family and that family's list, and its default shape unless
    the link gives one."""
    def resolve_view(values: dict, request: gr.Request = None) -> dict:
        entry = resolve(values.get("model", "")) if values.get("model") else None
        if entry is None:
            return {}
        updates = {ins.group: gr.update(value=entry.group),
                   ins.model: gr.update(choices=models_in_group(entry.group), value=entry.key)}
        if "shape" not in values:
            updates[ins.shape] = gr.update(value="x".join(map(str, entry.input_shape)))
        return updates
    return resolve_view


def build(ctx: TabContext) -> TabView:
    with gr.Tab(I18N("tab_architecture"), id="architecture"):
        with gr.Tabs():
            with gr.Tab(I18N("architecture_subtab_inspector"), id="inspector"):
                ins = layout_inspector(ctx)
            with gr.Tab(I18N("architecture_conv_heading"), id="conv"):
                conv = layout_conv()
            with gr.Tab(I18N("architecture_compare_heading"), id="compare"):
                cmp = layout_compare()
    wire_inspector(ins)
    wire_conv(conv)
    wire_compare(cmp)
    return TabView("architecture", {
        "model": ins.model, "shape": ins.shape, "depth": ins.depth, "log": ins.log,
        **dict(zip(CONV_NAMES, conv.numbers)), "position": conv.position,
        **dict(zip(BOTTLENECK_NAMES, cmp.bottleneck_inputs)), **dict(zip(STACK_NAMES, cmp.stack_inputs)),
    }, refreshers(ins, conv, cmp), resolver(ins), extra=[ins.group], first_paint=first_paint(ins, conv, cmp))
