"""The Cost Explorer client protocol's helpers: IAM actions, paging into the request log, and
refusals turned into Unavailable."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from finops_lib.anomalies.client import (
    CALL_FAILURES,
    IAM_ACTIONS,
    ReplayClient,
    RequestLog,
    boto3_client,
    paged,
    unavailable,
)
from finops_lib.errors import SourceError
from finops_lib.sources import aws


def test_iam_actions_are_the_calls_made() -> None:
    assert IAM_ACTIONS == ("ce:GetAnomalies", "ce:GetCostAndUsage", "ce:GetCostForecast")


def test_replay_client_answers_in_order_and_raises_queued_errors() -> None:
    client = ReplayClient().queue("get_cost_forecast", {"Total": {"Amount": "1"}},
                                  ("AccessDeniedException", "not authorized"))
    assert client.get_cost_forecast(Metric="UNBLENDED_COST") == {"Total": {"Amount": "1"}}
    with pytest.raises(ClientError) as caught:
        client.get_cost_forecast(Metric="UNBLENDED_COST")
    assert aws.error_kind(caught.value) == "denied"
    with pytest.raises(NotImplementedError):
        client.get_anomalies()  # nothing prepared: like an endpoint without the operation
    assert [op for op, _ in client.sent] == ["get_cost_forecast"] * 2 + ["get_anomalies"]


def test_paged_counts_each_answered_page() -> None:
    client = ReplayClient().queue("get_cost_and_usage", {"NextPageToken": "2"}, {})
    log = RequestLog()
    pages = list(paged(client.get_cost_and_usage, {"Granularity": "DAILY"},
                       "ce:GetCostAndUsage", log))
    assert len(pages) == 2
    assert log.lines == ["ce:GetCostAndUsage #1 page 1", "ce:GetCostAndUsage #2 page 2"]
    assert client.sent[1] == ("get_cost_and_usage",
                              {"Granularity": "DAILY", "NextPageToken": "2"})


def test_unavailable_keeps_the_one_line_reason_of_any_failure() -> None:
    denied = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}},
                         "GetAnomalies")
    assert str(unavailable("ce:GetAnomalies", denied)).startswith(
        "ce:GetAnomalies unavailable: Access denied")
    paging = SourceError("Cost Explorer repeated page token on page 2", fix="Re-run")
    assert unavailable("ce:GetAnomalies", paging).reason == (
        "Cost Explorer repeated page token on page 2. Re-run")
    assert all(issubclass(e, Exception) for e in CALL_FAILURES)


def test_the_real_client_is_boto3_ce_with_the_shared_policy(moto_aws: Any) -> None:
    client = boto3_client(aws.make_session(moto_aws.profiles[0]))
    assert client.meta.endpoint_url == "https://ce.us-east-1.amazonaws.com"
    assert client.meta.config.retries["mode"] == "adaptive"
    log = RequestLog()
    request = {"TimePeriod": {"Start": "2026-10-01", "End": "2026-10-02"},
               "Granularity": "DAILY", "Metrics": ["UnblendedCost"]}
    pages = list(paged(client.get_cost_and_usage, request, "ce:GetCostAndUsage", log))
    assert len(pages) == 1 and "ResultsByTime" in pages[0] and log.count == 1
