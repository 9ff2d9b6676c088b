"""Bench: the activity collectors on moto (in-process) at 100 / 1,000 / 5,000 resources.

    .venv/bin/python bench/activity_collectors.py [--sizes 100,1000,5000]

Each size gets a fresh moto account in us-east-1 holding 80 % running EC2 instances, 10 %
unattached EBS volumes and 10 % unassociated Elastic IPs, with one CloudWatch datapoint per
instance for CPU. Prints the set-up time (moto creating resources, not measured code), the
collector wall time, AWS requests per service and the GetMetricData call count against the
batching bound ceil(queries / 500).

Note: moto serialises every describe response in Python, so most of the collector time at
5,000 resources is moto itself (~20 ms per instance per DescribeInstances); real AWS pages
1,000 instances per call. Timings are for comparing versions, not predicting AWS latency.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import boto3
from moto import mock_aws

from finops_lib.activity.collectors import CallRecorder, Target, collect
from finops_lib.activity.registry import resolved_params

END = datetime.combine(date.today(), dtime(), UTC)
EC2_METRICS_PER_INSTANCE = 5
VOLUME_METRICS = 2


def _environment() -> None:
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
        os.environ.pop(name, None)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                      AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
                      AWS_SHARED_CREDENTIALS_FILE=os.devnull)


def _populate(total: int) -> tuple[int, int, int]:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    instances, volumes = int(total * 0.8), int(total * 0.1)
    addresses = total - instances - volumes
    ids: list[str] = []
    for first in range(0, instances, 500):
        count = min(500, instances - first)
        ids += [i["InstanceId"] for i in ec2.run_instances(
            ImageId="ami-12c6146b", MinCount=count, MaxCount=count,
            InstanceType="t3.micro")["Instances"]]
    for _ in range(volumes):
        ec2.create_volume(Size=20, AvailabilityZone="us-east-1a", VolumeType="gp3")
    for _ in range(addresses):
        ec2.allocate_address(Domain="vpc")
    data = [{"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": i}],
             "Timestamp": END - timedelta(hours=12), "Value": 1.0} for i in ids]
    for first in range(0, len(data), 1000):
        cw.put_metric_data(Namespace="AWS/EC2", MetricData=data[first:first + 1000])
    return instances, volumes, addresses


def run(total: int) -> None:
    """Populate a fresh moto account with `total` resources and time one collection."""
    with mock_aws():
        started = time.perf_counter()
        instances, volumes, addresses = _populate(total)
        setup = time.perf_counter() - started
        recorder = CallRecorder()
        started = time.perf_counter()
        snap = collect(lambda: boto3.Session(region_name="us-east-1"), [Target("123456789012")],
                       resolved_params(), END, {"us-east-1"}, recorder=recorder)
        elapsed = time.perf_counter() - started
    queries = instances * EC2_METRICS_PER_INSTANCE + volumes * VOLUME_METRICS
    bound = math.ceil(queries / 500)  # all these metrics share the 14-day default window
    calls = recorder.actions["cloudwatch:GetMetricData"]
    print(f"\n{total:>5} resources ({instances} instances, {volumes} volumes, "
          f"{addresses} EIPs): {len(snap.resources)} collected")
    print(f"      moto set-up {setup:6.1f} s   collector {elapsed:6.1f} s   "
          f"({1000 * elapsed / max(total, 1):.1f} ms/resource)")
    print(f"      GetMetricData calls {calls} for {queries} queries (bound {bound})")
    print(f"      requests: {sum(snap.api_requests.values())} total, "
          + ", ".join(f"{k} {v}" for k, v in snap.api_requests.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    _environment()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size)


if __name__ == "__main__":
    main()
