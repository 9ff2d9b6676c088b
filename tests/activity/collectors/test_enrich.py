"""Compute Optimizer (E1), CloudTrail (E3), SSM (E4) and Cost Explorer rightsizing (E7): moto
lacks these APIs, so real boto3 clients answer through botocore's Stubber; every collector fact
then drives its signal to fired, clear or unknown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from finops_lib.activity.collectors import enrich
from finops_lib.activity.collectors.calls import why
from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import all_signals
from finops_lib.activity.scoring import evaluate

from ..conftest import END, resource

ARN = "arn:aws:ec2:us-east-1:111111111111:instance/"


@pytest.fixture
def client() -> Iterator[Any]:
    made: list[Stubber] = []

    def make(service: str) -> tuple[Any, Stubber]:
        c = boto3.client(service, region_name="us-east-1", aws_access_key_id="x",
                         aws_secret_access_key="x")
        stub = Stubber(c)
        stub.activate()
        made.append(stub)
        return c, stub

    yield make
    for stub in made:
        stub.assert_no_pending_responses()
        stub.deactivate()


def signal(code: str, facts: dict[str, Any]) -> str:
    spec = all_signals()[code]
    return evaluate(spec, resource("ec2_instance", facts), spec.defaults()).status


def test_compute_optimizer_pages_and_findings(client: Any) -> None:
    co, stub = client("compute-optimizer")
    stub.add_response("get_ec2_instance_recommendations", {
        "instanceRecommendations": [
            {"instanceArn": ARN + "i-idle", "finding": "Overprovisioned", "idle": "True",
             "utilizationMetrics": [{"name": "CPU", "statistic": "MAXIMUM", "value": 0.4}]}],
        "nextToken": "t2"}, {})
    stub.add_response("get_ec2_instance_recommendations", {
        "instanceRecommendations": [
            {"instanceArn": ARN + "i-busy", "finding": "Optimized", "idle": "False",
             "utilizationMetrics": [{"name": "CPU", "statistic": "MAXIMUM", "value": 71.0}]}]},
        {"nextToken": "t2"})
    found = enrich.compute_optimizer(co)
    assert found["i-idle"] == {"finding": "Overprovisioned", "idle": True, "cpu_max_percent": 0.4}
    assert signal("E1", {"compute_optimizer": found["i-idle"]}) == FIRED
    assert signal("E1", {"compute_optimizer": found["i-busy"]}) == CLEAR


def test_compute_optimizer_not_enabled_is_unknown(client: Any) -> None:
    co, stub = client("compute-optimizer")
    stub.add_client_error("get_ec2_instance_recommendations", "OptInRequiredException",
                          "account is not opted in", 400)
    with pytest.raises(Exception) as caught:
        enrich.compute_optimizer(co)
    reason = why(caught.value, "Compute Optimizer")
    assert reason == "Compute Optimizer: not enabled (opt-in required)"
    spec = all_signals()["E1"]
    out = evaluate(spec, resource("ec2_instance", missing={"compute_optimizer": reason}),
                   spec.defaults())
    assert out.status == UNKNOWN and "opt-in" in out.evidence


def test_cloudtrail_newest_write_event(client: Any) -> None:
    ct, stub = client("cloudtrail")
    write = END - timedelta(days=10)
    stub.add_response("lookup_events", {"Events": [
        {"EventName": "DescribeInstanceStatus", "ReadOnly": "true", "EventTime": END},
        {"EventName": "StopInstances", "ReadOnly": "false", "EventTime": write}]})
    fact = enrich.last_write_event(ct, "i-1", END, 90)
    assert fact["last_write_event"] == write and fact["event"] == "StopInstances"
    assert signal("E3", {"cloudtrail": fact}) == CLEAR


def test_cloudtrail_no_write_event_fires(client: Any) -> None:
    ct, stub = client("cloudtrail")
    stub.add_response("lookup_events", {"Events": []})
    fact = enrich.last_write_event(ct, "i-1", END, 90)
    assert fact["last_write_event"] is None
    assert signal("E3", {"cloudtrail": fact}) == FIRED


def test_cloudtrail_denied_reason(client: Any) -> None:
    ct, stub = client("cloudtrail")
    stub.add_client_error("lookup_events", "AccessDeniedException", "no", 400)
    with pytest.raises(Exception) as caught:
        enrich.last_write_event(ct, "i-1", END, 90)
    assert why(caught.value, "CloudTrail") == "CloudTrail: access denied"


def test_ssm_ping_status(client: Any) -> None:
    ssm, stub = client("ssm")
    stub.add_response("describe_instance_information", {"InstanceInformationList": [
        {"InstanceId": "i-on", "PingStatus": "Online",
         "LastPingDateTime": datetime.now(UTC)},
        {"InstanceId": "i-lost", "PingStatus": "ConnectionLost",
         "LastPingDateTime": END - timedelta(days=30)}]})
    found = enrich.ssm_instances(ssm)
    assert signal("E4", {"ssm": found["i-on"]}) == CLEAR
    assert signal("E4", {"ssm": found["i-lost"]}) == FIRED
    assert signal("E4", {"ssm": found.get("i-other", {"managed": False})}) == FIRED


def test_rightsizing_terminate_and_modify(client: Any) -> None:
    ce, stub = client("ce")
    stub.add_response("get_rightsizing_recommendation", {"RightsizingRecommendations": [
        {"CurrentInstance": {"ResourceId": "i-gone"}, "RightsizingType": "Terminate",
         "TerminateRecommendationDetail": {"EstimatedMonthlySavings": "61.32",
                                           "CurrencyCode": "USD"}},
        {"CurrentInstance": {"ResourceId": "i-small"}, "RightsizingType": "Modify",
         "ModifyRecommendationDetail": {"TargetInstances": [
             {"EstimatedMonthlySavings": "12.00"}]}}]}, {"Service": "AmazonEC2"})
    found = enrich.rightsizing(ce)
    assert found["i-gone"] == {"type": "Terminate", "savings": 61.32}
    assert signal("E7", {"rightsizing": found["i-gone"]}) == FIRED
    assert signal("E7", {"rightsizing": found["i-small"]}) == CLEAR


def test_ecs_membership(client: Any) -> None:
    ecs, stub = client("ecs")
    stub.add_response("list_clusters", {"clusterArns": ["arn:c1"]})
    stub.add_response("list_container_instances", {"containerInstanceArns": ["arn:ci1"]},
                      {"cluster": "arn:c1"})
    stub.add_response("describe_container_instances", {"containerInstances": [
        {"ec2InstanceId": "i-ecs"}]}, {"cluster": "arn:c1", "containerInstances": ["arn:ci1"]})
    assert enrich.ecs_members(ecs) == {"i-ecs"}
