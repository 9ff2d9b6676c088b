"""Cost Explorer reads through the day store: date ranges and chunks, the shared rate limiter,
the probe of a cold cube that pages, concurrent chunks and what a costly read says it cost."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.ce_fetch import (
    RateLimiter,
    chunk_days_for,
    chunks,
    costs_with_store,
    cube_of,
    date_ranges,
    limit_rate,
)
from tests.sources.test_ce_store import _expected, _reply, _run


def test_the_store_key_ignores_the_dates_but_not_the_question(make_ce_source: Any) -> None:
    source = make_ce_source()
    september = CostQuery(date(2026, 9, 1), date(2026, 10, 1))
    october = CostQuery(date(2026, 10, 1), date(2026, 11, 1))
    assert cube_of(source, september) == cube_of(source, october)
    assert cube_of(source, september) != cube_of(source, CostQuery(
        date(2026, 9, 1), date(2026, 10, 1), metric="amortized"))
    assert cube_of(source, september) != cube_of(source, CostQuery(
        date(2026, 9, 1), date(2026, 10, 1), services=("AWS Lambda",)))


def test_ranges_and_chunks_of_nothing_are_empty() -> None:
    assert date_ranges([]) == [] and chunks([], 7) == []
    # one range shorter than a chunk stays whole; unsorted days still make contiguous ranges
    assert date_ranges([date(2026, 9, 3), date(2026, 9, 1), date(2026, 9, 2)]) == [
        (date(2026, 9, 1), date(2026, 9, 4))]
    assert chunks([(date(2026, 9, 1), date(2026, 9, 4))], 7) == [
        (date(2026, 9, 1), date(2026, 9, 4))]


def test_limit_rate_registers_once_per_client(make_ce_source: Any, inject_ce: Any,
                                              ce_response: Any) -> None:
    inject_ce([ce_response({date(2026, 9, 1): []})])
    source = make_ce_source()
    limiter = RateLimiter(per_second=1000.0)
    limit_rate(source.client("ce"), limiter)
    limit_rate(source.client("ce"), limiter)  # the same unique id: still one slot a call
    source.client("ce").get_cost_and_usage(
        TimePeriod={"Start": "2026-09-01", "End": "2026-09-02"}, Granularity="DAILY",
        Metrics=["UnblendedCost"])
    assert limiter.calls == 1


def test_long_window_is_fetched_in_concurrent_chunks_under_the_rate_limit(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end, today = date(2026, 8, 1), date(2026, 8, 21), date(2026, 9, 20)
    inject_ce([_reply(ce_response, start, end)] * 3)  # each chunk keeps only its own days
    source = make_ce_source()
    source.store.today = lambda: today
    limiter = RateLimiter(per_second=1000.0)
    limit_rate(source.client("ce"), limiter)
    frame = costs_with_store(source, CostQuery(start, end), source.store, chunk_days=7)
    assert source.api_requests == 3 and limiter.calls == 3
    assert not source.notices  # 3 requests: nothing to warn about
    assert round(frame["amount"].sum(), 2) == _expected(start, end)
    assert len(frame) == 20 * 4


def test_chunk_planning() -> None:
    days = [date(2026, 9, d) for d in (1, 2, 3, 7, 8, 30)]
    assert date_ranges(days) == [(date(2026, 9, 1), date(2026, 9, 4)),
                                 (date(2026, 9, 7), date(2026, 9, 9)),
                                 (date(2026, 9, 30), date(2026, 10, 1))]
    assert chunks([(date(2026, 9, 1), date(2026, 9, 11))], 4) == [
        (date(2026, 9, 9), date(2026, 9, 11)), (date(2026, 9, 5), date(2026, 9, 9)),
        (date(2026, 9, 1), date(2026, 9, 5))]
    # two pages a chunk: 15 groups a day → 66 days, 240 → 4 days, a day past a page → 1
    assert chunk_days_for(15) == 66 and chunk_days_for(240) == 4 and chunk_days_for(1e6) == 1


def test_rate_limiter_spaces_requests() -> None:
    now = [100.0]
    limiter = RateLimiter(per_second=5.0, burst=1, clock=lambda: now[0],
                          sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(11):
        limiter.acquire()
    assert now[0] - 100.0 == pytest.approx(2.0)  # 11 requests at 5/s: the last starts at +2 s
    assert limiter.calls == 11


def test_rate_limiter_allows_a_burst_then_the_sustained_rate() -> None:
    now = [100.0]
    limiter = RateLimiter(per_second=5.0, burst=10, clock=lambda: now[0],
                          sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(10):
        limiter.acquire()
    assert now[0] == 100.0  # the first ten at once
    for _ in range(5):
        limiter.acquire()
    assert now[0] - 100.0 == pytest.approx(1.0)  # then one every 0.2 s
    now[0] += 60.0  # an idle minute refills the bucket to `burst`, not more
    for _ in range(10):
        limiter.acquire()
    assert now[0] - 100.0 == pytest.approx(61.0) and limiter.calls == 25


def test_a_cold_cube_that_pages_is_probed_then_fetched_in_chunks(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end, today = date(2026, 9, 1), date(2026, 9, 21), date(2026, 9, 30)
    first = _reply(ce_response, start, date(2026, 9, 4))
    first["ResultsByTime"][-1]["Groups"] = first["ResultsByTime"][-1]["Groups"][:1]  # cut off
    first["NextPageToken"] = "page-2"  # never followed: the rest is asked for in chunks
    inject_ce([first, _reply(ce_response, date(2026, 9, 3), end)])
    source, frame, periods = _run(make_ce_source, today, start, end)
    assert periods == ["2026-09-01..2026-09-21", "2026-09-03..2026-09-21"]
    assert source.api_requests == 2
    assert round(frame["amount"].sum(), 2) == _expected(start, end)
    assert len(frame) == 20 * 4 and not frame.duplicated(["date", "account_id", "service"]).any()
    assert _run(make_ce_source, today, start, end)[2] == []  # all 20 days stored


def test_a_costly_read_says_what_it_cost(make_ce_source: Any, inject_ce: Any,
                                         ce_response: Any) -> None:
    start, end, today = date(2026, 8, 1), date(2026, 8, 21), date(2026, 9, 20)
    inject_ce([_reply(ce_response, start, end)] * 20)
    source = make_ce_source()
    source.store.today = lambda: today
    costs_with_store(source, CostQuery(start, end), source.store, chunk_days=1)
    assert source.api_requests == 20
    assert any("this read cost 20 requests ($0.20; 20 days × ~4 account × service pairs" in n
               and "next run fetches only the newest ones (~1 request(s))" in n
               for n in source.notices)
