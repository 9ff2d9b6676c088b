"""Coverage is judged once: the fetch never starts before the data, a partly covered period is
flagged the same way on every source, and days inside the coverage without cost lines are
zero-cost days, not missing data."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.options import resolve
from finops_lib.periods import plan_periods
from finops_lib.sources.files import open_path
from tests.sources.test_files import SAMPLE


def _files_report(path: Path, mode: str = "executive") -> Any:
    opts = resolve(mode, {"source": "files", "path": str(path), "as_of": "2024-10-01",
                          "timeframe": "last-month", "validation_level": "mcp"})
    return build_report(opts, open_path(str(path)))


def _days_check(report: Any) -> Any:
    return next(c for c in report.validation.checks if c.name.startswith("no missing days"))


def test_a_file_is_fetched_from_its_first_day_and_the_empty_comparison_is_flagged() -> None:
    report = _files_report(SAMPLE)
    assert report.validation.passed, report.validation.checks
    assert _days_check(report).name == "no missing days (30 days)"
    assert report.frame["date"].min() >= pd.Timestamp("2024-09-01")
    note = ("Coverage: comparison covers 0 of 31 days (data from 2024-09-01 to 2024-09-30); "
            "changes against it are marked partial.")
    assert note in report.notices
    assert "partly covered comparison" in report.kpi("total").help
    doc = json.loads(render(report, "json")[0][1])
    assert doc["extra"]["coverage"] == {"first_day": "2024-09-01", "last_day": "2024-09-30",
                                        "current_days": 30, "previous_days": 0}


def test_days_without_lines_inside_the_billing_period_are_zero_cost(tmp_path: Path) -> None:
    quiet = ("2024-09-10", "2024-09-11", "2024-09-12")
    with SAMPLE.open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["ChargePeriodStart"][:10] not in quiet]
        fields = reader.fieldnames or []
    path = tmp_path / "quiet.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    report = _files_report(path, mode="architect")
    check = _days_check(report)
    assert check.passed and "3 zero-cost days inside the data's coverage" in check.detail
    assert report.validation.passed


def test_cost_explorer_flags_a_partly_covered_comparison_the_same_way(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    source = make_ce_source("architect", validation_level="basic")
    opts = resolve("architect", {"as_of": "2026-11-20"}).replace(source="ce",
                                                                 validation_level="basic")
    plan = plan_periods(opts.timeframe, opts.as_of, opts.month)
    first = plan.previous.start + timedelta(days=3)  # the account's first day with costs
    days = [plan.fetch.start + timedelta(days=i) for i in range(plan.fetch.days)]
    inject_ce([ce_response({d: ([("111111111111", "AWS Lambda", "2.5")] if d >= first else [])
                            for d in days})])
    report = build_report(opts, source)
    covered = plan.previous.days - 3
    note = (f"Coverage: comparison covers {covered} of {plan.previous.days} days (data from "
            f"{first.isoformat()} to {days[-1].isoformat()}); changes against it are marked "
            "partial.")
    assert note in report.notices
    assert report.validation.passed and _days_check(report).detail == "all days present"


def test_a_day_the_demo_did_not_produce_is_still_missing() -> None:
    from tests.test_validation import DriftingSource, run

    result = run("basic", DriftingSource(drop_day=date(2026, 11, 10))).validation
    assert not result.passed and "2026-11-10" in _days_check_of(result).detail


def _days_check_of(result: Any) -> Any:
    return next(c for c in result.checks if c.name.startswith("no missing days"))
