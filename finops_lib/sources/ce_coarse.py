"""The coarse plan's arithmetic: which series to drill into, and the frame built from its reads.

Pure functions over frames (no I/O), so the bench can replay the plan on a full cube and
compare anomaly recall. The reads (ce_plan) are:

* `service_daily`: date, service, amount (DAILY grouped by SERVICE): exact;
* `account_daily`: date, account_id, amount (DAILY grouped by LINKED_ACCOUNT): exact;
* `pair_totals`: month, account_id, service, amount (MONTHLY grouped by account × service, a
  month being the part of a calendar month inside the window): exact;
* `detail`: date, account_id, service, amount for the drilled pairs (DAILY account × service).

`coarse_frame` returns one row per day × account × service whose sums are, to the cent, every
day's total, every (day, service) amount, every (month, account, service) amount and every
drilled pair's daily amounts. An undrilled pair's daily split inside a month is *modelled*: its
month total starts out following its service's daily shape (after the drilled pairs' exact days
are taken out), then iterative proportional fitting (`_fit`) rescales the cells until every
(day, account) sum matches the account daily read as well. Fitting needs non-negative amounts:
with credits or refunds among the undrilled cells it is skipped and per-account daily figures
stay modelled. The flagged accounts and services are drilled, so their daily series are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "LOOKBACK_DAYS",
    "Flagged",
    "coarse_frame",
    "drill_pairs",
    "flagged_series",
    "margins_match",
    "month_of",
]

LOOKBACK_DAYS = 30  # the anomaly window personas report on (anomalies.detect's default)
FIT_ROUNDS = 200  # iterative proportional fitting converges in tens of rounds on cost cubes
FIT_TOLERANCE_USD = 1e-6  # stop once every margin is this close
UNATTRIBUTED = ""  # account of a service's remainder when no pair total can carry it


@dataclass(frozen=True)
class Flagged:
    """A service or account series the batch anomaly fit flagged in the lookback window."""

    dimension: str  # "service" | "account"
    key: str
    impact: float  # Σ |actual − expected| over its flagged days (ranks the drill-down)


def margins_match(cells: pd.DataFrame, margin: pd.DataFrame, keys: list[str],
                  tolerance_usd: float = 0.005) -> bool:
    """Whether the cells' sums by `keys` equal the margin read's to within `tolerance_usd`."""
    got = cells.groupby(keys)["amount"].sum()
    want = margin.groupby(keys)["amount"].sum()
    gap = got.sub(want, fill_value=0.0).abs()
    return bool(gap.max() <= tolerance_usd) if len(gap) else True


def month_of(dates: pd.Series) -> pd.Series:
    """The calendar month (first day, as a Timestamp) of each date."""
    return pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp()


def _flags(margin: pd.DataFrame, key: str, last_day: date, params: Any,
           dimension: str) -> list[Flagged]:
    """Series of one margin flagged by the batch fit on one of the last LOOKBACK_DAYS days."""
    from ..anomalies.batch import fit_many  # the anomaly model, imported only when flagging

    if margin.empty:
        return []
    index = pd.date_range(pd.Timestamp(margin["date"].min()), pd.Timestamp(last_day), freq="D")
    table = margin.pivot_table(index="date", columns=key, values="amount", aggfunc="sum")
    table = table.reindex(index).fillna(0.0)
    batch = fit_many(table.to_numpy(dtype=float).T, index, params)
    recent = np.asarray(index >= pd.Timestamp(last_day - timedelta(days=LOOKBACK_DAYS - 1)))
    flagged = (batch.flags[:, recent] != 0)
    impact = np.where(flagged, np.abs(batch.actual - np.nan_to_num(batch.expected))[:, recent],
                      0.0).sum(axis=1)
    return [Flagged(dimension, str(table.columns[i]), float(impact[i]))
            for i in np.flatnonzero(flagged.any(axis=1))]


def flagged_series(service_daily: pd.DataFrame, account_daily: pd.DataFrame, last_day: date,
                   params: Any) -> list[Flagged]:
    """Services and accounts whose daily totals the batch anomaly fit flags, by |impact|."""
    found = (_flags(service_daily, "service", last_day, params, "service")
             + _flags(account_daily, "account_id", last_day, params, "account"))
    return sorted(found, key=lambda f: (-f.impact, f.dimension, f.key))


def drill_pairs(flagged: Iterable[Flagged], pair_totals: pd.DataFrame, days: int,
                max_pages: int, page_groups: int = 500
                ) -> tuple[list[Flagged], list[Flagged], int]:
    """The flagged series to drill into (by impact, while the pages fit `max_pages`), those
    left out, and the pages the drill-down costs: a flagged service brings every account that
    has it, a flagged account every service it has."""
    present = pair_totals.loc[pair_totals["amount"] != 0, ["account_id", "service"]]
    by_service = present.groupby("service")["account_id"].apply(set).to_dict()
    by_account = present.groupby("account_id")["service"].apply(set).to_dict()
    chosen: list[Flagged] = []
    skipped: list[Flagged] = []
    pairs: set[tuple[str, str]] = set()
    for item in flagged:
        if item.dimension == "service":
            more = {(a, item.key) for a in by_service.get(item.key, set())}
        else:
            more = {(item.key, s) for s in by_account.get(item.key, set())}
        if math.ceil(days * len(pairs | more) / page_groups) <= max_pages:
            chosen.append(item)
            pairs |= more
        else:
            skipped.append(item)
    return chosen, skipped, math.ceil(days * len(pairs) / page_groups)


def _drilled_mask(frame: pd.DataFrame, drilled: Iterable[Flagged]) -> pd.Series:
    services = {f.key for f in drilled if f.dimension == "service"}
    accounts = {f.key for f in drilled if f.dimension == "account"}
    return frame["service"].isin(services) | frame["account_id"].isin(accounts)


def _codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, int]:
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy()
    return codes, int(codes.max()) + 1 if len(codes) else 0


def _scale_to(values: np.ndarray, codes: np.ndarray, size: int, target: np.ndarray) -> float:
    """Rescale `values` in place so each group sums to `target`; the largest gap before."""
    sums = np.bincount(codes, weights=values, minlength=size)
    factor = np.divide(target, sums, out=np.ones(size), where=np.abs(sums) > 1e-12)
    values *= factor[codes]
    return float(np.max(np.abs(sums - target), initial=0.0))


def _fit(spread: pd.DataFrame, account_target: pd.DataFrame) -> pd.DataFrame:
    """Iterative proportional fitting of the spread cells to the (day, account) targets while
    keeping the (month, account, service) and (day, service) sums (module docstring)."""
    cells = spread.merge(account_target, on=["date", "account_id"], how="left")
    values = cells["amount"].to_numpy(dtype=float).copy()
    if not len(values) or (values < 0).any() or (
            cells["target"].fillna(0.0) < -FIT_TOLERANCE_USD).any():
        return spread
    groups = [_codes(cells, k) for k in (["date", "account_id"],
                                         ["month", "account_id", "service"],
                                         ["date", "service"])]
    targets: list[np.ndarray] = [np.bincount(groups[0][0], weights=cells["target"].fillna(0.0).to_numpy(),
                           minlength=groups[0][1])
               / np.maximum(np.bincount(groups[0][0], minlength=groups[0][1]), 1)]
    targets += [np.bincount(c, weights=values, minlength=n) for c, n in groups[1:]]
    for _ in range(FIT_ROUNDS):
        gaps = [_scale_to(values, c, n, t) for (c, n), t in zip(groups, targets, strict=True)]
        if max(gaps) < FIT_TOLERANCE_USD:
            break
    return spread.assign(amount=values)


def coarse_frame(service_daily: pd.DataFrame, pair_totals: pd.DataFrame, detail: pd.DataFrame,
                 drilled: Iterable[Flagged], account_daily: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """date, account_id, service, amount: exact detail for drilled pairs, and each undrilled
    pair's month total spread over the days like its service's remainder, fitted to the
    account daily totals when given (module docstring)."""
    drilled = list(drilled)
    detail = detail[["date", "account_id", "service", "amount"]].astype({"amount": float})
    pairs = pair_totals[~_drilled_mask(pair_totals, drilled)]
    daily = service_daily.groupby(["date", "service"], as_index=False)["amount"].sum()
    taken = detail.groupby(["date", "service"], as_index=False)["amount"].sum()
    rest = daily.merge(taken, on=["date", "service"], how="left", suffixes=("", "_taken"))
    rest["amount"] = rest["amount"] - rest["amount_taken"].fillna(0.0)
    rest["month"] = month_of(rest["date"])
    weights = pairs.groupby(["month", "account_id", "service"], as_index=False)["amount"].sum()
    weights = weights[weights["amount"] != 0]
    scale = weights.groupby(["month", "service"])["amount"].transform("sum")
    weights = weights.assign(share=np.where(scale.abs() >= 0.005, weights["amount"] / scale, 0.0))
    carried = weights.groupby(["month", "service"])["share"].sum().rename("carried")
    rest = rest.merge(carried.reset_index(), on=["month", "service"], how="left")
    spread = rest[["date", "month", "service", "amount"]].merge(
        weights[["month", "account_id", "service", "share"]], on=["month", "service"])
    spread["amount"] = spread["amount"] * spread["share"]
    # a remainder no pair total can carry (none, or they cancel out) keeps its service's day
    left = rest[rest["carried"].fillna(0.0).round(9) != 1.0]
    if account_daily is not None and (left.empty or left["amount"].abs().max() < 0.005):
        target = account_daily.groupby(["date", "account_id"])["amount"].sum().sub(
            detail.groupby(["date", "account_id"])["amount"].sum(), fill_value=0.0)
        spread = _fit(spread, target.rename("target").reset_index())
    left = left.assign(account_id=UNATTRIBUTED,
                       amount=left["amount"] * (1.0 - left["carried"].fillna(0.0)))
    parts = [detail, spread[["date", "account_id", "service", "amount"]],
             left[["date", "account_id", "service", "amount"]]]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    frame = frame[frame["amount"].abs() >= 5e-7]
    return frame.groupby(["date", "account_id", "service"], as_index=False)["amount"].sum()
