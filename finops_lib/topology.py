"""The dependency map: VPCs, NAT gateways in their subnets, endpoints, load balancers, their
target instances and the databases instances reach through security-group references.

`collect_topology` reads one account and region with describe calls (EC2, ELBv2, RDS);
`demo_topology` draws the synthetic inventory; `labelled` adds monthly cost and activity tier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .formatting import format_money

__all__ = [
    "IAM_ACTIONS",
    "MAX_MAP_NODES",
    "Edge",
    "Node",
    "Topology",
    "collapse",
    "collect_topology",
    "labelled",
    "merge_topologies",
]

IAM_ACTIONS: tuple[str, ...] = (
    "ec2:DescribeInstances", "ec2:DescribeNatGateways", "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs",
    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth", "rds:DescribeDBInstances",
)
MAX_MAP_NODES = 40  # larger maps collapse to one node per VPC to stay readable
KIND_LABELS = {"vpc": "VPC", "subnet": "Subnet", "nat": "NAT gateway", "endpoint": "VPC endpoint",
               "lb": "Load balancer", "instance": "EC2 instance", "db": "RDS database"}


@dataclass(frozen=True)
class Node:
    """One box of the map."""

    id: str
    kind: str  # a key of KIND_LABELS
    name: str = ""
    vpc: str = ""
    account: str = ""
    region: str = ""
    monthly_cost: float | None = None
    tier: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"id": self.id, "kind": self.kind, "name": self.name, "vpc": self.vpc,
                "account": self.account, "region": self.region,
                "monthly_cost": self.monthly_cost, "tier": self.tier, "detail": self.detail}


@dataclass(frozen=True)
class Edge:
    """A dependency: `source` uses or sits in `target`."""

    source: str
    target: str
    relation: str  # in | routes_via | targets | connects | serves

    def to_dict(self) -> dict[str, str]:
        """JSON-friendly form."""
        return {"source": self.source, "target": self.target, "relation": self.relation}


@dataclass(frozen=True)
class Topology:
    """Nodes and edges; `collapsed` when it was folded per VPC."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    collapsed: bool = False

    def node(self, node_id: str) -> Node | None:
        """The node called `node_id`."""
        return next((n for n in self.nodes if n.id == node_id), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON nodes and edges."""
        return {"nodes": [n.to_dict() for n in self.nodes],
                "edges": [e.to_dict() for e in self.edges], "collapsed": self.collapsed}


def _name(tags: Iterable[Mapping[str, str]] | None) -> str:
    return next((t["Value"] for t in tags or () if t.get("Key") == "Name"), "")


def _network(ec2: Any, account: str, region: str) -> tuple[list[Node], list[Edge]]:
    """VPCs, NAT gateways (with the subnet each sits in) and VPC endpoints."""
    nodes = [Node(v["VpcId"], "vpc", _name(v.get("Tags")) or v.get("CidrBlock", ""),
                  v["VpcId"], account, region)
             for v in ec2.describe_vpcs().get("Vpcs", [])]
    edges: list[Edge] = []
    for page in ec2.get_paginator("describe_nat_gateways").paginate():
        for nat in page.get("NatGateways", []):
            if nat.get("State") in ("deleted", "deleting", "failed"):
                continue
            nid, vpc, subnet = nat["NatGatewayId"], nat.get("VpcId", ""), nat.get("SubnetId", "")
            nodes += [Node(subnet, "subnet", subnet, vpc, account, region),
                      Node(nid, "nat", _name(nat.get("Tags")), vpc, account, region)]
            edges += [Edge(subnet, nid, "routes_via"), Edge(nid, vpc, "in")]
    for page in ec2.get_paginator("describe_vpc_endpoints").paginate():
        for ep in page.get("VpcEndpoints", []):
            service = ep.get("ServiceName", "").rsplit(".", 1)[-1]
            kind = ep.get("VpcEndpointType", "")
            nodes.append(Node(ep["VpcEndpointId"], "endpoint", f"{service} ({kind})",
                              ep.get("VpcId", ""), account, region, detail=kind.lower()))
            edges.append(Edge(ep["VpcEndpointId"], ep.get("VpcId", ""), "in"))
    return nodes, edges


def _instances(ec2: Any, account: str, region: str) -> tuple[list[Node], dict[str, set[str]]]:
    """Instance nodes and each instance's security groups."""
    nodes, groups = [], {}
    for page in ec2.get_paginator("describe_instances").paginate():
        for res in page.get("Reservations", []):
            for inst in res.get("Instances", []):
                if inst.get("State", {}).get("Name") == "terminated":
                    continue
                iid = inst["InstanceId"]
                nodes.append(Node(iid, "instance", _name(inst.get("Tags")),
                                  inst.get("VpcId", ""), account, region,
                                  detail=inst.get("InstanceType", "")))
                groups[iid] = {g["GroupId"] for g in inst.get("SecurityGroups", [])}
    return nodes, groups


def _balancers(elb: Any, account: str, region: str) -> tuple[list[Node], list[Edge]]:
    """Load balancers and an edge to every registered target instance."""
    nodes, edges = [], []
    for page in elb.get_paginator("describe_load_balancers").paginate():
        for lb in page.get("LoadBalancers", []):
            arn = lb["LoadBalancerArn"]
            lb_id = arn.split(":loadbalancer/", 1)[-1]
            nodes.append(Node(lb_id, "lb", lb.get("LoadBalancerName", ""), lb.get("VpcId", ""),
                              account, region, detail=lb.get("Type", "")))
            for tg in elb.describe_target_groups(LoadBalancerArn=arn).get("TargetGroups", []):
                health = elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])
                for desc in health.get("TargetHealthDescriptions", []):
                    edges.append(Edge(lb_id, desc["Target"]["Id"], "targets"))
    return nodes, list(dict.fromkeys(edges))


