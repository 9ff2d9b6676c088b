"""Executive: where is our money going, and are we on target?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..allocation import coverage_kpis
from ..anomalies import DetectionParams
from ..budget_report import budget_chart, budget_kpi, budgets_table, headline_budget
from ..commitment_report import commitment_parts
from ..forecast import forecast_kpi, forecast_with_fallback
from ..formatting import format_money
from ..month_end import actual_kpi, is_closed, method_note
from ..report import Kpi, Report, Section, Table, money
from .assemble import SectionBuilder, assemble
from .common import (
    Context,
    activity_section,
    breakdown_tables,
    ce_client,
    ce_filter,
    last_complete_day,
    shared_services,
    total_kpis,
    tree,
)
from .cost_charts import compare_chart, daily_chart, top_chart

MONTH_TIMEFRAMES = ("monthly", "month")


def _daily_kpis(ctx: Context) -> list[Kpi]:
    # Averages divide by the days the data covers, so a partly covered comparison is fair.
    cur_days, prev_days = ctx.covered_days("current"), ctx.covered_days("previous")
    cur_avg = ctx.total("current") / cur_days if cur_days else 0.0
    prev_avg = ctx.total("previous") / prev_days if prev_days else 0.0
    pct = round((cur_avg - prev_avg) / prev_avg * 100, 2) if abs(prev_avg) >= 0.005 else None
    kpis = [
        Kpi("daily_average", "Daily average", money(cur_avg), ctx.currency, money(cur_avg - prev_avg),
            pct, f"total ÷ {cur_days} days covered"),
        Kpi("daily_average_previous", "Daily average (comparison)", money(prev_avg), ctx.currency,
            help=f"total ÷ {prev_days} days covered"),
    ]
    if ctx.plan.previous_full is not None:
        full = ctx.frame[(ctx.frame["date"] >= str(ctx.plan.previous_full.start))
                         & (ctx.frame["date"] < str(ctx.plan.previous_full.end))]
        kpis.append(Kpi("previous_full", f"Full previous period ({ctx.plan.previous_full.label})",
                        money(full["amount"].sum()), ctx.currency))
    if ctx.plan.projection_days > cur_days and ctx.plan.timeframe not in MONTH_TIMEFRAMES:
        # A month's end has one figure (the forecast, which quotes the run rate); a quarter's
        # end is a different figure and keeps its run-rate projection.
        projected = ctx.total("current") + cur_avg * (ctx.plan.projection_days - cur_days)
        kpis.append(Kpi("projection", "Projected period end (run rate)", money(projected),
                        ctx.currency, help=f"run rate over {ctx.plan.projection_days} days"))
    return kpis


def _run_rate(ctx: Context) -> float | None:
    cur_days = ctx.plan.current.days
    if ctx.plan.timeframe not in MONTH_TIMEFRAMES or not cur_days \
            or ctx.plan.projection_days <= cur_days:
        return None
    return money(ctx.total("current") / cur_days * ctx.plan.projection_days)


def _driver_kpis(services: Table, currency: str) -> list[Kpi]:
    rows = [r for r in services.rows if not str(r["service"]).startswith("Others (")]
    if not rows:
        return []
    top = max(rows, key=lambda r: r["current"])
    mover = max(rows, key=lambda r: abs(r["change"]))
    return [
        Kpi("top_driver", "Top cost driver",
            f"{top['service']}: {format_money(top['current'], currency)} "
            f"({top['share']:.1f}% of total)", "text"),
        Kpi("biggest_mover", "Biggest mover", str(mover["service"]), "text", mover["change"],
            mover["change_pct"], "change against the comparison period"),
    ]


MOVERS_LISTED = 5


def movers_table(services: Table) -> Table:
    """The services whose cost changed most against the comparison period, either way."""
    rows = [r for r in services.rows if not str(r["service"]).startswith("Others (")
            and r.get("change") is not None]
    top = sorted(rows, key=lambda r: (-abs(float(r["change"])), str(r["service"])))[:MOVERS_LISTED]
    return Table("movers", "Top movers", services.columns, tuple(top),
                 note="the services whose cost changed most against the comparison period")


def forecast_section(ctx: Context) -> Section:
    """One month-end figure: a closed month's actual total, else the forecast with its 80 %
    interval (Cost Explorer's on ce, else the model's); its method note goes to the notices."""
    if is_closed(ctx.plan, last_complete_day(ctx.opts)):
        kpi = actual_kpi(ctx.daily_frame, ctx.plan, ctx.currency)
        return Section("forecast", "Month end", kpis=(kpi,), notices=(method_note(kpi),))
    forecast, notes, _ = forecast_with_fallback(
        ctx.daily_frame, last_day=last_complete_day(ctx.opts),
        params=DetectionParams.from_options(ctx.opts), ce_client=ce_client(ctx),
        metric=ctx.opts.cost_metric, forecast_filter=ce_filter(ctx), log=ctx.requests)
    kpi = forecast_kpi(forecast, currency=ctx.currency, run_rate=_run_rate(ctx))
    return Section("forecast", "Month end", kpis=(kpi,), notices=(*notes, method_note(kpi)))


def costs_section(ctx: Context) -> Section:
    """Totals and daily averages, the category, services (accounts, owners) tables, the
    category tree and the cost charts."""
    services, tables = breakdown_tables(ctx)
    return Section("costs", "Costs", kpis=(*total_kpis(ctx), *_daily_kpis(ctx)),
                   tables=tuple(tables), trees=(tree(ctx),),
                   charts=(daily_chart(ctx), compare_chart(ctx),
                           top_chart(services, "service", "Top services")))


def drivers_section(ctx: Context) -> Section:
    """The top cost driver and the biggest mover."""
    return Section("drivers", "Drivers", kpis=tuple(_driver_kpis(shared_services(ctx),
                                                                  ctx.currency)))


def allocation_section(ctx: Context) -> Section:
    """How much of the cost --group-by attributes to an owner."""
    if ctx.allocation is None:
        return Section("allocation")
    return Section("allocation", "Allocation", kpis=tuple(coverage_kpis(ctx.allocation,
                                                                         ctx.plan)))


def budgets_section(ctx: Context) -> Section:
    """The headline budget's KPI and chart, and every budget's table."""
    budget = headline_budget(ctx.budgets)
    return Section("budgets", "Budgets",
                   kpis=(budget_kpi(budget),) if budget is not None else (),
                   tables=() if ctx.budgets.empty else (budgets_table(ctx.budgets),),
                   charts=(budget_chart(budget),) if budget is not None else ())


def commitments_section(ctx: Context) -> Section:
    """Savings Plans and reservations: coverage, utilization, their table and lines."""
    found = commitment_parts(ctx.opts, ctx.source, ctx.query, ctx.plan.current)
    return Section("commitments", "Commitments", kpis=found.kpis, tables=found.tables,
                   summary_lines=found.lines)


def movers_section(ctx: Context) -> Section:
    """The services whose cost moved most."""
    return Section("movers", "Top movers", tables=(movers_table(shared_services(ctx)),))


# In report order: each kind (KPIs, tables, charts, notices…) folds in this order.
SECTIONS: tuple[SectionBuilder, ...] = (
    costs_section, forecast_section, drivers_section, allocation_section, budgets_section,
    commitments_section, movers_section, activity_section)


def report(ctx: Context, sections: Sequence[Section]) -> Report:
    """The executive report: KPIs, top services and accounts, categories, forecast."""
    folded = assemble(ctx, sections, mode="executive", title="Executive cost summary")
    total = folded.kpis[0]
    headline = (f"{format_money(float(total.value or 0), ctx.currency)} spent "
                f"{ctx.plan.current.label}, {'up' if (total.delta or 0) >= 0 else 'down'} "
                f"{format_money(abs(total.delta or 0), ctx.currency)}"
                + (f" ({total.delta_pct:+.1f}%)" if total.delta_pct is not None else "")
                + " against the comparison period.")
    return replace(folded, headline=headline)
