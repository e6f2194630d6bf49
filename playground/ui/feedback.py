"""How the UI speaks to the user: the gr.I18n table for labels, the request's language for runtime text, and
PlaygroundError turned into gr.Error so that bad input never shows a traceback."""
from __future__ import annotations

import functools
import html
import inspect
import logging
from http.cookies import CookieError, SimpleCookie

import gradio as gr

from playground.core.errors import PlaygroundError
from playground.core.validate import real, whole
from playground.i18n import EN, LANGUAGES, ZH, language_from_header, message

log = logging.getLogger("playground")

# zh-CN is the key Gradio matches for Simplified Chinese browsers; zh covers a bare "zh" locale.
I18N = gr.I18n(**{"en": EN, "zh-CN": ZH, "zh": ZH})


def human_bytes(n: int) -> str:
    """1536 -> '1.5 KiB'."""
    for factor, suffix in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if n >= factor:
            return f"{n / factor:.3g} {suffix}"
    return f"{n} B"


LANGUAGE_COOKIE = "pg_lang"  # set by the page's language switch (assets/playground.js)


def language_of(request: gr.Request | None) -> str:
    """The language the page's switch chose (a cookie), else 'zh-CN' when the browser (or client) prefers
    Chinese, else 'en'."""
    headers = getattr(request, "headers", None)
    if headers is None:
        return "en"
    chosen = SimpleCookie()
    try:
        chosen.load(headers.get("cookie") or "")
    except CookieError:
        pass
    if LANGUAGE_COOKIE in chosen and chosen[LANGUAGE_COOKIE].value in LANGUAGES:
        return chosen[LANGUAGE_COOKIE].value
    return language_from_header(headers.get("accept-language"))


def read_number(value, name: str, lang: str, *, whole_number: bool = False, default=None):
    """A slider's or number box's value as a float, or an int when whole_number; None is `default` when one is
    given. Anything else that is no finite (whole) number, which only an API call can send, raises the message
    that names the setting: `name` is its label's i18n key (or the label itself)."""
    if value is None and default is not None:
        return default
    number = whole(value) if whole_number else real(value)
    if number is None:
        shown = repr(value) if isinstance(value, str) else str(value)
        raise PlaygroundError("setting_not_whole" if whole_number else "setting_not_number", name=message(name, lang),
                              value=shown if len(shown) <= 40 else shown[:40] + "…")
    return number


def library_detail(detail, lang: str) -> str:
    """A library's own words (a PyTorch or timm exception, in English) after our message, folded away in a
    <details> block so that a message in Chinese never carries English mid-sentence; '' when there are none."""
    if detail is None or not str(detail).strip():
        return ""
    return (f"\n\n<details><summary>{message('error_detail', lang)}</summary>"
            f"<code>{html.escape(str(detail)[:300])}</code></details>")


def _find_request(args, kwargs) -> gr.Request | None:
    for v in list(args) + list(kwargs.values()):
        if isinstance(v, gr.Request):
            return v
    return None


def user_errors(fn):
    """Decorator for callbacks: PlaygroundError -> gr.Error in the user's language; anything unexpected is
    logged and reported as an internal error, so the page never shows a traceback and the app keeps running.
    The callback needs a `request: gr.Request` parameter for the language."""
    def translate(e: Exception, args, kwargs) -> gr.Error:
        lang = language_of(_find_request(args, kwargs))
        if isinstance(e, PlaygroundError):
            text = message(e.key, lang, **e.params) + library_detail(e.params.get("detail"), lang)
            return gr.Error(text, title=message("error_title", lang))
        log.error("callback %s failed", fn.__name__, exc_info=e)
        return gr.Error(message("internal_error", lang) + library_detail(type(e).__name__, lang))

    if inspect.isgeneratorfunction(fn):  # streaming callbacks fail while they are iterated, not when called
        @functools.wraps(fn)
        def streaming(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as e:  # noqa: BLE001 - last line of defence for the user's session
                raise translate(e, args, kwargs) from None
        return streaming

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001 - last line of defence for the user's session
            raise translate(e, args, kwargs) from None
    return wrapper
