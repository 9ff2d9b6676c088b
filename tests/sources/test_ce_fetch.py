"""Cost Explorer reads through the day store: date ranges and chunks, the probe of a cold cube
that pages, concurrent chunks and what a costly read says it cost."""

from __future__ import annotations

from datetime import date
from typing import Any

from finops_lib.sources.base import CostQuery
from finops_lib.sources.ce_fetch import (
    chunk_days_for,
    chunks,
    costs_with_store,
    cube_of,
    date_ranges,
)
from finops_lib.sources.ce_rate import RateLimiter, limit_rate
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
    # 47 days of 240 groups (23 pages) over 12 chains: 4-day chunks of 2 pages each
    assert chunk_days_for(240, 47) == 4 and chunk_days_for(240, 47, workers=8) == 6
    # never thinner than a full page: 15 groups a day → 33 days (one page), not 47 ÷ 8
    assert chunk_days_for(15, 47) == 33
    # a day past a page is still a day; one worker reads the range whole
    assert chunk_days_for(1e6, 47) == 4 and chunk_days_for(240, 47, workers=1) == 47


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
