"""The core (everything outside playground/ui) never imports gradio, so it runs and tests without it."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "playground"


def test_core_does_not_import_gradio():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "ui" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] == "gradio" for n in names):
                offenders.append(str(path))
    assert not offenders


def test_forward_hooks_are_removed_after_inspection():
    from playground.inspection import build_on_meta, inspect_model
    from playground.models import get_entry
    import torch.nn as nn
    inspect_model("resnet18")
    model = build_on_meta(get_entry("resnet18"))
    from playground.inspection import example_inputs, trace_module
    trace_module(model, example_inputs(get_entry("resnet18"), (1, 3, 64, 64)))
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert isinstance(model, nn.Module)
