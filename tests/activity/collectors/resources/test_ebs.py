"""Unattached EBS volumes lister on moto: attached root volumes are not listed."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed


def test_only_unattached_volumes_with_their_cost(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro")
    free = ec2.create_volume(Size=50, AvailabilityZone="us-east-1a", VolumeType="gp3")
    found = listed("ebs_volume")
    assert list(found) == [free["VolumeId"]]
    volume = found[free["VolumeId"]]
    assert volume.monthly_cost == 4.0 and volume.facts["size_gb"] == 50
    assert volume.facts["attached"] is False
