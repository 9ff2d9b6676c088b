"""Recommendations as report values: the savings KPIs, the top-N table, savings by action."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..formatting import format_money
from ..report import Chart, Column, Kpi, Table, money
from .merge import total_savings
from .model import Recommendation

__all__ = ["COLUMNS", "savings_chart", "savings_kpis", "savings_table"]

COLUMNS: tuple[Column, ...] = (
    Column("resource_id", "Resource"), Column("resource_type", "Type"),
    Column("account", "Account"), Column("region", "Region"), Column("action", "Action"),
    Column("detail", "Change"), Column("monthly_savings", "Savings / month", "money"),
    Column("effort", "Effort"), Column("evidence", "Evidence"), Column("source", "Source"),
)


def savings_kpis(recs: Sequence[Recommendation], monthly_spend: float) -> list[Kpi]:
    """Identified savings in dollars a month, and as a share of the monthly spend."""
    total = total_savings(recs)
    pct = round(100 * total / monthly_spend, 2) if monthly_spend > 0.005 else None
    return [Kpi("identified_savings", "Identified savings / month", total, "USD",
                help=f"{len(recs)} recommendations, one per resource (alternatives on one "
                     "resource are not added up)"),
            Kpi("savings_share", "Savings, % of monthly spend", pct, "%",
                help=f"of {format_money(monthly_spend)} a month (the current period scaled to 730 h)")]


def _row(rec: Recommendation) -> dict[str, object]:
    return {"resource_id": rec.resource_id, "resource_type": rec.resource_type,
            "account": rec.account, "region": rec.region, "action": rec.action_label,
            "detail": rec.detail, "monthly_savings": money(rec.monthly_savings),
            "effort": rec.effort, "evidence": rec.evidence, "source": rec.source}


def savings_table(recs: Sequence[Recommendation], top_n: int) -> Table:
    """The top-N recommendations by savings; the footer totals every recommendation."""
    shown = list(recs) if top_n <= 0 else list(recs)[:top_n]
    note = "Estimated monthly savings; one action per resource, the one that saves most."
    if len(shown) < len(recs):
        note += f" Top {len(shown)} of {len(recs)}; the total covers all."
    return Table("recommendations", "Savings recommendations", COLUMNS,
                 tuple(_row(r) for r in shown),
                 {"resource_id": "Total", "monthly_savings": total_savings(recs)}, note)


def savings_chart(recs: Sequence[Recommendation]) -> Chart:
    """Monthly savings per action (bars), with the count of recommendations."""
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for rec in recs:
        sums[rec.action_label] += rec.monthly_savings
        counts[rec.action_label] += 1
    rows = tuple({"label": label, "amount": money(value), "count": counts[label]}
                 for label, value in sorted(sums.items(), key=lambda kv: -kv[1]))
    return Chart("savings_by_action", "Identified savings by action", "amount_bar", rows,
                 {"axis": "Savings / month"})
