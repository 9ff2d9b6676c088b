"""Budgets: status, pro-rating and crossing day to the cent on a hand-made series."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from finops_lib.budgets import Budget, evaluate, period_bounds
from tests.independent import assert_cents

LAST_DAY = date(2026, 11, 10)
DAILY = 123.45  # every day the same: the forecast is exactly DAILY per remaining day


def _flat(start: date = date(2026, 8, 1), end: date = LAST_DAY) -> pd.DataFrame:
    days = pd.date_range(start, end)
    return pd.DataFrame({"date": days, "account_id": "111111111111", "service": "AWS Lambda",
                         "amount": DAILY, "currency": "USD"})


@pytest.mark.parametrize("amount, status, crossing", [
    (3800.00, "ON TRACK", None),
    # forecast 30 × 123.45 = 3703.50 > 3700: crosses after (3700 − 1234.50) / 123.45 = 19.97 days
    (3700.00, "AT RISK", date(2026, 11, 30)),
    # actual 1234.50 > 1200: the cumulative passed 1200 on day 10 (1111.05 on day 9)
    (1200.00, "OVER", date(2026, 11, 10)),
])
def test_monthly_status_to_the_cent(amount: float, status: str, crossing: date | None) -> None:
    result = evaluate(Budget("b", period="monthly", amount=amount), _flat(), LAST_DAY)
    assert result.status == status
    assert result.crossing == crossing
    assert_cents(result.actual, 10 * DAILY)
    assert_cents(result.budget_to_date, amount * 10 / 30)
    assert_cents(result.forecast, 30 * DAILY)
    assert result.lower_80 <= result.forecast <= result.upper_80


def test_quarterly_budget_pro_rates_a_partial_quarter_and_uses_planned_amounts() -> None:
    budget = Budget("q", period="quarterly", amount=9000.0, planned={"2026-10-01": 12000.0})
    result = evaluate(budget, _flat(), LAST_DAY)
    assert (result.start, result.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert result.amount == 12000.0
    assert_cents(result.actual, 41 * DAILY)  # Oct 1 … Nov 10
    assert_cents(result.budget_to_date, 12000.0 * 41 / 92)
    assert_cents(result.forecast, 92 * DAILY)  # November forecast, December at its daily rate
    assert result.status == "ON TRACK"


def test_period_bounds() -> None:
    assert period_bounds("monthly", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("quarterly", date(2026, 12, 31)) == (date(2026, 10, 1),
                                                               date(2026, 12, 31))
    assert period_bounds("annually", date(2026, 3, 3)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_flat_frame_helper_is_sane() -> None:
    frame = _flat()
    assert frame["date"].max().date() == LAST_DAY and frame["date"].min().date() == date(2026, 8, 1)
    assert len(frame) == (LAST_DAY - date(2026, 8, 1) + timedelta(days=1)).days


def test_a_budget_whose_scope_has_no_cost_is_on_track_at_zero() -> None:
    empty = _flat().iloc[0:0]
    result = evaluate(Budget("ghost", ("tag:team=ghost",), amount=100.0), empty, LAST_DAY)
    assert (result.actual, result.forecast, result.status, result.crossing) == (
        0.0, 0.0, "ON TRACK", None)


def test_a_complete_period_forecasts_its_actual() -> None:
    result = evaluate(Budget("sept", amount=3000.0), _flat(end=date(2026, 9, 30)),
                      date(2026, 9, 30))
    assert result.forecast == result.actual == result.upper_80 == round(30 * DAILY, 2)
    assert result.status == "OVER" and result.budget_to_date == 3000.0
