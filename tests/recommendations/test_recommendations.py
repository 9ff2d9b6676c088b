"""The recommendations package: its IAM actions name every call and the policy holds them."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from finops_lib import recommendations as recs
from finops_lib.recommendations import compute_optimizer


def test_iam_actions_name_every_call_and_the_policy_holds_them() -> None:
    ops = {f"compute-optimizer:{r.operation}" for r in compute_optimizer.READERS}
    assert set(recs.IAM_ACTIONS) == ops | {"cost-optimization-hub:ListRecommendations"}
    client = boto3.client("compute-optimizer", region_name="us-east-1")
    assert all(hasattr(client, r.method) for r in compute_optimizer.READERS)
    policy = json.loads((Path(__file__).parents[2] / "docs" / "iam-policy.json").read_text())
    assert set(recs.IAM_ACTIONS) <= set(policy["Statement"][0]["Action"])
