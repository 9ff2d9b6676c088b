"""The one entry point every surface calls: options in, persona report out."""

from __future__ import annotations

from pathlib import Path

from .errors import ValidationFailed
from .exporters import write_exports
from .options import Options
from .personas import BUILDERS, build_context, empty
from .report import Report
from .sources import CostSource

__all__ = ["build_report", "check_strict", "export_report"]


def build_report(opts: Options, source: CostSource | None = None) -> Report:
    """Fetch once, then build the persona's report for `opts.mode`."""
    ctx = build_context(opts, source)
    if ctx.frame.empty:
        return empty.build(ctx)  # nothing to break down: say so rather than fail
    return BUILDERS[opts.mode](ctx)


def check_strict(report: Report) -> None:
    """Raise ValidationFailed when strict validation failed: such a report is never exported."""
    validation = report.validation
    if report.options.validation_level == "strict" and validation and not validation.passed:
        failed = next(c for c in validation.checks if not c.passed)
        raise ValidationFailed(f"strict validation failed: {failed.name} ({failed.detail}); "
                               "no export was written")


def export_report(report: Report, formats: list[str], output_dir: str | Path) -> list[Path]:
    """Write exports the way every surface must: refused whole when strict validation failed."""
    check_strict(report)
    return write_exports(report, formats, output_dir) if formats else []
