"""Both languages have every key, with the same placeholders; every key the code uses exists."""
import importlib
import re
import string
from pathlib import Path

from playground.i18n import EN, ZH, language_from_header, message
from playground.lessons import GROUPS, LESSONS

ROOT = Path(__file__).resolve().parents[2] / "playground"


def _fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_same_keys_in_both_languages():
    assert set(EN) == set(ZH)


def test_same_placeholders_in_both_languages():
    for key in EN:
        assert _fields(EN[key]) == _fields(ZH[key]), key


PROPER_NAMES = {"architecture_group_transformer", "optimizer_adagrad", "optimizer_rmsprop", "train_mistake_caption", "activations_act_sigmoid",
                "activations_act_leaky_relu", "optimizers_race_formula", "normalisation_norm_batch", "normalisation_norm_layer", "normalisation_fig_batch",
                "normalisation_fig_layer"}  # names and formulas, the same in Chinese


def test_chinese_strings_are_translated():
    same = [k for k in EN if EN[k] == ZH[k] and re.search(r"[a-z]{4}", EN[k]) and k not in PROPER_NAMES]
    assert same == [], same


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        used |= set(re.findall(r'PlaygroundError\(\s*"(\w+)"', text))
        used |= set(re.findall(r'I18N\(\s*"(\w+)"\s*[,)]', text))
        used |= set(re.findall(r'message\(\s*"(\w+)"\s*[,)]', text))
        used |= set(re.findall(r'whole_number\([^,]+,\s*"(\w+)"', text))
    missing = sorted(k for k in used if k not in EN)
    assert not missing and len(used) > 40


def test_keys_built_from_names_exist():
    from playground.core.train.spec import LOSSES, OPTIMIZERS, SCHEDULES
    keys = [f"optimizer_{o}" for o in OPTIMIZERS] + [f"train_sched_{s}" for s in SCHEDULES] + [f"train_loss_{x}" for x in LOSSES]
    keys += [f"train_status_{s}" for s in ("running", "done", "stopped", "time_limit", "diverged")]
    keys += [f"train_metric_{m}" for m in ("loss", "accuracy", "sequence_accuracy", "r2")]
    assert [k for k in keys if k not in EN] == []


def test_message_fills_placeholders_and_falls_back():
    assert message("too_long", "zh-CN", length=5, limit=4) == "长度为 5 的序列超过了本应用允许的上限（4）。"
    assert message("too_long", "fr", length=5, limit=4).startswith("A sequence of 5")
    assert message("no_such_key") == "no_such_key"


def test_language_from_header():
    assert language_from_header("zh-CN,zh;q=0.9,en;q=0.8") == "zh-CN"
    assert language_from_header("zh-TW") == "zh-CN"
    assert language_from_header("en-US,en;q=0.9") == "en"
    assert language_from_header(None) == "en"


PLAIN_TEXT = {"attention_pad", "attention_text_info"}  # a label and an info line: shown as text, never as HTML


def test_no_bare_angle_brackets_where_text_becomes_html():
    """Markdown and error toasts render HTML, so '<pad>' or '<name>' would vanish with the rest of the line;
    inside `code` they show as typed."""
    for table in (EN, ZH):
        for key, text in table.items():
            if key not in PLAIN_TEXT:
                assert not re.search(r"<[a-z\u4e00-\u9fff]+>", re.sub(r"`[^`]*`", "", text)), key


def test_each_lessons_text_keys_start_with_its_name():
    """One name per concept: lessons/<name>/text.py holds `tab_<name>` (its tab's label) and `<name>_...` keys."""
    for lesson in LESSONS:
        keys = importlib.import_module(lesson.text_module).TEXT
        assert f"tab_{lesson.name}" in keys, lesson.name
        strays = [k for k in keys if k != f"tab_{lesson.name}" and not k.startswith(lesson.name + "_")]
        assert strays == [], (lesson.name, strays)
    assert all(group.label == f"tab_{group.name}" and group.intro == f"{group.name}_intro" for group in GROUPS)


def test_keys_built_in_the_code_have_their_prefix_in_the_tables():
    """message("gan_fig_" + name, ...) and I18N(f"scene_{id}") build keys at run time: each such prefix names keys."""
    prefixes = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        prefixes |= set(re.findall(r"""\b(?:message|I18N|m)\(\s*f?["']([a-z0-9_]+_)(?:["']\s*\+|\{)""", text))
    assert len(prefixes) > 20
    orphans = sorted(p for p in prefixes if not any(k.startswith(p) for k in EN))
    assert orphans == [], orphans
