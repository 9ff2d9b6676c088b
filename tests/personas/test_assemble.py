"""finops_lib.personas.assemble: sections carry their calls; the report reads the run's log."""

from __future__ import annotations

import pytest

from finops_lib.options import resolve
from finops_lib.personas import build_context
from finops_lib.personas.assemble import assemble, notices_head, run_sections, splice
from finops_lib.personas.common import Context
from finops_lib.report import Kpi, Section
from finops_lib.request_log import Call

AS_OF = "2026-11-26"


def _quiet(ctx: Context) -> Section:
    return Section("quiet", kpis=(Kpi("q", "Quiet", 1.0),))


def _paid(ctx: Context) -> Section:
    ctx.requests.record("ce", "GetCostForecast", "2026-11", numbered=True)
    ctx.requests.record("ce", "GetCostForecast", "2026-12", pages=2, numbered=True)
    return Section("paid", notices=("paid two requests",))


def test_each_section_carries_the_calls_made_while_it_was_built() -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    quiet, paid = run_sections(ctx, (_quiet, _paid))
    assert quiet.calls == ()
    assert [c.line for c in paid.calls] == ["ce:GetCostForecast #1 2026-11",
                                            "ce:GetCostForecast #3 2026-12"]


def test_the_report_folds_its_sections_and_counts_the_run_log() -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    sections = run_sections(ctx, (_quiet, _paid))
    report = assemble(ctx, sections, mode="executive", title="T", headline="H")
    assert [k.key for k in report.kpis] == ["q"] and report.notices[-1] == "paid two requests"
    assert report.api_requests == 3 and report.calls == ctx.requests.calls
    assert report.extra["request_log"][-1] == "ce:GetCostForecast #3 2026-12"
    assert report.sections == sections and report.validation is not None


def _late(ctx: Context) -> Section:
    return Section("late", "Late", kpis=(Kpi("l", "Late", 2.0),), notices=("late notice",),
                   summary_lines=("late line",), data={"late": [1]},
                   calls=(Call("ec2", "", "3 describe calls", 3, free=True),))


def test_splice_fills_an_empty_section_as_assemble_would_have_folded_it() -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    full = assemble(ctx, (_quiet(ctx), _late(ctx), _paid(ctx)), mode="executive", title="T")
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    waiting = assemble(ctx, (_quiet(ctx), Section("late"), _paid(ctx)), mode="executive",
                       title="T")
    spliced = splice(waiting, _late(ctx), notices_head(ctx))
    assert [k.key for k in spliced.kpis] == ["q", "l"]
    assert spliced.notices == full.notices and spliced.notices[-2:] == ("late notice",
                                                                        "paid two requests")
    assert spliced.summary_lines == ("late line",) and spliced.extra["late"] == [1]
    assert spliced.extra["request_log"][-1] == "ec2: 3 describe calls"
    assert spliced.api_requests == waiting.api_requests == 3  # describe calls are free
    assert [s.key for s in spliced.sections] == ["quiet", "late", "paid"]
    with pytest.raises(ValueError, match="not empty"):
        splice(spliced, _late(ctx), notices_head(ctx))
