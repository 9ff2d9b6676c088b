"""Architect: how is cost spread across our infrastructure, and what can we retire?"""

from __future__ import annotations

from ..costs import with_category
from ..formatting import format_money
from ..report import Check, Kpi, Report
from .common import (
    Context,
    activity_parts,
    assemble,
    breakdown_tables,
    category_chart,
    top_chart,
    total_kpis,
    tree,
)

CENT = 0.01


def consistency_checks(ctx: Context) -> tuple[Check, ...]:
    """Services sum to each account's total; no account exceeds the org; categories add up."""
    cur = with_category(ctx.in_period("current"))
    org = float(cur["amount"].sum())
    by_account = cur.groupby("account_id")["amount"].sum()
    by_pair = cur.groupby(["account_id", "service"])["amount"].sum().groupby("account_id").sum()
    worst = float((by_pair - by_account).abs().max()) if len(by_account) else 0.0
    biggest = float(by_account.max()) if len(by_account) else 0.0
    categories = float(cur.groupby("category")["amount"].sum().sum())
    return (
        Check("services sum to each account total", worst <= CENT,
              f"{len(by_account)} accounts, largest difference ${worst:.4f}"),
        Check("each account ≤ organization total", biggest <= org + CENT,
              f"largest account ${biggest:,.2f} of ${org:,.2f}"),
        Check("categories sum to the total", abs(categories - org) <= CENT,
              f"${categories:,.2f} vs ${org:,.2f}"),
    )


def build(ctx: Context) -> Report:
    """The architect report: services table, category tree, consistency checks."""
    services, tables = breakdown_tables(ctx)
    activity = activity_parts(ctx)
    cur = ctx.in_period("current")
    kpis = [*total_kpis(ctx),
            Kpi("services", "Services", int(cur["service"].nunique()), "count"),
            Kpi("categories", "Categories",
                int(with_category(cur)["category"].nunique()), "count"),
            Kpi("accounts", "Accounts", int(cur["account_id"].nunique()), "count")]
    checks = consistency_checks(ctx)
    failed = [c.name for c in checks if not c.passed]
    headline = (f"{kpis[2].value} services in {kpis[3].value} categories cost "
                f"{format_money(float(kpis[0].value or 0), ctx.currency)} "
                f"{ctx.plan.current.label}; consistency checks "
                + ("passed." if not failed else f"FAILED: {', '.join(failed)}."))
    return assemble(
        ctx, activity, mode="architect", title="Architecture cost breakdown",
        headline=headline, kpis=kpis, tables=tables, trees=(tree(ctx),),
        charts=(category_chart(ctx), top_chart(services, "service", "Services by share")),
        checks=checks)
