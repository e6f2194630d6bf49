"""The Gates tab: an LSTM, GRU or simple RNN (the shipped bracket-depth taggers, the model trained in this session,
or a teaching one with random weights) on a bracket string the visitor types. Every gate and state over time, chosen
units as lines, the units that best track the nesting depth, and how the gradient fades back through the steps in
the three kinds of cell. Live while the Train tab trains a recurrent tagger in the same session. The work happens in
playground.gates."""
from __future__ import annotations

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.models.recurrent import GATE_NAMES
from playground.core.session import SESSION, Session, choice_key, trained_model_for
from playground.core.train.shipped import available
from playground.i18n import message
from playground.ui.feedback import I18N, language_of, user_errors
from playground.ui.view import TabContext, TabView, chained
from playground.ui.live import toggle_timer

from . import compute as gt
from .figures import plot_gates, plot_gradient_flow, plot_unit_ranking, plot_units

DEFAULT = "pretrained/tiny_lstm_brackets"
SHIPPED = {"LSTM": "tiny_lstm_brackets", "GRU": "tiny_gru_brackets", "RNN": "tiny_rnn_brackets"}
TEACHING = ("tiny_lstm", "tiny_gru", "tiny_rnn_tagger")
RANDOM = dict(zip(SHIPPED, TEACHING))  # the same three cells with random (seeded) weights
FLOW_WEIGHTS = ("trained", "random")  # which three cells the gradient-flow view compares
LIVE_EVERY = 2.0  # seconds between refreshes while the session's model trains
PROBE = "(()(()))((()))()"
MAX_PICKS = 8


def model_choices() -> list[tuple[str, str]]:
    shipped = [(f"{n} ✓", f"pretrained/{n}") for n in available() if n in SHIPPED.values()]
    return [(I18N("input_session_model"), SESSION), *shipped, *[(k, k) for k in TEACHING]]


def _labels(lang: str, *keys: str) -> dict[str, str]:
    return {k: message("gates_fig_" + k, lang) for k in keys}


GATE_LABELS = tuple(dict.fromkeys(n for names in GATE_NAMES.values() for n in names))
FIG_KEYS = (*GATE_LABELS, "time", "unit", "target", "corr", "norm", "step")


def subject_for(choice: str, session: Session | None) -> gt.GateSubject:
    """The recurrent model to look inside: a trained one (see trained_model_for) or a registry key."""
    found = trained_model_for(choice, session)
    return gt.subject_from_trained(*found) if found else gt.subject_from_key(choice_key(choice))


def _picks(gate: str, units: str, names: tuple[str, ...], n_units: int, ranking) -> list[tuple[str, int]]:
    """'3 5' for the chosen gate -> [(gate, 3), (gate, 5)]; empty -> the units the finder ranked first."""
    if gate not in names:
        gate = "c" if "c" in names else "h"
    try:
        wanted = [int(p) for p in str(units or "").replace(",", " ").split()]
    except ValueError:
        raise PlaygroundError("gates_bad_unit", unit=units, n=n_units) from None
    bad = [u for u in wanted if not 0 <= u < n_units]
    if bad:
        raise PlaygroundError("gates_bad_unit", unit=bad[0], n=n_units)
    if wanted:
        return [(gate, u) for u in wanted[:MAX_PICKS]]
    return [(g, u) for g, u, _ in ranking[:3]]


def _result_text(subject: gt.GateSubject, result: gt.GateResult, lang: str) -> str:
    lines = [message("gates_result", lang, model=subject.key, mode=subject.mode.upper(), n=len(result.tokens),
                     output=" ".join(result.output))]
    if result.expected is not None:
        wrong = sum(a != b for a, b in zip(result.output, result.expected))
        lines.append(message("attn_expected_right" if not wrong else "attn_expected_wrong", lang,
                             expected=" ".join(result.expected), n=wrong))
    if subject.dataset is None:
        lines.append(message("gates_random_note", lang))
    lines += [message(key, lang, **params) for key, params in result.notices]
    return "\n\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Callbacks

