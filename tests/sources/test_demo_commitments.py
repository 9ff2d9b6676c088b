"""Demo commitments: coverage and utilization follow the demo's committed series."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.commitments import utilization
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource

EC2 = "Amazon Elastic Compute Cloud - Compute"
RDS = "Amazon Relational Database Service"


def test_demo_commitments_follow_the_committed_series() -> None:
    source = DemoSource(date(2026, 11, 26))
    query = CostQuery(date(2026, 11, 1), date(2026, 11, 26))
    rows = {r.service: r for r in source.commitments(query)}
    mask = source._window(query)
    usage = {(s.account.name, s.service): float(s.metrics["usage"][mask].sum())
             for s in source._series}
    prod_ec2 = usage[("workloads-prod", EC2)]
    other_ec2 = sum(v for (a, s), v in usage.items() if s == EC2 and a != "workloads-prod")
    assert rows[EC2].sp_covered == pytest.approx(0.6 * prod_ec2)
    assert rows[EC2].on_demand == pytest.approx(0.4 * prod_ec2 + other_ec2)
    rds = usage[("workloads-prod", RDS)] + usage[("data-platform", RDS)]
    assert rows[RDS].ri_covered == pytest.approx(0.6 * rds)
    assert utilization(list(rows.values()), "sp") == 100.0
    assert "AWS CloudTrail" not in rows  # not commitment-eligible
