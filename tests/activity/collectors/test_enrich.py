"""Compute Optimizer (E1), CloudTrail (E3), SSM (E4) and Cost Explorer rightsizing (E7): moto
lacks these APIs, so real boto3 clients answer through botocore's Stubber; every collector fact
then drives its signal to fired, clear or unknown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from finops_lib.activity.collectors import enrich
from finops_lib.activity.collectors.calls import why
from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import all_signals
from finops_lib.activity.scoring import evaluate
from finops_lib.errors import SourceError

from ..conftest import END, resource
from .conftest import by_id, run, status

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


def test_rightsizing_follows_every_page(client: Any) -> None:
    ce, stub = client("ce")
    stub.add_response("get_rightsizing_recommendation", {
        "RightsizingRecommendations": [_terminate("i-one", "5.00")], "NextPageToken": "p2"},
        {"Service": "AmazonEC2"})
    stub.add_response("get_rightsizing_recommendation", {
        "RightsizingRecommendations": [_terminate("i-two", "7.50")]},
        {"Service": "AmazonEC2", "NextPageToken": "p2"})
    assert enrich.rightsizing(ce) == {"i-one": {"type": "Terminate", "savings": 5.0},
                                      "i-two": {"type": "Terminate", "savings": 7.5}}


def test_rightsizing_repeated_token_is_an_error_not_a_truncated_list(client: Any) -> None:
    ce, stub = client("ce")
    for token in (None, "same"):
        stub.add_response("get_rightsizing_recommendation", {
            "RightsizingRecommendations": [_terminate(f"i-{token}", "1.00")],
            "NextPageToken": "same"},
            {"Service": "AmazonEC2", **({"NextPageToken": token} if token else {})})
    with pytest.raises(SourceError) as caught:
        enrich.rightsizing(ce)
    assert why(caught.value, "Cost Explorer rightsizing") == (
        "Cost Explorer rightsizing: Cost Explorer repeated page token on page 2")


def test_rightsizing_stops_at_its_page_cap(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enrich, "RIGHTSIZING_MAX_PAGES", 2)
    ce, stub = client("ce")
    for page in range(2):
        stub.add_response("get_rightsizing_recommendation", {
            "RightsizingRecommendations": [], "NextPageToken": f"t{page + 1}"},
            {"Service": "AmazonEC2", **({"NextPageToken": f"t{page}"} if page else {})})
    with pytest.raises(SourceError, match="kept paging past 2 pages"):
        enrich.rightsizing(ce)


def _terminate(instance: str, savings: str) -> dict[str, Any]:
    return {"CurrentInstance": {"ResourceId": instance}, "RightsizingType": "Terminate",
            "TerminateRecommendationDetail": {"EstimatedMonthlySavings": savings}}


def test_collector_turns_a_token_loop_into_a_notice(world: dict[str, Any]) -> None:
    asked: list[dict[str, Any]] = []

    def looping(model: Any, params: dict[str, Any], **_: Any) -> Any:
        """Cost Explorer answers every rightsizing page with the same token."""
        if model.name != "GetRightsizingRecommendation":
            return None
        asked.append(params)
        body = {"RightsizingRecommendations": [], "NextPageToken": "again",
                "ResponseMetadata": {"HTTPStatusCode": 200}}
        return AWSResponse("https://ce.test", 200, {}, None), body

    def make() -> boto3.Session:
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call", looping)
        return session

    snap = run(make=make)
    assert len(asked) == 2  # stopped at the repeat, not paging (and billing) on
    assert any("Cost Explorer rightsizing: Cost Explorer repeated page token on page 2" in n
               and "E7" in n for n in snap.notices), snap.notices
    assert status(by_id(snap)[world["idle"]], "E7") == UNKNOWN


def test_ecs_membership(client: Any) -> None:
    ecs, stub = client("ecs")
    stub.add_response("list_clusters", {"clusterArns": ["arn:c1"]})
    stub.add_response("list_container_instances", {"containerInstanceArns": ["arn:ci1"]},
                      {"cluster": "arn:c1"})
    stub.add_response("describe_container_instances", {"containerInstances": [
        {"ec2InstanceId": "i-ecs"}]}, {"cluster": "arn:c1", "containerInstances": ["arn:ci1"]})
    assert enrich.ecs_members(ecs) == {"i-ecs"}
