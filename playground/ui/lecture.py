"""The lecture bar above the tabs: scenes from the notes, presenter mode, the language switch, and links that
restore a view (tab path + that tab's controls, see playground.scenes).

How a view is restored (from a link, a scene, or presenter mode's next/previous):
1. `restore` (Python) checks every value against the control it names, sets the controls of the target tab and
   selects the tabs along its path; values that fail are dropped and named in a warning.
2. `pg.navigate` (assets/playground.js) then clicks the hidden refresh button of the deepest part along the path,
   whose click runs that part's drawing callbacks, in one round trip, with the restored values.
Sharing is the reverse: the browser reports which tabs are open, `share` writes the open tab's non-default
values as a query string, and the page puts it in the address bar and on the clipboard.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import gradio as gr

from playground.i18n import message

from .feedback import I18N, LANGUAGE_COOKIE, language_of, user_errors
from .scenes import RESERVED, SCENES, encode_query, parse_query, scene, step, tab_path
from .view import TabView, chained

LANGUAGES = [("English", "en"), ("中文", "zh-CN")]


def load_unless_linked(demo: gr.Blocks, query: gr.Textbox, steps: list[tuple], **kwargs):
    """A tab's first paint at page load, as one event running `steps` (see chained), skipped when the page was
    opened with a link (`query` receives the page's query string): then the link restorer paints the tab after
    the link's values are set, so nothing drawn with the defaults can arrive late and overwrite them."""
    run, inputs, outputs = chained(steps)

    def paint(request: gr.Request, query_text: str, *values):
        if parse_query(query_text):
            return [gr.skip()] * len(outputs)
        return run(request, *values)
    return demo.load(paint, [query, *inputs], outputs, js="(q, ...rest) => [window.location.search, ...rest]",
                     **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Values in links, checked against the component they are meant for

def _choice_values(component) -> list:
    return [c[1] if isinstance(c, (tuple, list)) else c for c in (component.choices or [])]


def _number(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise ValueError(text)
    return x


def _whole(x: float, component) -> float | int:
    """x as the component holds it: an int for a whole-number control, which refuses a fraction."""
    whole = getattr(component, "precision", None) == 0 or isinstance(component, gr.Slider) and \
        float(component.step).is_integer() and float(component.minimum).is_integer()
    if whole and not float(x).is_integer():
        raise ValueError(x)
    return int(x) if whole else x


def coerce(component, text: str, within=None):
    """A link's text for `component` as the value the component holds; ValueError when it does not fit. A number
    outside the control's range does not fit (it is never clamped); `within(x) -> bool`, when given, is the range
    instead (a Number box without bounds, a slider whose bound another control sets)."""
    text = str(text)
    if isinstance(component, gr.CheckboxGroup):
        allowed = {str(v): v for v in _choice_values(component)}
        items = [t.strip() for t in text.split(",") if t.strip()]
        if any(t not in allowed for t in items):
            raise ValueError(text)
        return [allowed[t] for t in items]
    if isinstance(component, (gr.Dropdown, gr.Radio)):
        allowed = {str(v): v for v in _choice_values(component)}
        if text in allowed:
            return allowed[text]
        if getattr(component, "allow_custom_value", False) and text:
            return text  # checked by the tab's own callback, which explains what is wrong
        raise ValueError(text)
    if isinstance(component, gr.Checkbox):
        if text.lower() not in ("1", "0", "true", "false"):
            raise ValueError(text)
        return text.lower() in ("1", "true")
    if isinstance(component, (gr.Slider, gr.Number)):
        x = _number(text)
        low, high = component.minimum, component.maximum
        inside = within(x) if within is not None else \
            (low is None or x >= low) and (high is None or x <= high)
        if not inside:
            raise ValueError(text)
        return _whole(x, component)
    return text  # text boxes: the tab's callback checks the content


def _same(a, b) -> bool:
    numbers = isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool)
    if numbers and max(abs(a), abs(b)) <= 1e308:  # past float's range (a typed 10**400), only itself is the same
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return [str(x) for x in a] == [str(x) for x in b]
    return a == b


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class Restorer:
    """The views of every tab and the paths of every tab id, with restore() and share() built on them."""

    def __init__(self, views: list[TabView], paths: dict[str, list[str]], containers: dict[str, gr.Tabs],
                 aliases: dict[str, str] | None = None):
        self.views = {v.tab: v for v in views}
        self.aliases = aliases or {}  # tab ids of older links -> today's (a link never stops working)
        self.paths = paths  # tab id -> ids from the top-level tab down to it
        self.containers = containers  # tab id -> the gr.Tabs it sits in
        self.controls = [c for v in views for c in v.controls.values()]
        extras = [c for v in views for c in v.extra if all(c is not x for x in self.controls)]
        self.tabs = list({id(t): t for t in containers.values()}.values())
        self.outputs = self.tabs + self.controls + extras

    def full_path(self, text: str | None) -> list[str]:
        """The deepest known tab id in `text`, expanded to its whole path; [] when none is known."""
        known = [p for p in (self.aliases.get(p, p) for p in tab_path(text)) if p in self.paths]
        return list(self.paths[known[-1]]) if known else []

    def updates(self, view: dict[str, str], request=None) -> tuple[dict, list[str], list[str]]:
        """(component -> update, the tab path, the keys that were ignored) for a parsed link."""
        path = self.full_path(view.get("tab"))
        if not path:
            return {}, [], ([view["tab"]] if view.get("tab") else [])
        tab = self.views.get(path[0])
        values = {k: v for k, v in view.items() if k not in RESERVED}
        out: dict = {self.containers[t]: gr.Tabs(selected=t) for t in path}
        if tab is None:
            return out, path, sorted(values)
        ignored = [k for k in values if k not in tab.controls]
        if tab.resolve is not None:
            out.update(tab.resolve(values, request))
        for key, component in tab.controls.items():
            if key not in values:
                continue
            within = tab.ranges.get(key)
            try:
                value = coerce(component, values[key], None if within is None else
                               lambda x, check=within: check(x, values))
            except (ValueError, TypeError):
                ignored.append(key)
                continue
            previous = out.get(component)
            out[component] = {**previous, "value": value} if isinstance(previous, dict) else gr.update(value=value)
        return out, path, ignored

    def share(self, path: list[str], values: list, scene_id: str | None = None, present: bool = False) -> str:
        """The query string of the open tab: its path and the controls that differ from their first values; with
        the scene when it is the open tab's (then the controls that differ from the scene's), and present=1."""
        path = self.full_path("/".join(path or []))
        if not path:
            return ""
        chosen = scene(scene_id or "")
        if chosen is not None and self.full_path(chosen.tab) != path:
            chosen = None  # the visitor has gone elsewhere since
        view = {"tab": "/".join(path)}
        view.update({"scene": chosen.id} if chosen is not None else {})
        view.update({"present": "1"} if present else {})
        tab = self.views.get(path[0])
        if tab is not None:
            current = dict(zip([id(c) for c in self.controls], values))
            for key, component in tab.controls.items():
                value = current.get(id(component))
                if value is not None and not _same(value, self._reference(component, chosen, key)):
                    view[key] = _text(value)
        return encode_query(view)

    @staticmethod
    def _reference(component, chosen, key: str):
        """What a link restores for `key` when it leaves it out: the scene's value, else the control's first."""
        if chosen is not None and key in chosen.values:
            try:
                return coerce(component, chosen.values[key])
            except (ValueError, TypeError):
                pass
        return component.value


def tab_paths(demo: gr.Blocks) -> tuple[dict[str, list[str]], dict[str, gr.Tabs]]:
    """Every gr.Tab's id -> the ids of the tabs that contain it, outermost first, and its own; and -> the gr.Tabs
    it sits in. Gives each tab the elem_id `pgtab-<id>` (its button becomes `#pgtab-<id>-button`), by which the
    page tells which tabs are open."""
    paths, containers = {}, {}
    for block in demo.blocks.values():
        if isinstance(block, gr.Tab) and block.id is not None:
            block.elem_id = block.elem_id or f"pgtab-{block.id}"
            path, node = [], block
            while node is not None:
                if isinstance(node, gr.Tab):
                    path.insert(0, str(node.id))
                node = node.parent
            paths[str(block.id)] = path
            containers[str(block.id)] = block.parent
    return paths, containers


# ---------------------------------------------------------------------------------------------------------------
# Layout and wiring

@dataclass
class Bar:
    scene_dropdown: gr.Dropdown
    prev_button: gr.Button
    next_button: gr.Button
    present_checkbox: gr.Checkbox
    lang_radio: gr.Radio
    share_button: gr.Button
    share_box: gr.Textbox
    note_markdown: gr.Markdown
    menu_button: gr.Button


def build_bar() -> Bar:
    """The bar's components; placed above the tabs, wired by wire() once the tabs exist."""
    with gr.Row(equal_height=True, elem_id="pg-bar"):
        scene_dropdown = gr.Dropdown([(I18N(f"scene_{s.id}"), s.id) for s in SCENES], value=None,
                                     label=I18N("scene_label"), info=I18N("present_info"), scale=4,
                                     min_width=280, elem_id="pg-scene")
        prev_button = gr.Button("◀", scale=0, min_width=44, elem_id="pg-prev")
        next_button = gr.Button("▶", scale=0, min_width=44, elem_id="pg-next")
        present_checkbox = gr.Checkbox(False, label=I18N("present_label"), scale=1, min_width=150,
                                       elem_id="pg-present")
        lang_radio = gr.Radio(LANGUAGES, value="en", label="Language · 语言", scale=2, min_width=200,
                              elem_id="pg-lang")
        share_button = gr.Button(I18N("share_button"), scale=1, min_width=150, elem_id="pg-share")
        menu_button = gr.Button(I18N("bar_menu"), scale=0, min_width=40, elem_id="pg-menu")  # phones only (CSS)
    share_box = gr.Textbox(label=I18N("share_label"), buttons=["copy"], max_lines=1, interactive=False,
                           visible=False, elem_id="pg-share-link")
    note_markdown = gr.Markdown(elem_id="pg-scene-note")
    return Bar(scene_dropdown, prev_button, next_button, present_checkbox, lang_radio, share_button, share_box,
               note_markdown, menu_button)


class _Speaking:
    """A request that asks for the language a link names (lang=...), for the callbacks a restore calls."""

    def __init__(self, request, lang: str):
        headers = getattr(request, "headers", None)
        self.headers = {**(dict(headers) if headers is not None else {}), "cookie": f"{LANGUAGE_COOKIE}={lang}"}


def _language(request, view: dict) -> str:
    lang = view.get("lang")
    return lang if lang in dict((v, v) for _, v in LANGUAGES) else language_of(request)


def wire(demo: gr.Blocks, bar: Bar, views: list[TabView], aliases: dict[str, str] | None = None) -> Restorer:
    """Everything the bar does, once the tabs exist: links and scenes restored, presenter mode, the language
    switch, sharing; each tab's first paint at page load; and the hidden refresh buttons the page clicks."""
    restorer = Restorer(views, *tab_paths(demo), aliases)
    for view in views:
        for component in view.advanced:
            component.elem_classes = [*(component.elem_classes or []), "pg-advanced"]
    query_box = gr.Textbox(visible=False)  # the page's query string, handed over by the page's script
    nav_box = gr.Textbox(visible=False)    # where the page should go next: {"path": [...]} as JSON
    path_box = gr.Textbox(visible=False)   # the open tabs, reported by the page when sharing
    for view in views:
        for steps, kwargs in view.first_paint:
            load_unless_linked(demo, query_box, steps, **kwargs)
    relabel_button = _refresh_buttons(views)
    scenes = Scenes(restorer, views)
    outputs = [bar.note_markdown, bar.scene_dropdown, bar.present_checkbox, bar.lang_radio, nav_box,
               *restorer.outputs]
    _wire_navigation(demo, bar, scenes, query_box, nav_box, outputs)
    _wire_page(demo, bar, restorer, relabel_button, path_box)
    return restorer


def _refresh_buttons(views: list[TabView]) -> gr.Button:
    """One hidden button per drawable part, clicked by the page: #pg-refresh-<tab id>, and every button of a
    top-level tab carries the class pg-refresh-of-<its id> (a language switch redraws them all). Returns the
    hidden button that sends every tab's label again."""
    with gr.Row(elem_classes="pg-hidden"):
        for view in views:
            for key, wire_refresh in view.refresh.items():
                wire_refresh(gr.Button(f"refresh {key}", elem_id=f"pg-refresh-{key}",
                                       elem_classes=f"pg-refresh-of-{view.tab}"))
        return gr.Button("relabel", elem_id="pg-relabel")


class Scenes:
    """A parsed link or a chosen scene -> the bar's outputs (note, scene, presenter mode, language, where to go)
    followed by an update for every control the restorer knows."""

    def __init__(self, restorer: Restorer, views: list[TabView]):
        self.restorer, self.views = restorer, views

    def apply(self, view: dict, request, first: bool = False) -> list:
        lang = _language(request, view)
        request = _Speaking(request, lang)
        chosen = scene(view.get("scene", ""))
        if chosen is not None:  # a scene's own values, then anything the link adds
            view = {**chosen.query(), **{k: v for k, v in view.items() if k != "tab"}}
        updates, path, ignored = self.restorer.updates(view, request)
        paint = []  # at page load: the tabs drawn at once, besides the one the link opens
        if first:
            paint = [v.tab for v in self.views if v.first_paint and v.tab != (path or [None])[0]]
            for tab in paint:
                if self.restorer.views[tab].resolve is not None:
                    updates = {**self.restorer.views[tab].resolve({}, request), **updates}
        if ignored:
            gr.Warning(message("view_ignored", lang, keys=", ".join(sorted(set(ignored)))[:200]))
        present = view.get("present")
        head = [self.note(chosen, lang) if chosen is not None or view.get("tab") else gr.skip(),
                chosen.id if chosen is not None else gr.skip(),
                (present in ("1", "true")) if present is not None else gr.skip(),
                lang, json.dumps({"path": path, "present": present, "paint": paint,
                                  "figure": chosen.figure if chosen is not None else ""})]
        return head + [updates.get(c, gr.skip()) for c in self.restorer.outputs]

    @staticmethod
    def note(chosen, lang: str) -> str:
        """The scene's title and note (and a reminder to press Train), or nothing for a plain link."""
        if chosen is None:
            return ""
        note = f"### {message('scene_' + chosen.id, lang)}\n\n{message('scene_' + chosen.id + '_note', lang)}"
        return note + ("\n\n" + message("scene_press_train", lang) if chosen.trains else "")


def _wire_navigation(demo: gr.Blocks, bar: Bar, scenes: Scenes, query_box, nav_box, outputs: list):
    """Restoring a link at page load, choosing a scene, and stepping through the scenes with ◀ and ▶."""

    @user_errors
    def restore(query: str, request: gr.Request = None):
        """A link's query string -> the bar, the target tab's controls and where to go."""
        view = parse_query(query)
        return scenes.apply(view, request, first=bool(view))  # without a link, the tabs paint themselves at load

    @user_errors
    def choose_scene(scene_id: str, request: gr.Request = None):
        return scenes.apply({"scene": scene_id or ""}, request)

    @user_errors
    def next_scene(scene_id: str, request: gr.Request = None):
        return scenes.apply({"scene": step(scene_id, +1).id}, request)

    @user_errors
    def previous_scene(scene_id: str, request: gr.Request = None):
        return scenes.apply({"scene": step(scene_id, -1).id}, request)

    navigate = "(nav) => window.pg && window.pg.navigate(nav)"
    hidden = dict(api_visibility="private")
    demo.load(restore, query_box, outputs, js="() => [window.pg ? window.pg.start() : window.location.search]",
              api_name="restore_view", **hidden).then(None, nav_box, None, js=navigate, **hidden)
    bar.scene_dropdown.input(choose_scene, bar.scene_dropdown, outputs, api_name="scene", **hidden
                             ).then(None, nav_box, None, js=navigate, **hidden)
    bar.next_button.click(next_scene, bar.scene_dropdown, outputs, api_name="next_scene", **hidden
                          ).then(None, nav_box, None, js=navigate, **hidden)
    bar.prev_button.click(previous_scene, bar.scene_dropdown, outputs, api_name="previous_scene", **hidden
                          ).then(None, nav_box, None, js=navigate, **hidden)


def _wire_page(demo: gr.Blocks, bar: Bar, restorer: Restorer, relabel_button: gr.Button, path_box):
    """What happens in the page: presenter mode, the language switch (and the tab labels sent again), sharing."""

    @user_errors
    def share(path: str, scene_id: str | None, present: bool, *values):
        """The open tab path (JSON list, from the page), the scene, presenter mode and every control's value ->
        this view's query string."""
        try:
            ids = json.loads(path or "[]")
        except json.JSONDecodeError:
            ids = []
        query = restorer.share([str(i) for i in ids] if isinstance(ids, list) else [], list(values), scene_id,
                               bool(present))
        return gr.update(value=query, visible=True)

    hidden = dict(api_visibility="private")
    bar.present_checkbox.input(None, bar.present_checkbox, None, js="(on) => window.pg && window.pg.present(on)",
                               **hidden)
    bar.lang_radio.input(None, bar.lang_radio, None, js="(lang) => window.pg && window.pg.setLanguage(lang)",
                         **hidden)
    bar.menu_button.click(None, None, None, js="() => window.pg && window.pg.toggleMenu()", **hidden)
    # Gradio translates a tab's label when the tab is first drawn; tabs not opened yet keep the old language
    # unless their labels are sent again after a switch (the page clicks this button then).
    all_tabs = [b for b in demo.blocks.values() if isinstance(b, gr.Tab)]
    relabel_button.click(lambda: [gr.Tab(label=t.label) for t in all_tabs], None, all_tabs, api_name="relabel_tabs",
                         queue=False, **hidden)
    bar.share_button.click(share, [path_box, bar.scene_dropdown, bar.present_checkbox, *restorer.controls],
                           bar.share_box, api_name="share_view",
                           js="(...args) => [window.pg ? window.pg.openPath() : '[]', ...args.slice(1)]",
                           **hidden).then(None, bar.share_box, bar.share_box,
                                          js="(q) => window.pg ? window.pg.share(q) : q", **hidden)
