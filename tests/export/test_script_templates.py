"""The training script's templates: every module in playground/export/script_parts/ imports and holds its marker,
and the scripts assembled from them compile with every name they read defined (the pyflakes check, by symtable)."""
import builtins
import importlib
import pkgutil
import symtable

import pytest

from playground.export import script_parts
from playground.export.script import training_script
from playground.export.script_parts import main, torchvision_raw
from playground.export.template import MARKER, script_part

TEMPLATES = sorted(m.name for m in pkgutil.iter_modules(script_parts.__path__))
PAIRS = [
    ("lenet5", "digits"),
    ("tiny_mlp", "spiral"),
    ("tiny_lstm", "brackets"),
    ("tiny_transformer", "reverse"),   # encoder-decoder
    ("tiny_gpt", "reverse"),           # decoder-only
    ("tiny_seq2seq", "copy"),
    ("tiny_rnn", "sine"),
    ("timm/resnet18", "digits"),
    ("torchvision/resnet18", "shapes"),
    ("lenet5", "mnist"),               # downloaded by torchvision: the --data-dir blocks
]


def undefined_names(source: str, filename: str) -> set[str]:
    """Names the code reads as globals that it neither assigns, imports nor defines, and that are no builtins."""
    top = symtable.symtable(source, filename, "exec")
    defined = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()} | set(dir(builtins))
    missing = {s.get_name() for s in top.get_symbols() if s.is_referenced()} - defined
    tables = list(top.get_children())
    while tables:
        table = tables.pop()
        tables += table.get_children()
        missing |= {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()} - defined
    return missing


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_imports_and_has_its_marker(name):
    module = importlib.import_module(f"playground.export.script_parts.{name}")
    for remote in (False, True):
        part = script_part(module, flags={"torchvision": remote})
        compile(part, f"{name}.py", "exec")
        assert "# exporter:" not in part and MARKER not in part


def test_placeholders_are_written_in_and_blocks_chosen():
    part = script_part(torchvision_raw, {"TORCHVISION_CLASS": "CIFAR10"})
    assert "getattr(torchvision.datasets, 'CIFAR10')" in part and "TORCHVISION_CLASS" not in part
    local, remote = (script_part(main, flags={"torchvision": r}) for r in (False, True))
    assert '"--data-dir"' not in local and "load_data(args.seed, args.limit))" in local
    assert '"--data-dir"' in remote and "load_data(args.seed, args.limit, args.data_dir))" in remote
    with pytest.raises(RuntimeError):
        script_part(main, {"NOT_A_PLACEHOLDER": 1}, flags={"torchvision": False})


def test_the_check_finds_an_undefined_name():
    assert undefined_names("import math\n\ndef f(x):\n    return math.pi * x + y\n", "t.py") == {"y"}


@pytest.mark.parametrize("key, dataset", PAIRS)
def test_generated_script_compiles_with_every_name_defined(key, dataset):
    text = training_script(key, dataset)
    compile(text, f"{key}_{dataset}_train.py", "exec")
    assert undefined_names(text, f"{key}_{dataset}_train.py") == set()
