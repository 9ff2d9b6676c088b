"""plain(): bill text shown as exactly its characters, never as Markdown; strip_controls for
table cells."""

from __future__ import annotations

import pytest

from finops_lib.ui.text import plain, strip_controls

JOINER = "\u2060"


@pytest.mark.parametrize(("raw", "shown"), [
    ("![i](http://host/x.png)", f"!\\[i\\](http{JOINER}\\://host/x.png)"),
    ("**bold** and `code`", "\\*\\*bold\\*\\* and \\`code\\`"),
    (":red[alarm]", "\\:red\\[alarm\\]"),
    ("_edge_ but snake_case", "\\_edge\\_ but snake_case"),
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("2026-11-26", "2026-11-26"),
    ("a@b.com", f"a\\@{JOINER}b.com"),
    ("www.example.com", f"www{JOINER}\\.example.com"),
    ("<script>", "\\<script\\>"),
    ("$5 # total", "\\$5 \\# total"),
])
def test_plain_escapes_exactly_what_could_become_markup(raw: str, shown: str) -> None:
    assert plain(raw) == shown


def test_plain_is_one_line_without_controls_or_bidi_marks() -> None:
    assert plain("line\nbreak\tand\u202eevil\u200f") == "line break andevil"
    assert plain(None) == ""
    assert plain(12.5) == "12\\.5"  # "12." would start an ordered list


def test_strip_controls_keeps_markup_but_drops_controls() -> None:
    assert strip_controls("**a**\x07\u2066b") == "**a** b"
    assert strip_controls(42) == 42 and strip_controls(None) is None
