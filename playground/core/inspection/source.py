"""The Python source of a registry model, assembled from its file and the playground model files it imports.
Core module: imports no gradio."""
from __future__ import annotations

import inspect
import re
import sys

from playground.core.models import resolve


def model_source(key: str) -> str | None:
    """The Python source of a registry model's file, preceded by the playground model files it imports."""
    entry = resolve(key)
    if entry is None or entry.source != "registry":
        return None
    module = sys.modules[entry.build.__module__]
    seen: list = []

    def visit(mod):
        for name in re.findall(r"^from \.(\w+) import", inspect.getsource(mod), re.M):
            dep = sys.modules.get(f"playground.core.models.{name}")
            if dep is not None and name != "registry" and dep not in seen:
                visit(dep)
        if mod not in seen:
            seen.append(mod)
    visit(module)
    parts = [f"# ---- playground/core/models/{m.__name__.rsplit('.', 1)[-1]}.py ----\n{inspect.getsource(m)}" for m in seen]
    return "\n\n".join(parts)
