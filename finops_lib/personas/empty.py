"""The report for a selection with no cost at all: it says so instead of failing."""

from __future__ import annotations

from ..report import Column, Kpi, Report, Table
from .common import SERVICE_COLUMNS, Context

__all__ = ["NO_COST", "NO_MATCH", "build"]

NO_MATCH = "No cost matched the filters"
NO_COST = "No cost recorded for this scope and period"
_TITLES = {"executive": "Executive cost summary", "architect": "Architecture cost breakdown",
           "sre": "SRE cost change review"}


def _filtered(ctx: Context) -> bool:
    opts = ctx.opts
    return bool(opts.services or opts.accounts or opts.filter or opts.cost_threshold)


def build(ctx: Context) -> Report:
    """A complete, empty report: zero totals, no tables, and the reason as its headline."""
    headline = NO_MATCH if _filtered(ctx) else NO_COST
    period = ctx.plan.current.label
    kpis = (Kpi("total", f"Total cost ({period})", 0.0, delta=0.0),)
    # the services table with no rows, so a CSV consumer still finds the file and its header
    services = Table("services", "Cost by service",
                     (*SERVICE_COLUMNS, Column("current", "Current", "money"),
                      Column("previous", "Previous", "money")), (), note=headline)
    fix = ("Loosen --filter, --services, --accounts or --cost-threshold." if _filtered(ctx)
           else "Check the scope, the source and the as-of day.")
    return Report(
        mode=ctx.opts.mode, title=_TITLES.get(ctx.opts.mode, ctx.opts.mode), headline=headline,
        options=ctx.opts, periods=ctx.plan, scope=ctx.scope, source=ctx.source.describe(),
        is_demo=ctx.source.is_demo, generated_at=ctx.generated_at, kpis=kpis, tables=(services,),
        notices=(*ctx.source.notices, f"{headline}: {fix}"),
        api_requests=ctx.requests.count, frame=ctx.frame, calls=ctx.requests.calls,
    )
