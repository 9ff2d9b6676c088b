"""Architect: how is cost spread across our infrastructure, and what can we retire?"""

from __future__ import annotations

from ..costs import with_category
from ..formatting import format_money
from ..report import Check, Kpi, Report
from ..tiers import tier_parts
from .architecture import architecture_parts
from .common import (
    Context,
    Extra,
    activity_parts,
    assemble,
    breakdown_tables,
    category_chart,
    scoped_budgets_table,
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
    views = architecture_parts(ctx, activity)
    tiers = tier_parts(ctx)
    kpis += views.kpis
    checks = (*consistency_checks(ctx), *tiers.checks)
    failed = [c.name for c in checks if not c.passed]
    headline = (f"{kpis[2].value} services in {kpis[3].value} categories cost "
                f"{format_money(float(kpis[0].value or 0), ctx.currency)} "
                f"{ctx.plan.current.label}; consistency checks "
                + ("passed." if not failed else f"FAILED: {', '.join(failed)}."))
    return assemble(
        ctx, activity, mode="architect", title="Architecture cost breakdown",
        headline=headline + _savings_line(kpis, ctx.currency), kpis=kpis,
        tables=[*tables, *scoped_budgets_table(ctx), *tiers.tables, *views.tables],
        trees=(tree(ctx),),
        charts=(category_chart(ctx), top_chart(services, "service", "Services by share"),
                *tiers.charts, *views.charts),
        checks=checks, extra=Extra(notices=(*tiers.notices, *views.notices),
                                    request_log=views.request_log, data=views.data))


def _savings_line(kpis: list[Kpi], currency: str) -> str:
    """' Identified savings $X/month (Y % of spend).' when recommendations were read."""
    found = {k.key: k.value for k in kpis}
    if found.get("identified_savings") is None:
        return ""
    pct = found.get("savings_share")
    share = f" ({pct:.1f} % of spend)" if isinstance(pct, (int, float)) else ""
    amount = float(found["identified_savings"] or 0)
    # AWS estimates savings in USD; on a bill in another currency say so rather than mix symbols.
    shown = format_money(amount, "USD") if currency == "USD" else f"USD {amount:,.2f}"
    return f" Identified savings {shown}/month{share}."
