"""The dependency map as report values: node labels, a chart whose edges run left to right, and
a table of edges (or of VPCs when collapsed)."""

from __future__ import annotations

from finops_lib.topology import Node, collapse
from finops_lib.topology_demo import demo_topology
from finops_lib.topology_view import edges_table, map_chart, node_label


def test_node_labels() -> None:
    assert node_label(Node("i-1", "instance", "web", monthly_cost=1234.5, tier="MUST")) == \
        "web\n$1,234.50/mo · MUST"
    assert node_label(Node("i-2", "instance")) == "i-2\ncost n/a"
    assert node_label(Node("subnet-1", "subnet", "public")) == "public"


def test_the_chart_has_every_node_and_edge_and_edges_run_left_to_right() -> None:
    topology = demo_topology()
    chart = map_chart(topology)
    nodes = [r for r in chart.data if r["mark"] == "node"]
    edges = [r for r in chart.data if r["mark"] == "edge"]
    assert (len(nodes), len(edges)) == (len(topology.nodes), len(topology.edges))
    assert all(e["x"] <= e["x2"] for e in edges)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # no two boxes overlap
    assert chart.kind == "dependency_map" and chart.options["height_px"] >= 120


def test_the_table_lists_edges_or_vpcs_when_collapsed() -> None:
    topology = demo_topology()
    table = edges_table(topology)
    assert len(table.rows) == len(topology.edges)
    assert f"{len(topology.nodes)} nodes, {len(topology.edges)} edges" in table.note
    folded = collapse(topology, max_nodes=2)
    assert folded.collapsed
    assert [r["relation"] for r in edges_table(folded).rows] == ["holds"] * len(folded.nodes)
    assert "one node per VPC" in map_chart(folded).title
