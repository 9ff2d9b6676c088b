"""Cost Explorer misbehaving, through a real HTTP endpoint (tests/fault_ce.py): every fault is
exit 2 and one line, nothing malformed is cached, and the next run after recovery succeeds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from finops_lib.sources import aws, ce_replies
from finops_lib.sources.cache import ResponseCache, cache_key
from tests.fault_ce import FAULTS, faulty_endpoint

from .hostile import AS_OF, assert_empty_or_complete, one_line_failure, run_cli

# fault -> words the one line must contain
EXPECTED: dict[str, str] = {
    "always-throttle": "kept throttling ce:GetCostAndUsage",
    "server-error": "ce:GetCostAndUsage",
    "token-loop": "Cost Explorer kept paging past 20 pages",
    "malformed-json": "malformed reply",
    "non-json": "malformed reply",
    "not-an-object": "malformed reply",
    "empty-groups": "empty group",
    "amount-words": "'twelve dollars' is not a number",
    "amount-huge": "1e308 is not a plausible number of dollars",
    "amount-infinity": "Infinity is not a plausible number of dollars",
    "amount-nan": "NaN is not a plausible number of dollars",
    "amount-missing": "has no Amount",
    "metrics-missing": "without Metrics",
    "keys-missing": "without its account and service keys",
    "period-missing": "no TimePeriod.Start",
    "slow": "Cannot reach",
}


@pytest.fixture
def ce_endpoint(aws_env, monkeypatch):
    """The fault endpoint as every AWS endpoint, with short retries and timeouts."""
    monkeypatch.setattr(aws, "MAX_ATTEMPTS", 1)  # one retry at most (it counts retries)
    monkeypatch.setattr(ce_replies, "MAX_PAGES", 20)  # the 200-page cap, scaled down
    # a reply slower than the read timeout is asked again (botocore's max_attempts counts
    # retries), so exact request counts need a timeout a loaded machine never reaches
    monkeypatch.setattr(aws, "READ_TIMEOUT_S", 5.0)
    monkeypatch.setattr(aws, "CONNECT_TIMEOUT_S", 0.5)
    with faulty_endpoint() as endpoint:
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint.url)
        yield endpoint


def _run(out: Path, *extra: str):
    return run_cli("dashboard", "--mode", "sre", "--profile", "finops-test",
                   "--source", "ce", "--as-of", AS_OF, "--no-activity-analysis",
                   "--timeframe", "weekly",
                   "--export", "csv,json", "--output-dir", str(out), *extra)


def test_the_endpoint_serves_a_clean_report(ce_endpoint, tmp_path: Path) -> None:
    run = _run(tmp_path / "out")
    assert run.code == 0, run.stderr
    report = json.loads(next((tmp_path / "out").glob("*.json")).read_text())
    assert report["kpis"][0]["value"] == pytest.approx(12.34 * 7)  # the week to 2026-11-25
    assert ce_endpoint.requests == 1


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_each_fault_is_one_line_and_the_next_run_recovers(ce_endpoint, aws_env, fault: str,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    assert fault in FAULTS
    if fault == "slow":  # the endpoint answers after 30 s: give up long before
        monkeypatch.setattr(aws, "READ_TIMEOUT_S", 0.5)
    ce_endpoint.fault = fault
    line = one_line_failure(_run(tmp_path / "bad"))
    assert EXPECTED[fault] in line, line
    assert assert_empty_or_complete(tmp_path / "bad") == 0
    cached = list(aws_env.cache_dir.glob("*.json")) if aws_env.cache_dir.exists() else []
    for path in cached:  # only well-formed pages were kept (token-loop pages are such)
        assert json.loads(path.read_text())["response"]["ResultsByTime"]
    ce_endpoint.fault = "ok"
    recovered = _run(tmp_path / "good")
    assert recovered.code == 0, recovered.stderr
    assert assert_empty_or_complete(tmp_path / "good") == 1


def test_an_empty_reply_is_an_honest_empty_report_and_is_not_cached(ce_endpoint, aws_env,
                                                                    tmp_path: Path) -> None:
    ce_endpoint.fault = "empty-results"
    run = _run(tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "No cost recorded for this scope and period" in run.stdout
    assert not list(aws_env.cache_dir.glob("*.json"))  # used once, never cached
    ce_endpoint.fault = "ok"
    assert _run(tmp_path / "good").code == 0


def test_throttling_once_is_retried_and_succeeds(ce_endpoint, monkeypatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setattr(aws, "MAX_ATTEMPTS", 2)
    ce_endpoint.fault = "throttle-then-succeed"
    run = _run(tmp_path / "out")
    assert run.code == 0, run.stderr
    assert ce_endpoint.requests == 2


def test_the_overall_deadline_names_what_was_slow(ce_endpoint, monkeypatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setattr(aws, "READ_TIMEOUT_S", 60.0)
    ce_endpoint.fault = "slow"
    started = time.monotonic()
    line = one_line_failure(_run(tmp_path / "out", "--timeout", "2"))
    assert time.monotonic() - started < 10
    assert ce_endpoint.requests >= 1
    assert "timed out after 2 s while waiting for ce:GetCostAndUsage DAILY" in line
    assert "--timeout" in line
    assert assert_empty_or_complete(tmp_path / "out") == 0


def test_cache_entries_from_the_future_and_malformed_ones_are_ignored(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = ResponseCache(directory=tmp_path, clock=lambda: now[0])
    key = cache_key("ce:GetCostAndUsage", {"a": 1}, "p", "123456789012")
    cache.put(key, {"ResultsByTime": [1]})
    assert cache.get(key) == {"ResultsByTime": [1]}
    now[0] -= 365 * 86400  # the entry now looks stamped a year ahead
    assert cache.get(key) is None
    now[0] += 365 * 86400 + cache.ttl_seconds + 1
    assert cache.get(key) is None


def test_a_malformed_reply_already_in_the_cache_is_asked_again(ce_endpoint, aws_env,
                                                               tmp_path: Path) -> None:
    assert _run(tmp_path / "first").code == 0
    for path in aws_env.cache_dir.rglob("*"):
        if path.is_file() and path.suffix != ".json":
            path.unlink()  # no day store: the days must come from the response cache
    for path in aws_env.cache_dir.glob("*.json"):  # what an older version stored
        entry = json.loads(path.read_text())
        entry["response"] = {}
        path.write_text(json.dumps(entry))
    before = ce_endpoint.requests
    run = _run(tmp_path / "second")
    assert run.code == 0, run.stderr
    assert ce_endpoint.requests == before + 1
