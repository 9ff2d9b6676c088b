"""The demo source's dependency map and NAT traffic, drawn over the synthetic inventory."""

from __future__ import annotations

from .activity.demo import DEMO_ACCOUNTS
from .network_cost import DEMO_SCALE, NatTraffic
from .topology import Edge, Node, Topology

__all__ = ["DEMO_GATEWAY_ENDPOINTS", "demo_nat_traffic", "demo_topology"]

A, B, _C = DEMO_ACCOUNTS
R = "us-east-1"
PROD, LEGACY = "vpc-0prod000001", "vpc-0legacy00002"
DEMO_GATEWAY_ENDPOINTS: set[tuple[str, str]] = {(LEGACY, "s3")}


def demo_topology() -> Topology:
    """Two VPCs: prod (NAT, an interface endpoint, a web load balancer, instances, databases)
    and legacy (an idle NAT, an S3 gateway endpoint, a load balancer with no targets)."""
    nodes = (
        Node(PROD, "vpc", "prod", PROD, A, R), Node(LEGACY, "vpc", "legacy", LEGACY, B, R),
        Node("subnet-0pub1", "subnet", "prod-public-a", PROD, A, R),
        Node("nat-0bb2busy", "nat", "prod-nat", PROD, A, R),
        Node("vpce-0ssm0001", "endpoint", "ssm (Interface)", PROD, A, R, detail="interface"),
        Node("app/prod-web/0bb2", "lb", "prod-web", PROD, A, R, detail="application"),
        Node("i-0c3webfront01", "instance", "web-frontend-1", PROD, A, R, detail="m5.large"),
        Node("i-0f6eksnode001", "instance", "eks-node", PROD, A, R, detail="m5.2xlarge"),
        Node("i-0a1legacyreport", "instance", "legacy-reporting", PROD, A, R,
             detail="m5.xlarge"),
        Node("app-primary", "db", "app-primary", PROD, A, R, detail="db.r5.large"),
        Node("orders-archive", "db", "orders-archive", PROD, A, R, detail="db.m5.large"),
        Node("subnet-0leg1", "subnet", "legacy-public", LEGACY, B, R),
        Node("nat-0aa1idle", "nat", "legacy-vpc-nat", LEGACY, B, R),
        Node("vpce-0s3leg01", "endpoint", "s3 (Gateway)", LEGACY, B, R, detail="gateway"),
        Node("app/old-api/0aa1", "lb", "old-api", LEGACY, B, R, detail="application"),
    )
    edges = (
        Edge("subnet-0pub1", "nat-0bb2busy", "routes_via"), Edge("nat-0bb2busy", PROD, "in"),
        Edge("vpce-0ssm0001", PROD, "in"),
        Edge("app/prod-web/0bb2", "i-0c3webfront01", "targets"),
        Edge("app/prod-web/0bb2", "i-0f6eksnode001", "targets"),
        Edge("i-0c3webfront01", "app-primary", "connects"),
        Edge("i-0f6eksnode001", "app-primary", "connects"),
        Edge("i-0a1legacyreport", "orders-archive", "connects"),
        Edge("subnet-0leg1", "nat-0aa1idle", "routes_via"), Edge("nat-0aa1idle", LEGACY, "in"),
        Edge("vpce-0s3leg01", LEGACY, "in"),
    )
    return Topology(nodes, edges)


def demo_nat_traffic(days: int) -> list[NatTraffic]:
    """A month's NAT traffic (pro rata for `days`), split by destination as flow logs show."""
    scale = days / 30 * DEMO_SCALE
    return [NatTraffic("nat-0bb2busy", PROD, A, R, 8200 * scale,
                       {"s3": 3100 * scale, "dynamodb": 420 * scale}),
            NatTraffic("nat-0aa1idle", LEGACY, B, R, 0.2 * scale, {"s3": 0.0, "dynamodb": 0.0})]
