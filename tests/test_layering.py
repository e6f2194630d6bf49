"""The layers, checked by path: core (torch / numpy) <- figures (plotly) <- export <- lessons <- ui (the shell).

- playground/core never imports gradio or plotly, nor anything of the playground outside core;
- playground/figures never imports gradio, nor the playground outside figures;
- a lesson's modules import core, figures, export and their own lesson, never another lesson; only its tab-level
  modules (is_tab_module: tab.py, its callbacks.py, and the <part>_tab.py modules that lay out and wire one part of
  a larger tab) import gradio and the shell's primitives (playground.ui);
- nothing imports a private name (`_x`) of another module, and no import of the playground hides inside a function
  (the old way to dodge an import cycle).
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "playground"
FILES = sorted(PACKAGE.rglob("*.py"))
# Left to later steps of issue 19 (then this list is empty): the Labs' text still reads its core modules'
# messages.
PENDING = {"playground/i18n_labs.py"}
TAB_MODULES = ("tab.py", "callbacks.py")  # a lesson's modules that may import gradio and playground.ui


def is_tab_module(name: str) -> bool:
    """A lesson's tab.py, its callbacks.py, or a `<part>_tab.py` that lays out and wires one part of its tab."""
    return name in TAB_MODULES or name.endswith("_tab.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.AST, path: Path) -> list[tuple[str, str | None]]:
    """(absolute module, imported name or None) of an import statement."""
    if isinstance(node, ast.Import):
        return [(a.name, None) for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
    else:
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            package = package.rsplit(".", 1)[0]
        base = package + ("." + node.module if node.module else "")
    return [(base, a.name) for a in node.names]


def imports_of(path: Path) -> list[tuple[str, str | None, int]]:
    """(module, name, line) for every import in the file; a name that is itself a module is folded into it."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        for module, name in imported(node, path):
            if name is not None and (PACKAGE.parent / Path(*f"{module}.{name}".split("."))).with_suffix(".py").exists():
                module, name = f"{module}.{name}", None
            elif name is not None and (PACKAGE.parent / Path(*f"{module}.{name}".split("."))).is_dir():
                module, name = f"{module}.{name}", None
            out.append((module, name, node.lineno))
    return out


def allowed(path: Path, module: str) -> bool:
    """May the file at `path` import `module`?"""
    top = module.split(".")[0]
    parts = path.relative_to(PACKAGE).parts
    layer = parts[0] if len(parts) > 1 else "package"
    if layer == "core":
        return top not in ("gradio", "plotly") and (top != "playground" or module.startswith("playground.core"))
    if layer == "figures":
        return top != "gradio" and (top != "playground" or module.startswith("playground.figures"))
    if layer == "export":
        return top not in ("gradio", "plotly") and (top != "playground" or module.startswith(
            ("playground.core", "playground.export")))
    if layer == "lessons" and parts[-1] == "text.py":  # strings only
        return top != "playground" and top not in ("gradio", "torch", "plotly")
    if layer == "i18n":  # the loader reads the lesson registry and each lesson's text.py, nothing heavier
        return top not in ("gradio", "torch", "plotly") and (top != "playground" or module.startswith(
            "playground.i18n") or module == "playground.lessons")
    if layer == "lessons" and len(parts) > 2:
        lesson, is_tab = parts[1], is_tab_module(parts[-1])
        if top == "gradio" or module.startswith("playground.ui"):
            return is_tab and module != "playground.ui"
        if module.startswith("playground.lessons."):
            return module.split(".")[2] == lesson
        return True
    return True


def test_each_layer_imports_only_the_layers_below_it():
    offenders = [f"{path.relative_to(ROOT)}:{line} imports {module}" for path in FILES
                 if str(path.relative_to(ROOT)) not in PENDING
                 for module, _, line in imports_of(path) if not allowed(path, module)]
    assert not offenders, "\n".join(offenders)


def test_no_private_name_is_imported_from_another_module():
    offenders = [f"{path.relative_to(ROOT)}:{line} {module}.{name}" for path in FILES
                 for module, name, line in imports_of(path)
                 if module.startswith("playground") and name and name.startswith("_") and name != "__version__"]
    assert not offenders, "\n".join(offenders)


def test_no_import_of_the_playground_hides_inside_a_function():
    offenders = []
    for path in FILES:
        if str(path.relative_to(ROOT)) in PENDING:
            continue
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(fn)
                              for module, _ in imported(node, path) if module.startswith("playground")]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("bad", ["playground/core/x.py:gradio", "playground/core/x.py:playground.lessons.cnn",
                                 "playground/figures/x.py:gradio", "playground/lessons/cnn/compute.py:gradio",
                                 "playground/lessons/cnn/tab.py:playground.lessons.gates.compute",
                                 "playground/lessons/cnn/compute.py:playground.ui.feedback",
                                 "playground/lessons/train/views.py:gradio",
                                 "playground/lessons/attention/subjects.py:gradio",
                                 "playground/export/x.py:plotly", "playground/i18n/x.py:torch",
                                 "playground/lessons/cnn/text.py:playground.lessons.cnn.compute"])
def test_the_rules_catch_a_wrong_direction(bad):
    path, module = bad.split(":")
    assert not allowed(ROOT / path, module)


def test_the_text_loads_without_torch_or_gradio():
    """playground.i18n and every lesson's text.py: strings only, so a translator's check is instant."""
    code = ("import sys, playground.i18n; bad = [m for m in ('torch', 'gradio', 'plotly') if m in sys.modules]; "
            "assert not bad, bad; print(len(playground.i18n.EN))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 900


MAX_MODULE_LINES = 400  # text data (the text.py tables, i18n/core.py, i18n/shell.py) aside
MAX_FUNCTION_LINES = 60
TEXT_DATA = {"text.py", "core.py", "shell.py"}


def is_text_data(path: Path) -> bool:
    rel = path.relative_to(PACKAGE).parts
    return (rel[0] == "lessons" and rel[-1] == "text.py") or (rel[0] == "i18n" and rel[-1] in TEXT_DATA)


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in FILES if not is_text_data(p)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_no_function_is_over_60_lines():
    long = []
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, "\n".join(long)


def test_forward_hooks_are_removed_after_inspection():
    import torch.nn as nn

    from playground.core.inspection.table import build_on_meta, example_inputs, inspect_model
    from playground.core.inspection.trace import trace_module
    from playground.core.models import get_entry
    inspect_model("resnet18")
    model = build_on_meta(get_entry("resnet18"))
    trace_module(model, example_inputs(get_entry("resnet18"), (1, 3, 64, 64)))
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert isinstance(model, nn.Module)