@user_errors
def on_gates(choice, text, gate, units, session: Session, request: gr.Request = None):
    """The model's tags, every gate over time, chosen units as lines, and the units that track the depth."""
    lang = language_of(request)
    subject = subject_for(choice, session)
    result = gt.record_gates(subject, text)
    names = tuple(result.gates)
    depth = gt.depth_profile(result.tokens)
    ranking = gt.find_units(result.gates, depth) if len(result.tokens) >= 3 else []
    n_units = next(iter(result.gates.values())).shape[1]
    # empty units: the chosen gate's own best units (every gate's, before one is chosen)
    own = gt.find_units({gate: result.gates[gate]}, depth, 3) if ranking and gate in names else ranking
    picks = _picks(gate, units, names, n_units, own)
    labels = _labels(lang, *FIG_KEYS)
    gate_value = gate if gate in names else picks[0][0] if picks else names[-1]
    return (_result_text(subject, result, lang), plot_gates(result.gates, result.tokens, labels),
            plot_units(result.gates, result.tokens, picks, labels, target=depth),
            plot_unit_ranking(ranking, labels) if ranking else None,
            gr.update(choices=list(names), value=gate_value))


def flow_choices(weights) -> dict[str, str]:
    """The three cells the gradient-flow view compares: name -> model choice, trained (shipped) or random."""
    if not isinstance(weights, str) or weights not in FLOW_WEIGHTS:
        raise PlaygroundError("gates_bad_weights", weights=str(weights)[:40])
    if weights == "random":
        return dict(RANDOM)
    return {name: f"pretrained/{key}" for name, key in SHIPPED.items() if key in available()}


def flow_ratios(flows: dict) -> dict[str, float]:
    """name -> ‖∂h_T/∂state_1‖ / ‖∂h_T/∂state_T‖: the share of the gradient that reaches the first step."""
    return {name: float(f[0] / max(f[-1], 1e-300)) for name, f in flows.items()}


@user_errors
def on_gradient_flow(choice, text, session: Session, weights="trained", request: gr.Request = None):
    """‖∂h_T/∂state_t‖ over t for the simple RNN, GRU and LSTM, trained (shipped) or with random weights (and the
    chosen model when it is another)."""
    lang = language_of(request)
    chosen = flow_choices(weights)
    subjects = {name: subject_for(key, None) for name, key in chosen.items()}
    if choice not in chosen.values():
        subjects[message("gates_chosen", lang, model=str(choice))] = subject_for(choice, session)
    flows = gt.compare_gradient_flow(subjects, text)
    tokens = gt.read_input(next(iter(subjects.values())), text)[1]
    ratios = flow_ratios(flows)
    lines = [message("gates_flow_row", lang, model=name, first=f"{f[0]:.2g}", last=f"{f[-1]:.2g}",
                     ratio=f"{ratios[name]:.1e}") for name, f in flows.items()]
    return plot_gradient_flow(flows, tokens, _labels(lang, *FIG_KEYS)), \
        message("gates_flow_" + weights, lang) + " " + message("gates_flow_text", lang, n=len(tokens)) + \
        "\n\n" + "\n".join(lines)


def keep_weights(weights):
    """The flow radio's value into its gr.State (what the chained /gradient_flow reads); anything else: trained."""
    return weights if weights in FLOW_WEIGHTS else "trained"


def on_live_tick(choice, text, gate, units, session: Session, request: gr.Request = None):
    """While this session trains a recurrent tagger, redraw the probe's gates from a copy of the model."""
    if choice != SESSION or not isinstance(session, Session) or session.live is None:
        return gr.skip(), gr.skip(), gr.skip()
    try:
        out, fig, lines, *_ = on_gates(choice, text, gate, units, session, request)
        return out, fig, lines
    except gr.Error:  # the model in training is not a recurrent tagger: try again at the next tick
        return gr.skip(), gr.skip(), gr.skip()


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

def _wire_weights(radio: gr.Radio, state: gr.State, inputs: list, outputs: list, limits: dict) -> None:
    """The flow view's weights: the radio redraws it, and keeps its value in `state` (a link sets it too) for the
    /gradient_flow that follows /gates, whose parameters stay (choice, text)."""
    radio.change(keep_weights, radio, state, api_name="gates_flow_weights_kept", api_visibility="private",
                 show_progress="hidden", queue=False)
    radio.input(on_gradient_flow, inputs, outputs, api_name="gradient_flow_weights", trigger_mode="always_last",
                **limits)


