"""The read-only IAM policy: the stored file equals the declared actions, and object actions
are granted only on their placeholder resources."""

from __future__ import annotations

import json
from pathlib import Path

from finops_lib.iam import policy_document, required_actions, scoped_resources

ROOT = Path(__file__).resolve().parents[1]


def test_iam_policy_file_equals_the_declared_actions() -> None:
    assert (ROOT / "docs" / "iam-policy.json").read_text() == policy_document(), \
        "run `make iam-policy`"


def test_scoped_actions_are_granted_only_on_their_resources() -> None:
    statements = json.loads(policy_document())["Statement"]
    scoped = scoped_resources()
    assert scoped and statements[0]["Resource"] == "*"
    assert not set(statements[0]["Action"]) & set(scoped)
    for action, resources in scoped.items():
        holding = [s for s in statements if action in s["Action"]]
        assert len(holding) == 1 and holding[0]["Resource"] == resources


def test_every_declared_action_is_granted_once() -> None:
    granted = [a for s in json.loads(policy_document())["Statement"] for a in s["Action"]]
    assert sorted(granted) == required_actions()
    assert all(":" in a and " " not in a for a in granted)


def test_every_source_class_declares_its_actions_into_the_policy() -> None:
    from finops_lib.sources import source_classes

    actions = set(required_actions())
    for cls in source_classes().values():
        assert set(cls.iam_actions) <= actions
    # Cost Explorer's source reads AWS Budgets and commitments through its own clients
    assert {"ce:GetCostAndUsage", "budgets:ViewBudget", "ce:GetSavingsPlansCoverage",
            "athena:StartQueryExecution"} <= actions
    assert scoped_resources()["s3:PutObject"] == [
        "arn:aws:s3:::ATHENA_RESULTS_BUCKET/ATHENA_RESULTS_PREFIX/*"]
