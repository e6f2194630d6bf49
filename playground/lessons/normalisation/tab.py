"""The Concepts tab's normalisation part: which axes BatchNorm and LayerNorm average over, and the values before
and after, on one tensor of an image or a sequence batch. The work happens in .compute."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import TabContext, TabView, chained

from . import compute as nm
from .figures import plot_norm_axes, plot_norm_histograms

# The groups whose means the histograms mark, per (layout, kind).
PER_GROUP = {("image", "batch"): "channel", ("image", "layer"): "sample", ("sequence", "batch"): "feature",
             ("sequence", "layer"): "token"}
FIG_KEYS = ("batch", "layer", "sample", "channel", "token", "feature", "shared", "other", "per_statistic", "before",
            "after", "value", "count", "mean", "std")


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("normalisation_fig_" + k, lang) for k in keys}


def read_shape(text) -> tuple[int, ...]:
    """'8x4x8x8' (also '×') -> (8, 4, 8, 8); anything else raises normalisation_bad_shape."""
    try:
        return tuple(int(p) for p in str(text or "").lower().replace("×", "x").split("x"))
    except ValueError:
        raise PlaygroundError("normalisation_bad_shape", shape=str(text), limit=nm.MAX_DIM,
                              max_elements=nm.MAX_ELEMENTS) from None


def norm_text(layout: str, kind: str, x, out: dict, lang: str) -> str:
    """What was averaged over, how many values per statistic and how many statistics, and the output's moments."""
    axes = " × ".join(message(f"normalisation_axis_{layout}_{a}", lang) for a in out["axes"])
    return message("normalisation_norm_text", lang, kind=message("normalisation_norm_" + kind, lang), axes=axes,
                   n=int(nm.axes_mask(layout, kind, tuple(x.shape)).sum()), stats=int(out["mean"].numel()),
                   mean=f"{float(out['y'].mean()):.3f}", std=f"{float(out['y'].std(unbiased=False)):.3f}")


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_normalisation(layout, kind, shape, gamma, beta, request: gr.Request = None):
    """Which axes BatchNorm and LayerNorm average over, and the values before and after, on one tensor."""
    lang = language_of(request)
    x = nm.make_tensor(layout, read_shape(shape))
    out = nm.normalise(x, kind, layout, gamma=read_number(gamma, "γ", lang), beta=read_number(beta, "β", lang))
    labels = _labels(lang, *FIG_KEYS)
    return (plot_norm_axes(layout, kind, tuple(x.shape), labels),
            plot_norm_histograms(x, out["y"], labels, per=PER_GROUP[(layout, kind)]),
            norm_text(layout, kind, x, out, lang))


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def build(ctx: TabContext) -> TabView:
    """The normalisation sub-tab, drawn when it opens; returns its link controls and its refresher."""
    with gr.Tab(I18N("tab_normalisation"), id=ctx.tab_id) as tab:
        gr.Markdown(I18N("normalisation_norm_intro"), elem_classes="pg-intro")
        with gr.Row():
            layout_radio = gr.Radio([(I18N("normalisation_layout_" + k), k) for k in nm.LAYOUTS], value="image",
                                    label=I18N("normalisation_layout"), elem_id="cpt_layout")
            kind_radio = gr.Radio([(I18N("normalisation_norm_" + k), k) for k in nm.KINDS], value="batch",
                                  label=I18N("normalisation_norm_kind"), elem_id="cpt_norm_kind")
            shape_box = gr.Textbox("8x4x8x8", label=I18N("normalisation_shape"), info=I18N("normalisation_shape_info"),
                                   elem_id="cpt_shape")
            gamma_slider = gr.Slider(0.1, 3, value=1, step=0.1, label="γ")
            beta_slider = gr.Slider(-2, 2, value=0, step=0.1, label="β")
        ctx.status_area()
        norm_markdown = gr.Markdown(elem_id="cpt_norm_text")
        with gr.Row():
            norm_axes_plot = gr.Plot(label=I18N("normalisation_norm_axes"), elem_id="cpt_norm_axes")
            norm_hist_plot = gr.Plot(label=I18N("normalisation_norm_hist"), elem_id="cpt_norm_hist")

    light = dict(concurrency_id="concepts", concurrency_limit=4, trigger_mode="always_last")
    hidden = dict(api_visibility="private")
    norm_in = [layout_radio, kind_radio, shape_box, gamma_slider, beta_slider]
    norm_out = [norm_axes_plot, norm_hist_plot, norm_markdown]
    gr.on([layout_radio.input, kind_radio.input, shape_box.submit, gamma_slider.release, beta_slider.release],
          on_normalisation, norm_in, norm_out, api_name="normalisation", **light)
    tab.select(on_normalisation, norm_in, norm_out, api_name="load_normalisation", **hidden)

    def refresh(button: gr.Button):
        button.click(*chained([(on_normalisation, norm_in, norm_out)]), api_name="refresh_normalisation",
                     concurrency_id="concepts", concurrency_limit=4, **hidden)

    controls = {"layout": layout_radio, "kind": kind_radio, "shape": shape_box, "gamma": gamma_slider,
                "beta": beta_slider}
    return TabView(ctx.tab_id, controls, {ctx.tab_id: refresh})
