"""NAT gateway lister on moto."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed


def test_nat_gateways_with_their_hourly_cost(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    ip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=ip)["NatGateway"]["NatGatewayId"]
    found = listed("nat_gateway")
    assert list(found) == [nat] and found[nat].monthly_cost == 32.85
    assert found[nat].watch and not found[nat].requests  # requests come from the signals later
