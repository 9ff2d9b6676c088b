"""The one escaping helper for text from bills (names, tags, labels, notices) drawn in the app.

Streamlit renders most text arguments as Markdown: an account named `![i](http://host/x.png)`
would make every viewer's browser fetch that image. `plain` turns any text into Markdown that
displays exactly those characters and can never become an image, link, HTML or a directive.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["plain"]

# Every character CommonMark, GitHub-flavoured Markdown or Streamlit (":red[…]", ":emoji:",
# "$math$") gives a meaning to; a backslash makes each one literal.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'/])")
# Bidirectional overrides and isolates could make a name display as something else.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(value: Any) -> str:
    """`value` as Markdown that shows exactly its text (on one line, no controls or bidi)."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub(" ", _BIDI.sub("", text)).replace("\n", " ")
    return _SPECIAL.sub(r"\\\1", text)
