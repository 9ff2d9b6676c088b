"""Coarse-plan reads kept in the day store, against the paging endpoint of bench/ce_endpoint.py
(a real HTTP server speaking Cost Explorer's JSON protocol): the cold coarse read stores its days
marked modelled, the next day reads only the stale days on the full plan, the notice says which
days are modelled, a full read removes the marks, month close re-reads them, damage refetches."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from ce_endpoint import Organization

from finops_lib.sources.base import CostQuery
from finops_lib.sources.cache import ResponseCache
from finops_lib.sources.ce_days import split_days
from finops_lib.sources.ce_fetch import cube_of
from finops_lib.sources.ce_store import DayStore
from finops_lib.sources.cost_explorer import CostExplorerSource
from tests.sources.conftest import bench_endpoint

TODAY = date(2026, 10, 20)
START = date(2026, 9, 10)  # 40 days × 120 pairs ≈ 10 pages: over a budget of 6
BUDGET = 6
SPIKE = (date(2026, 10, 14), 7, 3)  # day, account 7, service 3: flagged, so one drill-down


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Organization]:
    """A 10-account × 12-service organization with one $900 spike, no latency."""
    org = Organization(10, 12, TODAY, latency=0.0, spikes={SPIKE: 900.0})
    yield from bench_endpoint(monkeypatch, tmp_path, org)


def _read(org: Organization, tmp_path: Path, today: date, start: date, end: date, *,
          budget: int = BUDGET, no_cache: bool = False
          ) -> tuple[CostExplorerSource, pd.DataFrame, int]:
    """One run on `today` (the endpoint's Estimated days follow it): source, frame, chains."""
    import boto3

    org.today = today
    source = CostExplorerSource(session=boto3.Session(region_name="us-east-1"),
                                cache=ResponseCache(tmp_path / "r", read=False),
                                store=DayStore(tmp_path / "d.sqlite", read=not no_cache,
                                               today=lambda: today),
                                max_requests=budget)
    chains = org.chains
    frame = source.costs(CostQuery(start, end))
    return source, frame, org.chains - chains


def _expected(org: Organization, start: date, end: date) -> pd.DataFrame:
    """Every cell as the endpoint computes it: the independent truth."""
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    return pd.DataFrame([(pd.Timestamp(d), org.account_id(a), f"Service {s}", org.cell(d, a, s))
                         for d in days for a in range(org.accounts) for s in range(org.services)],
                        columns=["date", "account_id", "service", "amount"])


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    return frame.groupby(keys)["amount"].sum().round(2)


def _margins_match(frame: pd.DataFrame, want: pd.DataFrame) -> None:
    assert round(frame["amount"].sum(), 2) == round(want["amount"].sum(), 2)
    for keys in (["date", "service"], ["date", "account_id"]):
        pd.testing.assert_series_equal(_sums(frame, keys), _sums(want, keys))


def _modelled_notice(source: CostExplorerSource) -> str | None:
    return next((n for n in source.notices if "coarse-plan read" in n), None)


def test_a_coarse_read_is_stored_and_the_next_day_reads_only_its_stale_days_in_full(
        endpoint: Organization, tmp_path: Path) -> None:
    cold, frame, _ = _read(endpoint, tmp_path, TODAY, START, TODAY)
    read = cold.store.reads[-1]
    assert read["plan"] == "coarse" and read["accounts_exact"] is True
    assert read["days_modelled"] == 40
    cube = cube_of(cold, CostQuery(START, TODAY))
    marks = cold.store.modelled_days(cube, START, TODAY)
    assert sorted(marks) == [START + timedelta(days=i) for i in range(40)]
    assert {m.read_on for m in marks.values()} == {TODAY}
    # what is stored keeps every day's exact totals by service and by account
    stored, _ = cold.store.load(cube, START, TODAY)
    _margins_match(stored.assign(date=pd.to_datetime(stored["date"])), _expected(endpoint, START, TODAY))
    _margins_match(frame, _expected(endpoint, START, TODAY))

    nxt = TODAY + timedelta(days=1)
    source, frame, chains = _read(endpoint, tmp_path, nxt, START + timedelta(days=1), nxt)
    read = source.store.reads[-1]
    # the two days Estimated yesterday and the new one: one request chain on the full plan
    assert read["plan"] == "full" and read["days_fetched"] == 3 and read["requests"] == 1
    assert chains == 1 and source.request_chains == 1 and read["pages"] == 1
    want = _expected(endpoint, START + timedelta(days=1), nxt)
    _margins_match(frame, want)
    fresh = frame[frame["date"] >= pd.Timestamp(TODAY - timedelta(days=2))]
    pd.testing.assert_series_equal(  # the re-read days are exact for every pair
        _sums(fresh, ["date", "account_id", "service"]),
        _sums(want[want["date"] >= pd.Timestamp(TODAY - timedelta(days=2))],
              ["date", "account_id", "service"]))
    assert read["days_modelled"] == 37
    notice = _modelled_notice(source)
    assert notice is not None and "37 of the window's 40 days" in notice
    assert f"coarse-plan read of {TODAY.isoformat()}" in notice
    assert "per-account daily figures are exact" in notice and "--no-cache" in notice
    assert not any("coarse plan" in n for n in source.notices)  # no coarse read this time


def test_a_full_read_removes_the_modelled_marks_and_the_notice(
        endpoint: Organization, tmp_path: Path) -> None:
    _read(endpoint, tmp_path, TODAY, START, TODAY)
    # --no-cache with a budget the full plan fits: every day read in full, marks removed
    source, frame, _ = _read(endpoint, tmp_path, TODAY, START, TODAY, budget=100,
                             no_cache=True)
    assert source.store.reads[-1]["plan"] == "full"
    assert source.store.reads[-1]["days_modelled"] == 0 and _modelled_notice(source) is None
    cube = cube_of(source, CostQuery(START, TODAY))
    assert source.store.modelled_days(cube, START, TODAY) == {}
    again, frame, chains = _read(endpoint, tmp_path, TODAY, START, TODAY - timedelta(days=2))
    assert chains == 0 and _modelled_notice(again) is None
    want = _expected(endpoint, START, TODAY - timedelta(days=2))
    pd.testing.assert_series_equal(_sums(frame, ["date", "account_id", "service"]),
                                   _sums(want, ["date", "account_id", "service"]))


def test_no_cache_under_budget_never_overwrites_exact_days_with_modelled_ones(
        endpoint: Organization, tmp_path: Path) -> None:
    _read(endpoint, tmp_path, TODAY, START, TODAY, budget=100)  # exact days stored
    source, frame, _ = _read(endpoint, tmp_path, TODAY, START, TODAY, no_cache=True)
    assert source.store.reads[-1]["plan"] == "coarse"  # fresh, as --no-cache asks
    _margins_match(frame, _expected(endpoint, START, TODAY))
    cube = cube_of(source, CostQuery(START, TODAY))
    # only the days the store could not serve (the two still Estimated) are now modelled
    assert sorted(source.store.modelled_days(cube, START, TODAY)) == [
        TODAY - timedelta(days=2), TODAY - timedelta(days=1)]


def test_month_close_reads_the_modelled_previous_month_again_once(
        endpoint: Organization, tmp_path: Path) -> None:
    start, end = date(2026, 10, 1), date(2026, 11, 3)
    first, _, _ = _read(endpoint, tmp_path, date(2026, 11, 3), start, end)
    assert first.store.reads[-1]["plan"] == "coarse"
    before_close, _, chains = _read(endpoint, tmp_path, date(2026, 11, 5), start, end)
    assert chains == 1 and before_close.store.reads[-1]["days_fetched"] == 2  # 1st, 2nd
    # AWS restates October (a true-up on one cell) and the 6th re-reads it, coarse again
    endpoint.spikes[(date(2026, 10, 9), 2, 1)] = 30.0
    closed, frame, _ = _read(endpoint, tmp_path, date(2026, 11, 6), start, end)
    read = closed.store.reads[-1]
    assert read["plan"] == "coarse" and read["estimate_basis"] == "the day store's rows a day"
    _margins_match(frame, _expected(endpoint, start, end))  # restated, nothing counted twice
    cube = cube_of(closed, CostQuery(start, end))
    marks = closed.store.modelled_days(cube, start, end)
    assert sorted(marks) == [start + timedelta(days=i) for i in range(31)]  # not November
    assert {m.read_on for m in marks.values()} == {date(2026, 11, 6)}
    after, frame, chains = _read(endpoint, tmp_path, date(2026, 11, 9), start, end)
    assert chains == 0 and after.api_requests == 0  # final now: no loop
    _margins_match(frame, _expected(endpoint, start, end))
    assert "31 of the window's 33 days" in (_modelled_notice(after) or "")


def test_a_damaged_store_or_modelled_day_is_fetched_again(
        endpoint: Organization, tmp_path: Path) -> None:
    first, _, _ = _read(endpoint, tmp_path, TODAY, START, TODAY)
    with sqlite3.connect(first.store.path) as con:  # a modelled day lost a row
        con.execute("DELETE FROM rows WHERE rowid = (SELECT min(rowid) FROM rows "
                    "WHERE day = '2026-09-20')")
    source, frame, chains = _read(endpoint, tmp_path, TODAY, START, TODAY)
    # it and the two Estimated days: two ranges, two chains, on the full plan
    assert chains == 2 and source.store.reads[-1]["days_fetched"] == 3
    assert source.store.reads[-1]["plan"] == "full"
    cube = cube_of(source, CostQuery(START, TODAY))
    assert date(2026, 9, 20) not in source.store.modelled_days(cube, START, TODAY)
    _margins_match(frame, _expected(endpoint, START, TODAY))

    first.store.path.write_bytes(b"not a database at all" * 100)
    rebuilt, frame, _ = _read(endpoint, tmp_path, TODAY, START, TODAY)
    assert any("day store" in n and "fetched again" in n for n in rebuilt.notices)
    assert rebuilt.store.reads[-1]["plan"] == "coarse"
    _margins_match(frame, _expected(endpoint, START, TODAY))
    assert len(rebuilt.store.modelled_days(cube, START, TODAY)) == 40


def test_split_days_groups_rows_and_estimated_flags_by_day() -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-02"]),
                          "account_id": ["1", "2", "1"], "service": ["s", "s", "t"],
                          "amount": [1.5, 2.0, 3.25], "currency": "USD",
                          "estimated": [False, True, False]})
    rows, estimated = split_days(frame)
    assert rows == {date(2026, 9, 1): [("1", "s", 1.5, "USD"), ("2", "s", 2.0, "USD")],
                    date(2026, 9, 2): [("1", "t", 3.25, "USD")]}
    assert estimated == {date(2026, 9, 1): True, date(2026, 9, 2): False}
    assert split_days(frame.iloc[:0]) == ({}, {})


