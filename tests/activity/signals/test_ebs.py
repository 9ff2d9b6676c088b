"""Unattached EBS volume signals B1–B3: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN

from ..conftest import END, SignalCase, daily, evaluate_case

OLD, RECENT = END - timedelta(days=200), END - timedelta(days=3)

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("B1", "ebs_volume", {"attached": False, "volume_type": "gp3", "size_gb": 100}, {}, FIRED,
     "gp3, 100 GiB"),
    ("B1", "ebs_volume", {"attached": True}, {}, CLEAR, "attached"),
    ("B1", "ebs_volume", {}, {}, UNKNOWN, "attached"),
    ("B2", "ebs_volume", {"create_time": OLD}, {}, FIRED, "200 d"),
    ("B2", "ebs_volume", {"create_time": RECENT}, {}, CLEAR, "3 d"),
    ("B2", "ebs_volume", {}, {}, UNKNOWN, "create_time"),
    ("B3", "ebs_volume", {}, {"VolumeReadOps": daily([0] * 14),
                              "VolumeWriteOps": daily([0] * 14)}, FIRED, "p95 0/day"),
    ("B3", "ebs_volume", {}, {"VolumeReadOps": daily([500] * 14),
                              "VolumeWriteOps": daily([0] * 14)}, CLEAR, "500"),
    ("B3", "ebs_volume", {}, {}, UNKNOWN, "VolumeReadOps"),
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence
