"""Allocation (`--group-by`): cost per owner — tag value, cost category, OU, account, … — with
the unallocated ("untagged") row a FinOps lead chases and a tag-coverage figure.

Service, account and region come from the canonical table the report already holds; OU maps
accounts through the scope; tag, cost category and usage type need the source to answer one
more query with `CostQuery.group_by` set (its `group` column carries the value).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .costs import period_totals, ranked_table
from .formatting import format_money
from .options import Options
from .periods import PeriodPlan
from .report import Column, Kpi, Table, money
from .selection import Selection
from .sources.base import CostQuery, CostSource, Scope

__all__ = ["Allocation", "allocate", "coverage_kpis", "owner_label", "showback_table",
           "unassigned_label"]

_FIXED_COLUMNS = {"service": "service", "account": "account_name", "region": "region"}
_UNASSIGNED = {"tag": "untagged", "cost-category": "uncategorized",
               "usage-type": "(no usage type)", "ou": "(no OU)", "region": "(no region)"}


def owner_label(group_by: str) -> str:
    """Column heading for the owner dimension, e.g. "Tag team", "OU"."""
    kind, _, key = group_by.partition(":")
    names = {"service": "Service", "account": "Account", "ou": "OU", "region": "Region",
             "usage-type": "Usage type", "tag": f"Tag {key}", "cost-category": f"Cost category {key}"}
    return names[kind]


def unassigned_label(group_by: str) -> str:
    """The row label of cost without a value for the dimension ("untagged", …)."""
    return _UNASSIGNED.get(group_by.partition(":")[0], "(none)")


@dataclass(frozen=True)
class Allocation:
    """Daily cost per owner for one `--group-by` dimension."""

    group_by: str
    frame: pd.DataFrame  # date, owner, amount
    requests: int = 0  # source requests the allocation query cost

    @property
    def unassigned(self) -> str:
        """Label of the unallocated row."""
        return unassigned_label(self.group_by)

    @property
    def is_tag_like(self) -> bool:
        """True for tag and cost-category grouping, where coverage is the figure to chase."""
        return self.group_by.startswith(("tag:", "cost-category:"))


def allocate(group_by: str, frame: pd.DataFrame, source: CostSource, query: CostQuery,
             scope: Scope) -> Allocation:
    """Cost per owner over `query`'s window: from `frame` for its own columns, else one more
    source query with `group_by` set."""
    kind = group_by.partition(":")[0]
    before = source.api_requests
    if kind in _FIXED_COLUMNS:
        owners = frame[_FIXED_COLUMNS[kind]]
        data = frame
    elif kind == "ou":
        ous = {a.id: a.ou for a in scope.accounts}
        data = frame
        owners = frame["account_id"].map(ous).fillna("")
    else:
        data = source.costs(replace(query, granularity="DAILY", group_by=group_by))
        owners = data["group"]
    owners = owners.astype(str).where(owners.astype(str) != "", unassigned_label(group_by))
    out = pd.DataFrame({"date": data["date"].dt.normalize(), "owner": owners,
                        "amount": data["amount"]})
    return Allocation(group_by, out, source.api_requests - before)


def showback_table(alloc: Allocation, plan: PeriodPlan, opts: Options, sel: Selection,
                   status: dict[str, str] | None = None) -> Table:
    """Per owner: current, previous, change, share (and budget status where one exists);
    the unallocated row always stays visible."""
    totals = period_totals(alloc.frame, plan, ["owner"])
    columns: tuple[Column, ...] = (Column("owner", owner_label(alloc.group_by)),)
    if status:
        totals["budget_status"] = totals["owner"].map(status).fillna("")
        columns = (*columns, Column("budget_status", "Budget", "status"))
    table = ranked_table(totals, key="showback", title=f"Showback by {owner_label(alloc.group_by)}",
                         label_columns=columns, opts=opts, sel=sel, item_name="owners",
                         pinned=(alloc.unassigned,))
    note = f"{table.note}; {alloc.unassigned} = cost with no {owner_label(alloc.group_by)} value"
    return replace(table, note=note)


def coverage_kpis(alloc: Allocation, plan: PeriodPlan) -> list[Kpi]:
    """Unallocated spend and its share, and the allocated share (tag coverage)."""
    if not alloc.is_tag_like:
        return []
    totals = period_totals(alloc.frame, plan, ["owner"])
    total = float(totals["current"].sum())
    untagged = float(totals.loc[totals["owner"] == alloc.unassigned, "current"].sum())
    share = untagged / total * 100 if total else 0.0
    what = owner_label(alloc.group_by)
    return [
        Kpi("unallocated", f"{alloc.unassigned.capitalize()} ({what})", money(untagged), "USD",
            help=f"{alloc.unassigned}: {format_money(untagged)}, {share:.1f} % of spend"),
        Kpi("allocation_coverage", f"{what} coverage", round(100 - share, 2) if total else None,
            "%", help=f"share of spend carrying a {what} value"),
    ]
