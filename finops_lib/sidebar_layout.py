"""Where each option's widget sits in a persona's sidebar, and option errors in words.

A persona's sidebar shows up front only the groups that change that persona's page; every other
widget (another persona's thresholds, another source's fields) sits under one "Advanced"
expander. Nothing is hidden: a value set by a link still has its widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from .options import OPTIONS, Option
from .sources import SOURCE_NAMES, source_options

__all__ = ["ADVANCED", "FRONT_GROUPS", "in_words", "placement"]

ADVANCED = "Advanced"
FRONT_GROUPS: Mapping[str, tuple[str, ...]] = {
    "executive": ("Scope", "Period", "Filters"),
    "architect": ("Scope", "Period", "Filters", "Display", "Activity", "Validation"),
    "sre": ("Scope", "Period", "Filters", "SRE"),
}
_FLAG = re.compile(r"--([a-z][a-z0-9-]*)")


@cache
def _source_fields() -> frozenset[str]:
    """Every option some source reads alone (path, athena_*)."""
    return frozenset(n for source in SOURCE_NAMES for n in source_options(source))


def placement(opt: Option, mode: str, source: str) -> str:
    """The sidebar group an option's widget is drawn in on `mode`'s page with `source`."""
    # Options only one source reads sit up front only while that source is chosen.
    if opt.name in _source_fields() and opt.name not in source_options(source):
        return ADVANCED
    return opt.group if opt.group in FRONT_GROUPS.get(mode, ()) else ADVANCED


def _label(name: str) -> str:
    return name.replace("_", " ")


def in_words(message: str, options: Iterable[Option] = OPTIONS) -> str:
    """An option message with its --flags written as words a reader sees:
    "--watch-threshold must not exceed --spike-threshold" → "Watch threshold must not exceed
    spike threshold"."""
    names = {o.name for o in options}

    def word(match: re.Match[str]) -> str:
        name = match.group(1).replace("-", "_")
        if name not in names:
            return match.group(0)
        text = _label(name)
        return text[0].upper() + text[1:] if match.start() == 0 else text

    return _FLAG.sub(word, message)
