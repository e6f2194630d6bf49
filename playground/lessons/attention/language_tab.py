"""The Attention tab's "Real GPT-2" sub-tab: GPT-2 (published weights, loaded when the visitor asks) or the shipped
tiny GPT on typed text: its tokens, every layer × head, one head enlarged and step by step, the next token under
temperature and top-k (/next_token), and a few tokens generated. Lays out and wires its part; work in language.py."""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from playground.core import gpt2
from playground.core.hub import size_text
from playground.core.session import choice_key
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, read_number, user_errors
from playground.ui.view import chained

from . import language as lm
from .figures import plot_attention_head, plot_attention_overview, plot_attention_steps
from .language_figures import plot_next_token
from .subjects import figure_labels

CONCURRENCY = dict(concurrency_id="attention", concurrency_limit=4)
PRIVATE = dict(api_visibility="private")
EXAMPLES = {lm.SHIPPED_GPT: "31415926", "gpt2": "The cat sat on the mat because it was"}
STEP_LABELS = ("q", "k", "v", "qk", "scaled", "masked", "softmax", "out", "dim", "row_sum")


def load(choice, lang: str, progress) -> lm.LanguageModel:
    """The chosen model; a download first says its size in the status area's progress bar."""
    name = choice_key(choice)
    if name in gpt2.REPOS:
        size = gpt2.pending_download(name)
        if size and progress is not None:
            progress(0, desc=message("attention_lm_download", lang, model=gpt2.REPOS[name], size=size_text(size)))
    return lm.language_model(name)


def pick(value, n: int, key: str, lang: str) -> int:
    """A slider's whole number, kept within 0..n-1 (another model may have fewer layers or heads)."""
    return min(max(read_number(value, key, lang, whole_number=True, default=0), 0), n - 1)


def head_views(run: lm.LanguageRun, layer: int, head: int, lang: str) -> tuple:
    """(the enlarged head, the step-by-step figure, its text)."""
    chosen = run.layers[layer]
    enlarged = plot_attention_head(chosen.weights[head].numpy(), chosen.queries, chosen.keys,
                                   figure_labels(lang, "attention_fig_", "query", "key", "weight", "masked"),
                                   chosen.mask.numpy())
    steps = lm.steps_of(run, layer, head)
    fig = plot_attention_steps(steps, figure_labels(lang, "attention_step_", *STEP_LABELS))
    sums = steps["weights"].sum(axis=1)
    lines = [message("attention_steps_text", lang, n=len(steps["queries"]), d_k=steps["d_k"],
                     root=f"{steps['d_k'] ** 0.5:.3f}", low=f"{sums.min():.6f}", high=f"{sums.max():.6f}",
                     diff=f"{abs(steps['weights'] - steps['recorded']).max():.1e}"),
             message("attention_steps_mask", lang)]
    lines += [message(key, lang, **params) for key, params in steps["notices"]]
    return enlarged, fig, "\n\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_lm_attention(model, text, layer, head, request: gr.Request = None, progress=gr.Progress(track_tqdm=True)):
    """The tokens, every layer × head, the chosen head enlarged and step by step."""
    lang = language_of(request)
    loaded = load(model, lang, progress)
    run = lm.run_language_model(loaded, text)
    n_layers, n_heads = len(run.layers), run.layers[0].weights.shape[0]
    li, h = pick(layer, n_layers, "attention_lm_layer", lang), pick(head, n_heads, "attention_lm_head", lang)
    tokens = " ".join(f"`{t}`" for t in run.layers[0].queries)
    shown = message("attention_lm_shipped", lang) if loaded.tokenizer is None else gpt2.REPOS[loaded.name]
    overview = plot_attention_overview([(f"{message('attention_fig_layer', lang)} {m.block}", m.weights.numpy())
                                        for m in run.layers], figure_labels(lang, "attention_fig_", "head", "weight"))
    return (message("attention_lm_tokens_text", lang, model=shown, n=len(run.ids), tokens=tokens), overview,
            gr.update(maximum=n_layers - 1, value=li), gr.update(maximum=n_heads - 1, value=h),
            *head_views(run, li, h, lang))


@user_errors
def on_lm_head(model, text, layer, head, request: gr.Request = None, progress=gr.Progress(track_tqdm=True)):
    """One head of one layer, enlarged and step by step."""
    lang = language_of(request)
    run = lm.run_language_model(load(model, lang, progress), text)
    li = pick(layer, len(run.layers), "attention_lm_layer", lang)
    return head_views(run, li, pick(head, run.layers[0].weights.shape[0], "attention_lm_head", lang), lang)


