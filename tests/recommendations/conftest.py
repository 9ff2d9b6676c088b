"""Shared recommendation inputs: hub items, savings options, activity rows, stubbed clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

A, B = "111111111111", "222222222222"
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def hub_item(rid: str, action: str, savings: float, cost: float, **more: Any) -> dict[str, Any]:
    item = {"recommendationId": f"rec-{rid}", "accountId": more.pop("account", A),
            "region": "us-east-1", "resourceId": rid,
            "resourceArn": f"arn:aws:ec2:us-east-1:{A}:instance/{rid}",
            "currentResourceType": "Ec2Instance", "recommendedResourceType": "Ec2Instance",
            "estimatedMonthlySavings": savings, "estimatedMonthlyCost": cost,
            "estimatedSavingsPercentage": round(100 * savings / cost, 1),
            "currencyCode": "USD", "implementationEffort": "Medium", "restartNeeded": True,
            "actionType": action, "rollbackPossible": True,
            "currentResourceSummary": "m5.xlarge", "recommendedResourceSummary": "m5.large",
            "lastRefreshTimestamp": T0, "recommendationLookbackPeriodInDays": 14,
            "source": "ComputeOptimizer"}
    item.update(more)
    return item


def savings(value: float) -> dict[str, Any]:
    return {"savingsOpportunityPercentage": 40.0,
            "estimatedMonthlySavings": {"currency": "USD", "value": value}}


@pytest.fixture
def clients(aws_env: Any) -> Iterator[tuple[dict[tuple[str, str], Any], dict[str, Stubber]]]:
    made = {("cost-optimization-hub", "us-east-1"):
            boto3.client("cost-optimization-hub", region_name="us-east-1"),
            ("compute-optimizer", "us-east-1"):
            boto3.client("compute-optimizer", region_name="us-east-1")}
    stubs = {service: Stubber(client) for (service, _), client in made.items()}
    for stub in stubs.values():
        stub.activate()
    yield made, stubs
    for stub in stubs.values():
        stub.assert_no_pending_responses()
        stub.deactivate()


ACTIVITY = [
    {"id": "i-1", "type": "ec2_instance", "type_label": "EC2 instances", "account": A,
     "region": "us-east-1", "state": "running", "tier": "MUST", "score": 100.0,
     "monthly_cost": 140.16, "evidence": {"E2": "CPU p95 0.4 %"}},
    {"id": "vol-9", "type": "ebs_volume", "account": B, "region": "us-east-1",
     "state": "available", "tier": "SHOULD", "score": 75.0, "monthly_cost": 8.0,
     "evidence": {"B1": "unattached"}},
    {"id": "i-keep", "type": "ec2_instance", "account": A, "tier": "KEEP",
     "monthly_cost": 99.0},
    {"id": "b-0", "type": "s3_bucket", "account": A, "tier": "MUST", "monthly_cost": 0.0},
]
