"""Adding a resource type is one lister plus its signals: a toy SQS-queue type registered here
(no collector edit) is listed in moto, its declared metric is fetched from moto CloudWatch over
the signal's window, and the signal sees it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from finops_lib.activity.collectors import CallRecorder, Target, collect
from finops_lib.activity.collectors.draft import Draft
from finops_lib.activity.collectors.scan import LISTERS, RegionScan, resource
from finops_lib.activity.model import (
    CLEAR,
    FIRED,
    RESOURCE_TYPES,
    UNKNOWN,
    ApiCall,
    Ctx,
    Metric,
    Outcome,
    Param,
    ResourceType,
)
from finops_lib.activity.registry import SIGNALS, resolved_params, signal
from finops_lib.activity.scoring import assess

END = datetime.combine(date.today(), time(), UTC)
TOY = ResourceType("toy_queue", "SQS queues", "Messaging", "Amazon Simple Queue Service",
                   "QueueName")


def _queues(scan: RegionScan) -> list[Draft]:
    urls = scan.client("sqs").list_queues().get("QueueUrls", [])
    return [Draft(url.rsplit("/", 1)[-1], TOY.key, scan.account, scan.region, state="active")
            for url in urls]


def _no_messages(ctx: Ctx) -> Outcome:
    sent = sum(ctx.values("NumberOfMessagesSent"))
    return Outcome(FIRED if sent == 0 else CLEAR, f"{sent:.0f} messages in {ctx.lookback_days} d")


@pytest.fixture
def toy_type() -> Iterator[None]:
    """The toy type, its lister and signal Q1, registered for one test and removed after."""
    resource(TOY, calls=(ApiCall("sqs", "ListQueues"),))(_queues)
    signal("Q1", "No messages sent", TOY.key, weight=100, remediation="Delete the queue.",
           params=(Param("lookback_days", 7, "days", "look-back window", 1, 455, True),),
           metrics=(Metric("NumberOfMessagesSent", "AWS/SQS", "NumberOfMessagesSent", "Sum"),)
           )(_no_messages)
    try:
        yield
    finally:
        LISTERS.pop(TOY.key, None)
        SIGNALS.pop("Q1", None)
        RESOURCE_TYPES.pop(TOY.key, None)


def _put_daily(cw: Any, queue: str, values: list[float]) -> None:
    cw.put_metric_data(Namespace="AWS/SQS", MetricData=[
        {"MetricName": "NumberOfMessagesSent", "Dimensions": [{"Name": "QueueName", "Value": queue}],
         "Timestamp": END - timedelta(days=len(values) - i) + timedelta(hours=12), "Value": v}
        for i, v in enumerate(values)])


def test_a_registered_resource_type_is_collected_and_scored(moto_aws: Any, toy_type: None
                                                            ) -> None:
    sqs, cw = boto3.client("sqs", region_name="us-east-1"), boto3.client("cloudwatch",
                                                                         region_name="us-east-1")
    for name in ("idle", "busy", "silent"):
        sqs.create_queue(QueueName=name)
    _put_daily(cw, "idle", [0.0] * 10)
    _put_daily(cw, "busy", [0.0] * 9 + [5.0])
    recorder = CallRecorder()

    def scan(params: dict[str, dict[str, float]]) -> dict[str, Any]:
        snap = collect(lambda: boto3.Session(region_name="us-east-1"), [Target("123456789012")],
                       params, END, {"us-east-1"}, {TOY.key}, recorder)
        return {r.id: r for r in snap.resources}

    params = resolved_params()
    found = scan(params)
    assert set(found) == {"idle", "busy", "silent"}
    assert recorder.actions["sqs:ListQueues"] == 1
    assert len(found["idle"].metrics["NumberOfMessagesSent"]) == 7  # Q1's 7-day window
    outcomes = {q: assess(r, params).outcomes["Q1"] for q, r in found.items()}
    assert outcomes["idle"].status == FIRED and "0 messages in 7 d" in outcomes["idle"].evidence
    assert outcomes["busy"].status == CLEAR
    assert outcomes["silent"].status == UNKNOWN  # no datapoints: missing, never zero
    wider = resolved_params({"Q1": {"lookback_days": 3}})
    assert len(scan(wider)["idle"].metrics["NumberOfMessagesSent"]) == 3


def test_toy_type_is_gone_after_the_test() -> None:
    assert TOY.key not in RESOURCE_TYPES and "Q1" not in SIGNALS and TOY.key not in LISTERS


def test_built_in_listers_in_catalog_order() -> None:
    assert list(LISTERS) == ["ec2_instance", "ebs_volume", "elastic_ip", "nat_gateway",
                             "load_balancer", "rds_instance"]
    assert all(RESOURCE_TYPES[k].dimension for k in LISTERS if k != "elastic_ip")


def test_shared_listing_runs_once_and_a_failure_is_a_notice() -> None:
    scan = RegionScan(None, "111111111111", "us-east-1", {}, END)  # type: ignore[arg-type]
    calls: list[int] = []

    def listing() -> list[int]:
        calls.append(1)
        return [1, 2]

    def denied() -> list[int]:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "DescribeVolumes")

    assert scan.shared("EBS volumes", listing) == scan.shared("EBS volumes", listing) == [1, 2]
    assert calls == [1]
    assert scan.shared("NAT gateways", denied) is None
    assert scan.notices == ["NAT gateways: access denied: not listed"]


def test_a_lister_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="lister already"):
        resource("ec2_instance")(_queues)