def test_the_notice_says_when_per_account_days_are_modelled_too(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from finops_lib.sources.ce_days import notice_modelled
    from finops_lib.sources.ce_store import Modelled

    source = SimpleNamespace(notices=[])
    days = [date(2026, 9, 1), date(2026, 9, 2)]
    query = CostQuery(date(2026, 9, 1), date(2026, 9, 5))
    for today, exact in ((date(2026, 9, 10), True), (date(2026, 9, 12), False)):
        store = DayStore(tmp_path / "s.sqlite", today=lambda today=today: today)
        store.save("c", "c", days[:1] if exact else days[1:], {}, {}, {},
                   modelled=Modelled(exact))
    assert notice_modelled(source, store, "c", query) == 2  # type: ignore[arg-type]
    assert source.notices == [
        "Cost Explorer: 2 of the window's 4 days come from the day store's coarse-plan reads of "
        "2026-09-10 and 2026-09-12: daily totals and per-service daily figures are exact "
        "(per-account daily figures are modelled too); the account × service split of the "
        "series not drilled into on those days is modelled. --no-cache with a higher "
        "--ce-max-requests reads them in full."]
    assert notice_modelled(source, store, "c", CostQuery(date(2026, 9, 3), date(2026, 9, 5))) == 0
    assert len(source.notices) == 1
