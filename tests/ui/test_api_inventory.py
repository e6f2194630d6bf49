"""The app's API does not change by accident: every public endpoint keeps its api_name and its parameter names in
their order, and every named private event keeps its name (links, the page's script and the tests call them).
api_inventory.json froze the inventory before the code was laid out in lessons (issue 19); a new endpoint may be
added, and is then added to the file."""
import json
from pathlib import Path

import pytest

FROZEN = json.loads((Path(__file__).with_name("api_inventory.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def inventory(app):
    demo = app
    info = demo.get_api_info()
    public = {name.lstrip("/"): [p["parameter_name"] for p in endpoint["parameters"]]
              for name, endpoint in info["named_endpoints"].items()}
    names = {f.api_name for f in demo.fns.values() if f.api_name}
    return public, names


def test_every_public_endpoint_keeps_its_name_and_parameters(inventory):
    public, _ = inventory
    missing = sorted(set(FROZEN["public"]) - set(public))
    assert not missing, f"public endpoints removed or renamed: {missing}"
    changed = {name: (params, public[name]) for name, params in FROZEN["public"].items() if public[name] != params}
    assert not changed, f"parameters changed (frozen, now): {changed}"


def test_every_named_private_event_keeps_its_name(inventory):
    public, names = inventory
    missing = sorted(set(FROZEN["private"]) - names)
    assert not missing, f"private events removed or renamed: {missing}"
    assert not set(FROZEN["private"]) & set(public), "a private event became public"


def test_the_inventory_is_not_empty():
    assert len(FROZEN["public"]) >= 49 and len(FROZEN["private"]) >= 79
