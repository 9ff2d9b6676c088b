"""The one entry point every surface calls: options in, persona report out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ValidationFailed
from .exporters import write_exports
from .options import Options
from .personas import ACTIVITY_APART, BUILDERS, build_context, empty
from .personas.assemble import notices_head, splice
from .personas.common import activity_result_section, defer_activity, pending_scan
from .report import Report
from .sources import CostSource

if TYPE_CHECKING:  # the activity package is imported only when a scan runs
    from .activity.plan import ScanPlan

__all__ = ["Staged", "build_report", "build_staged", "check_strict", "export_report", "finish"]


def build_report(opts: Options, source: CostSource | None = None) -> Report:
    """Fetch once, then build the persona's report for `opts.mode`."""
    ctx = build_context(opts, source)
    if ctx.frame.empty:
        return empty.build(ctx)  # nothing to break down: say so rather than fail
    return BUILDERS[opts.mode](ctx)


@dataclass(frozen=True)
class Staged:
    """A report drawn in two steps when its activity scan is cold: `report` holds everything
    but the activity section (left empty), `scan` the ScanPlan still to run (None: complete)."""

    report: Report
    scan: ScanPlan | None = None
    notices_head: int = 0  # the report's run-wide notices, before its sections' (splice)

    def cold(self) -> bool:
        """True while its activity scan is still to run (not stored by any run since)."""
        return self.scan is not None and self.scan.cold()


def build_staged(opts: Options, source: CostSource | None = None) -> Staged:
    """The persona's report without waiting for a cold activity scan (the app draws these
    figures first); complete already when the scan is stored, off or not the persona's."""
    ctx = build_context(opts, source)
    if ctx.frame.empty:
        return Staged(empty.build(ctx))
    scan = pending_scan(ctx) if opts.mode in ACTIVITY_APART else None
    if scan is not None:
        defer_activity(ctx)
    return Staged(BUILDERS[opts.mode](ctx), scan, notices_head(ctx))


def finish(staged: Staged, session_factory: Callable[[], Any] | None = None) -> Report:
    """The complete report: the staged one with its activity scan run (or read) and spliced
    in, the same report `build_report` makes for these options."""
    if staged.scan is None:
        return staged.report
    from .activity import scanned

    report = staged.report
    result = scanned(staged.scan, report.options, session_factory)
    return splice(report, activity_result_section(result, report.mode), staged.notices_head)


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
