"""ScanPlan: the scan as a value (no AWS call to plan it), its size line and its cache entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_lib.activity import scan_plan
from finops_lib.activity.model import Snapshot
from finops_lib.options import resolve
from finops_lib.sources.base import Account, Scope

ORG = Scope("organization", "org", "111111111111",
            (Account("111111111111", "mgmt"), Account("222222222222", "a"),
             Account("333333333333", "b", status="SUSPENDED")))


def test_the_plan_names_its_accounts_regions_and_role() -> None:
    opts = resolve("executive", {"as_of": "2026-11-26", "assume_role_name": "Reader"})
    plan = scan_plan(opts, ORG)
    assert [(t.account, t.role_arn) for t in plan.targets] == [
        ("111111111111", ""), ("222222222222", "arn:aws:iam::222222222222:role/Reader")]
    assert plan.size == "2 accounts × every enabled region" and plan.read
    one = scan_plan(resolve("executive", {"as_of": "2026-11-26", "accounts": ["a"],
                                          "filter": ["region:eu-west-1"], "no_cache": True}), ORG)
    assert one.size == "1 account × 1 region" and not one.read
    assert one.what["regions"] == ["eu-west-1"] and one.what["end"].startswith("2026-11-26")


def test_stored_once_its_snapshot_is_cached(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path))
    plan = scan_plan(resolve("sre", {"as_of": "2026-11-26"}), ORG)
    assert not plan.stored()
    monkeypatch.setattr("finops_lib.activity.plan.collect", lambda *a, **k: Snapshot(()))
    plan.snapshot(lambda: None)
    assert plan.stored()
    later = scan_plan(resolve("executive", {"as_of": "2026-11-26"}), ORG)  # another persona
    assert later.stored()
    assert not scan_plan(resolve("sre", {"as_of": "2026-11-27"}), ORG).stored()
