"""What a visitor takes home from the Architecture tab: the layer table as CSV and as Markdown, the model's source,
safe file names, and the download folder the UI serves (the Train tab writes there too). No gradio here."""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import time
from pathlib import Path

from playground.core.inspection.table import TABLE_COLUMNS, Report

DOWNLOADS = Path(tempfile.gettempdir()) / "playground-downloads"
DOWNLOAD_MAX_AGE = 3600.0  # seconds; Gradio copies returned files into its own cache as the event's output is sent


def download_folder(max_age: float = DOWNLOAD_MAX_AGE) -> Path:
    """A fresh folder for files a visitor takes home, under DOWNLOADS; the folders there older than max_age seconds
    are removed first, so that exports and training runs do not leave a folder behind for good each."""
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in DOWNLOADS.glob("playground-*"):
        try:
            if now - old.stat().st_mtime > max_age:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:  # removed meanwhile by another process
            pass
    return Path(tempfile.mkdtemp(prefix="playground-", dir=DOWNLOADS))


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
    lines = [f"**{report.title}** (`{report.key}`), input {shape}: {t.total_params:,} parameters, "
             f"{t.macs:,} multiply-adds", "",
             "| " + " | ".join(TABLE_COLUMNS) + " |", "|" + "---|" * len(TABLE_COLUMNS)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in report.table()]
    return "\n".join(lines) + "\n"


def file_stem(key: str) -> str:
    """'timm/vit_base_patch16_224' -> 'timm_vit_base_patch16_224': a name safe on every file system."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key).strip("_") or "model"


def write_exports(report: Report, source: str, folder: Path, script: str | None = None) -> list[Path]:
    """<model>_layers.csv, <model>_layers.md, <model>.py and, when given, the training script <model>_train.py
    in folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report.key)
    files = {f"{stem}_layers.csv": table_csv(report), f"{stem}_layers.md": table_markdown(report), f"{stem}.py": source}
    if script is not None:
        files[f"{stem}_train.py"] = script
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
