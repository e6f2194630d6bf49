"""The lessons, in the order the app shows them: one folder each (playground/lessons/<name>/: compute.py,
figures.py, tab.py, text.py). The app builds its tabs and loads its text from LESSONS, and the tests that must
cover every lesson (links and scenes, the colour sweep, the every-tab browser walk) iterate over it. Adding a
lesson is one folder and one line.

No gradio and no torch here: the text loader (playground.i18n) reads this list too.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    """`name`: the folder, and the tab id links use (`?tab=labs/gan`). `group`: the top-level tab that holds it as a
    sub-tab (GROUPS), None for a top-level tab of its own. `aliases`: tab ids older links used for it, which still
    open it."""
    name: str
    group: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """Its tab: build(ctx) -> TabView."""
        return f"{__name__}.{self.name}.tab"

    @property
    def text_module(self) -> str:
        """Its text: TEXT = {key: (English, Chinese)}."""
        return f"{__name__}.{self.name}.text"


@dataclass(frozen=True)
class Group:
    """A top-level tab holding several lessons as sub-tabs: its tab id, and the text keys of its label and intro."""
    name: str
    label: str
    intro: str


GROUPS = (Group("concepts", "tab_concepts", "concepts_intro"), Group("labs", "tab_labs", "labs_intro"))

LESSONS = (
    Lesson("architecture"),
    Lesson("train"),
    Lesson("cnn"),
    Lesson("attention"),
    Lesson("gates"),
    Lesson("activations", "concepts", ("cpt_activations",)),
    Lesson("sigmoids", "concepts"),
    Lesson("losses", "concepts", ("cpt_losses",)),
    Lesson("optimizers", "concepts", ("cpt_race",)),
    Lesson("schedules", "concepts"),
    Lesson("batches", "concepts"),
    Lesson("normalisation", "concepts", ("cpt_norm",)),
    Lesson("backprop", "concepts", ("cpt_backprop",)),
    Lesson("convolution", "concepts"),
    Lesson("gan", "labs", ("lab_gan",)),
    Lesson("seq2seq", "labs", ("lab_seq2seq",)),
    Lesson("masking", "labs", ("lab_mlm",)),
    Lesson("detection", "labs", ("lab_detection",)),
    Lesson("captioning", "labs", ("lab_caption",)),
    Lesson("degradation", "labs"),
)


def top_level() -> list[Lesson | Group]:
    """The app's top-level tabs in order: a lesson of its own, or a group where its first lesson stands."""
    out: list[Lesson | Group] = []
    for lesson in LESSONS:
        item = lesson if lesson.group is None else next(g for g in GROUPS if g.name == lesson.group)
        if item not in out:
            out.append(item)
    return out


def tab_aliases() -> dict[str, str]:
    """An older link's tab id -> the lesson's own."""
    return {alias: lesson.name for lesson in LESSONS for alias in lesson.aliases}


def lessons_in(group: str) -> list[Lesson]:
    return [lesson for lesson in LESSONS if lesson.group == group]
