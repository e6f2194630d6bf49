"""One status area per tab. Every event a tab's controls start shows its progress there (never over a figure or a
table), clears what the area said before, and, when it fails, leaves its message there, beside the last good
result. Wired once for every tab by route(), after the app is built."""
from __future__ import annotations

import html

import gradio as gr
from gradio.events import EventListenerMethod

from playground.i18n import message

from .feedback import ERRORS, language_of

CLEAR = "() => ''"  # runs in the page: a user's action empties the area without a round trip
QUIET_EVENTS = {"tick"}  # timers redraw on their own; they must not wipe an error the user has not read


def error_markdown(text: str) -> str:
    """An error as the status area shows it: marked as an alert, the text escaped."""
    return f'<div class="pg-status-error" role="alert">⚠ {html.escape(text)}</div>'


def show_failure(request: gr.Request):
    """The failure event: the message the failed callback raised, in the area (a generic line if none was kept)."""
    text = ERRORS.take(request)
    return error_markdown(text if text is not None else message("status_failed", language_of(request)))


def _descendants(block) -> set[int]:
    out = {block._id}
    for child in getattr(block, "children", []):
        out |= _descendants(child)
    return out


def _tab_of(fn, members: dict[str, set[int]], fns: dict) -> str | None:
    """The tab whose control starts `fn` (its first trigger inside a tab, or for a step chained after another
    event, that event's); None for the page's own events."""
    if fn.trigger_after is not None and fn.trigger_after in fns:
        return _tab_of(fns[fn.trigger_after], members, fns)
    for block_id, _ in fn.targets:
        for tab_id, ids in members.items():
            if block_id in ids:
                return tab_id
    return None


def route(demo: gr.Blocks, areas: dict[str, gr.components.Component]) -> None:
    """Wire every tab's events to its status area. Uses gradio's event table (demo.fns) and its own
    set_event_trigger, as .failure() and .click(js=...) do, because the events already exist."""
    tabs = {b.id: b for b in demo.blocks.values() if isinstance(b, gr.Tab) and b.id in areas}
    members = {tab_id: _descendants(tab) for tab_id, tab in tabs.items()}
    config = demo.default_config
    fns = dict(demo.fns)
    for fn in fns.values():
        tab_id = _tab_of(fn, members, fns)
        if tab_id is None or fn.fn is None:
            continue
        area = areas[tab_id]
        if fn.show_progress != "hidden" and fn.outputs:  # and so its error badge, which the failure event clears
            fn.show_progress_on = [area]
        if fn.api_name:
            config.set_event_trigger([EventListenerMethod(None, "failure")], show_failure, None, [area], no_target=True,
                                     trigger_after=fn._id,
                                     trigger_only_on_failure=True, api_name=f"{fn.api_name}_failed",
                                     api_visibility="private", show_progress="hidden", queue=False)
        user_started = fn.trigger_after is None and not {event for _, event in fn.targets} & QUIET_EVENTS
        if user_started and area not in fn.outputs:
            targets = [EventListenerMethod(demo.blocks.get(b), e) for b, e in fn.targets]
            config.set_event_trigger(targets, None, None, [area], js=CLEAR,
                                     show_progress="hidden", queue=False)
