"""Errors that reach the user as one line and an exit status."""

from __future__ import annotations

__all__ = ["ExportError", "FinopsError", "OptionError", "SourceError", "ValidationFailed",
           "one_line", "shown"]


class FinopsError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message and its fix, on one line (a value echoed from input never makes it
        longer than MAX_LINE_CHARS)."""
        text = self.message.rstrip(".")
        return one_line(f"{text}. {self.fix}" if self.fix else f"{text}.")


MAX_LINE_CHARS = 400


def one_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with a mark saying so."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[:limit]}… ({len(flat)} characters, cut)"


def shown(value: object, limit: int = 60) -> str:
    """A value from input as a message shows it: printable, and cut when long."""
    text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


class OptionError(FinopsError):
    """A flag, query parameter or notebook parameter has a bad value."""


class SourceError(FinopsError):
    """A cost source could not answer (credentials, permissions, throttling, bad files)."""


class ExportError(FinopsError):
    """An export could not be written."""


class ValidationFailed(FinopsError):
    """Strict validation failed: nothing is exported."""

    exit_code = 3
