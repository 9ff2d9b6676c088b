"""The Cost Explorer request budget (--ce-max-requests) and the coarse plan used past it.

The full plan reads the DAILY LINKED_ACCOUNT × SERVICE cube: days × pairs ÷ 500 billed pages
($0.01 each) on a cold run. Its size is estimated before it is read: from the day store's rows a
day when the cube was stored before, else from the first page of the cold read (which tells the
rows a day), and when a single day fills that page, from ce:GetDimensionValues counts of
LINKED_ACCOUNT and SERVICE over the window (accounts × services: an upper bound). When the
estimate exceeds the budget the coarse plan is read instead (ce_coarse for what its frame holds):

1. DAILY by SERVICE, DAILY by LINKED_ACCOUNT and MONTHLY by LINKED_ACCOUNT × SERVICE, in
   concurrent date chunks;
2. the batch anomaly fit on the service and account daily totals flags series;
3. DAILY LINKED_ACCOUNT × SERVICE detail for the flagged services (all their accounts) and
   accounts (all their services), by impact, while the budget lasts.

Every surface gets one notice naming the plan and the full plan's estimated requests and cost.
The frame's days the store could not serve are then stored marked modelled (ce_days): the next
day's stale days are few, so the full plan reads them and the rest comes from the store.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..formatting import format_money
from ..periods import billing_months
from .base import CostQuery, normalise_frame
from .ce_coarse import (
    Flagged,
    coarse_frame,
    drill_pairs,
    flagged_series,
    margins_match,
    month_of,
)

if TYPE_CHECKING:
    from .cost_explorer import CostExplorerSource

__all__ = ["DEFAULT_MAX_REQUESTS", "Estimate", "coarse_costs", "dimension_counts",
           "estimate_pages"]

DEFAULT_MAX_REQUESTS = 50  # $0.50: the 6-account × 40-service executive's full cube fits
PAGE_GROUPS = 500
PRICE_PER_REQUEST = 0.01
WORKERS = 8


@dataclass(frozen=True)
class Estimate:
    """The full plan's estimated billed requests, and what the estimate is based on."""

    requests: int
    basis: str
    accounts: int = 0
    services: int = 0

    @property
    def dollars(self) -> float:
        """The estimate in USD."""
        return self.requests * PRICE_PER_REQUEST


def estimate_pages(days: int, groups_per_day: float) -> int:
    """Billed pages for `days` days of `groups_per_day` groups each."""
    return math.ceil(days * groups_per_day / PAGE_GROUPS) if days else 0


def _filter_and(*parts: dict[str, Any] | None) -> dict[str, Any] | None:
    present = [p for p in parts if p]
    if len(present) <= 1:
        return present[0] if present else None
    flat = [q for p in present for q in (p["And"] if set(p) == {"And"} else [p])]
    return {"And": flat}


def dimension_counts(source: CostExplorerSource, query: CostQuery) -> tuple[int, int]:
    """How many accounts and services have costs in the window (ce:GetDimensionValues)."""
    from .cost_explorer import build_filter

    counts = []
    for key in ("LINKED_ACCOUNT", "SERVICE"):
        params: dict[str, Any] = {"TimePeriod": {"Start": query.start.isoformat(),
                                                 "End": query.end.isoformat()},
                                  "Dimension": key, "Context": "COST_AND_USAGE"}
        flt = build_filter(query)
        if flt:
            params["Filter"] = flt
        counts.append(source.dimension_value_count(params))
    return counts[0], counts[1]


_KEYS = {"service": "SERVICE", "account_id": "LINKED_ACCOUNT"}  # column → GroupBy dimension
Job = tuple[str, CostQuery, str, tuple[str, ...], Any]  # name, query, granularity, keys, filter


