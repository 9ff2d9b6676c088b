"""finops_lib.personas.executive: KPIs and the month-end forecast on the demo organization."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.personas import build_context
from tests.independent import assert_cents, total

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def ctx():
    return build_context(resolve("architect", {"as_of": AS_OF, "top_n": 0}))


def test_executive_kpis(ctx) -> None:
    opts = resolve("executive", {"as_of": AS_OF})
    report = build_report(opts)
    cur = total(report.frame, report.periods.current)
    prev = total(report.frame, report.periods.previous)
    assert_cents(report.kpi("daily_average").value, cur / 25)
    assert_cents(report.kpi("daily_average_previous").value, prev / 25)
    # One month-end figure: the forecast; the flat run rate is quoted in its method note.
    assert report.kpi("projection") is None
    assert f"run rate would give {round(cur / 25 * 30, 2):,.2f}" in \
        report.kpi("month_end_forecast").help
    assert_cents(report.kpi("previous_full").value,
                 total(report.frame, report.periods.previous_full))
    assert report.kpi("top_driver").value.startswith("Amazon Elastic Compute Cloud - Compute")
    assert report.kpi("biggest_mover").value == "Amazon Redshift"  # the planted pause
    assert report.validation.passed


def test_executive_has_a_month_end_forecast_with_an_interval() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    forecast = report.kpi("month_end_forecast")
    assert forecast is not None and "80% interval" in forecast.help
    assert forecast.value > report.kpi("total").value
