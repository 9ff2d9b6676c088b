"""Activity findings as recommendations: MUST and SHOULD resources with a cost, stopped or
deleted by kind, with the signals as evidence."""

from __future__ import annotations

from finops_lib.recommendations.findings import from_activity
from finops_lib.recommendations.model import ACTIVITY


def test_only_flagged_resources_with_a_cost_become_recommendations() -> None:
    found = from_activity([
        {"id": "i-1", "type": "ec2_instance", "tier": "MUST", "monthly_cost": 10.0},
        {"id": "i-2", "type": "ec2_instance", "tier": "KEEP", "monthly_cost": 99.0},
        {"id": "b-0", "type": "s3_bucket", "tier": "MUST", "monthly_cost": 0.0},
    ])
    assert [r.resource_id for r in found] == ["i-1"]
    assert found[0].source == ACTIVITY and found[0].monthly_savings == 10.0


def test_action_effort_and_evidence() -> None:
    stopped, running, volume = from_activity([
        {"id": "i-s", "type": "ec2_instance", "state": "stopped", "tier": "SHOULD",
         "monthly_cost": 5.0, "score": 70.0},
        {"id": "i-r", "type": "rds_instance", "state": "available", "tier": "MUST",
         "monthly_cost": 7.0, "evidence": {"R1": "no connections", "R2": "CPU 1 %"}},
        {"id": "vol-1", "type": "ebs_volume", "tier": "MUST", "monthly_cost": 3.0},
    ])
    assert (stopped.action, stopped.effort) == ("delete", "Medium")
    assert "score 70.0" in stopped.detail
    assert (running.action, running.effort, running.resource_type) == ("stop", "Low",
                                                                       "RDS DB instance")
    assert running.evidence == "R1: no connections; R2: CPU 1 %"
    assert (volume.action, volume.resource_type) == ("delete", "EBS volume")
