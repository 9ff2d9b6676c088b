"""Commitments in the executive report: coverage KPI against the target, utilization, the
on-demand spend a commitment could cover, the table by service and the amortized vs unblended
difference in one line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .budget_files import coverage_target
from .budget_report import budgets_path
from .commitments import CommitmentRow, commitment_kpis, commitments_table
from .errors import OptionError
from .options import Options
from .periods import Period
from .report import Kpi, Table, money
from .sources.base import CostQuery, CostSource

__all__ = ["CommitmentParts", "commitment_parts"]


@dataclass(frozen=True)
class CommitmentParts:
    """What commitments add to a report (empty when the source cannot tell)."""

    kpis: tuple[Kpi, ...] = ()
    tables: tuple[Table, ...] = ()
    lines: tuple[str, ...] = ()


def _gap(source: CostSource, query: CostQuery) -> float | None:
    """Amortized minus unblended for the period (two ungrouped totals; None when the data
    cannot express one of them)."""
    try:
        amortized = source.total(replace(query, metric="amortized"))
        return money(amortized - source.total(replace(query, metric="unblended")))
    except OptionError:
        return None


def _target(opts: Options) -> float:
    """--commitment-target, else the budgets file's commitment_coverage_target, else 0."""
    if opts.commitment_target:
        return float(opts.commitment_target)
    path = budgets_path(opts)
    return (coverage_target(path) or 0.0) if path else 0.0


def commitment_parts(opts: Options, source: CostSource, query: CostQuery,
                     current: Period) -> CommitmentParts:
    """Commitment figures for the current period of the report's selection."""
    wanted = str(getattr(opts, "commitments", "auto") or "auto")
    if wanted == "off" or (wanted == "auto" and source.commitments_cost):
        hint = (f" Pass --commitments on to read them ({source.commitments_cost})."
                if source.commitments_cost else "")
        return CommitmentParts(lines=("Commitments: coverage and utilization not read." + hint,))
    window = replace(query, start=current.start, end=current.end, granularity="DAILY",
                     group_by="")
    rows: list[CommitmentRow] | None = source.commitments(window)
    if rows is None:
        return CommitmentParts(lines=("Commitments: this source has no Savings Plans or "
                                      "reservation data.",))
    gap = _gap(source, window)
    kpis = commitment_kpis(rows, _target(opts), gap)
    line = ("Amortized vs unblended: amortized cost spreads upfront and recurring commitment "
            "fees over the days they cover, unblended books them when billed"
            + (f"; this period amortized − unblended = {gap:+,.2f}." if gap is not None else "."))
    return CommitmentParts(tuple(kpis), (commitments_table(rows),), (line,))

