"""One-off charges: the fees AWS posts once a month (commitment and support fees on the 1st, tax
on the last day) that dwarf a normal day and flatten a daily chart.

A day's charge is one-off when it falls on the first or last day of a month and is at least
ONE_OFF_FACTOR times its own series' usual day (account × service); the excess over the usual day
is the one-off part. Tax is one-off whatever the day. Charts draw daily cost without these and
mark them, so the daily shape stays readable; totals never change.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["ONE_OFF_FACTOR", "ONE_OFF_SERVICES", "one_off_by_day"]

ONE_OFF_FACTOR = 4.0  # a boundary day this many times the series' median day is a posted fee
ONE_OFF_SERVICES = frozenset({"Tax"})
_SERIES = ["account_id", "service"]


def _boundary(dates: pd.Series) -> pd.Series:
    """True on the first and the last day of a month."""
    return (dates.dt.day == 1) | dates.dt.is_month_end


def one_off_by_day(frame: pd.DataFrame) -> dict[str, float]:
    """The one-off part of each day's cost (ISO date → amount), days without any left out.
    `frame` is the canonical table with daily `date` values."""
    if frame.empty:
        return {}
    daily = frame.groupby(["date", *_SERIES], as_index=False)["amount"].sum()
    edge = _boundary(daily["date"])
    usual = daily[~edge].groupby(_SERIES)["amount"].median().rename("usual")
    daily = daily.join(usual, on=_SERIES)
    daily["usual"] = daily["usual"].fillna(0.0).clip(lower=0.0)
    fee = edge & (daily["amount"] > 0) & (daily["amount"] >= ONE_OFF_FACTOR * daily["usual"])
    daily["one_off"] = (daily["amount"] - daily["usual"]).where(fee, 0.0)
    tax = daily["service"].isin(ONE_OFF_SERVICES)
    daily.loc[tax, "one_off"] = daily.loc[tax, "amount"]
    per_day = daily.groupby("date")["one_off"].sum()
    return {pd.Timestamp(d).date().isoformat(): round(float(v), 2)
            for d, v in per_day.items() if round(float(v), 2) != 0}