def _read(source: CostExplorerSource, names: dict[str, str], job: Job) -> pd.DataFrame:
    """Rows (date, *keys, amount, currency, estimated) of one grouped read, all its pages."""
    from ..cost_metrics import USAGE_NAMES
    from .cost_explorer import _described_accounts, _period, build_filter

    _, query, granularity, keys, extra = job
    metric = USAGE_NAMES[query.metric]
    params: dict[str, Any] = {"TimePeriod": _period(query), "Granularity": granularity,
                              "Metrics": [metric],
                              "GroupBy": [{"Type": "DIMENSION", "Key": _KEYS[k]} for k in keys]}
    flt = _filter_and(build_filter(query), extra)
    if flt:
        params["Filter"] = flt
    rows: list[tuple[Any, ...]] = []
    for page in source._pages(params):
        names.update(_described_accounts(page))
        for result in page.get("ResultsByTime", []):
            start = date.fromisoformat(result["TimePeriod"]["Start"][:10])
            if granularity == "DAILY" and query.start <= start < query.end:
                source.days_answered.add(start)
            for group in result.get("Groups", []):
                value = group["Metrics"][metric]
                rows.append((start, *group["Keys"][:len(keys)], float(value["Amount"]),
                             value.get("Unit", "USD"), bool(result.get("Estimated", False))))
    frame = pd.DataFrame(rows, columns=["date", *keys, "amount", "currency", "estimated"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[(frame["date"] >= pd.Timestamp(query.start))
                 & (frame["date"] < pd.Timestamp(query.end))]


def _pieces(query: CostQuery, groups_per_day: int) -> list[CostQuery]:
    """The query cut into date chunks of about two pages each (they are read concurrently)."""
    days = max(1, 2 * PAGE_GROUPS // max(groups_per_day, 1))
    out, start = [], query.start
    while start < query.end:
        end = min(query.end, start + timedelta(days=days))
        out.append(replace(query, start=start, end=end))
        start = end
    return out


def _months(query: CostQuery) -> list[CostQuery]:
    """The query cut at calendar month boundaries."""
    starts = [query.start, *billing_months(query.start, query.end)[1:]]
    ends = [*starts[1:], query.end]
    return [replace(query, start=s, end=e) for s, e in zip(starts, ends, strict=True)]


def _read_all(source: CostExplorerSource, names: dict[str, str], jobs: list[Job]
              ) -> dict[str, pd.DataFrame]:
    """Run every read concurrently (each pages on its own); frames by job name."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        frames = list(pool.map(lambda job: _read(source, names, job), jobs))
    out: dict[str, list[pd.DataFrame]] = {}
    for job, frame in zip(jobs, frames, strict=True):
        out.setdefault(job[0], []).append(frame)
    return {name: pd.concat(parts, ignore_index=True) for name, parts in out.items()}


def _margins(source: CostExplorerSource, names: dict[str, str], query: CostQuery,
             estimate: Estimate) -> dict[str, pd.DataFrame]:
    services, accounts = max(estimate.services, 1), max(estimate.accounts, 1)
    # one MONTHLY chain per calendar month: a month's pairs page on their own, side by side
    jobs: list[Job] = [("pairs", q, "MONTHLY", ("account_id", "service"), None)
                       for q in _months(query)]
    jobs += [("service", q, "DAILY", ("service",), None) for q in _pieces(query, services)]
    jobs += [("account", q, "DAILY", ("account_id",), None) for q in _pieces(query, accounts)]
    return _read_all(source, names, jobs)


def _drill(source: CostExplorerSource, names: dict[str, str], query: CostQuery,
           chosen: list[Flagged], pair_count: int) -> pd.DataFrame:
    services = [f.key for f in chosen if f.dimension == "service"]
    accounts = [f.key for f in chosen if f.dimension == "account"]
    parts = [{"Dimensions": {"Key": k, "Values": v}}
             for k, v in (("SERVICE", services), ("LINKED_ACCOUNT", accounts)) if v]
    if not parts:
        return pd.DataFrame(columns=["date", "account_id", "service", "amount"])
    extra = parts[0] if len(parts) == 1 else {"Or": parts}
    jobs: list[Job] = [("detail", q, "DAILY", ("account_id", "service"), extra)
            for q in _pieces(query, pair_count)]
    return _read_all(source, names, jobs)["detail"]


def coarse_costs(source: CostExplorerSource, query: CostQuery, estimate: Estimate,
                 budget: int, spent: int = 0) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The canonical frame from the coarse plan (module docstring) and its figures for the
    JSON export; the notice goes to the source. `spent`: requests the estimate already cost."""
    from ..anomalies import DetectionParams

    before = source.api_requests - spent
    names: dict[str, str] = {}
    reads = _margins(source, names, query, estimate)
    service_daily, account_daily, pairs = reads["service"], reads["account"], reads["pairs"]
    pairs = pairs.assign(month=month_of(pairs["date"]))
    flagged = flagged_series(service_daily, account_daily, query.end - timedelta(days=1),
                             DetectionParams())
    days = (query.end - query.start).days
    left = max(0, budget - (source.api_requests - before))
    chosen, skipped, pages = drill_pairs(flagged, pairs, days, left)
    pair_count = max(1, math.ceil(pages * PAGE_GROUPS / max(days, 1)))
    detail = _drill(source, names, query, chosen, pair_count)
    cells = coarse_frame(service_daily, pairs, detail, chosen, account_daily)
    frame = _canonical(source, names, cells, service_daily)
    accounts_exact = margins_match(cells, account_daily, ["date", "account_id"])
    figures = {"plan": "coarse", "full_plan_requests": estimate.requests,
               "full_plan_usd": round(estimate.dollars, 2), "estimate_basis": estimate.basis,
               "budget": budget, "flagged": len(flagged), "accounts_exact": accounts_exact,
               "drilled": [f"{f.dimension}:{f.key}" for f in chosen],
               "not_drilled": [f"{f.dimension}:{f.key}" for f in skipped]}
    source.notices.append(_notice(estimate, budget, source.api_requests - before, chosen,
                                  skipped, accounts_exact))
    return frame, figures


def _canonical(source: CostExplorerSource, described: dict[str, str], cells: pd.DataFrame,
               service_daily: pd.DataFrame) -> pd.DataFrame:
    """The cells as the canonical table: currency and Estimated from the service reads."""
    days = service_daily.groupby("date").agg(currency=("currency", "first"),
                                             estimated=("estimated", "max")).reset_index()
    frame = cells.merge(days, on="date", how="left")
    names = {**described, **source.organization_names()}
    frame["account_name"] = [names.get(a) or a for a in frame["account_id"]]
    frame["region"] = ""
    frame["group"] = ""
    frame["currency"] = frame["currency"].fillna("USD")
    frame = normalise_frame(frame)
    return frame.sort_values(["date", "account_id", "service"], ignore_index=True)


def _notice(estimate: Estimate, budget: int, spent: int, chosen: list[Flagged],
            skipped: list[Flagged], accounts_exact: bool) -> str:
    exact = ("Daily totals, per-service and per-account daily figures are exact" if accounts_exact
             else "Daily totals and per-service daily figures are exact (per-account daily "
                  "figures are modelled too)")
    drilled = (f"daily account × service detail for {len(chosen)} flagged series"
               if chosen else "no series flagged for daily account × service detail")
    missed = (f"; {len(skipped)} more flagged series did not fit the budget" if skipped else "")
    return (f"Cost Explorer coarse plan: the full daily account × service read would cost "
            f"~{estimate.requests:,} requests ({format_money(estimate.dollars)}, estimated from "
            f"{estimate.basis}), over --ce-max-requests {budget}. This report reads daily "
            f"totals by service and by account, monthly account × service totals and "
            f"{drilled}{missed} ({spent} requests, {format_money(spent * PRICE_PER_REQUEST)}). "
            f"{exact}; the daily account × service split of the other series is modelled from "
            "their service's daily shape. The day store keeps the days it did not hold (marked "
            "modelled), so the next run reads only the newest ones. Raise --ce-max-requests for "
            "the full read.")
