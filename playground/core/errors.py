"""PlaygroundError: the one exception the core raises for bad user input; the UI translates it by key."""


class PlaygroundError(ValueError):
    """A user-facing error: `key` names a message in playground.i18n, `params` fill its placeholders."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{key}({detail})" if detail else key)
