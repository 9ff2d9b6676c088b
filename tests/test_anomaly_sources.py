"""Drill-down on moto (GetCostAndUsage results injected through moto's results API);
GetAnomalies and GetCostForecast, which moto lacks, through botocore's Stubber."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import boto3
import pandas as pd
import pytest
from botocore.stub import Stubber

from finops_lib.anomalies import Anomaly, RootCause
from finops_lib.anomaly_sources import (
    IAM_ACTIONS,
    AwsRootCause,
    RequestLog,
    Unavailable,
    anomaly_report,
    aws_anomalies,
    aws_anomalies_table,
    cost_forecast,
    drill_down,
    drill_down_requests,
)
from finops_lib.forecast import Forecast

EC2 = "Amazon Elastic Compute Cloud - Compute"
A, B = "111111111111", "222222222222"
SPIKE_DAY = date(2026, 10, 21)  # a Wednesday; its baseline is Wednesday 2026-10-14


def anomaly(dimension: str = "service", days: int = 1, direction: str = "spike") -> Anomaly:
    account = A if dimension != "service" else ""
    service = EC2 if dimension != "account" else ""
    key = {"service": EC2, "account": A, "account_service": f"{A}/{EC2}"}[dimension]
    return Anomaly(dimension, key, key, account, service, SPIKE_DAY,
                   SPIKE_DAY + timedelta(days=days - 1), False, direction, 0.0, 0.0, 0.0, 0.0,
                   "high", "")


def day_result(day: date, groups: list[tuple[list[str], str]],
               metric: str = "UnblendedCost") -> dict[str, Any]:
    return {"TimePeriod": {"Start": day.isoformat(),
                           "End": (day + timedelta(days=1)).isoformat()},
            "Total": {}, "Estimated": False,
            "Groups": [{"Keys": keys, "Metrics": {metric: {"Amount": amount, "Unit": "USD"}}}
                       for keys, amount in groups]}


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture
def ce(moto_aws: Any) -> Any:
    return boto3.client("ce", region_name="us-east-1")


@pytest.fixture
def stubbed(aws_env: Any) -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("ce", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_iam_actions_are_the_calls_made() -> None:
    assert IAM_ACTIONS == ("ce:GetAnomalies", "ce:GetCostAndUsage", "ce:GetCostForecast")


def test_drill_down_requests_are_limited_to_the_series_and_days() -> None:
    requests = drill_down_requests(anomaly("service"), "amortized", accounts=(A, B))
    assert [[g["Key"] for g in r["GroupBy"]] for r in requests] == [
        ["REGION", "USAGE_TYPE"], ["LINKED_ACCOUNT"]]
    first = requests[0]
    assert first["TimePeriod"] == {"Start": "2026-10-14", "End": "2026-10-22"}
    assert first["Metrics"] == ["AmortizedCost"] and first["Granularity"] == "DAILY"
    assert first["Filter"] == {"And": [
        {"Dimensions": {"Key": "SERVICE", "Values": [EC2], "MatchOptions": ["EQUALS"]}},
        {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": [A, B],
                        "MatchOptions": ["EQUALS"]}}]}
    single = drill_down_requests(anomaly("service"), accounts=(A,))
    assert [[g["Key"] for g in r["GroupBy"]] for r in single] == [["REGION", "USAGE_TYPE"]]
    cell = drill_down_requests(anomaly("account_service", days=9))
    assert len(cell) == 1  # account and service are fixed: region × usage type only
    assert cell[0]["TimePeriod"] == {"Start": "2026-10-07", "End": "2026-10-30"}
    assert [[g["Key"] for g in r["GroupBy"]] for r in drill_down_requests(anomaly("account"))] \
        == [["REGION", "USAGE_TYPE"], ["SERVICE"]]


def test_drill_down_ranks_regions_usage_types_and_accounts_by_dollars(
        ce: Any, inject_ce: Callable[..., None]) -> None:
    days = days_between(date(2026, 10, 14), SPIKE_DAY)
    quiet = [(["us-east-1", "USE1-BoxUsage:m5.large"], "100.00"),
             (["eu-west-1", "EU-BoxUsage:c5.xlarge"], "50.00")]
    spiked = [(["us-east-1", "USE1-BoxUsage:m5.large"], "900.00"),
              (["eu-west-1", "EU-BoxUsage:c5.xlarge"], "60.00"),
              (["us-east-1", "USE1-BoxUsage:p4d.24xlarge"], "400.00")]
    by_region_page1 = {"ResultsByTime": [day_result(d, quiet) for d in days[:4]],
                       "NextPageToken": "page-2", "DimensionValueAttributes": []}
    by_region_page2 = {"ResultsByTime": [day_result(d, spiked if d == SPIKE_DAY else quiet)
                                         for d in days[4:]], "DimensionValueAttributes": []}
    by_account = {"ResultsByTime": [
        day_result(d, [([A], "1300.00" if d == SPIKE_DAY else "120.00"), ([B], "30.00")])
        for d in days], "DimensionValueAttributes": []}
    inject_ce([by_region_page1, by_region_page2, by_account])
    log = RequestLog()
    causes = drill_down(ce, anomaly("service"), "unblended", account_names={A: "prod"},
                        max_causes=10, log=log)
    # independent arithmetic: the anomaly day minus the same weekday a week before; account B
    # did not change, so it is no cause; shares are of the net change in each dimension
    assert causes == (
        RootCause("region", "us-east-1", 1300.0 - 100.0, round(1200 / 1210 * 100, 1),
                  "us-east-1"),
        RootCause("account", A, 1300.0 - 120.0, 100.0, f"prod ({A})"),
        RootCause("usage_type", "USE1-BoxUsage:m5.large", 800.0, round(800 / 1210 * 100, 1),
                  "USE1-BoxUsage:m5.large"),
        RootCause("usage_type", "USE1-BoxUsage:p4d.24xlarge", 400.0,
                  round(400 / 1210 * 100, 1), "USE1-BoxUsage:p4d.24xlarge"),
        RootCause("region", "eu-west-1", 10.0, round(10 / 1210 * 100, 1), "eu-west-1"),
        RootCause("usage_type", "EU-BoxUsage:c5.xlarge", 10.0, round(10 / 1210 * 100, 1),
                  "EU-BoxUsage:c5.xlarge"),
    )
    assert log.count == 3  # two pages of the first request, one of the second


def test_drill_down_of_a_drop_keeps_the_falling_parts(
        ce: Any, inject_ce: Callable[..., None]) -> None:
    days = days_between(date(2026, 10, 14), SPIKE_DAY)
    before = [(["us-east-1", "USE1-BoxUsage"], "500.00"), (["eu-west-1", "EU-Bytes"], "20.00")]
    after = [(["us-east-1", "USE1-BoxUsage"], "5.00"), (["eu-west-1", "EU-Bytes"], "40.00")]
    inject_ce([{"ResultsByTime": [day_result(d, after if d == SPIKE_DAY else before)
                                  for d in days], "DimensionValueAttributes": []}])
    causes = drill_down(ce, anomaly("account_service", direction="drop"))
    assert [(c.dimension, c.key, c.impact_dollars) for c in causes] == [
        ("region", "us-east-1", -495.0), ("usage_type", "USE1-BoxUsage", -495.0)]


def test_drill_down_access_denied_is_a_notice(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error("get_cost_and_usage", "AccessDeniedException",
                             "User is not authorized to perform ce:GetCostAndUsage")
    result = drill_down(client, anomaly("account_service"))
    assert isinstance(result, Unavailable)
    assert str(result).startswith("ce:GetCostAndUsage unavailable: Access denied")


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


def test_cost_forecast_adds_the_interval_to_the_actual(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "get_cost_forecast",
        {"Total": {"Amount": "3000.50", "Unit": "USD"},
         "ForecastResultsByTime": [{"TimePeriod": {"Start": "2026-11-19", "End": "2026-12-01"},
                                    "MeanValue": "3000.50",
                                    "PredictionIntervalLowerBound": "2500.25",
                                    "PredictionIntervalUpperBound": "3600.75"}]},
        {"TimePeriod": {"Start": "2026-11-19", "End": "2026-12-01"}, "Metric": "UNBLENDED_COST",
         "Granularity": "MONTHLY", "PredictionIntervalLevel": 80})
    log = RequestLog()
    fc = cost_forecast(client, date(2026, 11, 19), date(2026, 12, 1), "unblended",
                       actual_to_date=9000.0, month_start=date(2026, 11, 1), log=log)
    assert fc == Forecast(date(2026, 11, 1), date(2026, 11, 30), 9000.0, 12000.5, 11500.25,
                          12600.75, "AWS Cost Explorer GetCostForecast, 80% prediction interval",
                          12)
    assert log.count == 1


def test_cost_forecast_with_nothing_left_makes_no_request(stubbed: tuple[Any, Stubber]) -> None:
    client, _ = stubbed
    fc = cost_forecast(client, date(2026, 12, 1), date(2026, 12, 1), actual_to_date=42.0)
    assert isinstance(fc, Forecast) and fc.forecast_total == fc.upper_80 == 42.0


def test_cost_forecast_unavailable(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error("get_cost_forecast", "DataUnavailableException",
                             "Insufficient amount of historical data to generate forecast")
    fc = cost_forecast(client, date(2026, 11, 19), date(2026, 12, 1))
    assert isinstance(fc, Unavailable) and fc.operation == "ce:GetCostForecast"
    assert "no data" in fc.reason


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
    report = anomaly_report(frame, last_day=last)
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
    report = anomaly_report(frame, last_day=last, ce_client=client)
    assert report.anomalies[0].root_causes[0].key == "us-east-1"  # from the frame instead
    assert len(report.notices) == 3
    assert report.notices[0].startswith("Root-cause drill-down ce:GetCostAndUsage unavailable")
    assert report.notices[1].startswith("ce:GetAnomalies unavailable: Access denied")
    assert "Cost Explorer forecast ce:GetCostForecast unavailable" in report.notices[2]
    assert report.forecast.method.startswith("weekday median")  # the model's forecast
    assert report.aws_table is not None and report.aws_table.rows == ()
    assert report.api_requests == 0  # refused calls are not counted as billed requests
