"""Elastic IP addresses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import pricing
from ...model import ApiCall
from ..draft import Draft
from ..scan import RegionScan, resource

__all__: list[str] = []


@resource("elastic_ip", calls=(ApiCall("ec2", "DescribeAddresses"),))
def _addresses(scan: RegionScan) -> list[Draft]:
    found = scan.shared("Elastic IPs", lambda: scan.client("ec2").describe_addresses()
                        .get("Addresses", []))
    return [_address(a, scan.account, scan.region) for a in found or []]


def _address(item: Mapping[str, Any], account: str, region: str) -> Draft:
    target = item.get("InstanceId") or item.get("NetworkInterfaceId") or item.get(
        "AssociationId") or ""
    return Draft(item.get("AllocationId") or item.get("PublicIp", ""), "elastic_ip", account,
                 region, item.get("PublicIp", ""), "associated" if target else "unassociated",
                 pricing.eip_monthly(), facts={"association": target})
