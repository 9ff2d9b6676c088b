"""Reporting periods: pure date arithmetic, no I/O.

All periods are half-open day ranges [start, end), like Cost Explorer's TimePeriod. The as-of day
itself is never included: its data is incomplete. The hourly timeframe keeps these whole-day
periods; its hour resolution lives in the cost frame (see `PeriodPlan.granularity`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import OptionError

__all__ = ["HOURLY_RETENTION_DAYS", "Period", "PeriodPlan", "billing_months",
           "check_hourly_retention", "plan_periods"]

CONTEXT_DAYS = 30
HOURLY_CONTEXT_DAYS = 3
HOURLY_RETENTION_DAYS = 14  # Cost Explorer keeps hourly data this many days back from today


@dataclass(frozen=True)
class Period:
    """A half-open range of whole days."""

    start: date
    end: date
    label: str = ""

    @property
    def days(self) -> int:
        """Number of days covered."""
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        """True when `day` falls inside the period."""
        return self.start <= day < self.end

    def as_dict(self) -> dict[str, str | int]:
        """JSON-friendly form (end is exclusive)."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "days": self.days, "label": self.label}


@dataclass(frozen=True)
class PeriodPlan:
    """The current period, the comparison period and what must be fetched."""

    timeframe: str
    as_of: date
    current: Period
    previous: Period
    previous_full: Period | None
    context: Period

    @property
    def fetch(self) -> Period:
        """The one window that covers every period (one Cost Explorer request)."""
        parts = [self.current, self.previous, self.context]
        if self.previous_full:
            parts.append(self.previous_full)
        return Period(min(p.start for p in parts), max(p.end for p in parts), "fetch")

    @property
    def granularity(self) -> str:
        """Cost Explorer granularity of the report's frame: HOURLY or DAILY."""
        return "HOURLY" if self.timeframe == "hourly" else "DAILY"

    @property
    def projection_days(self) -> int:
        """Days in the whole calendar period the current one belongs to (for projections)."""
        if self.timeframe in ("monthly", "month"):
            return calendar.monthrange(self.current.start.year, self.current.start.month)[1]
        if self.timeframe == "quarterly":
            return (_add_months(_quarter_start(self.current.start), 3)
                    - _quarter_start(self.current.start)).days
        return self.current.days

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form (hourly plans add the granularity and each period's hours)."""
        out: dict[str, object] = {
            "timeframe": self.timeframe,
            "as_of": self.as_of.isoformat(),
            "current": self.current.as_dict(),
            "previous": self.previous.as_dict(),
            "previous_full": self.previous_full.as_dict() if self.previous_full else None,
            "context": self.context.as_dict(),
        }
        if self.granularity == "HOURLY":
            out["granularity"] = "hourly"
            for key in ("current", "previous", "context"):
                period = getattr(self, key)
                out[key] = {**period.as_dict(), "hours": 24 * period.days}
        return out


def billing_months(start: date, end: date) -> list[date]:
    """First days of the billing periods touching the half-open day range [start, end)."""
    months: list[date] = []
    day = start.replace(day=1)
    while day < end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _same_days(start: date, days: int, limit: date) -> date:
    """End of a comparison window of `days` days from `start`, clamped at `limit`."""
    return min(start + timedelta(days=days), limit)


def _label(start: date, end: date) -> str:
    last = end - timedelta(days=1)
    return start.isoformat() if start == last else f"{start.isoformat()} – {last.isoformat()}"


def _period(start: date, end: date) -> Period:
    return Period(start, end, _label(start, end))


def _month_plan(as_of: date, anchor: date, timeframe: str) -> PeriodPlan:
    month_end = _add_months(anchor, 1)
    current = _period(anchor, min(as_of, month_end))
    prev_start = _add_months(anchor, -1)
    previous = _period(prev_start, _same_days(prev_start, current.days, anchor))
    return PeriodPlan(timeframe, as_of, current, previous, _period(prev_start, anchor),
                      _context(as_of, current))


def _context(as_of: date, current: Period) -> Period:
    end = current.end
    return _period(min(current.start, end - timedelta(days=CONTEXT_DAYS)), end)


def _hour_label(day: date) -> str:
    return f"{day.isoformat()} 00:00–24:00 UTC"


def _hourly_plan(as_of: date) -> PeriodPlan:
    """The 24 hours of the last complete day vs the 24 hours before; 3 days of hourly context."""
    last = as_of - timedelta(days=1)
    current = Period(last, as_of, _hour_label(last))
    previous = Period(last - timedelta(days=1), last, _hour_label(last - timedelta(days=1)))
    context = _period(as_of - timedelta(days=HOURLY_CONTEXT_DAYS), as_of)
    return PeriodPlan("hourly", as_of, current, previous, None, context)


def check_hourly_retention(as_of: date, today: date) -> None:
    """Raise OptionError when an hourly plan as of `as_of` reaches past Cost Explorer's 14 days
    of hourly data (counted back from `today`)."""
    oldest = today - timedelta(days=HOURLY_RETENTION_DAYS)
    start = _hourly_plan(as_of).fetch.start
    if start < oldest:
        latest = oldest + timedelta(days=HOURLY_CONTEXT_DAYS)
        raise OptionError(
            f"--timeframe hourly: Cost Explorer keeps hourly data for {HOURLY_RETENTION_DAYS} "
            f"days only, and --as-of {as_of} needs hours from {start}",
            fix=f"use --as-of {latest} or later, or --timeframe daily")


def plan_periods(timeframe: str, as_of: date, month: str | None = None) -> PeriodPlan:
    """Work out the current and comparison periods for a timeframe as of a day."""
    last = as_of - timedelta(days=1)  # the last complete day
    if month:
        year, mon = (int(x) for x in month.split("-"))
        anchor = date(year, mon, 1)
        if anchor > last:
            raise OptionError(f"--month {month} has no complete day before {as_of}")
        return _month_plan(as_of, anchor, "month")
    if timeframe == "monthly":
        return _month_plan(as_of, _month_start(last), timeframe)
    if timeframe == "hourly":
        return _hourly_plan(as_of)
    if timeframe == "daily":
        current = _period(last, as_of)
        previous = _period(last - timedelta(days=1), last)
        return PeriodPlan(timeframe, as_of, current, previous, None, _context(as_of, current))
    if timeframe == "weekly":
        current = _period(as_of - timedelta(days=7), as_of)
        previous = _period(as_of - timedelta(days=14), current.start)
        return PeriodPlan(timeframe, as_of, current, previous, None, _context(as_of, current))
    if timeframe == "quarterly":
        q_start = _quarter_start(last)
        current = _period(q_start, as_of)
        p_start = _add_months(q_start, -3)
        previous = _period(p_start, _same_days(p_start, current.days, q_start))
        return PeriodPlan(timeframe, as_of, current, previous, _period(p_start, q_start),
                          _context(as_of, current))
    if timeframe == "last-month":
        start = _add_months(_month_start(as_of), -1)
        current = _period(start, _month_start(as_of))
        p_start = _add_months(start, -1)
        previous = _period(p_start, start)
        return PeriodPlan(timeframe, as_of, current, previous, previous, _context(as_of, current))
    raise OptionError(f"unknown timeframe {timeframe!r}")
