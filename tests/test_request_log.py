"""finops_lib.request_log: one thread-safe log of the run's remote calls."""

from __future__ import annotations

import threading
from datetime import date

from finops_lib.options import resolve
from finops_lib.personas import build_context
from finops_lib.request_log import Call, RequestLog
from finops_lib.sources.demo import DemoSource

AS_OF = "2026-11-26"


def test_billed_figures_leave_out_cached_free_calls_and_notes() -> None:
    log = RequestLog()
    log.record("ce", "GetCostAndUsage", "2026-11 page 1", seconds=0.25, numbered=True)
    log.record("ce", "GetCostAndUsage", "2026-11 page 2", pages=3, seconds=0.5, numbered=True)
    log.record("ce", "GetCostAndUsage", "2026-10: from cache (no request)", cached=True)
    log.record("sts", "GetCallerIdentity", "(free, not a Cost Explorer request)", free=True)
    log.note("ce day store: 3 day(s) from disk")
    assert (log.count, log.requests, log.seconds, len(log)) == (4, 2, 0.75, 5)
    assert log.lines == [
        "ce:GetCostAndUsage #1 2026-11 page 1: 0.25 s",
        "ce:GetCostAndUsage #4 2026-11 page 2: 0.50 s",
        "ce:GetCostAndUsage 2026-10: from cache (no request)",
        "sts:GetCallerIdentity (free, not a Cost Explorer request)",
        "ce day store: 3 day(s) from disk"]
    summary = log.summary()
    assert (summary["requests"], summary["pages"], summary["seconds"]) == (2, 4, 0.75)
    assert summary["calls"][2] == {"service": "ce", "operation": "GetCostAndUsage",
                                   "what": "2026-10: from cache (no request)", "pages": 1,
                                   "seconds": None, "cached": True, "free": False,
                                   "number": None, "line": log.lines[2]}


def test_add_numbers_requests_in_its_own_log_and_extend_keeps_them() -> None:
    own = RequestLog()
    own.add("ce:GetCostForecast", "2026-11-26..2026-12-01")
    own.add("ce:GetAnomalies", "page 1")
    assert own.lines == ["ce:GetCostForecast #1 2026-11-26..2026-12-01",
                         "ce:GetAnomalies #2 page 1"]
    run = RequestLog([Call("athena", "StartQueryExecution", "q-1")])
    run.extend(own.calls)
    assert run.count == 3 and run.lines[1:] == own.lines


def test_a_billed_line_reads_back_into_the_same_call() -> None:
    call = Call.billed_line("ce:GetAnomalies #2 page 1")
    assert (call.service, call.operation, call.number, call.what, call.billed) == (
        "ce", "GetAnomalies", 2, "page 1", 1)
    assert call.line == "ce:GetAnomalies #2 page 1"
    assert Call.billed_line("ce:GetCostForecast 2026-11").line == "ce:GetCostForecast 2026-11"


def test_threads_never_lose_or_share_a_number() -> None:
    log = RequestLog()
    threads = [threading.Thread(target=lambda: [log.record("ce", "GetCostAndUsage",
                                                           numbered=True) for _ in range(200)])
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(c.number for c in log.calls) == list(range(1, 1601))  # type: ignore[type-var]


def test_build_context_hands_one_log_to_the_source_and_keeps_earlier_calls() -> None:
    source = DemoSource(date.fromisoformat(AS_OF))
    source.requests.record("organizations", "ListAccounts", free=True)
    ctx = build_context(resolve("executive", {"as_of": AS_OF}), source)
    assert ctx.requests is ctx.source.requests is source.requests
    assert ctx.requests.lines[0] == "organizations:ListAccounts"
    ctx.requests.record("ce", "GetCostForecast", numbered=True)
    assert (source.api_requests, source.request_log[-1]) == (1, "ce:GetCostForecast #1")
