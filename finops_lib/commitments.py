"""Commitments: Savings Plans and Reserved Instances coverage and utilization for the period.

Every source answers `commitments(query)` with `CommitmentRow`s per service (demo from its
committed series, files/athena from CUR/FOCUS commitment lines, ce from the four Cost Explorer
coverage/utilization APIs). Definitions, the same on every source:

- covered: the on-demand equivalent of usage a commitment paid for;
- on-demand: usage of commitment-eligible services billed at on-demand rates (what a
  commitment could cover);
- coverage = covered ÷ (covered + on-demand);
- utilization = commitment used ÷ commitment (amortized, for the period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .report import Column, Kpi, Table, money

__all__ = ["ELIGIBLE_SERVICES", "CommitmentRow", "commitment_kpis", "commitments_table",
           "coverage", "utilization"]

# Cost Explorer service names Savings Plans or reservations can cover.
ELIGIBLE_SERVICES: tuple[str, ...] = (
    "Amazon Elastic Compute Cloud - Compute", "AWS Lambda", "Amazon SageMaker",
    "Amazon Elastic Container Service", "Amazon Elastic Container Service for Kubernetes",
    "Amazon Relational Database Service", "Amazon ElastiCache", "Amazon Redshift",
    "Amazon OpenSearch Service", "Amazon DynamoDB", "Amazon MemoryDB",
)


@dataclass(frozen=True)
class CommitmentRow:
    """One service's commitment figures for the period (all in the cost currency)."""

    service: str
    sp_covered: float = 0.0  # on-demand equivalent of usage covered by Savings Plans
    ri_covered: float = 0.0  # … by reservations
    on_demand: float = 0.0  # eligible usage at on-demand rates
    sp_commitment: float = 0.0
    sp_used: float = 0.0
    ri_commitment: float = 0.0
    ri_used: float = 0.0

    @property
    def covered(self) -> float:
        """On-demand equivalent covered by any commitment."""
        return self.sp_covered + self.ri_covered


def coverage(rows: Sequence[CommitmentRow]) -> float | None:
    """Covered ÷ (covered + on-demand), in %; None without eligible usage."""
    covered = sum(r.covered for r in rows)
    eligible = covered + sum(r.on_demand for r in rows)
    return round(covered / eligible * 100, 2) if eligible > 0.005 else None


def utilization(rows: Sequence[CommitmentRow], kind: str) -> float | None:
    """Used ÷ commitment for "sp" or "ri", in %; None without commitments of that kind."""
    total = sum(getattr(r, f"{kind}_commitment") for r in rows)
    used = sum(getattr(r, f"{kind}_used") for r in rows)
    return round(used / total * 100, 2) if total > 0.005 else None


def commitment_kpis(rows: Sequence[CommitmentRow], target: float,
                    amortized_gap: float | None) -> list[Kpi]:
    """Coverage (against the target), utilization per kind, on-demand a commitment could cover."""
    cov = coverage(rows)
    gap = f"; amortized − unblended this period {amortized_gap:+,.2f}" if amortized_gap is not None \
        else ""
    label = f"Commitment coverage (target {target:g} %)" if target else "Commitment coverage"
    # the gap is in percentage points, not dollars: it goes in the help, not in `delta`
    points = f"; {cov - target:+.2f} points against the target" if target and cov is not None \
        else ""
    kpis = [Kpi("commitment_coverage", label, cov, "%", None, None,
                "covered on-demand equivalent ÷ (covered + eligible on-demand)" + points + gap),
            Kpi("commitment_on_demand", "On-demand a commitment could cover",
                money(sum(r.on_demand for r in rows)), "USD",
                help="eligible usage (" + ", ".join(ELIGIBLE_SERVICES[:3]) + ", …) billed "
                     "at on-demand rates")]
    for kind, name in (("sp", "Savings Plans"), ("ri", "Reservations")):
        value = utilization(rows, kind)
        if value is not None:
            kpis.append(Kpi(f"{kind}_utilization", f"{name} utilization", value, "%",
                            help=f"{name} commitment used ÷ commitment for the period"))
    return kpis


_COLUMNS = (Column("service", "Service"), Column("sp_covered", "Covered by SP", "money"),
            Column("ri_covered", "Covered by RI", "money"),
            Column("on_demand", "On-demand (could be covered)", "money"),
            Column("coverage", "Coverage", "share"))
METHOD = ("covered = on-demand equivalent of usage a Savings Plan (SP) or reservation (RI) paid "
          "for; coverage = covered ÷ (covered + eligible on-demand). Amortized cost spreads "
          "commitment fees over the days they cover; unblended books them when billed")


def commitments_table(rows: Sequence[CommitmentRow]) -> Table:
    """Coverage by service, eligible services only, largest eligible spend first."""
    kept = sorted((r for r in rows if r.covered + r.on_demand > 0.005),
                  key=lambda r: -(r.covered + r.on_demand))
    out = [{"service": r.service, "sp_covered": money(r.sp_covered),
            "ri_covered": money(r.ri_covered), "on_demand": money(r.on_demand),
            "coverage": coverage([r])} for r in kept]
    total = {"service": "Total", "sp_covered": money(sum(r.sp_covered for r in kept)),
             "ri_covered": money(sum(r.ri_covered for r in kept)),
             "on_demand": money(sum(r.on_demand for r in kept)), "coverage": coverage(kept)}
    return Table("commitments", "Commitment coverage by service", _COLUMNS, tuple(out), total,
                 METHOD)