@user_errors
def on_next_token(model, text, temperature, top_k, request: gr.Request = None,
                  progress=gr.Progress(track_tqdm=True)):
    """The top_k next-token candidates {"id", "token", "probability"}, softmax(logits / temperature), as a figure
    and a JSON list, most likely first."""
    lang = language_of(request)
    t, k, _ = lm.check_sampling(read_number(temperature, "attention_lm_temperature", lang),
                                read_number(top_k, "attention_lm_top_k", lang, whole_number=True))
    loaded = load(model, lang, progress)
    candidates = lm.next_token(loaded, lm.run_language_model(loaded, text).logits, t, k)
    shown = [{**c, "token": gpt2.visible_token(c["token"])} for c in candidates]
    fig = plot_next_token(shown, figure_labels(lang, "attention_lm_fig_", "probability", "cumulative", "top_p"))
    return fig, candidates


@user_errors
def on_generate(model, text, temperature, top_k, top_p, n_tokens, greedy, seed, request: gr.Request = None,
                progress=gr.Progress(track_tqdm=True)):
    """Append n_tokens tokens to the text (greedy, or sampled from the top-k, top-p candidates) and list them."""
    lang = language_of(request)
    t, k, p = lm.check_sampling(read_number(temperature, "attention_lm_temperature", lang),
                                read_number(top_k, "attention_lm_top_k", lang, whole_number=True),
                                read_number(top_p, "attention_lm_top_p", lang))
    n = read_number(n_tokens, "attention_lm_n_tokens", lang, whole_number=True)
    s = read_number(seed, "attention_lm_seed", lang, whole_number=True, default=0)
    loaded = load(model, lang, progress)
    new_text, written = lm.generate(loaded, str(text or ""), n, t, k, p, bool(greedy), s)
    return new_text, written_text(written, n, bool(greedy) or t == 0, (t, k, p, s), loaded, new_text, lang)


def written_text(written: list[dict], n: int, greedy: bool, settings: tuple, loaded: lm.LanguageModel,
                 new_text: str, lang: str) -> str:
    """What generation wrote, token by token, and why it stopped early if it did."""
    t, k, p, s = settings
    how = message("attention_lm_how_greedy", lang) if greedy else message("attention_lm_how_sampled", lang, t=t,
                                                                           k=k, p=p, seed=s)
    lines = [message("attention_lm_generated", lang, n=len(written), how=how)]
    lines += [message("attention_lm_step", lang, i=i + 1, token=gpt2.visible_token(w["token"]) or "∅",
                      p=f"{w['probability']:.3f}", kept=1 if greedy else w["kept"]) for i, w in enumerate(written)]
    if written and loaded.ends(written[-1]["id"]):
        lines.append(message("attention_lm_ended", lang))
    elif len(written) < n:
        lines.append(message("attention_lm_full", lang, limit=lm.MAX_VIEW_TOKENS))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass(frozen=True)
class LanguageView:
    """The sub-tab's controls and outputs."""
    model: gr.Dropdown
    text: gr.Textbox
    run: gr.Button
    layer: gr.Slider
    head: gr.Slider
    temperature: gr.Slider
    top_k: gr.Slider
    top_p: gr.Slider
    n_tokens: gr.Slider
    greedy: gr.Checkbox
    seed: gr.Number
    generate: gr.Button
    tokens: gr.Markdown
    overview: gr.Plot
    head_plot: gr.Plot
    steps_text: gr.Markdown
    steps_plot: gr.Plot
    next_plot: gr.Plot
    candidates: gr.JSON
    written: gr.Markdown

    @property
    def attention_io(self) -> tuple[list, list]:
        return ([self.model, self.text, self.layer, self.head],
                [self.tokens, self.overview, self.layer, self.head, self.head_plot, self.steps_plot, self.steps_text])

    @property
    def next_io(self) -> tuple[list, list]:
        return [self.model, self.text, self.temperature, self.top_k], [self.next_plot, self.candidates]


def model_choices() -> list[tuple[str, str]]:
    """The shipped tiny GPT first (no download), then GPT-2 small and medium."""
    return [(I18N("attention_lm_shipped"), lm.SHIPPED_GPT), *[(n, n) for n in gpt2.REPOS]]


