"""NAT gateways (available or pending)."""

from __future__ import annotations

from ... import pricing
from ...model import ApiCall
from ..calls import pages
from ..draft import Draft
from ..scan import RegionScan, resource
from .shared import tags

__all__: list[str] = []


@resource("nat_gateway", calls=(ApiCall("ec2", "DescribeNatGateways"),))
def _nats(scan: RegionScan) -> list[Draft]:
    found = scan.shared("NAT gateways", lambda: list(pages(scan.client("ec2"),
                                                           "describe_nat_gateways",
                                                           "NatGateways")))
    return [Draft(n["NatGatewayId"], "nat_gateway", scan.account, scan.region,
                  tags(n).get("Name", ""), n.get("State", ""), pricing.nat_monthly())
            for n in found or [] if n.get("State") in ("available", "pending")]
