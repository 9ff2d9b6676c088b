"""Commitments on `ce`: the four Cost Explorer coverage and utilization APIs, four requests.

- GetSavingsPlansCoverage grouped by SERVICE: per service, SpendCoveredBySavingsPlans is what the
  plans covered (on-demand equivalent) and OnDemandCost the eligible on-demand spend;
- GetSavingsPlansUtilization: TotalCommitment and UsedCommitment;
- GetReservationUtilization: OnDemandCostOfRIHoursUsed (covered), TotalAmortizedFee
  (commitment) and UtilizationPercentage;
- GetReservationCoverage: its hours coverage goes into a notice. Reservation coverage cannot be
  grouped by service and its on-demand cost overlaps Savings Plans', so reservations are one
  row ("Reservations") holding covered cost only: on-demand spend is counted once, through
  Savings Plans coverage.
"""

from __future__ import annotations

import time
from typing import Any

from ..commitments import CommitmentRow
from ..errors import SourceError
from .base import CostQuery

__all__ = ["IAM_ACTIONS", "RESERVATIONS_ROW", "ce_commitments"]

IAM_ACTIONS: tuple[str, ...] = (
    "ce:GetReservationCoverage",
    "ce:GetReservationUtilization",
    "ce:GetSavingsPlansCoverage",
    "ce:GetSavingsPlansUtilization",
)
RESERVATIONS_ROW = "Reservations (EC2, RDS, ElastiCache, Redshift, OpenSearch)"


def _num(mapping: Any, *keys: str) -> float:
    for key in keys:
        mapping = (mapping or {}).get(key)
    return float(mapping or 0)


def _accounts_filter(query: CostQuery) -> dict[str, Any]:
    if not query.accounts:
        return {}
    return {"Filter": {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": list(query.accounts)}}}


def _call(source: Any, operation: str, **params: Any) -> dict[str, Any]:
    from . import aws

    started = time.perf_counter()
    with aws.aws_errors(f"ce:{operation}", source.profile):
        method = getattr(source.client("ce"), _snake(operation))
        response: dict[str, Any] = dict(method(**params))
    source.requests.record("ce", operation, seconds=time.perf_counter() - started,
                           numbered=True)
    return response


def _snake(operation: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")


def _savings_plans(source: Any, period: dict[str, str], query: CostQuery) -> list[CommitmentRow]:
    coverage = _call(source, "GetSavingsPlansCoverage", TimePeriod=period,
                     GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}], **_accounts_filter(query))
    rows: dict[str, list[float]] = {}
    for item in coverage.get("SavingsPlansCoverages", []):
        service = str((item.get("Attributes") or {}).get("SERVICE")
                      or (item.get("Attributes") or {}).get("service") or "Other")
        figures = rows.setdefault(service, [0.0, 0.0])
        figures[0] += _num(item, "Coverage", "SpendCoveredBySavingsPlans")
        figures[1] += _num(item, "Coverage", "OnDemandCost")
    used = _call(source, "GetSavingsPlansUtilization", TimePeriod=period,
                 **_accounts_filter(query)).get("Total", {})
    out = [CommitmentRow(s, sp_covered=c, on_demand=o) for s, (c, o) in sorted(rows.items())]
    out.append(CommitmentRow("Savings Plans commitment",
                             sp_commitment=_num(used, "Utilization", "TotalCommitment"),
                             sp_used=_num(used, "Utilization", "UsedCommitment")))
    return out


def _reservations(source: Any, period: dict[str, str], query: CostQuery) -> CommitmentRow:
    total = _call(source, "GetReservationUtilization", TimePeriod=period,
                  **_accounts_filter(query)).get("Total", {})
    fee = _num(total, "TotalAmortizedFee")
    used = fee * _num(total, "UtilizationPercentage") / 100
    hours = _call(source, "GetReservationCoverage", TimePeriod=period,
                  **_accounts_filter(query)).get("Total", {})
    percent = _num(hours, "CoverageHours", "CoverageHoursPercentage")
    source.notices.append(f"Reservations cover {percent:.1f} % of eligible running hours "
                          "(Cost Explorer GetReservationCoverage).")
    return CommitmentRow(RESERVATIONS_ROW, ri_covered=_num(total, "OnDemandCostOfRIHoursUsed"),
                         ri_commitment=fee, ri_used=used)


def ce_commitments(source: Any, query: CostQuery) -> list[CommitmentRow] | None:
    """SP rows per service, the SP commitment row and one reservations row; None (and a
    notice) when Cost Explorer refuses or lacks an operation: that costs the figures only."""
    period = {"Start": query.start.isoformat(), "End": query.end.isoformat()}
    try:
        return [*_savings_plans(source, period, query), _reservations(source, period, query)]
    except (SourceError, NotImplementedError) as exc:
        text = exc.one_line() if isinstance(exc, SourceError) else "not implemented here"
        source.notices.append(f"Commitment coverage unavailable: {text}")
        return None
