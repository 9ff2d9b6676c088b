"""The adaptive Cost Explorer rate limiter: bursts, the sustained rate, halving on throttling and
recovery, and its botocore hooks on a real client (moto, and the fault endpoint's throttle)."""

from __future__ import annotations

from datetime import date
from typing import Any

import boto3
import pytest

from finops_lib.sources import aws
from finops_lib.sources.ce_rate import MIN_REQUESTS_PER_SECOND, RateLimiter, limit_rate
from tests.fault_ce import faulty_endpoint


def _fake_clock() -> tuple[list[float], dict[str, Any]]:
    now = [100.0]
    return now, {"clock": lambda: now[0], "sleep": lambda s: now.__setitem__(0, now[0] + s)}


def test_rate_limiter_spaces_requests() -> None:
    now, clock = _fake_clock()
    limiter = RateLimiter(per_second=5.0, burst=1, **clock)
    for _ in range(11):
        limiter.acquire()
    assert now[0] - 100.0 == pytest.approx(2.0)  # 11 requests at 5/s: the last starts at +2 s
    assert limiter.calls == 11


def test_rate_limiter_allows_a_burst_then_the_sustained_rate() -> None:
    now, clock = _fake_clock()
    limiter = RateLimiter(per_second=5.0, burst=10, **clock)
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


def test_throttling_halves_the_rate_and_spends_the_burst_then_answers_win_it_back() -> None:
    now, clock = _fake_clock()
    limiter = RateLimiter(per_second=10.0, burst=20, **clock)
    limiter.acquire()
    limiter.throttled()
    assert limiter.rate == 5.0 and limiter.throttles == 1
    for _ in range(5):  # no burst left: 5 requests at the halved rate take 1 s
        limiter.acquire()
    assert now[0] - 100.0 == pytest.approx(1.0)
    for _ in range(10):
        limiter.throttled()
    assert limiter.rate == MIN_REQUESTS_PER_SECOND  # never below the floor
    for _ in range(200):
        limiter.answered()
    assert limiter.rate == 10.0  # recovered, never above the assumed rate


def _params() -> dict[str, Any]:
    return {"TimePeriod": {"Start": "2026-09-01", "End": "2026-09-02"}, "Granularity": "DAILY",
            "Metrics": ["UnblendedCost"]}


def test_limit_rate_registers_once_per_client(make_ce_source: Any, inject_ce: Any,
                                              ce_response: Any) -> None:
    inject_ce([ce_response({date(2026, 9, 1): []})])
    source = make_ce_source()
    limiter = RateLimiter(per_second=1000.0)
    limit_rate(source.client("ce"), limiter)
    limit_rate(source.client("ce"), limiter)  # the same unique id: still one slot a call
    source.client("ce").get_cost_and_usage(**_params())
    assert limiter.calls == 1
    assert limiter.throttles == 0 and limiter.rate == 1000.0


def test_a_throttled_reply_from_cost_explorer_halves_the_rate_and_the_retry_succeeds(
        aws_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aws, "MAX_ATTEMPTS", 2)
    with faulty_endpoint("throttle-then-succeed") as endpoint:
        client = boto3.Session(region_name="us-east-1").client(
            "ce", endpoint_url=endpoint.url, config=aws.client_config())
        limiter = RateLimiter(per_second=8.0, burst=20)
        limit_rate(client, limiter)
        reply = client.get_cost_and_usage(**_params())
    assert reply["ResultsByTime"] and endpoint.requests == 2  # throttled once, then answered
    assert limiter.calls == 1  # one call (its retry is botocore's)
    assert limiter.throttles == 1
    assert limiter.rate == pytest.approx(4.0 + 0.05 * 8.0)  # halved, then one answer back
