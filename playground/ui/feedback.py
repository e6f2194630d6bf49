"""How the UI speaks to the user: the gr.I18n table for labels, the request's language for runtime text, and
PlaygroundError turned into gr.Error so that bad input never shows a traceback."""
from __future__ import annotations

import functools
import html
import inspect
import logging
import threading
from collections import OrderedDict
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


class ErrorMemo:
    """The last error message of each page (gradio's session hash), for the failure event that shows it; bounded,
    so that pages that never come back cost nothing."""

    def __init__(self, size: int = 2000):
        self._size = size
        self._messages: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, request: gr.Request | None, text: str) -> None:
        session = getattr(request, "session_hash", None)
        if session is None:
            return
        with self._lock:
            self._messages[session] = text
            self._messages.move_to_end(session)
            while len(self._messages) > self._size:
                self._messages.popitem(last=False)

    def take(self, request: gr.Request | None) -> str | None:
        with self._lock:
            return self._messages.pop(getattr(request, "session_hash", None), None)


ERRORS = ErrorMemo()


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


def _values(params: dict) -> str:
    """A refused input's values for the log, each cut to 80 characters: 'text='3x' limit=4'."""
    return " ".join(f"{k}={str(v)[:80]!r}" for k, v in params.items())


def user_errors(fn):
    """Decorator for callbacks: PlaygroundError -> gr.Error in the user's language, logged as one INFO line (its
    key and values); anything unexpected is logged with its traceback and reported as an internal error, so the
    page never shows a traceback and the app keeps running. The callback needs a `request: gr.Request` parameter
    for the language."""
    def translate(e: Exception, args, kwargs) -> gr.Error:
        request = _find_request(args, kwargs)
        lang = language_of(request)
        if isinstance(e, PlaygroundError):  # the visitor's input: one line, no traceback (Gradio's own is off)
            log.info("%s: input refused: %s %s", fn.__name__, e.key, _values(e.params))
            text = message(e.key, lang, **e.params)
            ERRORS.remember(request, text)  # the status area shows our words; the toast adds the library's
            return gr.Error(text + library_detail(e.params.get("detail"), lang), title=message("error_title", lang),
                            print_exception=False)
        log.error("callback %s failed", fn.__name__, exc_info=e)
        text = message("internal_error", lang)
        ERRORS.remember(request, text)
        return gr.Error(text + library_detail(type(e).__name__, lang))

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
