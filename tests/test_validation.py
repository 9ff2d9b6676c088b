"""Validation levels against a source whose second read disagrees or whose data has holes."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.periods import plan_periods
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource
from finops_lib.validation import validate

AS_OF = date(2026, 11, 26)


class DriftingSource(DemoSource):
    """The demo, but its independent total is off by `drift` (a broken second path)."""

    def __init__(self, drift: float = 0.0, drop_day: date | None = None,
                 nan: bool = False) -> None:
        super().__init__(AS_OF)
        self.drift, self.drop_day, self.nan = drift, drop_day, nan

    def total(self, query: CostQuery) -> float:
        return super().total(query) * (1 + self.drift)

    def costs(self, query: CostQuery) -> pd.DataFrame:
        frame = super().costs(query)
        if self.drop_day:
            frame = frame[frame["date"] != pd.Timestamp(self.drop_day)]
        if self.nan:
            frame.loc[frame.index[0], "amount"] = float("nan")
        return frame.reset_index(drop=True)


def run(level: str, source: DemoSource):
    return build_report(resolve("architect", {"as_of": AS_OF, "validation_level": level}),
                        source)


def test_basic_passes_and_lists_its_five_checks() -> None:
    result = run("basic", DriftingSource()).validation
    assert result.passed and len(result.checks) == 5 and result.agreement_pct is None


def test_mcp_reports_agreement_and_fails_beyond_half_a_percent() -> None:
    ok = run("mcp", DriftingSource(drift=0.004)).validation
    assert ok.passed and ok.agreement_pct == pytest.approx(99.6, abs=0.01)
    bad = run("mcp", DriftingSource(drift=0.006)).validation
    assert not bad.passed and bad.agreement_pct == pytest.approx(99.4, abs=0.01)
    assert "FAILED" in bad.badge


def test_missing_day_and_nan_fail_basic() -> None:
    missing = run("basic", DriftingSource(drop_day=date(2026, 11, 10))).validation
    failed = [c for c in missing.checks if not c.passed]
    assert [c.name for c in failed] == ["no missing days (56 days)"]
    assert "2026-11-10" in failed[0].detail
    nan = run("basic", DriftingSource(nan=True)).validation
    assert not nan.passed and any(c.name == "no NaN amounts" and not c.passed
                                  for c in nan.checks)


def _hourly_frame() -> tuple[pd.DataFrame, CostQuery, DemoSource]:
    source = DemoSource(AS_OF)
    query = CostQuery(date(2026, 11, 23), AS_OF, granularity="HOURLY")
    return source.costs(query), query, source


def test_missing_hour_fails_the_hours_check() -> None:
    frame, query, source = _hourly_frame()
    gap = frame[frame.date != pd.Timestamp(datetime(2026, 11, 24, 7))]
    plan = plan_periods("hourly", AS_OF)
    result = validate("basic", gap, plan, query, source)
    check = next(c for c in result.checks if c.name.startswith("no missing hours"))
    assert not check.passed and "first 2026-11-24 07:00 UTC" in check.detail
    assert next(c for c in validate("basic", frame, plan, query, source).checks
                if c.name.startswith("no missing hours")).passed
