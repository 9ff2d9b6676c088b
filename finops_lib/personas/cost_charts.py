"""The cost charts every persona draws from its context: daily, period comparison, top-N and
categories (hour by hour when the timeframe is hourly)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from ..costs import with_category
from ..one_off import one_off_by_day
from ..report import Chart, Table, money
from .common import Context, by_day

__all__ = ["category_chart", "compare_chart", "daily_chart", "top_chart"]


def daily_chart(ctx: Context) -> Chart:
    """Daily totals over the context window, labelled by period (hour by hour when hourly)."""
    if ctx.hourly:
        return _hourly_chart(ctx)
    frame = by_day(ctx.frame)
    daily = frame.groupby("date")["amount"].sum()
    fees = one_off_by_day(frame)
    rows = []
    for day, amount in daily.items():
        d = pd.Timestamp(day).date()
        period = _period_of(ctx, d)
        if d >= ctx.plan.context.start or period != "context":
            rows.append({"date": d.isoformat(), "amount": money(amount), "period": period,
                         "one_off": fees.get(d.isoformat(), 0.0)})
    return Chart("daily_cost", "Daily cost", "daily_cost", tuple(rows))


def _period_of(ctx: Context, d: date) -> str:
    return "current" if ctx.plan.current.contains(d) else (
        "comparison" if ctx.plan.previous.contains(d) else "context")


def _hourly_chart(ctx: Context) -> Chart:
    """Cost per UTC hour of the current and comparison days."""
    hourly = ctx.frame.groupby("date")["amount"].sum()
    rows = [{"hour": pd.Timestamp(ts).strftime("%Y-%m-%dT%H:00:00Z"), "amount": money(amount),
             "period": _period_of(ctx, pd.Timestamp(ts).date())}
            for ts, amount in hourly.items()]
    return Chart("daily_cost", "Hourly cost (UTC)", "hourly_cost",
                 tuple(r for r in rows if r["period"] != "context"))


def compare_chart(ctx: Context) -> Chart:
    """Current vs comparison period, aligned by day number (hour number when hourly)."""
    if ctx.hourly:
        return _hourly_compare(ctx)
    rows: list[dict[str, Any]] = []
    for label, which in (("current", "current"), ("comparison", "previous")):
        period = getattr(ctx.plan, which)
        frame = by_day(ctx.in_period(which))
        fees = one_off_by_day(frame)
        for day, amount in frame.groupby("date")["amount"].sum().items():
            iso = pd.Timestamp(day).date().isoformat()
            rows.append({"day": (pd.Timestamp(day).date() - period.start).days + 1,
                         "date": iso, "period": label, "amount": money(amount),
                         "one_off": fees.get(iso, 0.0)})
    return Chart("period_compare", "Current vs comparison period", "period_compare", tuple(rows))


def _hourly_compare(ctx: Context) -> Chart:
    """Current vs comparison day, aligned by UTC hour."""
    rows: list[dict[str, Any]] = []
    for label, which in (("current", "current"), ("comparison", "previous")):
        start = pd.Timestamp(getattr(ctx.plan, which).start)
        for ts, amount in ctx.in_period(which).groupby("date")["amount"].sum().items():
            at = pd.Timestamp(ts)
            rows.append({"day": int((at - start) / pd.Timedelta(hours=1)),
                         "date": at.date().isoformat(), "period": label, "amount": money(amount)})
    return Chart("period_compare", "Current vs comparison period, by hour (UTC)",
                 "period_compare", tuple(rows), {"unit": "hour"})


def top_chart(table: Table, label_key: str, title: str) -> Chart:
    """Horizontal bars of a ranked table's rows (Others excluded)."""
    rows = tuple({"label": r[label_key], "current": r["current"], "previous": r["previous"],
                  "share": r["share"]} for r in table.rows if not str(r[label_key])
                 .startswith("Others ("))
    return Chart(f"top_{table.key}", title, "top_bar", rows)


def category_chart(ctx: Context) -> Chart:
    """Daily cost per category over the fetched window (stacked area); hour by hour when
    hourly."""
    if ctx.hourly:
        hourly = with_category(ctx.frame).groupby(["date", "category"])["amount"].sum()
        rows = tuple({"hour": pd.Timestamp(r.date).strftime("%Y-%m-%dT%H:00:00Z"),
                      "category": r.category, "amount": money(r.amount)}
                     for r in hourly.reset_index().itertuples())
        return Chart("category_daily", "Cost by category, hour by hour (UTC)",
                     "stacked_category", rows, {"unit": "hour"})
    daily = with_category(by_day(ctx.frame)).groupby(["date", "category"])["amount"].sum()
    daily = daily.reset_index()
    rows = tuple({"date": pd.Timestamp(r.date).date().isoformat(), "category": r.category,
                  "amount": money(r.amount)} for r in daily.itertuples())
    return Chart("category_daily", "Cost by category over time", "stacked_category", rows)
