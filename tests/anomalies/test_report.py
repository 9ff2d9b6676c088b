"""The SRE anomaly report in one call: from the frame alone, and with Cost Explorer refusing
every call (botocore's Stubber)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from botocore.stub import Stubber

from finops_lib.anomalies import AnomalyRequest, RootCause, anomaly_report

from .conftest import EC2, SPIKE_DAY, A, B


def _frame_with_spike() -> tuple[pd.DataFrame, date]:
    last = date(2026, 11, 18)
    days = pd.date_range(last - timedelta(days=95), last)
    rows = []
    for account, region in ((A, "us-east-1"), (B, "eu-west-1")):
        for day in days:
            amount = 1000.0 if day.dayofweek < 5 else 400.0
            if account == A and day == pd.Timestamp(SPIKE_DAY):
                amount = 5000.0
            rows.append({"date": day, "account_id": account, "account_name": f"n{account[0]}",
                         "service": EC2, "region": region, "amount": amount, "currency": "USD",
                         "estimated": False})
    return pd.DataFrame(rows), last


def test_anomaly_report_without_cost_explorer_uses_the_frame() -> None:
    frame, last = _frame_with_spike()
    report = anomaly_report(frame, AnomalyRequest(last))
    (only,) = report.anomalies
    assert (only.dimension, only.start, only.impact_dollars) == ("account_service", SPIKE_DAY,
                                                                4000.0)
    assert only.root_causes == (RootCause("region", "us-east-1", 4000.0, 100.0, "us-east-1"),)
    assert report.table.rows[0]["root_causes"] == "region us-east-1 +$4,000.00 (100%)"
    assert [c.kind for c in report.charts] == ["anomaly_series"]
    assert report.aws_table is None and report.aws_anomalies == ()
    assert report.forecast.method.startswith("weekday median")
    assert (report.api_requests, report.notices) == (0, ())


def test_anomaly_report_turns_refusals_into_notices(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    frame, last = _frame_with_spike()
    stubber.add_client_error("get_cost_and_usage", "AccessDeniedException", "not authorized")
    stubber.add_client_error("get_anomalies", "AccessDeniedException", "not authorized")
    stubber.add_client_error("get_cost_forecast", "DataUnavailableException", "no data")
    report = anomaly_report(frame, AnomalyRequest(last), ce_client=client)
    assert report.anomalies[0].root_causes[0].key == "us-east-1"  # from the frame instead
    assert len(report.notices) == 3
    assert report.notices[0].startswith("Root-cause drill-down ce:GetCostAndUsage unavailable")
    assert report.notices[1].startswith("ce:GetAnomalies unavailable: Access denied")
    assert "Cost Explorer forecast ce:GetCostForecast unavailable" in report.notices[2]
    assert report.forecast.method.startswith("weekday median")  # the model's forecast
    assert report.aws_table is not None and report.aws_table.rows == ()
    assert report.api_requests == 0  # refused calls are not counted as billed requests
