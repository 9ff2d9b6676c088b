"""One month-end figure: the actual total of a closed month, the forecast of an open one, with
a method note carried by every surface."""

from __future__ import annotations

import json

import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.options import resolve
from finops_lib.periods import Period
from tests.independent import assert_cents, total


@pytest.mark.parametrize(("mode", "given", "month", "label"), [
    ("executive", {"timeframe": "last-month", "as_of": "2026-11-30"}, (2026, 10), "October 2026"),
    ("executive", {"month": "2026-09", "as_of": "2026-11-26"}, (2026, 9), "September 2026"),
    ("sre", {"timeframe": "last-month", "as_of": "2026-11-30"}, (2026, 10), "October 2026"),
])
def test_a_closed_month_shows_its_actual_total(mode: str, given: dict[str, str],
                                               month: tuple[int, int], label: str) -> None:
    report = build_report(resolve(mode, {**given, "validation_level": "basic"}))
    assert report.kpi("month_end_forecast") is None and report.kpi("projection") is None
    actual = report.kpi("month_end_actual")
    assert actual is not None and actual.label == f"Month total ({label})"
    start = report.periods.current.start.replace(year=month[0], month=month[1], day=1)
    end = start.replace(month=month[1] + 1) if month[1] < 12 else start.replace(
        year=month[0] + 1, month=1)
    assert_cents(actual.value, total(report.frame, Period(start, end, "m")), "month total")
    assert "days left" not in actual.help and "closed" in actual.help
    assert any(n.startswith(f"Month total ({label})") for n in report.notices)


def test_an_open_month_has_one_forecast_with_interval_and_method_everywhere() -> None:
    report = build_report(resolve("executive", {"as_of": "2026-11-26",
                                                "validation_level": "basic"}))
    forecast = report.kpi("month_end_forecast")
    assert forecast.label == "Month-end forecast (November 2026)"
    assert "80% interval" in forecast.help and "run rate would give" in forecast.help
    assert report.kpi("projection") is None  # no second, unreconciled month-end figure
    note = next(n for n in report.notices if n.startswith("Month-end forecast"))
    assert "80% interval" in note
    markdown = render(report, "markdown")[0][1].decode()
    assert "Month-end forecast (November 2026)" in markdown and "80% interval" in markdown
    doc = json.loads(render(report, "json")[0][1])
    assert any("80% interval" in n for n in doc["notices"])
    assert forecast.value >= report.kpi("total").value
