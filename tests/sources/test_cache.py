"""The on-disk response cache: re-runs cost no Cost Explorer request; TTL, --no-cache, corruption."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.cache import (
    DEFAULT_TTL_SECONDS,
    ResponseCache,
    cache_key,
    default_cache_dir,
)

QUERY = CostQuery(date(2026, 11, 1), date(2026, 11, 3))
EC2 = "Amazon Elastic Compute Cloud - Compute"
T0 = 1_800_000_000.0


@pytest.fixture
def queued(inject_ce: Any, ce_response: Any) -> None:
    """One grouped page and one total, as a dashboard reads them."""
    groups = {date(2026, 11, 1): [("111111111111", EC2, "10.25")],
              date(2026, 11, 2): [("111111111111", EC2, "20.50")]}
    inject_ce([ce_response(groups), ce_response({date(2026, 11, 1): "30.75"})])


def _dashboard(make: Callable[..., Any], clock: float = T0, **options: Any) -> Any:
    source = make(**options)
    source.cache.clock = lambda: clock
    source.store = None  # the response cache alone; the day store in front: test_ce_store.py
    frame = source.costs(QUERY)
    total = source.total(QUERY)
    return source, frame, total


def test_rerun_is_served_from_cache(queued: None, make_ce_source: Any,
                                    moto_aws: Any) -> None:
    first, frame, total = _dashboard(make_ce_source)
    second, cached_frame, cached_total = _dashboard(make_ce_source, clock=T0 + 60)

    assert (first.api_requests, first.cache_hits) == (2, 0)
    assert (second.api_requests, second.cache_hits) == (0, 2)
    pd.testing.assert_frame_equal(frame, cached_frame)
    assert cached_total == total == pytest.approx(30.75)
    assert second.days_answered == first.days_answered == {date(2026, 11, 1), date(2026, 11, 2)}
    assert all("from cache" in line for line in second.request_log if line.startswith("ce:"))
    assert len(list(moto_aws.cache_dir.glob("*.json"))) == 2


def test_no_cache_reads_again(queued: None, make_ce_source: Any) -> None:
    _dashboard(make_ce_source)
    again, _, total = _dashboard(make_ce_source, no_cache=True)

    assert (again.api_requests, again.cache_hits) == (2, 0)
    assert total == pytest.approx(30.75)


def test_expired_entries_are_fetched_again(queued: None, make_ce_source: Any) -> None:
    _dashboard(make_ce_source)
    fresh, _, _ = _dashboard(make_ce_source, clock=T0 + DEFAULT_TTL_SECONDS - 1)
    stale, _, _ = _dashboard(make_ce_source, clock=T0 + DEFAULT_TTL_SECONDS + 1)

    assert fresh.api_requests == 0
    assert stale.api_requests == 2


def test_corrupt_files_are_misses(queued: None, make_ce_source: Any, moto_aws: Any) -> None:
    _dashboard(make_ce_source)
    for path in moto_aws.cache_dir.glob("*.json"):
        path.write_text('{"format": 1, "stored_at": "x", "respo')

    again, frame, total = _dashboard(make_ce_source)

    assert again.api_requests == 2
    assert frame["amount"].sum() == pytest.approx(30.75) and total == pytest.approx(30.75)


def test_other_profile_does_not_share_entries(queued: None, make_ce_source: Any) -> None:
    _dashboard(make_ce_source, profile="finops-test")
    other, _, _ = _dashboard(make_ce_source, profile="sandbox")

    assert other.api_requests == 2


def test_key_covers_request_profile_and_account() -> None:
    base = cache_key("ce:GetCostAndUsage", {"a": 1, "b": [1, 2]}, "p", "111111111111")

    assert base == cache_key("ce:GetCostAndUsage", {"b": [1, 2], "a": 1}, "p", "111111111111")
    assert len({
        base,
        cache_key("ce:GetCostAndUsage", {"a": 2, "b": [1, 2]}, "p", "111111111111"),
        cache_key("ce:GetCostAndUsage", {"a": 1, "b": [1, 2]}, "q", "111111111111"),
        cache_key("ce:GetCostAndUsage", {"a": 1, "b": [1, 2]}, "p", "222222222222"),
        cache_key("ce:GetDimensionValues", {"a": 1, "b": [1, 2]}, "p", "111111111111"),
    }) == 5


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c", clock=lambda: T0)

    cache.put("k", {"ResultsByTime": [{"x": "1.5"}]})

    assert [p.name for p in (tmp_path / "c").iterdir()] == ["k.json"]
    stored = json.loads((tmp_path / "c" / "k.json").read_text())
    assert stored["stored_at"] == T0 and stored["response"] == {"ResultsByTime": [{"x": "1.5"}]}
    assert cache.get("k") == {"ResultsByTime": [{"x": "1.5"}]}


def test_unwritable_directory_only_loses_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ResponseCache(blocker / "sub")

    cache.put("k", {"a": 1})

    assert cache.get("k") is None


def test_read_false_skips_lookups_but_stores(tmp_path: Path) -> None:
    ResponseCache(tmp_path).put("k", {"a": 1})
    bypass = ResponseCache(tmp_path, read=False)

    assert bypass.get("k") is None
    bypass.put("k", {"a": 2})
    assert ResponseCache(tmp_path).get("k") == {"a": 2}


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("FINOPS_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "finops-dashboard"
