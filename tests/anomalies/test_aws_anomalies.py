"""AWS Cost Anomaly Detection's anomalies (GetAnomalies, which moto lacks) through botocore's
Stubber: pages, labels, and refusals as Unavailable."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from botocore.stub import Stubber

from finops_lib.anomalies import (
    AwsRootCause,
    RequestLog,
    Unavailable,
    aws_anomalies,
    aws_anomalies_table,
)

from .conftest import EC2, A


def _aws_anomaly(anomaly_id: str, total: float, end: str | None = "2026-10-22"
                 ) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "AnomalyId": anomaly_id, "AnomalyStartDate": "2026-10-20",
        "DimensionValue": EC2, "MonitorArn": "arn:aws:ce::123456789012:anomalymonitor/abc",
        "AnomalyScore": {"MaxScore": 0.92, "CurrentScore": 0.4},
        "Impact": {"MaxImpact": total / 2, "TotalImpact": total, "TotalActualSpend": 1000 + total,
                   "TotalExpectedSpend": 1000.0, "TotalImpactPercentage": total / 10},
        "RootCauses": [{"Service": EC2, "Region": "us-east-1", "LinkedAccount": A,
                        "LinkedAccountName": "prod", "UsageType": "USE1-BoxUsage:p4d.24xlarge",
                        "Impact": {"Contribution": total * 0.8}}],
        "Feedback": "YES"}
    if end:
        raw["AnomalyEndDate"] = end
    return raw


def test_aws_anomalies_pages_and_labels(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    interval = {"StartDate": "2026-09-29", "EndDate": "2026-10-28"}
    stubber.add_response("get_anomalies", {"Anomalies": [_aws_anomaly("a1", 120.0)],
                                           "NextPageToken": "t2"},
                         {"DateInterval": interval})
    stubber.add_response("get_anomalies", {"Anomalies": [_aws_anomaly("a2", 640.0, end=None)]},
                         {"DateInterval": interval, "NextPageToken": "t2"})
    log = RequestLog()
    found = aws_anomalies(client, date(2026, 9, 29), date(2026, 10, 28), log=log)
    assert not isinstance(found, Unavailable)
    assert [a.anomaly_id for a in found] == ["a2", "a1"]  # ranked by impact
    top = found[0]
    assert (top.start, top.end, top.ongoing, top.total_impact, top.max_score) == (
        date(2026, 10, 20), None, True, 640.0, 0.92)
    assert (top.actual, top.expected, top.impact_percent) == (1640.0, 1000.0, 64.0)
    assert top.root_causes == (AwsRootCause(EC2, "us-east-1", A, "prod",
                                            "USE1-BoxUsage:p4d.24xlarge", 512.0),)
    assert top.reported_by == "AWS Cost Anomaly Detection" and log.count == 2
    table = aws_anomalies_table(found)
    assert table.key == "aws_anomalies" and "AWS Cost Anomaly Detection" in table.title
    assert table.rows[0]["root_causes"] == (
        f"{EC2} / us-east-1 / prod / USE1-BoxUsage:p4d.24xlarge (+$512.00)")
    assert (table.rows[0]["ongoing"], table.rows[1]["end"]) == ("yes", "2026-10-22")


@pytest.mark.parametrize(("code", "message", "reason"), [
    ("AccessDeniedException", "not authorized to perform ce:GetAnomalies", "Access denied"),
    ("AccessDeniedException", "User not enabled for cost explorer access",
     "Cost Explorer is not enabled"),
    ("DataUnavailableException", "Data is not available", "no data for this period"),
])
def test_aws_anomalies_unavailable_reasons(stubbed: tuple[Any, Stubber], code: str,
                                           message: str, reason: str) -> None:
    client, stubber = stubbed
    stubber.add_client_error("get_anomalies", code, message)
    result = aws_anomalies(client, date(2026, 10, 1), date(2026, 10, 28))
    assert isinstance(result, Unavailable) and reason in result.reason
    assert str(result).startswith("ce:GetAnomalies unavailable: ")
