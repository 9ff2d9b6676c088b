"""Errors reach the user as one line: message and fix joined, input shown printable and cut,
the exit status by kind."""

from __future__ import annotations

from finops_lib.errors import (
    MAX_LINE_CHARS,
    FinopsError,
    OptionError,
    SourceError,
    ValidationFailed,
    one_line,
    shown,
)


def test_message_and_fix_are_one_line() -> None:
    err = OptionError("bad --top-n value.", fix="use a whole number")
    assert err.one_line() == "bad --top-n value. use a whole number"
    assert str(err) == err.one_line()
    assert SourceError("no credentials").one_line() == "no credentials."


def test_long_and_multi_line_text_is_flattened_and_cut() -> None:
    assert one_line("first\n  second\tthird") == "first second third"
    cut = one_line("x" * (MAX_LINE_CHARS + 50))
    assert cut.startswith("x" * MAX_LINE_CHARS) and f"({MAX_LINE_CHARS + 50} characters, cut)" in cut
    assert "\n" not in FinopsError("a\nb" * 500).one_line()


def test_input_is_shown_printable_and_short() -> None:
    assert shown("evil\x1b[31m") == "evil?[31m"
    assert shown(["a", "b"]) == "a,b"
    assert shown("y" * 100).endswith("… (100 characters)")


def test_exit_status_by_kind() -> None:
    assert (OptionError("x").exit_code, SourceError("x").exit_code) == (2, 2)
    assert ValidationFailed("x").exit_code == 3
