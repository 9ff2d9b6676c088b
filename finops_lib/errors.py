"""Errors that reach the user as one line and an exit status."""

from __future__ import annotations

__all__ = ["ExportError", "FinopsError", "OptionError", "SourceError", "ValidationFailed"]


class FinopsError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message and its fix, on one line."""
        text = self.message.rstrip(".")
        return f"{text}. {self.fix}" if self.fix else f"{text}."


class OptionError(FinopsError):
    """A flag, query parameter or notebook parameter has a bad value."""


class SourceError(FinopsError):
    """A cost source could not answer (credentials, permissions, throttling, bad files)."""


class ExportError(FinopsError):
    """An export could not be written."""


class ValidationFailed(FinopsError):
    """Strict validation failed: nothing is exported."""

    exit_code = 3
