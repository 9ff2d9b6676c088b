"""Commitment coverage and utilization hand-computed on the CUR fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finops_lib.commitments import coverage, utilization
from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import open_path

CUR = Path(__file__).parent / "fixtures" / "cur"
SEPTEMBER = CostQuery(date(2026, 9, 1), date(2026, 9, 4))
EC2 = "Amazon Elastic Compute Cloud - Compute"
RDS = "Amazon Relational Database Service"


@pytest.mark.parametrize("name", ["cur2_sample.csv", "legacy_cur_sample.csv"])
def test_cur_commitments_equal_the_hand_computation(name: str) -> None:
    # SP: covered usage at on-demand 5.00, EC2 on-demand usage 10.00 (NAT/EBS are not eligible,
    # the credit is not usage), commitment 4.00 of which 3.00 used. RI: discounted usage whose
    # public on-demand cost is 4.00, effective 2.50 used + 1.25 + 0.75 unused fees.
    rows = open_path(str(CUR / name)).commitments(SEPTEMBER)
    by_service = {r.service: r for r in rows}
    assert (by_service[EC2].sp_covered, by_service[EC2].on_demand) == (5.0, 10.0)
    assert by_service[RDS].ri_covered == 4.0 and by_service[RDS].on_demand == 0.0
    assert coverage(rows) == round(9 / 19 * 100, 2)  # 47.37
    assert utilization(rows, "sp") == 75.0
    assert utilization(rows, "ri") == round(2.5 / 4.5 * 100, 2)  # 55.56
