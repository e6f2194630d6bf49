"""The Concepts tab's convolution-basics part: what local connection and weight sharing save (the notes' 1000 x 1000
example), max and average pooling with every number, one convolution output with every product, and a fully
connected layer as a convolution. The work happens in .counts and .windows, the text in .presentation."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained, committed

from . import counts as cn
from . import windows as wn
from .figures import plot_conv_step, plot_fc_vs_conv, plot_pooling, plot_weight_counts
from .presentation import counts_table, fc_table, kind_labels, pooling_text, step_text

LIGHT = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
HIDDEN = dict(api_visibility="private")
STEP_DEFAULTS = dict(bias=0, stride=1, padding=0, row=1, col=1)
FC_DEFAULTS = dict(channels=4, height=3, width=3, outputs=8)
PLOT_WIDTH, TEXT_WIDTH = 480, 320  # px: a phone shows a figure and its text one above the other


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("convolution_fig_" + k, lang) for k in keys}


def _whole(value, key: str, lang: str) -> int:
    return read_number(value, key, lang, whole_number=True)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_counts(size, field, channels, maps, request: gr.Request = None):
    """Connections and weights of a fully connected, a locally connected and a convolutional layer on an n x n
    image, each also counted by the real PyTorch layer."""
    lang = language_of(request)
    n, k, c, m = (_whole(v, "convolution_" + key, lang) for v, key in
                  ((size, "size"), (field, "field"), (channels, "channels"), (maps, "maps")))
    counts = cn.layer_counts(n, k, c, m)
    fig = plot_weight_counts(kind_labels(lang), [x.connections for x in counts], [x.weights for x in counts],
                             _labels(lang, "connections", "weights", "count"))
    return fig, counts_table(counts, n, k, c, m, lang)


@user_errors
def on_pooling(grid, kernel, stride, ceil_mode, request: gr.Request = None):
    """Max and average pooling of a typed grid, every window and every output shown."""
    lang = language_of(request)
    x = wn.read_grid(grid, message("convolution_grid_input", lang))
    pooled = wn.pool(x, _whole(kernel, "convolution_pool_kernel", lang),
                     _whole(stride, "convolution_pool_stride", lang), bool(ceil_mode))
    fig = plot_pooling(x, pooled.windows, pooled.maximum, pooled.average, pooled.winners,
                       _labels(lang, "input", "max", "average", "winner"))
    return fig, pooling_text(pooled, lang)


@user_errors
def on_conv_step(grid, kernel, bias, stride, padding, row, col, request: gr.Request = None):
    """One output of a convolution: the window on the padded input, every product, the sum and the bias; the row
    and column come back brought inside the output."""
    lang = language_of(request)
    x = wn.read_grid(grid, message("convolution_grid_input", lang))
    w = wn.read_grid(kernel, message("convolution_grid_kernel", lang))
    step = wn.conv_step(x, w, read_number(bias, "convolution_step_bias", lang),
                        _whole(stride, "convolution_step_stride", lang),
                        _whole(padding, "convolution_step_padding", lang),
                        _whole(row, "convolution_step_row", lang), _whole(col, "convolution_step_col", lang))
    fig = plot_conv_step(step.padded, step.padding, step.kernel, step.output, step.row, step.col, step.stride,
                         {"input": message("convolution_fig_padded", lang), **_labels(lang, "kernel", "output")})
    return fig, step_text(step, wn.torch_value(step), lang), step.row, step.col


@user_errors
def on_fc_as_conv(channels, height, width, outputs, request: gr.Request = None):
    """A fully connected layer and the convolution equal to it (H x W kernel; 1 x 1 per position), same weights,
    one random input: their parameters and outputs."""
    lang = language_of(request)
    c, h, w, o = (_whole(v, "convolution_fc_" + key, lang) for v, key in
                  ((channels, "channels"), (height, "height"), (width, "width"), (outputs, "outputs")))
    pairs = cn.fc_as_conv(c, h, w, o)
    fig = plot_fc_vs_conv([(message("convolution_fc_" + key, lang), p.fc_out.numpy(), p.conv_out.numpy())
                           for key, p in zip(("whole", "pixel"), pairs)], _labels(lang, "fc", "conv", "equal"))
    return fig, fc_table(pairs, c, h, w, o, lang)


# ---------------------------------------------------------------------------------------------------------------
# Layout

@dataclass(frozen=True)
class Part:
    """One view of the tab: its inputs (link keys in order), its outputs, and the events that redraw it."""
    keys: tuple[str, ...]
    inputs: list
    outputs: list
    triggers: list


def layout_counts(ctx: TabContext) -> Part:
    """The image side, field, channels and maps; the chart, the table and the notes' callout beside them."""
    gr.Markdown("### " + I18N("convolution_counts_heading"))
    gr.Markdown(I18N("convolution_counts_intro"), elem_classes="pg-intro")
    with gr.Row():
        numbers = [gr.Number(cn.NOTES_EXAMPLE[key], label=I18N("convolution_" + key), precision=0,
                             elem_id=f"cpt_conv_{key}") for key in ("size", "field", "channels", "maps")]
    with gr.Row():
        plot = gr.Plot(label=I18N("convolution_counts_plot"), elem_id="cpt_conv_counts_plot", min_width=PLOT_WIDTH)
        with gr.Column(min_width=TEXT_WIDTH):
            ctx.notes_differ("convolution_differs_local")
    table = gr.Markdown(elem_id="cpt_conv_counts")
    return Part(("conv_size", "conv_field", "conv_channels", "conv_maps"), numbers, [plot, table],
                committed(*numbers))


