"""The Playground's own code copied into the training script: a registry model's source made standalone, a
function's source, and the data functions of playground/core/data/ a loader needs, found by name."""
from __future__ import annotations

import ast
import inspect as pyinspect
import re
import textwrap

from playground.core.data import generators, images, torchvision_sets, vocab
from playground.core.inspection.source import model_source

_SCRIPT_MODULES = {"np", "torch", "F", "math", "zlib"}  # what the script imports for the inlined data code
_DATA_MODULES = (vocab, generators, torchvision_sets, images)  # where the functions a loader needs are defined


def _drop_lines(source: str, spans: list[tuple[int, int]]) -> str:
    gone = {i for a, b in spans for i in range(a, b + 1)}
    return "\n".join(line for i, line in enumerate(source.splitlines(), start=1) if i not in gone)


def standalone_model_source(key: str) -> tuple[list[str], str]:
    """model_source(key) as one importable file -> (its import lines, the rest): no relative imports, no
    `from __future__`, and no @register decorators (app metadata); a no-op register stays for builders that call
    it themselves."""
    source = model_source(key)
    lines = source.splitlines()
    imports, spans = [], []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            spans.append((node.lineno, node.end_lineno))
            if not (isinstance(node, ast.ImportFrom) and (node.level or node.module == "__future__")):
                imports.append(" ".join(line.strip() for line in lines[node.lineno - 1:node.end_lineno]))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for d in node.decorator_list:
                target = d.func if isinstance(d, ast.Call) else d
                if isinstance(target, ast.Name) and target.id == "register":
                    spans.append((d.lineno, d.end_lineno))
    body = re.sub(r"\n{3,}", "\n\n\n", _drop_lines(source, spans)).strip() + "\n"
    if re.search(r"\bregister\(", body):
        body = ("def register(**_):\n    \"\"\"The Playground's model registry, reduced to handing the builder back."
                "\"\"\"\n    return lambda build: build\n\n\n" + body)
    return imports, body


def function_source(fn) -> str:
    """A module-level function's source without its decorators."""
    fn = pyinspect.unwrap(fn)
    source = textwrap.dedent(pyinspect.getsource(fn))
    node = ast.parse(source).body[0]
    return "\n".join(source.splitlines()[node.lineno - 1:]) if node.decorator_list else source.rstrip()


def _global_loads(source: str) -> set[str]:
    """Names a function reads that it neither takes nor assigns: the module globals it depends on."""
    fn = ast.parse(source).body[0]
    local = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    local |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - local


def data_source(names: list[str], override: dict[str, str]) -> str:
    """Constants, then functions of playground/core/data/ that `names` need (dependencies found by name, each in the
    module of the function that reads it), copied verbatim; `override` gives script versions of functions that
    reach outside (downloads, errors)."""
    data_globals = {name: obj for module in _DATA_MODULES for name, obj in vars(module).items()}
    homes = {module.__name__ for module in _DATA_MODULES}
    constants: dict[str, str] = {}
    functions: dict[str, str | None] = {}

    def visit(name: str, namespace: dict):
        if name in constants or name in functions or name in _SCRIPT_MODULES or name not in namespace:
            return
        obj = namespace[name]
        if name in override:
            functions[name] = None
            source, deps_namespace = override[name], data_globals
        elif callable(obj) and getattr(pyinspect.unwrap(obj), "__module__", "") in homes:
            functions[name] = None  # placeholder while its dependencies are visited
            source, deps_namespace = function_source(obj), pyinspect.unwrap(obj).__globals__
        elif isinstance(obj, (bool, int, float, str, tuple)):
            constants[name] = f"{name} = {obj!r}"
            return
        else:
            raise RuntimeError(f"data.{name} cannot be copied into a standalone script")
        for dep in sorted(_global_loads(source)):
            visit(dep, deps_namespace)
        functions[name] = source

    for name in names:
        visit(name, data_globals)
    return "\n".join(constants.values()) + "\n\n\n" + "\n\n\n".join(functions.values())
