"""The fuzz suite keeps up with the app: every event with a callback is fuzzed (tests/fuzz, EXAMPLES), skipped
with a reason (SKIPPED), or a private event that only runs callbacks of fuzzed endpoints (COVERED); and every
endpoint in EXAMPLES exists and has a test that fuzzes it. Cheap (it builds the app once), so it runs in the fast
suite: a new endpoint without fuzzing fails here, not in the nightly fuzz run."""
import ast
from pathlib import Path

import pytest

from playground.ui.status import show_failure
from tests.fuzz.fuzzing import COVERED, EXAMPLES, SKIPPED, steps_of

FUZZ_DIR = Path(__file__).resolve().parents[1] / "fuzz"


@pytest.fixture(scope="module")
def events(app):
    demo = app
    return {f.api_name: f for f in demo.fns.values()}


def callbacks(block_fn) -> list:
    """The Python callbacks an event runs: its function, or each step of a chained one."""
    if block_fn.fn is None:
        return []
    steps = steps_of(block_fn.fn)
    return [step for step, _, _ in steps] if steps is not None else [block_fn.fn]


def fuzzed_in_tests() -> dict[str, list[str]]:
    """api_name -> the test functions of tests/fuzz that call fuzz(demo, "<api_name>", ...)."""
    found: dict[str, list[str]] = {}
    for path in sorted(FUZZ_DIR.glob("test_fuzz_*.py")):
        for test in ast.parse(path.read_text()).body:
            if not (isinstance(test, ast.FunctionDef) and test.name.startswith("test_")):
                continue
            for node in ast.walk(test):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "fuzz" and len(node.args) >= 2 \
                        and isinstance(node.args[1], ast.Constant):
                    found.setdefault(node.args[1].value, []).append(f"{path.name}::{test.name}")
    return found


def test_every_event_is_fuzzed_skipped_or_covered(events):
    # show_failure takes no inputs: it shows a failed event's message in its tab's status area
    missing = sorted(name for name, f in events.items() if f.fn is not None and f.fn is not show_failure
                     and name not in EXAMPLES and name not in SKIPPED and name not in COVERED)
    assert not missing, (f"events with a callback that nothing fuzzes: {missing}. Add each to EXAMPLES in "
                         "tests/fuzz/fuzzing.py with a test that fuzzes it, or (a private event that runs only "
                         "callbacks of fuzzed endpoints) to COVERED, or say in SKIPPED why not.")


def test_every_listed_name_is_an_event(events):
    stale = sorted(name for name in [*EXAMPLES, *SKIPPED, *COVERED] if name not in events)
    assert not stale, f"names in EXAMPLES, SKIPPED or COVERED that are no event of the app: {stale}"
    both = sorted((set(EXAMPLES) & set(SKIPPED)) | (set(EXAMPLES) & set(COVERED)) | (set(SKIPPED) & set(COVERED)))
    assert not both, f"listed twice: {both}"


def test_every_endpoint_in_examples_has_a_test():
    tests = fuzzed_in_tests()
    untested = sorted(set(EXAMPLES) - set(tests))
    assert not untested, f"in EXAMPLES but no test in tests/fuzz calls fuzz(demo, name, ...): {untested}"
    unlisted = sorted(set(tests) - set(EXAMPLES))
    assert not unlisted, f"fuzzed in tests/fuzz but missing from EXAMPLES: {unlisted}"
    assert all(n >= 10 for n in EXAMPLES.values()), "fewer than 10 examples do not find much"


@pytest.mark.parametrize("name", sorted(COVERED))
def test_covered_events_run_only_fuzzed_callbacks(events, name):
    """A covered event is private and runs nothing but the callbacks of the endpoints it names, which are fuzzed."""
    event = events[name]
    assert event.api_visibility == "private", f"{name} is {event.api_visibility}: a public endpoint is fuzzed itself"
    by = COVERED[name] if isinstance(COVERED[name], tuple) else (COVERED[name],)
    assert set(by) <= set(EXAMPLES), f"{name} is covered by {by}, not all of them fuzzed"
    fuzzed = {id(c) for endpoint in by for c in callbacks(events[endpoint])}
    runs = callbacks(event)
    assert runs and all(id(c) in fuzzed for c in runs), \
        f"{name} runs {[c.__name__ for c in runs]}, not all of them run by {by}"
