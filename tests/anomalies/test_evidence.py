"""Evidence of what changed: CloudTrail calls in the anomaly's window and service, alarms that
fired, Health events, the risk score. moto 5.2.5 implements neither CloudTrail LookupEvents nor
CloudWatch DescribeAlarmHistory, and no Health API, so these go through botocore's Stubber
(real clients, request parameters validated against the service models)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from finops_lib.anomalies.evidence import RISK_METHOD, attach, collect, risk_score, window
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.triage import records_of

RECORD: dict[str, Any] = {
    "id": "0123456789", "series": "prod / Amazon Elastic Compute Cloud - Compute",
    "service": "Amazon Elastic Compute Cloud - Compute", "start": "2026-11-20",
    "last_day": "2026-11-22", "top_causes": [{"dimension": "region", "key": "eu-west-1"}]}
START, END = datetime(2026, 11, 19, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _event(name: str, when: datetime, who: str = "alice") -> dict[str, Any]:
    return {"EventId": f"{name}-{when:%d%H}", "EventName": name, "EventTime": when,
            "Username": who, "Resources": [{"ResourceType": "AWS::EC2::Instance",
                                            "ResourceName": "i-0abc"}]}


def _history(name: str, when: datetime, new_state: str) -> dict[str, Any]:
    return {"AlarmName": name, "Timestamp": when, "HistoryItemType": "StateUpdate",
            "HistorySummary": f"Alarm updated from OK to {new_state}",
            "HistoryData": json.dumps({"newState": {"stateValue": new_state}})}


@pytest.fixture
def clients(aws_env: Any) -> Iterator[dict[str, Any]]:
    made = {name: boto3.client(name, region_name=region) for name, region in (
        ("cloudtrail", "eu-west-1"), ("cloudwatch", "eu-west-1"), ("health", "us-east-1"))}
    stubs = {name: Stubber(client) for name, client in made.items()}
    for stub in stubs.values():
        stub.activate()
    yield {"clients": made, "stubs": stubs}
    for stub in stubs.values():
        stub.deactivate()


def _factory(clients: dict[str, Any]) -> Any:
    def client_for(service: str, region: str) -> Any:
        assert region == ("us-east-1" if service == "health" else "eu-west-1")
        return clients["clients"][service]
    return client_for


def _stub_all(stubs: dict[str, Stubber], *, events: list[dict[str, Any]],
              history: list[dict[str, Any]], health: list[dict[str, Any]]) -> None:
    stubs["cloudtrail"].add_response("lookup_events", {"Events": events}, {
        "StartTime": START, "EndTime": END, "MaxResults": 50,
        "LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]})
    stubs["cloudwatch"].add_response("describe_alarm_history", {"AlarmHistoryItems": history}, {
        "HistoryItemType": "StateUpdate", "StartDate": START, "EndDate": END, "MaxRecords": 100})
    if any(h["HistoryData"].find("ALARM") > 0 for h in history):
        stubs["cloudwatch"].add_response("describe_alarms", {"MetricAlarms": [
            {"AlarmName": "asg-cpu-high", "Namespace": "AWS/EC2"},
            {"AlarmName": "rds-latency", "Namespace": "AWS/RDS"}]},
            {"AlarmNames": ["asg-cpu-high", "rds-latency"]})
    stubs["health"].add_response("describe_events", {"events": health}, {"filter": {
        "startTimes": [{"from": START, "to": END}], "regions": ["eu-west-1"],
        "services": ["EC2"]}})


def test_window_starts_the_day_before() -> None:
    assert window(RECORD) == (START, END)


def test_only_service_changes_inside_the_window_are_evidence(clients: dict[str, Any]) -> None:
    _stub_all(clients["stubs"], events=[
        _event("RunInstances", _at(20, 9)), _event("UpdateAutoScalingGroup", _at(19, 23), "ci"),
        _event("RunInstances", _at(18, 12)),  # before the window
        _event("RunInstances", _at(23, 0)),  # after it (end is exclusive)
        _event("PutBucketReplication", _at(21)),  # another service's call
    ], history=[_history("asg-cpu-high", _at(20, 10), "ALARM"),
                _history("asg-cpu-high", _at(21, 10), "OK"),
                _history("rds-latency", _at(20, 11), "ALARM")],  # other namespace
        health=[{"eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "service": "EC2",
                 "region": "eu-west-1", "statusCode": "closed", "startTime": _at(20, 8)}])
    found = collect(RECORD, _factory(clients), "us-east-1")
    for stub in clients["stubs"].values():
        stub.assert_no_pending_responses()
    assert [(c.event_name, c.who, c.time) for c in found.changes] == [
        ("UpdateAutoScalingGroup", "ci", _at(19, 23)), ("RunInstances", "alice", _at(20, 9))]
    assert found.changes[1].line() == "2026-11-20 09:00Z alice RunInstances i-0abc (eu-west-1)"
    assert [a.name for a in found.alarms] == ["asg-cpu-high"]
    assert [h.name for h in found.health] == ["AWS_EC2_OPERATIONAL_ISSUE"]
    assert found.risk == risk_score(2, 1, 1) == round(30 * 2 / 3 + 30 / 2 + 20)
    assert found.notices == ()


def test_denied_lookups_are_notices_and_the_rest_still_answers(clients: dict[str, Any]) -> None:
    stubs = clients["stubs"]
    stubs["cloudtrail"].add_client_error("lookup_events", "AccessDeniedException")
    stubs["cloudwatch"].add_response("describe_alarm_history", {"AlarmHistoryItems": []})
    stubs["health"].add_client_error("describe_events", "SubscriptionRequiredException")
    found = collect(RECORD, _factory(clients), "us-east-1")
    assert found.notices == ("CloudTrail LookupEvents in eu-west-1 unavailable "
                             "(AccessDeniedException)",
                             "AWS Health unavailable (SubscriptionRequiredException)")
    assert found.risk == 0


def test_organization_scope_uses_the_organization_health_view(clients: dict[str, Any]) -> None:
    stubs = clients["stubs"]
    stubs["cloudtrail"].add_response("lookup_events", {"Events": []})
    stubs["cloudwatch"].add_response("describe_alarm_history", {"AlarmHistoryItems": []})
    stubs["health"].add_response("describe_events_for_organization", {"events": [
        {"eventTypeCode": "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", "startTime": _at(21)}]},
        {"filter": {"startTime": {"from": START, "to": END}, "regions": ["eu-west-1"],
                    "services": ["EC2"]}})
    found = collect(RECORD, _factory(clients), "us-east-1", organization=True)
    assert [h.name for h in found.health] == ["AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED"]


def test_risk_score_method() -> None:
    assert (risk_score(0, 0, 0), risk_score(3, 2, 1, 3), risk_score(9, 9, 9, 9)) == (0, 100, 100)
    assert risk_score(1, 1, 0, 1) == round(30 / 3 + 30 / 2 + 20 / 3)
    assert "30×min(1, changes/3)" in RISK_METHOD and "activity analysis" in RISK_METHOD


def test_attach_adds_a_table_and_evidence_per_top_anomaly() -> None:
    report = build_report(resolve("sre", {"as_of": "2026-11-26"}))
    calls: list[tuple[str, str]] = []

    class Empty:
        def __getattr__(self, name: str) -> Any:
            def answer(**_: Any) -> dict[str, Any]:
                calls.append((name, ""))
                return {}
            return answer

    out = attach(report, lambda service, region: Empty(), "us-east-1", limit=2)
    table = out.table("anomaly_evidence")
    assert table is not None and [r["id"] for r in table.rows] == [
        r["id"] for r in records_of(report)[:2]]
    assert table.note == RISK_METHOD
    assert set(out.extra["anomaly_evidence"]) == {r["id"] for r in table.rows}
    assert {name for name, _ in calls} == {"lookup_events", "describe_alarm_history",
                                          "describe_events"}


def test_flagged_resources_come_from_activity_analysis() -> None:
    from finops_lib.anomalies.evidence import FLAGGED_TIERS, flagged_resources

    report = build_report(resolve("sre", {"as_of": "2026-11-26", "activity_analysis": True}))
    table = report.table("activity_resources")
    assert table is not None
    by_service: dict[str, int] = {}
    for row in table.rows:  # independent count
        if row["tier"] in FLAGGED_TIERS:
            by_service[row["service"]] = by_service.get(row["service"], 0) + 1
    service, count = max(by_service.items(), key=lambda kv: kv[1])
    assert flagged_resources(report, {"service": service}) == count > 0
    assert flagged_resources(report, {"service": ""}) == 0
    without = build_report(resolve("sre", {"as_of": "2026-11-26"}))
    assert flagged_resources(without, {"service": service}) == 0
