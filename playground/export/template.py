"""The training script's fixed code, read from the template modules in script_parts/ (each is importable Python
whose lines below MARKER are copied), and the section titles and settings literals the exporter writes around it."""
from __future__ import annotations

import inspect as pyinspect
import re
from types import ModuleType

MARKER = "# ==== the training script, from here on ===="
_BLOCK = re.compile(r"[ \t]*# exporter: (?:if (\w+)|(else)|(end))[ \t]*")


def script_part(module: ModuleType, constants: dict | None = None, flags: dict[str, bool] | None = None) -> str:
    """The code below MARKER in `module`'s source, without surrounding blank lines.

    Args:
        constants: placeholder constants of the template written in as literals: NAME -> repr(value).
        flags: which `# exporter: if FLAG` ... `# exporter: else` ... `# exporter: end` blocks to keep.
    """
    source = pyinspect.getsource(module)
    head, found, code = source.partition(MARKER + "\n")
    if not found:
        raise RuntimeError(f"{module.__name__} has no line {MARKER!r}")
    code = _select_blocks(code, flags or {}).strip("\n")
    for name, value in (constants or {}).items():
        code, n = re.subn(rf"\b{name}\b", lambda _: repr(value), code)
        if n == 0 or not re.search(rf"^{name} = ", head, re.M):
            raise RuntimeError(f"{module.__name__}: {name} is no placeholder constant used below the marker")
    return code


def _select_blocks(code: str, flags: dict[str, bool]) -> str:
    """The lines of `code` outside any `# exporter:` block, and those of the blocks its flags choose."""
    kept, keep = [], True
    for line in code.splitlines(keepends=True):
        match = _BLOCK.fullmatch(line.rstrip("\n"))
        if match is None:
            if keep:
                kept.append(line)
        elif match[1]:
            keep = flags[match[1]]
        elif match[2]:
            keep = not keep
        else:
            keep = True
    return "".join(kept)


def section(title: str) -> str:
    """The comment line that opens a part of the script."""
    return f"\n\n# {'=' * 115}\n# {title}\n\n"


def dict_literal(name: str, value: dict, comment: str = "") -> str:
    """NAME = dict(a=1, b=2) wrapped at 120 characters."""
    items = [f"{k}={v!r}" for k, v in value.items()]
    one = f"{name} = dict({', '.join(items)})" + (f"  # {comment}" if comment else "")
    if len(one) <= 120:
        return one
    lines, line = [], "   "
    for item in items:
        if len(line) + len(item) + 2 > 116:
            lines.append(line.rstrip())
            line = "   "
        line += f" {item},"
    lines.append(line.rstrip())
    return (f"# {comment}\n" if comment else "") + f"{name} = dict(\n" + "\n".join(lines) + "\n)"
