"""The dependency map as report values: a layered chart (left to right: entry points,
workloads, what they depend on) and a table of its edges for text surfaces."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .formatting import format_money
from .report import Chart, Column, Table
from .topology import KIND_LABELS, Node, Topology

__all__ = ["ROW_PX", "edges_table", "map_chart", "node_label"]

# column of each kind: every edge runs left to right
COLUMN = {"lb": 0, "subnet": 0, "instance": 1, "nat": 1, "endpoint": 1, "db": 2, "vpc": 2}
ROW_PX = 52
RELATIONS = {"in": "sits in", "routes_via": "routes through", "targets": "sends traffic to",
             "connects": "connects to (security group)", "serves": "serves"}


def node_label(node: Node) -> str:
    """Name (or id), monthly cost and activity tier, as drawn on the map."""
    if node.kind == "vpc" and node.monthly_cost is None:
        return f"{node.name or node.id}\n{node.detail}" if node.detail else node.name or node.id
    if node.kind == "subnet":
        return node.name or node.id
    cost = "cost n/a" if node.monthly_cost is None else f"{format_money(node.monthly_cost)}/mo"
    tier = f" · {node.tier}" if node.tier else ""
    return f"{node.name or node.id}\n{cost}{tier}"


def _positions(topology: Topology) -> dict[str, tuple[int, int]]:
    """(column, row) per node: one band of rows per VPC, stacked top to bottom."""
    by_vpc: dict[str, list[Node]] = defaultdict(list)
    for node in topology.nodes:
        by_vpc[node.vpc or "~"].append(node)
    out: dict[str, tuple[int, int]] = {}
    top = 0
    for vpc in sorted(by_vpc):
        filled: dict[int, int] = defaultdict(int)
        for node in by_vpc[vpc]:
            col = 0 if topology.collapsed else COLUMN[node.kind]
            out[node.id] = (col, top + filled[col])
            filled[col] += 1
        top += max(filled.values()) + 1
    return out


def map_chart(topology: Topology) -> Chart:
    """The map: node rows (mark=node) and edge rows (mark=edge) in one data set."""
    pos = _positions(topology)
    rows: list[dict[str, Any]] = [
        {"mark": "edge", "x": pos[e.source][0], "y": pos[e.source][1],
         "x2": pos[e.target][0], "y2": pos[e.target][1], "relation": RELATIONS[e.relation]}
        for e in topology.edges]
    rows += [{"mark": "node", "x": pos[n.id][0], "y": pos[n.id][1], "id": n.id,
              "kind": KIND_LABELS[n.kind], "label": node_label(n), "vpc": n.vpc,
              "account": n.account, "cost": n.monthly_cost, "tier": n.tier or "—",
              "detail": n.detail} for n in topology.nodes]
    height = ROW_PX * (max((p[1] for p in pos.values()), default=0) + 1) + ROW_PX // 2
    title = "Dependency map" + (" (one node per VPC)" if topology.collapsed else "")
    return Chart("dependency_map", title, "dependency_map", tuple(rows),
                 {"height_px": max(height, 120)})


def edges_table(topology: Topology) -> Table:
    """Every dependency as a row (or, collapsed, every VPC with its resources)."""
    nodes = {n.id: n for n in topology.nodes}
    if topology.collapsed:
        rows = tuple({"from": n.id, "from_kind": "VPC", "relation": "holds", "to": n.detail,
                      "to_kind": "", "account": n.account, "monthly_cost": n.monthly_cost}
                     for n in topology.nodes)
    else:
        rows = tuple({"from": e.source, "from_kind": KIND_LABELS[nodes[e.source].kind],
                      "relation": RELATIONS[e.relation], "to": e.target,
                      "to_kind": KIND_LABELS[nodes[e.target].kind],
                      "account": nodes[e.source].account,
                      "monthly_cost": nodes[e.source].monthly_cost} for e in topology.edges)
    columns = (Column("from", "From"), Column("from_kind", "Kind"), Column("relation", "Relation"),
               Column("to", "To"), Column("to_kind", "Kind"), Column("account", "Account"),
               Column("monthly_cost", "From: cost / month", "money"))
    return Table("dependencies", "Dependency map", columns, rows,
                 note=f"{len(topology.nodes)} nodes, {len(topology.edges)} edges"
                      + ("; collapsed per VPC" if topology.collapsed else "")
                      + ". Costs and tiers come from the activity inventory.")
