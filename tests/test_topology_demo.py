"""The demo's dependency map and NAT traffic: a connected map over two VPCs, traffic pro rata."""

from __future__ import annotations

import pytest

from finops_lib.topology_demo import DEMO_GATEWAY_ENDPOINTS, demo_nat_traffic, demo_topology


def test_every_edge_joins_two_nodes_of_the_map() -> None:
    topology = demo_topology()
    ids = {n.id for n in topology.nodes}
    assert len(ids) == len(topology.nodes)
    assert all(e.source in ids and e.target in ids for e in topology.edges)
    assert {n.vpc for n in topology.nodes} == {n.id for n in topology.nodes if n.kind == "vpc"}


def test_the_gateway_endpoint_sits_in_its_vpc() -> None:
    topology = demo_topology()
    for vpc, service in DEMO_GATEWAY_ENDPOINTS:
        assert any(n.kind == "endpoint" and n.vpc == vpc and service in n.name
                   and n.detail == "gateway" for n in topology.nodes)


def test_nat_traffic_is_pro_rata_with_the_busy_nat_first() -> None:
    month, half = demo_nat_traffic(30), demo_nat_traffic(15)
    for whole, part in zip(month, half, strict=True):
        assert part.gb_processed == pytest.approx(whole.gb_processed / 2)
    busy, idle = month
    assert busy.gb_processed > 1000 * idle.gb_processed
    assert sum(v or 0.0 for v in busy.gb_to.values()) < busy.gb_processed
