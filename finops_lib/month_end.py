"""One month-end figure per report: the actual total of a closed month, or the forecast of the
open one (with its 80 % interval), and the one-line method note every surface carries."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pandas as pd

from .formatting import format_money
from .periods import PeriodPlan
from .report import Kpi, money

__all__ = ["actual_kpi", "is_closed", "kpi_of", "method_note", "report_month"]


def report_month(plan: PeriodPlan) -> tuple[date, date]:
    """First and last day of the month holding the last day of the current period."""
    last = plan.current.end - timedelta(days=1)
    return last.replace(day=1), last.replace(day=calendar.monthrange(last.year, last.month)[1])


def is_closed(plan: PeriodPlan, last_complete_day: date) -> bool:
    """True when every day of the report's month is complete: no forecast is needed."""
    return report_month(plan)[1] <= last_complete_day


def actual_kpi(frame: pd.DataFrame, plan: PeriodPlan, currency: str) -> Kpi:
    """The closed month's actual total from the fetched rows."""
    start, end = report_month(plan)
    days = frame["date"].dt.normalize()
    inside = frame[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]
    total = money(inside["amount"].sum())
    n = (end - start).days + 1
    return Kpi("month_end_actual", f"Month total ({start:%B %Y})", total, currency,
               help=f"actual: the month is closed ({n} of {n} days complete), nothing to forecast")


def kpi_of(kpis: list[Kpi], prefix: str) -> Kpi:
    """The first KPI whose key starts with `prefix` (month_end_forecast / month_end_actual)."""
    return next(k for k in kpis if k.key.startswith(prefix))


def method_note(kpi: Kpi) -> str:
    """`Month-end …: €1,234.56 — how it was worked out`, for the notices of every surface."""
    value = kpi.value if isinstance(kpi.value, (int, float)) else None
    return f"{kpi.label}: {format_money(value, kpi.unit)} — {kpi.help}"
