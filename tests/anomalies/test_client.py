"""The Cost Explorer client protocol's helpers: IAM actions, paging into the request log, and
refusals turned into Unavailable."""

from __future__ import annotations

from finops_lib.anomalies.client import IAM_ACTIONS


def test_iam_actions_are_the_calls_made() -> None:
    assert IAM_ACTIONS == ("ce:GetAnomalies", "ce:GetCostAndUsage", "ce:GetCostForecast")
