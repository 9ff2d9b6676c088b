"""Executive: where is our money going, and are we on target?"""

from __future__ import annotations

from ..allocation import coverage_kpis
from ..anomalies import DetectionParams, RequestLog
from ..budget_report import budget_chart, budget_kpi, budgets_table, headline_budget
from ..commitment_report import commitment_parts
from ..forecast import forecast_kpi, forecast_with_fallback
from ..formatting import format_money
from ..month_end import actual_kpi, is_closed, method_note
from ..report import Kpi, Report, Table, money
from .common import (
    Context,
    Extra,
    activity_parts,
    assemble,
    breakdown_tables,
    ce_client,
    ce_filter,
    last_complete_day,
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


def _forecast(ctx: Context) -> tuple[Kpi, tuple[str, ...], RequestLog]:
    """One month-end figure: a closed month's actual total, else the forecast with its 80 %
    interval (Cost Explorer's on ce, else the model's); its method note goes to the notices."""
    if is_closed(ctx.plan, last_complete_day(ctx.opts)):
        kpi = actual_kpi(ctx.daily_frame, ctx.plan, ctx.currency)
        return kpi, (method_note(kpi),), RequestLog()
    forecast, notes, log = forecast_with_fallback(
        ctx.daily_frame, last_day=last_complete_day(ctx.opts),
        params=DetectionParams.from_options(ctx.opts), ce_client=ce_client(ctx),
        metric=ctx.opts.cost_metric, forecast_filter=ce_filter(ctx))
    kpi = forecast_kpi(forecast, currency=ctx.currency, run_rate=_run_rate(ctx))
    return kpi, (*notes, method_note(kpi)), log


def build(ctx: Context) -> Report:
    """The executive report: KPIs, top services and accounts, categories, forecast."""
    services, tables = breakdown_tables(ctx)
    activity = activity_parts(ctx)
    forecast, forecast_notes, log = _forecast(ctx)
    kpis = total_kpis(ctx) + _daily_kpis(ctx) + [forecast] + _driver_kpis(services, ctx.currency)
    if ctx.allocation is not None:
        kpis += coverage_kpis(ctx.allocation, ctx.plan)
    budget = headline_budget(ctx.budgets)
    if budget is not None:
        kpis.append(budget_kpi(budget))
    if not ctx.budgets.empty:
        tables.append(budgets_table(ctx.budgets))
    commitments = commitment_parts(ctx.opts, ctx.source, ctx.query, ctx.plan.current)
    kpis += commitments.kpis
    tables += commitments.tables
    total = kpis[0]
    headline = (f"{format_money(float(total.value or 0), ctx.currency)} spent "
                f"{ctx.plan.current.label}, {'up' if (total.delta or 0) >= 0 else 'down'} "
                f"{format_money(abs(total.delta or 0), ctx.currency)}"
                + (f" ({total.delta_pct:+.1f}%)" if total.delta_pct is not None else "")
                + " against the comparison period.")
    return assemble(
        ctx, activity, mode="executive", title="Executive cost summary", headline=headline,
        kpis=kpis, tables=(*tables, movers_table(services)), trees=(tree(ctx),),
        charts=(daily_chart(ctx), compare_chart(ctx),
                top_chart(services, "service", "Top services"),
                *((budget_chart(budget),) if budget is not None else ())),
        extra=Extra(notices=forecast_notes, lines=commitments.lines, requests=log.count,
                    request_log=tuple(log.lines)))
