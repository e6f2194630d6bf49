""""Where the notes differ" callouts: each text key <lesson>_differs_<topic> opens with the shared heading in both
languages, is shown by its lesson, and has a test in tests/lessons/<lesson>/ named test_<key> that recomputes the
correct figure (so a callout cannot outlive the fact it states)."""
import re
from pathlib import Path

from playground.i18n import EN, ZH
from playground.lessons import LESSONS
from playground.ui.view import DIFFERS_EN, DIFFERS_ZH

ROOT = Path(__file__).resolve().parents[2]
CALLOUTS = sorted(k for k in EN if "_differs_" in k)


def _lesson(key: str) -> str:
    return next(lesson.name for lesson in LESSONS if key.startswith(lesson.name + "_differs_"))


def _source(folder: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(folder.rglob("*.py")))


def test_callouts_open_with_the_shared_heading():
    assert [k for k in CALLOUTS if not EN[k].startswith(DIFFERS_EN)] == []
    assert [k for k in CALLOUTS if not ZH[k].startswith(DIFFERS_ZH)] == []


def test_each_callout_belongs_to_a_lesson_and_is_shown_there():
    for key in CALLOUTS:
        lesson = _lesson(key)  # StopIteration: a key whose prefix names no lesson
        code = _source(ROOT / "playground" / "lessons" / lesson)
        assert re.search(rf'notes_differ\(\s*"{key}"', code), f"{key} is never shown by its lesson"


def test_each_callout_has_a_test_that_recomputes_it():
    missing = [k for k in CALLOUTS
               if f"def test_{k}(" not in _source(ROOT / "tests" / "lessons" / _lesson(k))]
    assert missing == [], f"no test_<key> in tests/lessons/<lesson>/ for {missing}"
