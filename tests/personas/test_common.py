"""finops_lib.personas.common: the context's shared parts and the activity section."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from finops_lib import activity
from finops_lib.options import resolve
from finops_lib.personas import build_context
from finops_lib.personas.common import activity_section

AS_OF = "2026-11-26"


def test_once_builds_a_shared_part_once_per_report() -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    made: list[int] = []
    first = ctx.once("part", lambda: made.append(1) or len(made))
    assert (first, ctx.once("part", lambda: made.append(2) or len(made)), made) == (1, 1, [1])


def test_activity_requests_join_the_run_log_without_changing_the_billed_figure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF, "activity_analysis": True}))
    real = activity.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        return replace(real(*args, **kwargs), api_requests={"cloudwatch": 4, "ec2": 2})

    monkeypatch.setattr(activity, "analyze", counted)
    before = ctx.requests.count
    section = activity_section(ctx)
    assert section.tables and section.data["activity"]
    assert ctx.requests.lines[-2:] == ["cloudwatch: 4 request(s) by the activity analysis",
                                       "ec2: 2 request(s) by the activity analysis"]
    assert ctx.requests.count == before  # the printed figure is Cost Explorer's/Athena's
    assert activity_section(ctx) is section  # run once per report
