"""Recommendation values: resource ids and regions from ARNs, effort and action labels."""

from __future__ import annotations

import pytest

from finops_lib.recommendations.model import (
    Recommendation,
    arn_region,
    arn_resource_id,
    effort_label,
)


@pytest.mark.parametrize("arn, rid", [
    ("arn:aws:ec2:us-east-1:111111111111:instance/i-0abc", "i-0abc"),
    ("arn:aws:lambda:eu-west-1:111111111111:function:resize:$LATEST", "resize"),
    ("arn:aws:rds:us-east-1:111111111111:db:orders", "orders"),
    ("vol-0aa", "vol-0aa"),
])
def test_resource_id_from_an_arn(arn: str, rid: str) -> None:
    assert arn_resource_id(arn) == rid


def test_region_effort_and_action_labels() -> None:
    assert arn_region("arn:aws:ec2:eu-west-1:111111111111:instance/i-1") == "eu-west-1"
    assert arn_region("i-1") == ""
    assert (effort_label("VeryLow"), effort_label(None), effort_label("Odd")) == (
        "Very low", "", "Odd")
    rec = Recommendation("i-1", "EC2 instance", "1", "us-east-1", "graviton", 1.0)
    assert rec.action_label == "Migrate to Graviton"
    assert Recommendation("i-1", "x", "1", "r", "unknown", 1.0).action_label == "unknown"
