"""S3 buckets against moto: lifecycle, versioning, listing, storage metrics and their costs."""

from __future__ import annotations

from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, Snapshot

from .conftest import by_id, status


def test_bucket_cost_from_the_storage_metric(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    assert found["logs-archive"].monthly_cost == round(150 * 0.023, 2)


def test_s3_signals(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    logs, tidy = found["logs-archive"], found["tidy-bucket"]
    assert status(logs, "S3") == FIRED and status(tidy, "S3") == CLEAR
    assert status(logs, "S4") == FIRED and status(tidy, "S4") == CLEAR
    assert status(logs, "S5") == FIRED and status(tidy, "S5") == CLEAR
    assert status(logs, "S6") == FIRED and status(tidy, "S6") == CLEAR
    assert status(logs, "S1") == CLEAR  # an object was written today
    assert status(tidy, "S2") == FIRED and status(logs, "S2") == CLEAR


def test_every_bucket_read_serves_a_declared_signal() -> None:
    from finops_lib.activity.collectors.buckets import BUCKET_CALLS, BUCKET_READS
    from finops_lib.activity.registry import codes_calling

    assert [codes_calling("s3_bucket", "s3", op) for op, _ in BUCKET_READS] == [
        ("S3", "S4", "S5", "S6"), ("S5",), ("S1", "S2", "S7"), ("S1",)]
    assert [c.iam_action for c in BUCKET_CALLS] == ["s3:ListAllMyBuckets", "s3:GetBucketLocation"]
