"""The multi-tier view: cost per application tier from a tag (`--tier-tag`, default `tier`),
with the untagged row always shown, and a check that the tiers add up to the total."""

from __future__ import annotations

from dataclasses import dataclass

from .allocation import Allocation, allocate, unassigned_label
from .costs import period_totals, ranked_table
from .formatting import format_money
from .personas.common import Context
from .report import Chart, Check, Column, Table, money
from .selection import Selection

__all__ = ["TierParts", "tier_allocation", "tier_parts"]

CENT = 0.01
OFF = frozenset({"none", "off"})


@dataclass(frozen=True)
class TierParts:
    """What the tier view adds to the architect report."""

    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    checks: tuple[Check, ...] = ()
    notices: tuple[str, ...] = ()


def tier_allocation(ctx: Context, tag: str) -> Allocation | None:
    """Cost per value of the tier tag: the report's allocation when it already groups by that
    tag, else one more query where that is free (demo, files); None on paid sources."""
    group_by = f"tag:{tag}"
    if ctx.allocation is not None and ctx.allocation.group_by == group_by:
        return ctx.allocation
    if ctx.source.paid_query and not ctx.source.is_demo:
        return None
    return allocate(group_by, ctx.frame, ctx.source, ctx.query, ctx.scope)


def tier_parts(ctx: Context) -> TierParts:
    """The tier table, its chart and the sum check (or a notice saying how to get them)."""
    tag = ctx.opts.tier_tag
    if not tag or str(tag).lower() in OFF:
        return TierParts()
    alloc = tier_allocation(ctx, tag)
    if alloc is None:
        return TierParts(notices=(f"Cost per tier: pass --group-by tag:{tag} (one more "
                                  f"{ctx.source.name} query grouped by the tier tag).",))
    totals = period_totals(alloc.frame, ctx.plan, ["owner"])
    untagged = unassigned_label(alloc.group_by)
    opts = ctx.opts.replace(top_n=0, cost_threshold=0.0, filter=(), sort_by="current")
    table = ranked_table(totals, key="tiers", title=f"Cost per application tier (tag {tag})",
                         label_columns=(Column("owner", "Tier"),), opts=opts, sel=Selection(),
                         item_name="tiers", pinned=(untagged,))
    shown = float(totals["current"].sum())
    total = ctx.total("current")
    check = Check("tiers sum to the total", abs(shown - total) <= CENT,
                  f"{format_money(shown)} in {len(totals)} tiers (with {untagged}) vs "
                  f"{format_money(total)}")
    rows = tuple({"label": r["owner"], "amount": money(r["current"]), "count": 1}
                 for r in table.rows)
    chart = Chart("tiers", f"Cost per application tier (tag {tag})", "amount_bar", rows,
                  {"axis": "Current period"})
    return TierParts((table,), (chart,), (check,))
