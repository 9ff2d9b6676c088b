"""Compute Optimizer: the fallback when the hub is not enrolled, and the opt-in notice."""

from __future__ import annotations

from typing import Any

from botocore.stub import Stubber

from finops_lib import recommendations as recs
from tests.independent import assert_cents

from .conftest import A, savings


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
