"""README tells the truth: its model table matches the inspection, and CI runs the Quickstart's test command."""
import re
from pathlib import Path

import pytest

from playground.core.inspection.table import inspect_model
from playground.core.models import list_models

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _quickstart_commands():
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, re.S)


def test_quickstart_has_two_commands_and_ci_runs_the_test_command():
    install, test = _quickstart_commands()
    assert "pip install" in install and "app.py" in install
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text()


def test_spaces_front_matter():
    head = README.split("---")[1]
    for key in ("sdk: gradio", "sdk_version:", "app_file: app.py", "python_version:"):
        assert key in head


ROWS = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| [^|]+ \| ([\d,]+) \|", README, re.M))


def test_model_table_lists_every_registry_model():
    assert set(ROWS) == set(list_models())


@pytest.mark.parametrize("key", sorted(ROWS))
def test_model_table_parameters(key):
    assert int(ROWS[key].replace(",", "")) == inspect_model(key).totals.total_params
