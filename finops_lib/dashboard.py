"""The one entry point every surface calls: options in, persona report out."""

from __future__ import annotations

from .options import Options
from .personas import BUILDERS, build_context
from .report import Report
from .sources import CostSource

__all__ = ["build_report"]


def build_report(opts: Options, source: CostSource | None = None) -> Report:
    """Fetch once, then build the persona's report for `opts.mode`."""
    ctx = build_context(opts, source)
    return BUILDERS[opts.mode](ctx)