def layout_language() -> LanguageView:
    """The sub-tab's layout (inside the Attention tab's gr.Tabs, inside a gr.Tab)."""
    gr.Markdown(I18N("attention_lm_intro"), elem_classes="pg-intro")
    with gr.Row():
        with gr.Column(scale=2):
            model = gr.Dropdown(model_choices(), value=lm.SHIPPED_GPT, label=I18N("attention_lm_model"),
                                info=I18N("attention_lm_model_info"), elem_id="lm_model")
            text = gr.Textbox(EXAMPLES[lm.SHIPPED_GPT], label=I18N("attention_lm_text"),
                              info=I18N("attention_lm_text_info"), max_lines=3, elem_id="lm_text")
            run = gr.Button(I18N("attention_lm_run"), variant="primary", elem_id="lm_run")
        with gr.Column(scale=3):
            tokens = gr.Markdown(elem_id="lm_tokens")
            with gr.Row():
                # gpt2-medium's 24 layers and 16 heads at most; each run sets its own model's
                layer = gr.Slider(0, 23, value=0, step=1, label=I18N("attention_lm_layer"), elem_id="lm_layer")
                head = gr.Slider(0, 15, value=0, step=1, label=I18N("attention_lm_head"), elem_id="lm_head")
    overview = gr.Plot(label=I18N("attention_lm_overview"), elem_id="lm_overview")
    with gr.Row():
        head_plot = gr.Plot(label=I18N("attention_lm_head_plot"), elem_id="lm_head_plot")
        with gr.Column():
            with gr.Row():
                temperature = gr.Slider(0, lm.MAX_TEMPERATURE, value=1.0, step=0.05,
                                        label=I18N("attention_lm_temperature"),
                                        info=I18N("attention_lm_temperature_info"), elem_id="lm_temperature")
                top_k = gr.Slider(1, lm.MAX_TOP_K, value=10, step=1, label=I18N("attention_lm_top_k"),
                                  info=I18N("attention_lm_top_k_info"), elem_id="lm_top_k")
            next_plot = gr.Plot(label=I18N("attention_lm_next_plot"), elem_id="lm_next")
    with gr.Row():
        top_p = gr.Slider(0.05, 1, value=0.9, step=0.05, label=I18N("attention_lm_top_p"),
                          info=I18N("attention_lm_top_p_info"), elem_id="lm_top_p")
        n_tokens = gr.Slider(1, lm.MAX_NEW_TOKENS, value=5, step=1, label=I18N("attention_lm_n_tokens"),
                             elem_id="lm_n_tokens")
        greedy = gr.Checkbox(False, label=I18N("attention_lm_greedy"), elem_id="lm_greedy")
        seed = gr.Number(0, precision=0, label=I18N("attention_lm_seed"), elem_id="lm_seed")
    generate = gr.Button(I18N("attention_lm_generate"), elem_id="lm_generate")
    written = gr.Markdown(elem_id="lm_written")
    steps_text = gr.Markdown(elem_id="lm_steps_text")
    steps_plot = gr.Plot(label=I18N("attention_lm_steps_plot"), elem_id="lm_steps")
    with gr.Accordion(I18N("attention_lm_candidates"), open=False):
        candidates = gr.JSON(elem_id="lm_candidates")
    return LanguageView(model, text, run, layer, head, temperature, top_k, top_p, n_tokens, greedy, seed, generate,
                        tokens, overview, head_plot, steps_text, steps_plot, next_plot, candidates, written)


def wire_language(tab: gr.Tab, v: LanguageView):
    """Run (or Enter, or another model), another layer or head, the sampling sliders, Generate, and the sub-tab's
    opening; returns the view's refresher."""
    (att_in, att_out), (next_in, next_out) = v.attention_io, v.next_io
    shown = dict(show_progress_on=v.tokens)
    gr.on([v.run.click, v.text.submit, v.model.input], on_lm_attention, att_in, att_out, api_name="gpt2_attention",
          trigger_mode="always_last", **CONCURRENCY, **shown
          ).success(on_next_token, next_in, next_out, api_name="then_next_token", **PRIVATE)
    gr.on([v.layer.release, v.head.release], on_lm_head, att_in, [v.head_plot, v.steps_plot, v.steps_text],
          api_name="gpt2_head", trigger_mode="always_last", **CONCURRENCY, **shown)
    gr.on([v.temperature.release, v.top_k.release], on_next_token, next_in, next_out, api_name="next_token",
          trigger_mode="always_last", **CONCURRENCY, show_progress_on=v.next_plot)
    v.generate.click(on_generate, [v.model, v.text, v.temperature, v.top_k, v.top_p, v.n_tokens, v.greedy, v.seed],
                     [v.text, v.written], api_name="generate_tokens", **CONCURRENCY, show_progress_on=v.written
                     ).success(on_lm_attention, att_in, att_out, api_name="then_gpt2_attention", **PRIVATE
                               ).success(on_next_token, next_in, next_out, api_name="then_next_token_1", **PRIVATE)
    tab.select(on_lm_attention, att_in, att_out, api_name="load_gpt2_attention", **PRIVATE
               ).success(on_next_token, next_in, next_out, api_name="then_next_token_2", **PRIVATE)

    def refresh(button: gr.Button):
        button.click(*chained([(on_lm_attention, att_in, att_out), (on_next_token, next_in, next_out)]),
                     api_name="refresh_gpt2", **CONCURRENCY, **PRIVATE)
    return refresh