def build(ctx: TabContext) -> TabView:
    demo, session_state = ctx.demo, ctx.session
    with gr.Tab(I18N("tab_gates"), id="gates") as tab:
        gr.Markdown(I18N("gates_intro"), elem_classes="pg-intro")
        with gr.Row():
            with gr.Column(scale=2):
                model_dropdown = gr.Dropdown(model_choices(), value=DEFAULT, label=I18N("gates_model"),
                                             info=I18N("gates_model_info"), allow_custom_value=True,
                                             elem_id="gates_model")
                text_box = gr.Textbox(PROBE, label=I18N("gates_text"), info=I18N("gates_text_info"), max_lines=1,
                                      elem_id="gates_text")
                run_button = gr.Button(I18N("gates_run"), variant="primary", elem_id="gates_run")
                live_checkbox = gr.Checkbox(False, label=I18N("gates_live"), info=I18N("gates_live_info"),
                                            elem_id="gates_live")
                ctx.status_area()
                result_markdown = gr.Markdown(elem_id="gates_result")
            with gr.Column(scale=3):
                gates_plot = gr.Plot(label=I18N("gates_plot"), elem_id="gates_plot")
                ctx.notes_differ("gates_differs_forget_gate")
        with gr.Row():
            gate_dropdown = gr.Dropdown([], label=I18N("gates_gate"), allow_custom_value=True, elem_id="gates_gate")
            units_box = gr.Textbox("", label=I18N("gates_units"), info=I18N("gates_units_info"),
                                   elem_id="gates_units")
        with gr.Row():
            units_plot = gr.Plot(label=I18N("gates_units_plot"), elem_id="gates_units_plot", scale=3)
            ranking_plot = gr.Plot(label=I18N("gates_ranking"), elem_id="gates_ranking", scale=2)
        gr.Markdown(I18N("gates_flow_intro"), elem_classes="pg-intro")
        weights_radio = gr.Radio([(I18N("gates_flow_weights_" + w), w) for w in FLOW_WEIGHTS], value="trained",
                                 label=I18N("gates_flow_weights"), elem_id="gates_flow_weights")
        weights_state = gr.State("trained")  # the radio's value, for the /gradient_flow chained after /gates
        flow_markdown = gr.Markdown(elem_id="gates_flow_text")
        flow_plot = gr.Plot(label=I18N("gates_flow_plot"), elem_id="gates_flow")
        timer = gr.Timer(LIVE_EVERY, active=False)

    gates_in = [model_dropdown, text_box, gate_dropdown, units_box, session_state]
    gates_out = [result_markdown, gates_plot, units_plot, ranking_plot, gate_dropdown]
    flow_in = [model_dropdown, text_box, session_state, weights_state]
    flow_now = [model_dropdown, text_box, session_state, weights_radio]  # private events read the radio itself
    limits = dict(concurrency_id="gates", concurrency_limit=4)
    gr.on([run_button.click, text_box.submit, model_dropdown.input], on_gates, gates_in, gates_out,
          api_name="gates", trigger_mode="always_last", show_progress_on=result_markdown, **limits
          ).success(on_gradient_flow, flow_in, [flow_plot, flow_markdown], api_name="gradient_flow", **limits)
    gr.on([gate_dropdown.input, units_box.submit], on_gates, gates_in, gates_out, api_name="gates_units",
          trigger_mode="always_last", show_progress_on=result_markdown, **limits)
    live_checkbox.input(toggle_timer, live_checkbox, timer, api_name="gates_live", api_visibility="private")
    timer.tick(on_live_tick, gates_in, [result_markdown, gates_plot, units_plot], api_name="gates_live_tick",
               api_visibility="private", show_progress="hidden")
    _wire_weights(weights_radio, weights_state, flow_now, [flow_plot, flow_markdown], limits)
    tab.select(on_gates, gates_in, gates_out, api_name="load_gates", api_visibility="private"  # drawn on opening
              ).success(on_gradient_flow, flow_now, [flow_plot, flow_markdown], api_name="load_gradient_flow",
                        api_visibility="private")

    def refresh(button: gr.Button):
        button.click(*chained([(on_gates, gates_in, gates_out),
                               (on_gradient_flow, flow_now, [flow_plot, flow_markdown])]),
                     api_name="refresh_gates", api_visibility="private", show_progress_on=result_markdown, **limits)

    return TabView("gates", {"model": model_dropdown, "text": text_box, "gate": gate_dropdown, "units": units_box,
                             "flow_weights": weights_radio}, {"gates": refresh}, advanced=[live_checkbox])
