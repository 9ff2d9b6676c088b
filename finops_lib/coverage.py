"""Coverage judged once for every source: which days the data covers, how much of each period
that is, and what a partly covered comparison means for growth figures.

A source reports its first and last day (`CostSource.coverage`); where it cannot say without a
query (Cost Explorer, Athena) the span runs from the first day with cost lines to the last day
answered. Inside the span a day without cost lines is a zero-cost day, never missing data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from .periods import Period
from .sources.base import CostSource

__all__ = ["Span", "clamp_start", "data_span", "partial_notes"]


@dataclass(frozen=True)
class Span:
    """The days the data covers, first and last inclusive."""

    first: date
    last: date

    def days_in(self, period: Period) -> int:
        """How many days of `period` (half-open) the data covers."""
        start, end = max(period.start, self.first), min(period.end, self.last + timedelta(days=1))
        return max((end - start).days, 0)

    def covers(self, day: date) -> bool:
        """True when `day` is inside the span."""
        return self.first <= day <= self.last


def clamp_start(source: CostSource, start: date, end: date) -> date:
    """The fetch start, never before the first day the source has (when it knows)."""
    known = source.coverage()
    if known is None or known[0] >= end:
        return start
    return max(start, known[0])


def data_span(source: CostSource, frame: pd.DataFrame) -> Span | None:
    """The source's own coverage, else from the first day with cost lines to the last day
    the source answered (or had lines for)."""
    known = source.coverage()
    if known is not None:
        return Span(*known)
    if frame.empty:
        return None
    days = frame["date"].dt.date
    answered = getattr(source, "days_answered", None) or set()
    last = max([days.max(), *answered])
    return Span(days.min(), last)


def partial_notes(span: Span | None, current: Period, previous: Period) -> dict[str, str]:
    """{"current"|"previous": "comparison covers 28 of 56 days (data from 2026-09-01)"} for
    each period the data covers only in part."""
    if span is None:
        return {}
    out: dict[str, str] = {}
    for key, name, period in (("current", "current period", current),
                              ("previous", "comparison", previous)):
        covered = span.days_in(period)
        if covered < period.days:
            out[key] = (f"{name} covers {covered} of {period.days} days (data from "
                        f"{span.first.isoformat()} to {span.last.isoformat()})")
    return out
