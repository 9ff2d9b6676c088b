"""Elastic IP lister on moto: associated or not."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed


def test_addresses_and_their_association(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    iid = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0][
        "InstanceId"]
    free = ec2.allocate_address(Domain="vpc")["AllocationId"]
    used = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=used, InstanceId=iid)
    found = listed("elastic_ip")
    assert found[free].state == "unassociated" and found[free].facts["association"] == ""
    assert found[used].facts["association"] == iid
    assert found[free].monthly_cost == 3.65
