"""What a visitor takes home from the Architecture tab: the layer table as CSV and as Markdown, and the model's
source, written as files into a folder the UI serves. No gradio here."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .inspection import TABLE_COLUMNS, Report


def table_csv(report: Report) -> str:
    """Every row of the layer table (all depths) under TABLE_COLUMNS, comma-separated, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    writer.writerows(report.table())
    return out.getvalue()


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")  # a bare | would end the cell


def table_markdown(report: Report) -> str:
    """The layer table as a Markdown table, after a line naming the model, its input shape and its totals."""
    t = report.totals
    shape = "x".join(str(s) for s in report.input_shape)
    lines = [f"**{report.title}** (`{report.key}`), input {shape}: {t['total_params']:,} parameters, "
             f"{t['macs']:,} multiply-adds", "",
             "| " + " | ".join(TABLE_COLUMNS) + " |", "|" + "---|" * len(TABLE_COLUMNS)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in report.table()]
    return "\n".join(lines) + "\n"


def file_stem(key: str) -> str:
    """'timm/vit_base_patch16_224' -> 'timm_vit_base_patch16_224': a name safe on every file system."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key).strip("_") or "model"


def write_exports(report: Report, source: str, folder: Path) -> list[Path]:
    """<model>_layers.csv, <model>_layers.md and <model>.py in folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report.key)
    files = {f"{stem}_layers.csv": table_csv(report), f"{stem}_layers.md": table_markdown(report), f"{stem}.py": source}
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
