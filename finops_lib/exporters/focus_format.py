"""FOCUS 1.0 export of the canonical cost table (the files source reads it back)."""

from __future__ import annotations

import importlib
from typing import Any

from ..report import Report
from . import register


def _writer() -> Any:
    try:
        return importlib.import_module("finops_lib.exporters.focus")
    except ModuleNotFoundError:
        return None


def _unavailable() -> str | None:
    if _writer() is None:
        return "--export focus is not available yet in this version"
    return None


@register("focus", unavailable=_unavailable)
def render(report: Report) -> list[tuple[str, bytes]]:
    """The report's canonical rows as a FOCUS 1.0 CSV."""
    module = _writer()
    data: bytes = module.render_focus(report.frame)
    return [("-focus.csv", data)]
