"""The boxes of a model's block diagram, picked from an inspection's layer rows. Core module: imports no gradio."""
from __future__ import annotations

from dataclasses import dataclass

from .table import Report, format_shape


@dataclass(frozen=True)
class Stage:
    """One box of the block diagram."""
    name: str
    kind: str
    output_shape: str
    params: int


_PLUMBING = {"ReLU", "ReLU6", "GELU", "SiLU", "Tanh", "Sigmoid", "Dropout", "Identity", "Flatten", "DropPath",
             "LeakyReLU", "Hardswish", "Softmax"}


def stages(report: Report, limit: int = 40) -> list[Stage]:
    """Boxes for a block diagram, in execution order: the model's top-level parts (the children of containers
    that never run themselves, such as an nn.ModuleList of blocks, stand in for them), or one level deeper when
    there are only a few. Activations, dropout and flatten are left out."""
    ran = {r.name for r in report.rows}

    def parent(name):
        return name.rsplit(".", 1)[0] if "." in name else ""

    def level(rows, depth, under=""):
        picked = []
        for r in rows:
            if r.kind in _PLUMBING or not r.name.startswith(under):
                continue
            up = parent(r.name)
            if r.depth == depth or (r.depth == depth + 1 and up not in ran):
                picked.append(r)
        return picked

    chosen = level(report.rows, 1)
    if len(chosen) < 4 and report.max_depth >= 2:
        deeper = []
        for r in chosen:
            deeper.extend(level(report.rows, 2, r.name + ".") or [r])
        chosen = deeper
    return [Stage(r.name, r.kind, format_shape(r.output_shape, r.n_outputs), r.params) for r in chosen[:limit]]
