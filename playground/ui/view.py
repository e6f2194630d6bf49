"""What every lesson's tab hands the shell, and the shell hands it back: TabView (its controls for links, its
refreshers, its first paint), TabContext (the app, the visitor's session state, the group tab it sits in), and
chained (several drawing callbacks in one round trip). Shared by every tab.py; imports no lesson."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import gradio as gr

from .feedback import I18N

# Where a note is wrong or nonstandard, the view says so: text keys <lesson>_differs_<topic>, whose English starts
# with DIFFERS_EN and Chinese with DIFFERS_ZH; tests/i18n/test_differs.py asks each for a test that recomputes it.
DIFFERS_EN = "**Where the notes differ.**"
DIFFERS_ZH = "**与笔记不同之处。**"


@dataclass(frozen=True)
class TabContext:
    """What a lesson's build() gets: `demo` (to attach page-load events), `session` (the visitor's gr.State holding
    a playground.core.session.Session), and for a lesson inside a group (Concepts, Labs) the group's gr.Tab, whose
    opening draws the group's first sub-tab. `tab_id`: the id the lesson's gr.Tab takes (its name in the registry),
    the key of its TabView and of its refresher. `status_areas`: the app's tab id -> status area, shared by every
    tab's context (playground.ui.status wires them)."""
    demo: gr.Blocks
    session: gr.State
    group_tab: gr.Tab | None = None
    tab_id: str = ""
    status_areas: dict = field(default_factory=dict)

    def status_area(self) -> gr.Markdown:
        """The tab's one status area, placed where the tab calls this (near its main controls): every event the
        tab's controls start shows its progress there, clears it, and leaves its error message there."""
        area = gr.Markdown("", elem_id=f"pg-status-{self.tab_id}", elem_classes="pg-status")
        self.status_areas[self.tab_id] = area
        return area

    @staticmethod
    def notes_differ(key: str) -> gr.Markdown:
        """A callout beside the view it concerns, where a note is wrong or nonstandard: text key
        `<lesson>_differs_<topic>` states the note's version, the correct fact and its source."""
        return gr.Markdown(I18N(key), elem_classes="pg-differs")


@dataclass
class TabView:
    """What a tab offers to links and scenes. `controls` maps URL keys to the tab's components; `refresh` maps a
    tab id (this tab's or a sub-tab's) to a function that wires a button's click to the drawing callbacks of what
    that tab shows (a restored view selects tabs from Python, which fires no select event); `resolve(values,
    request)` returns updates for controls whose choices depend on another (a model's datasets), among them
    `extra` components. `ranges` maps a link key to `check(x, values) -> bool`, the range a linked number must
    lie in when its control's own bounds do not say it (a learning rate above 0; a step no later than the link's
    Steps); `values` are the link's texts. `advanced` components are hidden in presenter mode. `first_paint` lists the events that
    draw the tab at page load, as (steps for chained, event keyword arguments); when the page opens with a link
    they are skipped and the tab is drawn after the link's values instead (resolve({}), then its refreshers)."""
    tab: str
    controls: dict[str, gr.components.Component]
    refresh: dict[str, Callable]
    resolve: Callable | None = None
    extra: list = field(default_factory=list)
    advanced: list = field(default_factory=list)
    first_paint: list = field(default_factory=list)
    ranges: dict[str, Callable] = field(default_factory=dict)


# Enter in a number box leaves it, so that the blur event is its one commit (Enter then a click elsewhere: one run).
_LEAVE = "() => { const box = document.activeElement; if (box && box.blur) { box.blur(); } }"


def committed(*boxes: gr.Number) -> list:
    """The triggers (for gr.on) on which a number box's typed value counts as entered: leaving the box, or Enter,
    which leaves it; each value runs once, never once per keystroke."""
    for box in boxes:
        box.submit(None, None, None, js=_LEAVE, api_visibility="private")
    return [box.blur for box in boxes]


def _merge(earlier, later):
    """Two outputs for one component (a visibility, then a value): one update that does both."""
    if earlier is None:
        return later
    if isinstance(earlier, gr.components.Component) or isinstance(later, gr.components.Component):
        return later
    if isinstance(earlier, dict):
        return {**earlier, **(later if isinstance(later, dict) else {"value": later})}
    return {"value": earlier, **later} if isinstance(later, dict) else later


def chained(steps: list[tuple]):
    """(fn, inputs, outputs) of one event that runs several (callback, inputs, outputs) steps in order, each
    seeing the values the earlier ones set (a module list refilled, then the module's view drawn). A page redraw
    costs one round trip instead of one per callback; an error stops the rest, as .success() would."""
    inputs = list({id(c): c for _, ins, _ in steps for c in ins}.values())
    outputs = list({id(c): c for _, _, outs in steps for c in outs}.values())

    def run(request: gr.Request, *values):  # Gradio passes the request only to a parameter before *values
        current = {id(c): v for c, v in zip(inputs, values)}
        result = {}
        for fn, ins, outs in steps:
            out = fn(*[current[id(c)] for c in ins], request=request)
            for component, value in zip(outs, out if len(outs) > 1 else (out,)):
                result[id(component)] = _merge(result.get(id(component)), value)
                if isinstance(value, dict):  # an update: later steps read its value, if it sets one
                    if "value" in value:
                        current[id(component)] = value["value"]
                elif not isinstance(value, gr.components.Component):
                    current[id(component)] = value
        return [result.get(id(c), gr.skip()) for c in outputs]
    return run, inputs, outputs


def merge_views(tab: str, views: list[TabView]) -> TabView:
    """The lessons of one group (their sub-tabs inside the group's tab) as one TabView for the group's tab id:
    links address a group's controls by key, so two lessons of a group never share a key."""
    controls: dict = {}
    for view in views:
        clash = set(controls) & set(view.controls)
        if clash:
            raise ValueError(f"link keys used twice in {tab!r}: {sorted(clash)}")
        controls.update(view.controls)
    resolvers = [v.resolve for v in views if v.resolve is not None]

    def resolve(values: dict, request=None) -> dict:
        out: dict = {}
        for one in resolvers:
            out.update(one(values, request))
        return out
    return TabView(tab, controls, {k: f for v in views for k, f in v.refresh.items()},
                   resolve if resolvers else None, [c for v in views for c in v.extra],
                   [c for v in views for c in v.advanced], [p for v in views for p in v.first_paint],
                   {k: f for v in views for k, f in v.ranges.items()})