def layout_pooling() -> Part:
    """The grid, kernel, stride and ceil mode; the three panels and every window."""
    gr.Markdown("### " + I18N("convolution_pool_heading"))
    gr.Markdown(I18N("convolution_pool_intro"), elem_classes="pg-intro")
    with gr.Row():
        grid = gr.Textbox(wn.POOL_EXAMPLE, label=I18N("convolution_pool_input"), info=I18N("convolution_grid_info"),
                          elem_id="cpt_pool_input", scale=3)
        kernel = gr.Number(2, label=I18N("convolution_pool_kernel"), precision=0, elem_id="cpt_pool_kernel")
        stride = gr.Number(2, label=I18N("convolution_pool_stride"), precision=0, elem_id="cpt_pool_stride")
        ceil = gr.Checkbox(False, label=I18N("convolution_pool_ceil"), elem_id="cpt_pool_ceil")
    with gr.Row():
        plot = gr.Plot(label=I18N("convolution_pool_plot"), elem_id="cpt_pool_plot", min_width=PLOT_WIDTH)
        text = gr.Markdown(elem_id="cpt_pool_text", min_width=TEXT_WIDTH)
    return Part(("pool_input", "pool_kernel", "pool_stride", "pool_ceil"), [grid, kernel, stride, ceil],
                [plot, text], [grid.submit, *committed(kernel, stride), ceil.input])


def layout_step() -> Part:
    """The input and kernel grids, bias, stride, padding and the output's row and column; the picture and every
    product."""
    gr.Markdown("### " + I18N("convolution_step_heading"))
    gr.Markdown(I18N("convolution_step_intro"), elem_classes="pg-intro")
    with gr.Row():
        grid = gr.Textbox(wn.CONV_INPUT_EXAMPLE, label=I18N("convolution_step_input"),
                          info=I18N("convolution_grid_info"), elem_id="cpt_step_input", scale=2)
        kernel = gr.Textbox(wn.CONV_KERNEL_EXAMPLE, label=I18N("convolution_step_kernel"), elem_id="cpt_step_kernel")
    with gr.Row():
        bias = gr.Number(STEP_DEFAULTS["bias"], label=I18N("convolution_step_bias"), elem_id="cpt_step_bias")
        whole = [gr.Number(STEP_DEFAULTS[key], label=I18N("convolution_step_" + key), precision=0,
                           elem_id=f"cpt_step_{key}") for key in ("stride", "padding", "row", "col")]
    plot = gr.Plot(label=I18N("convolution_step_plot"), elem_id="cpt_step_plot")
    text = gr.Markdown(elem_id="cpt_step_text")
    inputs = [grid, kernel, bias, *whole]
    return Part(("step_input", "step_kernel", "step_bias", "step_stride", "step_padding", "step_row", "step_col"),
                inputs, [plot, text, whole[2], whole[3]], [grid.submit, kernel.submit, *committed(bias, *whole)])


def layout_fc() -> Part:
    """C, H, W and the outputs; the comparison table and the scatter of both layers' outputs."""
    gr.Markdown("### " + I18N("convolution_fc_heading"))
    gr.Markdown(I18N("convolution_fc_intro"), elem_classes="pg-intro")
    with gr.Row():
        numbers = [gr.Number(FC_DEFAULTS[key], label=I18N("convolution_fc_" + key), precision=0,
                             elem_id=f"cpt_fc_{key}") for key in ("channels", "height", "width", "outputs")]
    with gr.Row():
        plot = gr.Plot(label=I18N("convolution_fc_plot"), elem_id="cpt_fc_plot", min_width=PLOT_WIDTH)
        text = gr.Markdown(elem_id="cpt_fc_text", min_width=TEXT_WIDTH)
    return Part(("fc_channels", "fc_height", "fc_width", "fc_outputs"), numbers, [plot, text], committed(*numbers))


# ---------------------------------------------------------------------------------------------------------------
# Wiring

def build(ctx: TabContext) -> TabView:
    """The convolution-basics sub-tab, drawn when it opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_convolution"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("convolution_intro"), elem_classes="pg-intro")
        ctx.status_area()
        counts = layout_counts(ctx)
        pooling = layout_pooling()
        step = layout_step()
        fc = layout_fc()
    parts = [(on_counts, counts, "convolution_counts"), (on_pooling, pooling, "pooling"),
             (on_conv_step, step, "conv_step"), (on_fc_as_conv, fc, "fc_as_conv")]
    for fn, part, name in parts:
        gr.on(part.triggers, fn, part.inputs, part.outputs, api_name=name, **LIGHT)
    steps = [(fn, part.inputs, part.outputs) for fn, part, _ in parts]
    tab.select(*chained(steps), api_name="load_convolution", **HIDDEN)

    def refresh(button: gr.Button):
        button.click(*chained(steps), api_name="refresh_convolution", concurrency_id="concepts", concurrency_limit=4,
                     **HIDDEN)

    controls = {key: c for _, part, _ in parts for key, c in zip(part.keys, part.inputs)}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