def _databases(rds: Any, account: str, region: str) -> tuple[list[Node], dict[str, set[str]]]:
    nodes, groups = [], {}
    for page in rds.get_paginator("describe_db_instances").paginate():
        for db in page.get("DBInstances", []):
            dbid = db["DBInstanceIdentifier"]
            vpc = (db.get("DBSubnetGroup") or {}).get("VpcId", "")
            nodes.append(Node(dbid, "db", dbid, vpc, account, region,
                              detail=db.get("DBInstanceClass", "")))
            groups[dbid] = {g["VpcSecurityGroupId"] for g in db.get("VpcSecurityGroups", [])}
    return nodes, groups


def _sg_sources(ec2: Any, group_ids: set[str]) -> dict[str, set[str]]:
    """Per security group: the groups its inbound rules reference."""
    if not group_ids:
        return {}
    found = ec2.describe_security_groups(GroupIds=sorted(group_ids)).get("SecurityGroups", [])
    return {g["GroupId"]: {pair["GroupId"] for perm in g.get("IpPermissions", [])
                           for pair in perm.get("UserIdGroupPairs", []) if "GroupId" in pair}
            for g in found}


def _db_edges(instance_groups: Mapping[str, set[str]], db_groups: Mapping[str, set[str]],
              sources: Mapping[str, set[str]]) -> list[Edge]:
    """instance → database when a DB security group admits one of the instance's groups."""
    edges = []
    for db, groups in db_groups.items():
        allowed = set().union(*(sources.get(g, set()) for g in groups)) if groups else set()
        edges += [Edge(iid, db, "connects") for iid, mine in sorted(instance_groups.items())
                  if mine & allowed]
    return edges


def collect_topology(ec2: Any, elb: Any, rds: Any, account: str, region: str) -> Topology:
    """The map of one account and region from describe calls."""
    nodes, edges = _network(ec2, account, region)
    instances, instance_groups = _instances(ec2, account, region)
    balancers, lb_edges = _balancers(elb, account, region)
    databases, db_groups = _databases(rds, account, region)
    sources = _sg_sources(ec2, set().union(*db_groups.values()) if db_groups else set())
    nodes += instances + balancers + databases
    edges += lb_edges + _db_edges(instance_groups, db_groups, sources)
    return _unique(nodes, edges)


def _unique(nodes: Iterable[Node], edges: Iterable[Edge]) -> Topology:
    by_id: dict[str, Node] = {}
    for node in nodes:
        by_id.setdefault(node.id, node)
    kept = tuple(e for e in dict.fromkeys(edges) if e.source in by_id and e.target in by_id)
    return Topology(tuple(by_id.values()), kept)


def merge_topologies(parts: Iterable[Topology]) -> Topology:
    """One map from several accounts or regions."""
    parts = list(parts)
    return _unique((n for t in parts for n in t.nodes), (e for t in parts for e in t.edges))


def labelled(topology: Topology, costs: Mapping[str, tuple[float | None, str]]) -> Topology:
    """Nodes with their monthly cost and activity tier (by resource id) where known."""
    def label(node: Node) -> Node:
        found = costs.get(node.id)
        return replace(node, monthly_cost=found[0], tier=found[1]) if found else node
    nodes = [label(n) for n in topology.nodes]
    held: dict[str, list[float]] = defaultdict(list)
    for n in nodes:
        if n.kind != "vpc":
            held[n.vpc].append(n.monthly_cost or 0.0)
    nodes = [replace(n, detail=f"{len(held[n.id])} resources, {format_money(sum(held[n.id]))}/mo")
             if n.kind == "vpc" and not n.detail else n for n in nodes]
    return replace(topology, nodes=tuple(nodes))


def collapse(topology: Topology, max_nodes: int = MAX_MAP_NODES) -> Topology:
    """Unchanged when small; otherwise one node per VPC (its resources counted, costs summed)."""
    if len(topology.nodes) <= max_nodes:
        return topology
    members: dict[str, list[Node]] = defaultdict(list)
    for node in topology.nodes:
        members[node.vpc or "no VPC"].append(node)
    nodes = []
    for vpc, found in sorted(members.items()):
        costs = [n.monthly_cost for n in found if n.monthly_cost is not None]
        counts: dict[str, int] = defaultdict(int)
        for n in found:
            counts[KIND_LABELS[n.kind]] += n.kind != "vpc"
        detail = ", ".join(f"{c} {k}" for k, c in sorted(counts.items()) if c)
        first = found[0]
        nodes.append(Node(vpc, "vpc", next((n.name for n in found if n.kind == "vpc"), vpc),
                          vpc, first.account, first.region,
                          round(sum(costs), 2) if costs else None, "", detail))
    return Topology(tuple(nodes), (), True)
