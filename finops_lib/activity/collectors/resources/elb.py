"""Application and Network Load Balancers with their target health."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import pricing
from ...model import ApiCall
from ...signals.elb import TARGET_HEALTH_CALLS
from ..calls import pages
from ..draft import Draft
from ..scan import RegionScan, resource
from .shared import target_health

__all__: list[str] = []


@resource("load_balancer", calls=(
    ApiCall("elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
    *TARGET_HEALTH_CALLS))
def _balancers(scan: RegionScan) -> list[Draft]:
    found = scan.shared("load balancers", lambda: list(pages(
        scan.client("elbv2"), "describe_load_balancers", "LoadBalancers")))
    health = target_health(scan)
    return [_balancer(b, scan.account, scan.region, health) for b in found or []]


def _balancer(item: Mapping[str, Any], account: str, region: str,
              health: Mapping[str, Any] | None) -> Draft:
    arn, lb_type = item["LoadBalancerArn"], item.get("Type", "application")
    draft = Draft(arn.split(":loadbalancer/")[-1], "load_balancer", account, region,
                  item.get("LoadBalancerName", ""), item.get("State", {}).get("Code", ""),
                  pricing.lb_monthly(lb_type), facts={"lb_type": lb_type},
                  variant="network" if lb_type == "network" else "application")
    if health is None:
        draft.missing["healthy_targets"] = "target health not readable"
    else:
        healthy, registered = health["per_lb"].get(arn, [0, 0])
        draft.facts |= {"healthy_targets": healthy, "registered_targets": registered}
    return draft
