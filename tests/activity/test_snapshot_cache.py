"""Activity scans are cached with their own TTL and shared by every persona (moto)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from finops_lib.activity import analyze
from finops_lib.activity.model import Resource, Snapshot
from finops_lib.activity.snapshot_cache import cached_snapshot, decode, encode, is_stored
from finops_lib.options import resolve
from finops_lib.sources.base import Account, Scope

from .test_activity import RealSource

SCOPE = Scope("account", "account", "123456789012", (Account("123456789012", "mgmt"),))


def _counting() -> tuple[list[str], Any]:
    calls: list[str] = []

    def make() -> boto3.Session:
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call", lambda event_name, **_: calls.append(event_name))
        return session

    return calls, make


def test_every_persona_reuses_one_scan_until_no_cache(moto_aws: Any) -> None:
    boto3.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
    calls, make = _counting()
    given = {"filter": ["region:us-east-1"], "services": ["VPC"]}
    first = analyze(resolve("executive", given), SCOPE, RealSource(name="ce"), session_factory=make)
    scanned = len(calls)
    assert scanned >= 2 and first.total_requests >= 2
    assert [r["type"] for r in first.table.rows] == ["Elastic IPs"]

    again = analyze(resolve("sre", given), SCOPE, RealSource(name="ce"), session_factory=make)
    assert len(calls) == scanned and again.total_requests == 0  # no AWS call at all
    assert again.table.rows == first.table.rows
    assert any("Activity from the scan of" in n for n in again.notices)

    fresh = analyze(resolve("architect", {**given, "no_cache": True}), SCOPE, RealSource(name="ce"),
                    session_factory=make)
    assert len(calls) == 2 * scanned and fresh.table.rows == first.table.rows


def test_expired_or_damaged_entries_scan_again(tmp_path: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    end = datetime(2026, 10, 20, tzinfo=UTC)
    snap = Snapshot((Resource("i-1", "ec2_instance", "1", "us-east-1", end,
                              facts={"cloudtrail": {"last_write_event": end}, "ids": ("a", "b")},
                              metrics={"CPUUtilization": ((end, 1.5),)}),), ("n",), {"ec2": 3})
    scans: list[int] = []

    def scan() -> Snapshot:
        scans.append(1)
        return snap

    now = [1_000_000.0]
    get = lambda: cached_snapshot({"k": 1}, "p", scan, directory=tmp_path,  # noqa: E731
                                  clock=lambda: now[0])
    assert get() == snap and len(scans) == 1
    cached = get()
    assert len(scans) == 1 and cached.resources == snap.resources and cached.api_requests == {}
    now[0] += 5 * 3600
    get()
    assert len(scans) == 1  # 5 h: still within the default 6 h
    now[0] += 2 * 3600
    get()
    assert len(scans) == 2
    for path in tmp_path.glob("*.json"):
        path.write_text('{"format": 1, "stored_at": 1e12, "response": {"snapshot": {}}}')
    assert get().resources == snap.resources and len(scans) == 3
    monkeypatch.setenv("FINOPS_ACTIVITY_TTL_HOURS", "0")
    now[0] += 1
    get()
    assert len(scans) == 4


def test_codec_keeps_types() -> None:
    value = {"when": datetime(2026, 1, 2, 3, tzinfo=UTC), "pair": ("a", 1), "list": [1, "x"],
             "nested": {"$datetime": "not a tag: two keys", "b": 1}}
    assert decode(encode(value)) == value


def test_is_stored_says_whether_a_scan_would_be_read(tmp_path: Any) -> None:
    now = [1_000_000.0]
    stored = lambda: is_stored({"k": 1}, "p", directory=tmp_path,  # noqa: E731
                               clock=lambda: now[0])
    assert not stored()
    cached_snapshot({"k": 1}, "p", lambda: Snapshot(()), directory=tmp_path, clock=lambda: now[0])
    assert stored() and not is_stored({"k": 2}, "p", directory=tmp_path, clock=lambda: now[0])
    now[0] += 7 * 3600  # past the 6 h TTL
    assert not stored()
    now[0] -= 7 * 3600
    for path in tmp_path.glob("*.json"):
        path.write_text("{not json")
    assert not stored()
