"""Architect: how is cost spread across our infrastructure, and what can we retire?"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..consistency import Figures, run_checks, worst
from ..costs import with_category
from ..formatting import format_money, money_in
from ..report import Check, Kpi, Report, Section, Table, Tree
from ..scope_view import plural
from ..tiers import tier_parts
from .architecture import architecture_section
from .assemble import SectionBuilder, assemble
from .common import (
    Context,
    activity_section,
    breakdown_tables,
    by_day,
    scoped_budgets_table,
    total_kpis,
    tree,
    validation,
)
from .cost_charts import category_chart, top_chart


def figures(ctx: Context, services: Table, accounts: Table | None,
            categories: Tree) -> Figures:
    """The current total along each independent path the report shows."""
    cur = ctx.in_period("current")
    amounts = cur["amount"].tolist()
    daily = by_day(cur).groupby("date")["amount"].sum()
    shown = [*services.rows, *(accounts.rows if accounts else ())]
    per_service = cur.groupby("service")["amount"].sum()
    return Figures(
        total=math.fsum(amounts),
        services=_shown(services), accounts=_shown(accounts) if accounts else None,
        categories=math.fsum(c.value for c in categories.root.children),
        days=math.fsum(daily.tolist()), shown_rows=len(shown) + len(categories.root.children),
        currencies=tuple(sorted({str(c) for c in cur["currency"] if str(c)})),
        nan_rows=int(ctx.frame["amount"].isna().sum()),  # anywhere in the fetched rows
        negative_services=tuple(str(s) for s in per_service[per_service < 0].index))


def _shown(table: Table) -> float:
    return math.fsum(float(r["current"]) for r in table.rows)


def consistency_checks(ctx: Context, services: Table, tables: list[Table],
                       categories: Tree) -> tuple[Check, ...]:
    """Independent sums, currency and sanity checks (finops_lib.consistency)."""
    accounts = next((t for t in tables if t.key == "accounts"), None)
    with money_in(ctx.currency):
        return run_checks(figures(ctx, services, accounts, categories))


def costs_section(ctx: Context) -> Section:
    """Totals and counts, the breakdown tables, the category tree and charts, and the
    consistency checks across them."""
    services, tables = breakdown_tables(ctx)
    cur = ctx.in_period("current")
    categories = tree(ctx)
    return Section(
        "costs", "Costs",
        kpis=(*total_kpis(ctx), Kpi("services", "Services", int(cur["service"].nunique()), "count"),
              Kpi("categories", "Categories", int(with_category(cur)["category"].nunique()),
                  "count"),
              Kpi("accounts", "Accounts", int(cur["account_id"].nunique()), "count")),
        tables=tuple(tables), trees=(categories,),
        charts=(category_chart(ctx), top_chart(services, "service", "Services by share")),
        checks=consistency_checks(ctx, services, tables, categories))


def budgets_section(ctx: Context) -> Section:
    """The budgets the report's selection touches."""
    return Section("budgets", "Budgets", tables=tuple(scoped_budgets_table(ctx)))


def tiers_section(ctx: Context) -> Section:
    """Cost by tier (tier tags) and its checks."""
    tiers = tier_parts(ctx)
    return Section("tiers", "Tiers", tables=tiers.tables, charts=tiers.charts,
                   checks=tiers.checks, notices=tiers.notices)


# In report order: each kind (KPIs, tables, charts, notices…) folds in this order.
SECTIONS: tuple[SectionBuilder, ...] = (
    costs_section, budgets_section, tiers_section, architecture_section, activity_section)


def report(ctx: Context, sections: Sequence[Section]) -> Report:
    """The architect report: services table, category tree, consistency checks."""
    validated = validation(ctx)
    folded = assemble(ctx, sections, mode="architect", title="Architecture cost breakdown",
                      validated=validated)
    kpis = list(folded.kpis)
    headline = (f"{plural(int(kpis[2].value or 0), 'service')} in "
                f"{plural(int(kpis[3].value or 0), 'category', 'categories')} cost "
                f"{format_money(float(kpis[0].value or 0), ctx.currency)} "
                f"{ctx.plan.current.label}; " + worst(folded.checks, validated.passed))
    return replace(folded, headline=headline + _savings_line(kpis, ctx.currency))


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
