"""Drill-down on moto (GetCostAndUsage results injected through moto's results API), refusals
through botocore's Stubber."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from botocore.stub import Stubber

from finops_lib.anomalies import RequestLog, RootCause, Unavailable, drill_down, drill_down_requests

from .conftest import EC2, SPIKE_DAY, A, B, anomaly, day_result, days_between


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
