"""Budgets: spend against a target for the budget's period, with a forecast and a status.

A budget is a scope (the same grammar as `--filter`: organization, account:ID, ou:NAME,
service:NAME, tag:KEY=VALUE, cost-category:NAME=VALUE, ANDed when several), a period
(monthly, quarterly, annually), an amount and a currency, optionally with planned amounts per
period (AWS Budgets' PlannedBudgetLimits). Statuses:

- OVER: actual to date is over the budget;
- AT RISK: the forecast's upper 80 % bound at period end is over the budget;
- ON TRACK: otherwise.

Budget to date is the amount pro-rated by days elapsed (the period's planned amount when one
is given). The forecast is the month-end forecast of `forecast.py` on the budget's own daily
costs; for quarterly and annual budgets the months after the current one continue at the
current month's forecast daily rate, their interval widened in proportion.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from .anomalies import DetectionParams
from .forecast import month_end_forecast
from .report import money

__all__ = ["PERIODS", "STATUSES", "Budget", "BudgetStatus", "evaluate", "period_bounds"]

PERIODS: tuple[str, ...] = ("monthly", "quarterly", "annually")
STATUSES: tuple[str, ...] = ("OVER", "AT RISK", "ON TRACK")


@dataclass(frozen=True)
class Budget:
    """One budget: what it covers, for which period, how much."""

    name: str
    filters: tuple[str, ...] = ()  # --filter texts, ANDed; () = everything in scope
    period: str = "monthly"
    amount: float = 0.0
    currency: str = "USD"
    planned: Mapping[str, float] = field(default_factory=dict)  # period start ISO → amount
    origin: str = "file"  # "file" | "aws"

    @property
    def scope_label(self) -> str:
        """The scope as the user wrote it ("organization" when unfiltered)."""
        return " AND ".join(self.filters) if self.filters else "organization"

    def amount_for(self, start: date) -> float:
        """The budget for the period starting `start` (its planned amount when given)."""
        return float(self.planned.get(start.isoformat(), self.amount))


@dataclass(frozen=True)
class BudgetStatus:
    """One budget evaluated on the last complete day."""

    budget: Budget
    start: date
    end: date  # last day of the period (inclusive)
    amount: float
    actual: float
    budget_to_date: float
    forecast: float
    lower_80: float
    upper_80: float
    status: str
    crossing: date | None  # day the actual or forecast cumulative cost passes the budget
    daily: tuple[tuple[date, float], ...] = ()  # actual cost per day so far (unrounded)
    note: str = ""

    @property
    def used_pct(self) -> float | None:
        """Actual to date as a % of the budget."""
        return round(self.actual / self.amount * 100, 2) if self.amount else None


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day of the budget period containing `day`."""
    if period == "monthly":
        first = day.replace(day=1)
    elif period == "quarterly":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        first = date(day.year, 1, 1)
    months = {"monthly": 1, "quarterly": 3, "annually": 12}[period]
    year, month = divmod(first.month - 1 + months, 12)
    return first, date(first.year + year, month + 1, 1) - timedelta(days=1)


def _daily(frame: pd.DataFrame, start: date, last_day: date) -> pd.Series:
    days = pd.date_range(start, last_day)
    dated = frame.assign(date=frame["date"].dt.normalize())
    return dated.groupby("date")["amount"].sum().reindex(days, fill_value=0.0)


def _forecast(frame: pd.DataFrame, start: date, end: date, last_day: date,
              params: DetectionParams) -> tuple[float, float, float]:
    """(point, lower, upper) of the period total (0 for a scope without any cost)."""
    if frame.empty or not frame["amount"].abs().sum():
        return 0.0, 0.0, 0.0
    if last_day >= end:  # a complete period: nothing left to forecast
        actual = float(_daily(frame, start, end).sum())
        return actual, actual, actual
    month = month_end_forecast(frame, last_day=last_day, params=params)
    month_end = calendar.monthrange(last_day.year, last_day.month)[1]
    before = _daily(frame, start, last_day)
    before_month = float(before[before.index < pd.Timestamp(month.month_start)].sum())
    later = (end - last_day.replace(day=month_end)).days  # days after the current month
    days_in_month = month_end
    rate = month.forecast_total / days_in_month
    half = (month.upper_80 - month.forecast_total) * (1 + later / days_in_month)
    point = before_month + month.forecast_total + rate * later
    return point, point - half, point + half


def _crossing(daily: pd.Series, amount: float, point: float, last_day: date,
              end: date) -> date | None:
    cumulative = daily.cumsum()
    over = cumulative[cumulative > amount]
    if len(over):
        return pd.Timestamp(over.index[0]).date()
    actual = float(cumulative.iloc[-1]) if len(cumulative) else 0.0
    remaining = (end - last_day).days
    if point <= amount or remaining <= 0:
        return None
    rate = (point - actual) / remaining
    return last_day + timedelta(days=math.ceil((amount - actual) / rate))


def evaluate(budget: Budget, frame: pd.DataFrame, last_day: date,
             params: DetectionParams | None = None) -> BudgetStatus:
    """The budget's status on `last_day` from its scope's daily costs (`frame`, canonical rows
    reaching back at least to the period start, ideally a few weeks more for the forecast)."""
    params = params or DetectionParams()
    start, end = period_bounds(budget.period, last_day)
    amount = budget.amount_for(start)
    daily = _daily(frame, start, last_day)
    actual = float(daily.sum())
    elapsed, total_days = (last_day - start).days + 1, (end - start).days + 1
    point, lower, upper = _forecast(frame, start, end, last_day, params)
    status = "OVER" if actual > amount else "AT RISK" if upper > amount else "ON TRACK"
    return BudgetStatus(
        budget, start, end, money(amount), money(actual),
        money(amount * elapsed / total_days), money(point), money(lower), money(upper), status,
        _crossing(daily, amount, point, last_day, end),
        tuple((pd.Timestamp(d).date(), float(v)) for d, v in daily.items()),
        f"{elapsed} of {total_days} days; budget to date pro-rated by days")
