"""Run a persona's section builders and fold their sections into the one `Report`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..report import Report, Section, fold
from ..request_log import RequestLog
from .common import Context, notices, validation

__all__ = ["SectionBuilder", "assemble", "notices_head", "run_sections", "splice"]

SectionBuilder = Callable[[Context], Section]


def run_sections(ctx: Context, builders: Sequence[SectionBuilder]) -> tuple[Section, ...]:
    """Each builder's section, carrying the calls the run's request log gained while it ran."""
    out = []
    for build in builders:
        before = len(ctx.requests)
        section = build(ctx)
        out.append(replace(section, calls=(*section.calls, *ctx.requests.calls[before:])))
    return tuple(out)


def _run_data(ctx: Context, sections: Sequence[Section]) -> dict[str, Any]:
    """JSON-only data of the run: the request log, coverage, the sections' data, day-store
    reads."""
    out: dict[str, Any] = {"request_log": ctx.requests.lines}
    span = ctx.span
    if span is not None:
        out["coverage"] = {"first_day": span.first.isoformat(), "last_day": span.last.isoformat(),
                           "current_days": ctx.covered_days("current"),
                           "previous_days": ctx.covered_days("previous")}
    out.update(fold(sections)["extra"])
    store = getattr(ctx.source, "store", None)  # the ce day store: requests, pages, seconds
    if store is not None and store.reads:
        out["ce_reads"] = list(store.reads)
    return out


def assemble(ctx: Context, sections: Sequence[Section], *, mode: str, title: str,
             headline: str = "", validated: Any = None) -> Report:
    """A persona's Report: its sections folded, plus what every report carries (scope,
    periods, validation, the source's notices, the request log, the canonical rows)."""
    parts = fold(sections)
    validated = validated if validated is not None else validation(ctx)
    return Report(
        mode=mode, title=title, headline=headline, options=ctx.opts, periods=ctx.plan,
        scope=ctx.scope, source=ctx.source.describe(), is_demo=ctx.source.is_demo,
        generated_at=ctx.generated_at, kpis=parts["kpis"], tables=parts["tables"],
        trees=parts["trees"], charts=parts["charts"], checks=parts["checks"],
        validation=validated, notices=(*notices(ctx), *parts["notices"]),
        summary_lines=parts["summary_lines"], api_requests=ctx.requests.count, frame=ctx.frame,
        extra=_run_data(ctx, sections), currency=ctx.currency, sections=tuple(sections),
        calls=ctx.requests.calls,
    )


def notices_head(ctx: Context) -> int:
    """How many of an assembled report's notices come before its sections' (`splice` needs
    it: those run-wide notices are not a section of their own)."""
    return len(notices(ctx))


_SPLICED = ("kpis", "tables", "trees", "charts", "checks", "summary_lines")


def splice(report: Report, section: Section, head: int) -> Report:
    """The report with `section` in place of its empty namesake (built apart, e.g. the
    activity scan the app runs after drawing the costs), as `assemble` would have folded it:
    each part goes after the parts of the sections before it; `head` is `notices_head`."""
    index = next(i for i, s in enumerate(report.sections) if s.key == section.key)
    if any(fold(report.sections[index:index + 1])[kind] for kind in (*_SPLICED, "notices")):
        raise ValueError(f"section {section.key!r} is not empty: only a deferred one is filled")
    before = fold(report.sections[:index])
    changes: dict[str, object] = {}
    for kind in (*_SPLICED, "notices"):
        at = len(before[kind]) + (head if kind == "notices" else 0)
        parts = getattr(report, kind)
        changes[kind] = (*parts[:at], *getattr(section, kind), *parts[at:])
    log = RequestLog((*report.calls, *section.calls))
    extra = {**report.extra, **section.data, "request_log": log.lines}
    sections = (*report.sections[:index], section, *report.sections[index + 1:])
    return replace(report, **changes, extra=extra, sections=sections,  # type: ignore[arg-type]
                   calls=log.calls, api_requests=log.count)
