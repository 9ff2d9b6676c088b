"""The request budget (--ce-max-requests) and the coarse plan, against the paging endpoint of
bench/ce_endpoint.py (a real HTTP server speaking Cost Explorer's JSON protocol): the switch,
the notice, totals to the cent, and account × service detail only for the flagged series."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from ce_endpoint import Organization

from finops_lib.sources.base import CostQuery
from finops_lib.sources.cache import ResponseCache
from finops_lib.sources.ce_store import DayStore
from finops_lib.sources.cost_explorer import CostExplorerSource
from tests.sources.conftest import bench_endpoint

TODAY = date(2026, 10, 20)
START = date(2026, 8, 1)
SPIKE = (date(2026, 10, 15), 7, 3)  # day, account 7, service 3


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Organization]:
    """A 20-account × 30-service organization with one $5,000 spike, no latency."""
    org = Organization(20, 30, TODAY, latency=0.0, spikes={SPIKE: 5000.0})
    yield from bench_endpoint(monkeypatch, tmp_path, org)


def _source(tmp_path: Path, budget: int) -> CostExplorerSource:
    import boto3

    return CostExplorerSource(session=boto3.Session(region_name="us-east-1"),
                              cache=ResponseCache(tmp_path / "r", read=False),
                              store=DayStore(tmp_path / "d.sqlite", today=lambda: TODAY),
                              max_requests=budget)


def _expected(org: Organization) -> pd.DataFrame:
    days = [START + timedelta(days=i) for i in range((TODAY - START).days)]
    return pd.DataFrame([(pd.Timestamp(d), org.account_id(a), f"Service {s}", org.cell(d, a, s))
                         for d in days for a in range(org.accounts) for s in range(org.services)],
                        columns=["date", "account_id", "service", "amount"])


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    return frame.groupby(keys)["amount"].sum().round(2)


def test_over_budget_the_coarse_plan_keeps_totals_to_the_cent(endpoint: Organization,
                                                              tmp_path: Path) -> None:
    source = _source(tmp_path, budget=40)
    sent: list[dict[str, Any]] = []
    source.client("ce").meta.events.register(
        "provide-client-params.ce.GetCostAndUsage", lambda params, **_: sent.append(params))
    frame = source.costs(CostQuery(START, TODAY))
    want = _expected(endpoint)
    # a day (600 pairs) fills the first page, so GetDimensionValues counts size the full plan:
    # 80 days over 12 chains: 7-day chunks (4,200 groups, 9 pages) × 11 + 3 days (4 pages)
    # + the first page + 2 counts = 106, over 40: coarse
    assert source.api_requests <= 40
    notice = next(n for n in source.notices if "coarse plan" in n)
    assert "~106 requests ($1.06" in notice and "--ce-max-requests 40" in notice
    assert round(frame["amount"].sum(), 2) == round(want["amount"].sum(), 2)
    for keys in (["date", "service"], ["date", "account_id"]):  # both daily reads, fitted
        pd.testing.assert_series_equal(_sums(frame, keys), _sums(want, keys))
    month = frame["date"].dt.to_period("M")
    pd.testing.assert_series_equal(
        frame.assign(month=month).groupby(["month", "account_id", "service"])["amount"]
        .sum().round(2),
        want.assign(month=want["date"].dt.to_period("M"))
        .groupby(["month", "account_id", "service"])["amount"].sum().round(2))
    # the spiked account and service were flagged and drilled: their days are exact
    spiked = frame[(frame["account_id"] == endpoint.account_id(7))
                   & (frame["service"] == "Service 3")].set_index("date")["amount"].round(2)
    exact = want[(want["account_id"] == endpoint.account_id(7))
                 & (want["service"] == "Service 3")].set_index("date")["amount"].round(2)
    pd.testing.assert_series_equal(spiked, exact)
    read = source.store.reads[-1]
    assert read["plan"] == "coarse" and set(read["drilled"]) <= {
        f"account:{endpoint.account_id(7)}", "service:Service 3"} and read["drilled"]
    assert read["pages"] == source.api_requests and read["requests"] < read["pages"]
    # past the size probe (the cube's first page), the only account × service daily reads
    # are the drill-down, filtered to the flagged series
    detail = [p for p in sent if p["Granularity"] == "DAILY" and len(p["GroupBy"]) == 2]
    assert "Filter" not in detail[0] and "NextPageToken" not in detail[0]
    assert len(detail) > 1 and all("Filter" in p for p in detail[1:])
    # the monthly account × service totals: one chain per calendar month, side by side
    monthly = sorted(p["TimePeriod"]["Start"] for p in sent
                     if p["Granularity"] == "MONTHLY" and "NextPageToken" not in p)
    assert monthly == ["2026-08-01", "2026-09-01", "2026-10-01"]


def test_within_budget_the_full_cube_is_read(endpoint: Organization, tmp_path: Path) -> None:
    source = _source(tmp_path, budget=200)
    frame = source.costs(CostQuery(START, TODAY))
    assert not any("coarse plan" in n for n in source.notices)
    assert source.store.reads[-1]["plan"] == "full" and len(frame) == 80 * 600
    assert round(frame["amount"].sum(), 2) == round(_expected(endpoint)["amount"].sum(), 2)
    # the next day: the store knows the size, the few stale days are one request chain
    source = _source(tmp_path, budget=200)
    source.store.today = lambda: TODAY + timedelta(days=1)
    endpoint.today = TODAY + timedelta(days=1)
    source.costs(CostQuery(START + timedelta(days=1), TODAY + timedelta(days=1)))
    read = source.store.reads[-1]
    assert read["plan"] == "full" and read["requests"] == 1 and read["days_fetched"] == 3


def test_a_stored_cube_over_budget_goes_coarse_without_probing(endpoint: Organization,
                                                               tmp_path: Path) -> None:
    _source(tmp_path, budget=200).costs(CostQuery(START, date(2026, 8, 11)))  # 10 days stored
    source = _source(tmp_path, budget=20)
    source.costs(CostQuery(START, TODAY))
    read = source.store.reads[-1]
    assert read["plan"] == "coarse" and read["estimate_basis"] == "the day store's rows a day"
    assert read["full_plan_requests"] == 84  # 70 stale days × 600 rows a day ÷ 500
