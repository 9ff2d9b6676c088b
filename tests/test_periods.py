"""Periods: month ends, leap days, quarter starts, as-of on the 1st, exclusive ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from finops_lib.errors import OptionError
from finops_lib.periods import billing_months, check_hourly_retention, plan_periods


def span(period):
    return period.start, period.end, period.days


def test_monthly_is_month_to_date_against_same_days_of_previous_month() -> None:
    plan = plan_periods("monthly", date(2026, 11, 26))
    assert span(plan.current) == (date(2026, 11, 1), date(2026, 11, 26), 25)
    assert span(plan.previous) == (date(2026, 10, 1), date(2026, 10, 26), 25)
    assert span(plan.previous_full) == (date(2026, 10, 1), date(2026, 11, 1), 31)
    assert plan.projection_days == 30


def test_march_31_compares_with_a_clamped_february() -> None:
    plan = plan_periods("monthly", date(2026, 3, 31))
    assert span(plan.current) == (date(2026, 3, 1), date(2026, 3, 31), 30)
    # 30 days of February do not exist: clamped at the month end (28 days in 2026)
    assert span(plan.previous) == (date(2026, 2, 1), date(2026, 3, 1), 28)


def test_leap_day_2028() -> None:
    plan = plan_periods("monthly", date(2028, 3, 1))
    # as-of on the 1st: the month just completed is the current period
    assert span(plan.current) == (date(2028, 2, 1), date(2028, 3, 1), 29)
    assert span(plan.previous) == (date(2028, 1, 1), date(2028, 1, 30), 29)
    daily = plan_periods("daily", date(2028, 3, 1))
    assert span(daily.current) == (date(2028, 2, 29), date(2028, 3, 1), 1)
    assert span(daily.previous) == (date(2028, 2, 28), date(2028, 2, 29), 1)


def test_as_of_first_of_month_reports_the_completed_month() -> None:
    plan = plan_periods("monthly", date(2026, 12, 1))
    assert span(plan.current) == (date(2026, 11, 1), date(2026, 12, 1), 30)
    assert span(plan.previous) == (date(2026, 10, 1), date(2026, 10, 31), 30)
    assert plan.projection_days == 30


def test_january_first_crosses_the_year() -> None:
    plan = plan_periods("monthly", date(2027, 1, 1))
    assert span(plan.current) == (date(2026, 12, 1), date(2027, 1, 1), 31)
    assert span(plan.previous) == (date(2026, 11, 1), date(2026, 12, 1), 30)


def test_weekly_is_last_seven_complete_days() -> None:
    plan = plan_periods("weekly", date(2026, 11, 26))
    assert span(plan.current) == (date(2026, 11, 19), date(2026, 11, 26), 7)
    assert span(plan.previous) == (date(2026, 11, 12), date(2026, 11, 19), 7)


def test_daily_has_thirty_days_of_context_and_excludes_today() -> None:
    plan = plan_periods("daily", date(2026, 11, 26))
    assert span(plan.current) == (date(2026, 11, 25), date(2026, 11, 26), 1)
    assert span(plan.previous) == (date(2026, 11, 24), date(2026, 11, 25), 1)
    assert plan.context.days == 30 and plan.context.end == date(2026, 11, 26)
    assert not plan.current.contains(date(2026, 11, 26))


def test_quarterly_on_quarter_start_and_mid_quarter() -> None:
    mid = plan_periods("quarterly", date(2026, 5, 15))
    assert span(mid.current) == (date(2026, 4, 1), date(2026, 5, 15), 44)
    assert span(mid.previous) == (date(2026, 1, 1), date(2026, 2, 14), 44)
    assert span(mid.previous_full) == (date(2026, 1, 1), date(2026, 4, 1), 90)
    assert mid.projection_days == 91
    start = plan_periods("quarterly", date(2026, 4, 1))  # the 1st of a quarter
    assert span(start.current) == (date(2026, 1, 1), date(2026, 4, 1), 90)
    assert span(start.previous) == (date(2025, 10, 1), date(2025, 12, 30), 90)


def test_last_month_is_previous_calendar_month_against_the_one_before() -> None:
    plan = plan_periods("last-month", date(2026, 3, 10))
    assert span(plan.current) == (date(2026, 2, 1), date(2026, 3, 1), 28)
    assert span(plan.previous) == (date(2026, 1, 1), date(2026, 2, 1), 31)


def test_explicit_month() -> None:
    plan = plan_periods("monthly", date(2026, 11, 26), month="2026-02")
    assert span(plan.current) == (date(2026, 2, 1), date(2026, 3, 1), 28)
    assert span(plan.previous) == (date(2026, 1, 1), date(2026, 1, 29), 28)
    with pytest.raises(OptionError, match="no complete day"):
        plan_periods("monthly", date(2026, 11, 1), month="2026-11")


def test_fetch_window_covers_every_period() -> None:
    plan = plan_periods("monthly", date(2026, 3, 31))
    fetch = plan.fetch
    for p in (plan.current, plan.previous, plan.previous_full, plan.context):
        assert fetch.start <= p.start and p.end <= fetch.end


AS_OF = date(2026, 11, 26)


def test_hourly_plan_is_the_last_complete_day_against_the_day_before() -> None:
    plan = plan_periods("hourly", AS_OF)
    assert (plan.current.start, plan.current.end) == (date(2026, 11, 25), AS_OF)
    assert (plan.previous.start, plan.previous.end) == (date(2026, 11, 24), date(2026, 11, 25))
    assert (plan.context.start, plan.context.end) == (date(2026, 11, 23), AS_OF)
    assert plan.previous_full is None and plan.granularity == "HOURLY"
    assert plan.projection_days == 1
    doc = plan.as_dict()
    assert doc["granularity"] == "hourly"
    assert doc["current"]["hours"] == doc["previous"]["hours"] == 24  # type: ignore[index]
    assert doc["context"]["hours"] == 72  # type: ignore[index]


def test_daily_plans_are_unchanged_by_hourly() -> None:
    plan = plan_periods("daily", AS_OF)
    assert plan.granularity == "DAILY"
    assert "granularity" not in plan.as_dict()
    assert "hours" not in plan.as_dict()["current"]  # type: ignore[operator]


@pytest.mark.parametrize(("days_ago", "ok"), [(0, True), (11, True), (12, False), (40, False)])
def test_hourly_needs_its_hours_inside_cost_explorers_14_days(days_ago: int, ok: bool) -> None:
    today = date(2026, 11, 26)
    as_of = today - timedelta(days=days_ago)
    if ok:
        check_hourly_retention(as_of, today)
        return
    with pytest.raises(OptionError, match="14 days") as err:
        check_hourly_retention(as_of, today)
    assert "\n" not in str(err.value) and "--timeframe daily" in str(err.value)


def test_billing_months_touching_a_window() -> None:
    assert billing_months(date(2026, 8, 30), date(2026, 10, 2)) == [
        date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    assert billing_months(date(2026, 9, 1), date(2026, 9, 2)) == [date(2026, 9, 1)]
