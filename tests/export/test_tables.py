"""Exports of the Architecture tab: the CSV reads back as the layer table, the Markdown table has a row per layer
and survives cells with a pipe, and the files land with safe names."""
import csv
import io

from playground.core.inspection.table import TABLE_COLUMNS, inspect_model
from playground.export.tables import file_stem, table_csv, table_markdown, write_exports


def test_csv_reads_back_as_the_table():
    report = inspect_model("resnet18")
    rows = list(csv.reader(io.StringIO(table_csv(report))))
    assert rows[0] == TABLE_COLUMNS
    assert rows[1:] == [[str(v) for v in row] for row in report.table()]
    assert len(rows) - 1 == len(report.rows)


def test_markdown_has_a_row_per_layer_and_the_totals():
    report = inspect_model("lenet5", "1x32x32")
    text = table_markdown(report)
    lines = text.strip().split("\n")
    assert "61,706 parameters" in lines[0] and "1x1x32x32" in lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(report.rows)
    assert all(line.count(" | ") - line.count("\\|") == len(TABLE_COLUMNS) - 1 for line in table[2:])


def test_file_names_and_writing(tmp_path):
    assert file_stem("timm/vit_base_patch16_224") == "timm_vit_base_patch16_224"
    assert file_stem("../..") == ".._.."
    report = inspect_model("tiny_transformer")
    paths = write_exports(report, "# source\n", tmp_path / "out")
    assert [p.name for p in paths] == ["tiny_transformer_layers.csv", "tiny_transformer_layers.md",
                                       "tiny_transformer.py"]
    assert all(p.parent == tmp_path / "out" and p.stat().st_size > 0 for p in paths)
