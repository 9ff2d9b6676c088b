"""Listings shared between resource types are read once per region."""

from __future__ import annotations

from typing import Any

import boto3

from finops_lib.activity.collectors.calls import CallRecorder
from finops_lib.activity.collectors.resources import MODULES, shared
from finops_lib.activity.collectors.scan import LISTERS

from .conftest import listed, scan_of


def test_tags_as_a_dict() -> None:
    assert shared.tags({"Tags": [{"Key": "Name", "Value": "x"}, {"Key": "k"}]}) == {
        "Name": "x", "k": ""}
    assert shared.tags({"Tags": None}) == {}


def test_instances_and_volumes_share_one_volume_listing(moto_aws: Any) -> None:
    boto3.client("ec2", region_name="us-east-1").create_volume(Size=5,
                                                               AvailabilityZone="us-east-1a")
    recorder = CallRecorder()
    scan = scan_of(recorder)
    listed("ec2_instance", scan)
    listed("ebs_volume", scan)
    assert recorder.actions["ec2:DescribeVolumes"] == 1


def test_every_resource_module_registers_a_lister() -> None:
    assert len(MODULES) == len(LISTERS) >= 6
