"""GetMetricData batching at scale: 1,000 instances × 4 metrics need at most 10 calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3
import pytest

from finops_lib.activity.collectors import CallRecorder, Target, collect
from finops_lib.activity.collectors.metrics import MetricRequest, fetch_metrics
from finops_lib.activity.registry import resolved_params

END = datetime.combine(date.today(), time(), UTC)


def test_fetch_batches_4000_queries_into_8_calls(moto_aws: Any) -> None:
    session = CallRecorder()
    boto = session.attach(boto3.Session(region_name="us-east-1"))
    cw = boto.client("cloudwatch")
    cw.put_metric_data(Namespace="AWS/EC2", MetricData=[{
        "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": "i-7"}],
        "Timestamp": END - timedelta(hours=12), "Value": 42.0}])
    requests = [MetricRequest(f"i-{n}", metric, "AWS/EC2", metric, (("InstanceId", f"i-{n}"),),
                              "Average", 14)
                for n in range(1000)
                for metric in ("CPUUtilization", "NetworkIn", "NetworkOut", "EBSReadOps")]
    series = fetch_metrics(cw, requests, END)
    assert session.actions["cloudwatch:GetMetricData"] == 8  # 4,000 queries / 500 per call
    assert list(series) == [("i-7", "CPUUtilization")]  # no datapoints: absent, never zero
    assert series[("i-7", "CPUUtilization")][0][1] == 42.0


@pytest.mark.slow
def test_collector_uses_at_most_10_calls_for_1000_instances(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    for _ in range(10):
        ec2.run_instances(ImageId="ami-12c6146b", MinCount=100, MaxCount=100,
                          InstanceType="t3.micro")
    recorder = CallRecorder()
    snap = collect(lambda: boto3.Session(region_name="us-east-1"), [Target("123456789012")],
                   resolved_params(), END, {"us-east-1"}, recorder=recorder)
    assert sum(r.type == "ec2_instance" for r in snap.resources) == 1000
    # 1,000 instances × 5 metrics (CPU, NetworkIn, NetworkOut, EBSReadOps, EBSWriteOps)
    assert recorder.actions["cloudwatch:GetMetricData"] <= 10
