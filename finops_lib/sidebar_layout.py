"""Where each option's widget sits in a persona's sidebar, and option errors in words.

A persona's sidebar shows up front only the groups that change that persona's page; every other
widget (another persona's thresholds, another source's fields) sits under one "Advanced"
expander. Nothing is hidden: a value set by a link still has its widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .options import OPTIONS, Option

__all__ = ["ADVANCED", "FRONT_GROUPS", "SOURCE_FIELDS", "in_words", "placement"]

ADVANCED = "Advanced"
FRONT_GROUPS: Mapping[str, tuple[str, ...]] = {
    "executive": ("Scope", "Period", "Filters"),
    "architect": ("Scope", "Period", "Filters", "Display", "Activity", "Validation"),
    "sre": ("Scope", "Period", "Filters", "SRE"),
}
# Options only one source reads: up front only while that source is chosen.
SOURCE_FIELDS: Mapping[str, str] = {
    "path": "files", "athena_database": "athena", "athena_table": "athena",
    "athena_workgroup": "athena", "athena_output": "athena",
}
_FLAG = re.compile(r"--([a-z][a-z0-9-]*)")


def placement(opt: Option, mode: str, source: str) -> str:
    """The sidebar group an option's widget is drawn in on `mode`'s page with `source`."""
    wanted = SOURCE_FIELDS.get(opt.name)
    if wanted is not None and source != wanted:
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
