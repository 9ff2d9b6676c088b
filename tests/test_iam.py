"""The IAM policy folds in what each source class and AWS-facing module declares."""

from __future__ import annotations

from finops_lib.iam import required_actions, scoped_resources
from finops_lib.sources import source_classes


def test_every_source_class_declares_its_actions_into_the_policy() -> None:
    actions = set(required_actions())
    for cls in source_classes().values():
        assert set(cls.iam_actions) <= actions
    # Cost Explorer's source reads AWS Budgets and commitments through its own clients
    assert {"ce:GetCostAndUsage", "budgets:ViewBudget", "ce:GetSavingsPlansCoverage",
            "athena:StartQueryExecution"} <= actions


def test_athena_object_access_is_scoped_to_placeholders() -> None:
    scoped = scoped_resources()
    assert scoped["s3:PutObject"] == ["arn:aws:s3:::ATHENA_RESULTS_BUCKET/ATHENA_RESULTS_PREFIX/*"]
    assert "s3:ListBucket" not in scoped
