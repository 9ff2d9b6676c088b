"""Validation levels: basic (internal consistency), mcp (+ an independent second read),
strict (mcp, and failure stops the command with exit 3 before any export)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pandas as pd

from .coverage import Span, data_span
from .formatting import fmt_money, money_in
from .periods import PeriodPlan
from .report import Check, ValidationResult
from .scope_view import plural
from .sources.base import CostQuery, CostSource

__all__ = ["AGREEMENT_MIN_PCT", "validate"]

AGREEMENT_MIN_PCT = 99.5
CENT = 0.01


def _days(start: date, end: date) -> set[date]:
    return {start + timedelta(days=i) for i in range((end - start).days)}


def _current(frame: pd.DataFrame, plan: PeriodPlan) -> pd.DataFrame:
    start, end = pd.Timestamp(plan.current.start), pd.Timestamp(plan.current.end)
    return frame[(frame["date"] >= start) & (frame["date"] < end)]


def _sum_check(frame: pd.DataFrame, plan: PeriodPlan) -> Check:
    cur = _current(frame, plan)
    grouped = float(cur.groupby("service")["amount"].sum().sum())
    total = math.fsum(cur["amount"].tolist())
    diff = abs(grouped - total)
    return Check("grouped rows sum to the period total", diff <= CENT,
                 f"services {fmt_money(grouped)} vs total {fmt_money(total)} (diff {diff:.4f})")


def _answered(frame: pd.DataFrame, source: CostSource, span: Span | None) -> set[date]:
    """Days the source answered: Cost Explorer lists them; an export covers whole billing
    periods (a day without lines is a zero-cost day); otherwise the days with rows."""
    listed = getattr(source, "days_answered", None)
    if listed:
        return set(listed)
    if getattr(source, "whole_periods", False) and span is not None:
        return _days(span.first, span.last + timedelta(days=1))
    return set(frame["date"].dt.date)


def _days_check(frame: pd.DataFrame, query: CostQuery, source: CostSource) -> Check:
    span = data_span(source, frame)
    expected = {d for d in _days(query.start, query.end) if span is None or span.covers(d)}
    answered = _answered(frame, source, span)
    missing = sorted(expected - answered)
    zero = len(expected - set(frame["date"].dt.date) - set(missing))
    detail = ("all days present" if not missing else
              f"{len(missing)} missing, first {missing[0].isoformat()}")
    if zero:
        detail += f"; {plural(zero, 'zero-cost day')} inside the data's coverage"
    return Check(f"no missing days ({len(expected)} days)", not missing, detail)


def _hours_check(frame: pd.DataFrame, query: CostQuery, source: CostSource) -> Check:
    """Hourly rows: every one of the 24 hours of every day answered."""
    start = datetime.combine(query.start, datetime.min.time())
    expected = {start + timedelta(hours=i) for i in range(24 * (query.end - query.start).days)}
    answered = getattr(source, "hours_answered", None) or {
        pd.Timestamp(t).to_pydatetime() for t in frame["date"].unique()}
    missing = sorted(expected - set(answered))
    detail = "all hours present" if not missing else \
        f"{len(missing)} missing, first {missing[0]:%Y-%m-%d %H}:00 UTC"
    return Check(f"no missing hours ({len(expected)} hours)", not missing, detail)


def _nan_check(frame: pd.DataFrame) -> Check:
    bad = int(frame["amount"].isna().sum())
    return Check("no NaN amounts", bad == 0, f"{bad} NaN values" if bad else "none")


def _parse_check(source: CostSource) -> Check:
    bad = int(getattr(source, "unparseable_cells", 0) or 0)
    return Check("every cost cell is a number", bad == 0,
                 f"{bad} unparseable cost cell{'s' if bad != 1 else ''}" if bad else "none")


def _account_check(frame: pd.DataFrame, plan: PeriodPlan) -> Check:
    cur = _current(frame, plan)
    accounts = cur.groupby("account_id")["amount"].sum()
    per_pair = cur.groupby(["account_id", "service"])["amount"].sum().groupby("account_id").sum()
    worst = float((per_pair - accounts).abs().max()) if len(accounts) else 0.0
    org = float(cur["amount"].sum())
    over = bool((accounts > org + CENT).any()) if org >= 0 else False
    return Check("services ≤ account totals", worst <= CENT and not over,
                 f"largest account mismatch {worst:.4f}")


def _agreement(frame: pd.DataFrame, plan: PeriodPlan, query: CostQuery,
               source: CostSource) -> tuple[Check, float]:
    window = CostQuery(plan.current.start, plan.current.end, query.metric, query.services,
                       query.accounts, query.regions, currencies=query.currencies)
    second = source.total(window)
    first = float(_current(frame, plan)["amount"].sum())
    scale = max(abs(second), abs(first), CENT)
    pct = round(100.0 * (1 - abs(first - second) / scale), 4)
    if not math.isfinite(pct):  # a NaN amount: nothing agrees with it
        pct = 0.0
    return Check("independent second read agrees within 0.5 %", pct >= AGREEMENT_MIN_PCT,
                 f"grouped {fmt_money(first)} vs ungrouped {fmt_money(second)} "
                 f"({pct:.2f}% agreement)"), pct


def validate(level: str, frame: pd.DataFrame, plan: PeriodPlan, query: CostQuery,
             source: CostSource) -> ValidationResult:
    """Run the checks of `level` and return the result (never raises for a failed check)."""
    gaps = _hours_check if query.hourly else _days_check
    currencies = sorted(set(frame["currency"])) if len(frame) else []
    with money_in(currencies[0] if len(currencies) == 1 else "USD"):
        checks = [_sum_check(frame, plan), gaps(frame, query, source), _nan_check(frame),
                  _parse_check(source), _account_check(frame, plan)]
        agreement = None
        if level in ("mcp", "strict"):
            check, agreement = _agreement(frame, plan, query, source)
            checks.append(check)
    return ValidationResult(level, tuple(checks), agreement)
