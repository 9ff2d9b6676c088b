"""The demo organization's commitments: coverage and utilization from its committed series.

Committed (account, service) pairs have demo.COMMITMENT_COVERAGE of their usage covered at
demo.COMMITMENT_RATE of the on-demand price; EC2 compute is covered by a Savings Plan, databases by
reservations. The commitment is sized to the covered usage, so utilization is 100 %. Other
eligible services run fully on demand: what a commitment could still cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..commitments import ELIGIBLE_SERVICES, CommitmentRow

__all__ = ["commitment_rows"]

_SAVINGS_PLAN_SERVICES = frozenset({"Amazon Elastic Compute Cloud - Compute", "AWS Lambda",
                                    "Amazon SageMaker", "Amazon Elastic Container Service"})


def commitment_rows(series: Iterable[Any], mask: np.ndarray, committed: set[tuple[str, str]],
                    covered_share: float, rate: float) -> list[CommitmentRow]:
    """One row per eligible service over the window `mask`, summed across accounts:
    `covered_share` of committed usage is covered at `rate` of the on-demand price."""
    rows: dict[str, dict[str, float]] = {}
    for s in series:
        if s.service not in ELIGIBLE_SERVICES:
            continue
        usage = float(np.sum(s.metrics["usage"][mask]))
        row = rows.setdefault(s.service, dict.fromkeys(
            ("sp_covered", "ri_covered", "on_demand", "sp_commitment", "sp_used",
             "ri_commitment", "ri_used"), 0.0))
        if (s.account.name, s.service) not in committed:
            row["on_demand"] += usage
            continue
        kind = "sp" if s.service in _SAVINGS_PLAN_SERVICES else "ri"
        row[f"{kind}_covered"] += usage * covered_share
        row["on_demand"] += usage * (1 - covered_share)
        row[f"{kind}_commitment"] += usage * covered_share * rate
        row[f"{kind}_used"] += usage * covered_share * rate
    return [CommitmentRow(service, **values) for service, values in sorted(rows.items())]
