"""Recommendations: Cost Optimization Hub and Compute Optimizer (neither is in moto, so botocore's
Stubber answers with responses the service model validates), own findings, merging, totals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from finops_lib import recommendations as recs
from finops_lib.recommendations import compute_optimizer, hub
from finops_lib.recommendations.demo import demo_items
from finops_lib.recommendations.views import savings_chart, savings_kpis, savings_table
from tests.independent import assert_cents

A, B = "111111111111", "222222222222"
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def hub_item(rid: str, action: str, savings: float, cost: float, **more: Any) -> dict[str, Any]:
    item = {"recommendationId": f"rec-{rid}", "accountId": more.pop("account", A),
            "region": "us-east-1", "resourceId": rid,
            "resourceArn": f"arn:aws:ec2:us-east-1:{A}:instance/{rid}",
            "currentResourceType": "Ec2Instance", "recommendedResourceType": "Ec2Instance",
            "estimatedMonthlySavings": savings, "estimatedMonthlyCost": cost,
            "estimatedSavingsPercentage": round(100 * savings / cost, 1),
            "currencyCode": "USD", "implementationEffort": "Medium", "restartNeeded": True,
            "actionType": action, "rollbackPossible": True,
            "currentResourceSummary": "m5.xlarge", "recommendedResourceSummary": "m5.large",
            "lastRefreshTimestamp": T0, "recommendationLookbackPeriodInDays": 14,
            "source": "ComputeOptimizer"}
    item.update(more)
    return item


def savings(value: float) -> dict[str, Any]:
    return {"savingsOpportunityPercentage": 40.0,
            "estimatedMonthlySavings": {"currency": "USD", "value": value}}


@pytest.fixture
def clients(aws_env: Any) -> Iterator[tuple[dict[tuple[str, str], Any], dict[str, Stubber]]]:
    made = {("cost-optimization-hub", "us-east-1"):
            boto3.client("cost-optimization-hub", region_name="us-east-1"),
            ("compute-optimizer", "us-east-1"):
            boto3.client("compute-optimizer", region_name="us-east-1")}
    stubs = {service: Stubber(client) for (service, _), client in made.items()}
    for stub in stubs.values():
        stub.activate()
    yield made, stubs
    for stub in stubs.values():
        stub.assert_no_pending_responses()
        stub.deactivate()


def test_hub_pages_are_parsed_into_actions_with_savings(clients: Any) -> None:
    made, stubs = clients
    stubs["cost-optimization-hub"].add_response(
        "list_recommendations",
        {"items": [hub_item("i-1", "Rightsize", 61.32, 140.16)], "nextToken": "t2"},
        {"maxResults": hub.PAGE_SIZE})
    stubs["cost-optimization-hub"].add_response(
        "list_recommendations",
        {"items": [hub_item("i-2", "MigrateToGraviton", 12.5, 70.0,
                            implementationEffort="High"),
                   hub_item("sp-1", "PurchaseSavingsPlans", 1000.01, 4000.0,
                            currentResourceType="ComputeSavingsPlans", resourceId="sp-1")]},
        {"maxResults": hub.PAGE_SIZE, "nextToken": "t2"})
    feed = recs.live_feed(lambda s, r: made[(s, r)], ["us-east-1"])
    assert feed.available and not feed.notices and len(feed.requests) == 2
    by_id = {r.resource_id: r for r in feed.items}
    assert by_id["i-1"].action_label == "Rightsize" and by_id["i-1"].detail == "m5.xlarge → m5.large"
    assert by_id["i-1"].monthly_savings == 61.32 and by_id["i-1"].effort == "Medium"
    assert "14-day lookback" in by_id["i-1"].evidence and "restart needed" in by_id["i-1"].evidence
    assert by_id["i-2"].action_label == "Migrate to Graviton" and by_id["i-2"].effort == "High"
    assert by_id["sp-1"].action_label == "Buy commitment"
    assert by_id["sp-1"].resource_type == "Savings Plans"
    assert_cents(recs.total_savings(feed.items), 61.32 + 12.5 + 1000.01, "hub total")


def _co_responses(stub: Stubber) -> None:
    arn = f"arn:aws:ec2:us-east-1:{A}:instance/i-0abc"
    stub.add_response("get_ec2_instance_recommendations", {"instanceRecommendations": [
        {"instanceArn": arn, "accountId": A, "currentInstanceType": "m5.2xlarge",
         "finding": "Overprovisioned", "lookBackPeriodInDays": 14.0,
         "utilizationMetrics": [{"name": "CPU", "statistic": "MAXIMUM", "value": 6.5}],
         "recommendationOptions": [
             {"instanceType": "m5.xlarge", "rank": 1, "savingsOpportunity": savings(140.16),
              "migrationEffort": "VeryLow"},
             {"instanceType": "m6g.large", "rank": 2, "savingsOpportunity": savings(201.48),
              "migrationEffort": "High"}]},
        {"instanceArn": f"arn:aws:ec2:us-east-1:{A}:instance/i-0fine", "accountId": A,
         "currentInstanceType": "m5.large", "finding": "Optimized",
         "recommendationOptions": [{"instanceType": "m5.large", "rank": 1,
                                    "savingsOpportunity": savings(0.0)}]}]}, {})
    stub.add_response("get_ebs_volume_recommendations", {"volumeRecommendations": [
        {"volumeArn": f"arn:aws:ec2:us-east-1:{A}:volume/vol-0aa", "accountId": A,
         "currentConfiguration": {"volumeType": "gp2", "volumeSize": 500},
         "finding": "NotOptimized", "volumeRecommendationOptions": [
             {"configuration": {"volumeType": "gp3", "volumeSize": 500}, "rank": 1,
              "savingsOpportunity": savings(10.0)}]}]}, {})
    stub.add_response("get_lambda_function_recommendations", {"lambdaFunctionRecommendations": [
        {"functionArn": f"arn:aws:lambda:us-east-1:{A}:function:resize:$LATEST",
         "accountId": A, "currentMemorySize": 3008, "finding": "NotOptimized",
         "memorySizeRecommendationOptions": [{"rank": 1, "memorySize": 1024,
                                              "savingsOpportunity": savings(27.39)}]}]}, {})
    stub.add_response("get_rds_database_recommendations", {"rdsDBRecommendations": [
        {"resourceArn": f"arn:aws:rds:us-east-1:{A}:db:orders", "accountId": A,
         "currentDBInstanceClass": "db.r5.xlarge", "instanceFinding": "Overprovisioned",
         "instanceRecommendationOptions": [{"dbInstanceClass": "db.r6g.large", "rank": 1,
                                            "savingsOpportunity": savings(150.05)}]}]}, {})


def test_not_enrolled_hub_falls_back_to_compute_optimizer_with_one_notice(clients: Any) -> None:
    made, stubs = clients
    stubs["cost-optimization-hub"].add_client_error(
        "list_recommendations", "AccessDeniedException",
        "Account is not enrolled in Cost Optimization Hub")
    _co_responses(stubs["compute-optimizer"])
    feed = recs.live_feed(lambda s, r: made[(s, r)], ["us-east-1"])
    assert len(feed.notices) == 1
    notice = feed.notices[0]
    assert "not enrolled" in notice and "update-enrollment-status" in notice
    assert "Compute Optimizer instead" in notice
    by_id = {r.resource_id: r for r in feed.items}
    assert set(by_id) == {"i-0abc", "vol-0aa", "resize", "orders"}  # Optimized left out
    ec2 = by_id["i-0abc"]  # the option that saves most, Graviton here
    assert (ec2.action, ec2.detail, ec2.monthly_savings, ec2.effort) == (
        "graviton", "m5.2xlarge → m6g.large", 201.48, "High")
    assert "CPU maximum 6.5" in ec2.evidence and ec2.source == "Compute Optimizer"
    assert by_id["vol-0aa"].detail == "gp2 500 GiB → gp3 500 GiB"
    assert by_id["resize"].detail == "3008 MB → 1024 MB" and by_id["resize"].region == "us-east-1"
    assert by_id["orders"].resource_type == "RDS DB instance"
    assert_cents(recs.total_savings(feed.items), 201.48 + 10.0 + 27.39 + 150.05, "CO total")


def test_compute_optimizer_not_opted_in_says_how(clients: Any) -> None:
    made, stubs = clients
    page = "<!doctype html>\n<title>500 Internal Server Error</title>\n" + "x" * 500
    stubs["cost-optimization-hub"].add_client_error("list_recommendations", "500", page,
                                                    http_status_code=500)
    stubs["compute-optimizer"].add_client_error(
        "get_ec2_instance_recommendations", "OptInRequiredException", "not opted in")
    feed = recs.live_feed(lambda s, r: made[(s, r)], ["us-east-1"])
    assert not feed.available and feed.items == ()
    assert len(feed.notices) == 2 and "opt in" in feed.notices[1]
    assert "\n" not in feed.notices[0] and len(feed.notices[0]) < 500  # one line


ACTIVITY = [
    {"id": "i-1", "type": "ec2_instance", "type_label": "EC2 instances", "account": A,
     "region": "us-east-1", "state": "running", "tier": "MUST", "score": 100.0,
     "monthly_cost": 140.16, "evidence": {"E2": "CPU p95 0.4 %"}},
    {"id": "vol-9", "type": "ebs_volume", "account": B, "region": "us-east-1",
     "state": "available", "tier": "SHOULD", "score": 75.0, "monthly_cost": 8.0,
     "evidence": {"B1": "unattached"}},
    {"id": "i-keep", "type": "ec2_instance", "account": A, "tier": "KEEP",
     "monthly_cost": 99.0},
    {"id": "b-0", "type": "s3_bucket", "account": A, "tier": "MUST", "monthly_cost": 0.0},
]


def test_merge_keeps_one_action_per_resource_and_names_every_source() -> None:
    hub_recs = [hub.recommendation_from_hub(hub_item("i-1", "Rightsize", 61.32, 140.16)),
                hub.recommendation_from_hub(hub_item("i-2", "Stop", 70.0, 70.0))]
    merged = recs.merge(hub_recs, recs.from_activity(ACTIVITY))
    assert [r.resource_id for r in merged] == ["i-1", "i-2", "vol-9"]  # largest savings first
    first = merged[0]
    # stopping the idle instance saves its whole cost: more than the rightsizing
    assert (first.action, first.monthly_savings) == ("stop", 140.16)
    assert first.source == "Cost Optimization Hub + Activity signals"
    assert "E2: CPU p95 0.4 %" in first.evidence and "14-day lookback" in first.evidence
    assert merged[2].action == "delete" and merged[2].resource_type == "EBS volume"
    # alternatives on one resource are never added: 140.16 + 70 + 8
    assert_cents(recs.total_savings(merged), 218.16, "merged total")


def test_a_tie_goes_to_the_hub_and_ids_match_case_insensitively() -> None:
    hub_rec = hub.recommendation_from_hub(hub_item("I-1", "Stop", 140.16, 140.16))
    merged = recs.merge([hub_rec], recs.from_activity(ACTIVITY[:1]))
    assert len(merged) == 1 and merged[0].effort == "Medium"  # the hub's row


def test_views_kpis_table_and_chart_add_up_to_the_cent() -> None:
    items = [hub.recommendation_from_hub(i) for i in demo_items()]
    merged = recs.merge(items, recs.from_activity(ACTIVITY))
    expected = sum(Decimal(str(i["estimatedMonthlySavings"])) for i in demo_items()) \
        + Decimal("140.16") + Decimal("8.00")
    kpis = savings_kpis(merged, monthly_spend=100_000.0)
    assert_cents(kpis[0].value, float(expected), "identified savings")
    assert kpis[1].value == round(100 * float(expected) / 100_000, 2)
    table = savings_table(merged, top_n=3)
    assert len(table.rows) == 3 and "Top 3 of" in table.note
    assert table.total is not None and table.total["monthly_savings"] == kpis[0].value
    chart = savings_chart(merged)
    assert_cents(sum(r["amount"] for r in chart.data), float(expected), "chart total")
    assert chart.data[0]["label"] == "Buy commitment"


def test_iam_actions_name_every_call_and_the_policy_holds_them() -> None:
    ops = {f"compute-optimizer:{r.operation}" for r in compute_optimizer.READERS}
    assert set(recs.IAM_ACTIONS) == ops | {"cost-optimization-hub:ListRecommendations"}
    client = boto3.client("compute-optimizer", region_name="us-east-1")
    assert all(hasattr(client, r.method) for r in compute_optimizer.READERS)
    policy = json.loads((Path(__file__).parents[2] / "docs" / "iam-policy.json").read_text())
    assert set(recs.IAM_ACTIONS) <= set(policy["Statement"][0]["Action"])
