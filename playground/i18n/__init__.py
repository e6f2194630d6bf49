"""Every user-facing string, in English and Simplified Chinese, under one key; message() fills in runtime values.

The text lives beside what shows it, as `TEXT = {key: (English, Chinese)}`: each lesson's `text.py`
(playground/lessons/<name>/text.py), the core's messages (core.py here: the keys of its PlaygroundErrors) and the
shell's (shell.py here: the app, the lecture bar, scenes, what several tabs share). This module gathers them into
one table per language; the UI wraps them in gr.I18n for labels. No gradio or torch: importing it is cheap.
"""
from __future__ import annotations

import importlib

from playground.lessons import LESSONS

from . import core, shell

LANGUAGES = ("en", "zh-CN")


def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(English, Chinese) of every key; a key defined in two places is an error."""
    sources = [("playground.i18n.shell", shell.TEXT), ("playground.i18n.core", core.TEXT)]
    sources += [(lesson.text_module, importlib.import_module(lesson.text_module).TEXT) for lesson in LESSONS]
    en: dict[str, str] = {}
    zh: dict[str, str] = {}
    where: dict[str, str] = {}
    for name, table in sources:
        for key, (english, chinese) in table.items():
            if key in en:
                raise ValueError(f"text key {key!r} defined in {where[key]} and {name}")
            en[key], zh[key], where[key] = english, chinese, name
    return en, zh


EN, ZH = _tables()
TEXT: dict[str, dict[str, str]] = {"en": EN, "zh-CN": ZH}


def language_from_header(accept_language: str | None) -> str:
    """'zh-CN,zh;q=0.9,en;q=0.8' -> 'zh-CN'; anything not Chinese -> 'en'."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh-CN" if first.startswith("zh") else "en"


def message(key: str, lang: str = "en", **params) -> str:
    """The text for `key` in `lang` (falling back to English), with {placeholders} filled in."""
    template = TEXT.get(lang, EN).get(key) or EN.get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
