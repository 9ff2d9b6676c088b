"""The one escaping helper for text from bills (names, tags, labels, notices) drawn in the app.

Streamlit renders most text arguments as Markdown (GitHub-flavoured, plus its own `:red[…]`,
`:emoji:` and `$math$`): an account named `![i](http://host/x.png)` would make every viewer's
browser fetch that image. `plain` turns any text into Markdown that displays exactly those
characters and can never become an image, link, HTML, emphasis, code or a directive.
Characters that cannot start markup where they stand (a hyphen inside a date, an underscore
inside a word) are left alone so the source stays readable. Streamlit turns bare URLs and e-mail
addresses into links after escapes are resolved, so those get an invisible word joiner
(U+2060) where the link pattern would match: `http⁠://`, `www⁠.`, `a@⁠b`.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["plain", "strip_controls"]

# Always markup: links and images ([ ]), HTML and autolinks (< >), emphasis and strikethrough
# (* ~), code (`), math ($), headings (#), e-mail autolinks (@) and the escape itself.
_ALWAYS = re.compile(r"([\\`*~\[\]<>$#@|])")
# Only markup in some places: _ at a word edge (emphasis), ':' before a letter or slash
# (':red[', ':smile:', 'http://'), 'www.' (autolink literal), block markers at the start.
_UNDERSCORE_EDGE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_COLON_BEFORE_TEXT = re.compile(r":(?=[A-Za-z/])")
_WWW = re.compile(r"(?i)\b(www)\.")
_JOINER = "\u2060"  # WORD JOINER: invisible, but no URL or e-mail pattern runs across it
_BLOCK_START = re.compile(r"^(\s*)([-+=>]|\d+)([.)]?)")
# Bidirectional overrides and isolates could make a name display as something else.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def plain(value: Any) -> str:
    """`value` as Markdown that shows exactly its text (one line, no controls or bidi marks)."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub(" ", _BIDI.sub("", text)).replace("://", _JOINER + "://")
    text = _ALWAYS.sub(r"\\\1", text).replace("\\@", "\\@" + _JOINER)
    text = _UNDERSCORE_EDGE.sub(r"\\_", text)
    text = _COLON_BEFORE_TEXT.sub(r"\\:", text)
    text = _WWW.sub(r"\1" + _JOINER + r"\\.", text)
    return _BLOCK_START.sub(_block_start, text, count=1)


def _block_start(match: re.Match[str]) -> str:
    indent, marker, punct = match.groups()
    if marker.isdigit():  # "1." opens an ordered list; "1\." does not
        return f"{indent}{marker}\\{punct}" if punct else match.group(0)
    return f"{indent}\\{marker}{punct}"


def strip_controls(value: Any) -> Any:
    """Text for non-Markdown elements (table cells): no control or bidi characters."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub(" ", _BIDI.sub("", value))
