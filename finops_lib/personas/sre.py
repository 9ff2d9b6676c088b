"""SRE: what changed, and where did the spike come from?"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..changes import ACTIONS, SEVERITY_ORDER, StatusRules, classify
from ..costs import change_pct, period_totals
from ..report import Chart, Column, Kpi, Report, Table, money
from .common import Context, activity_parts, extras, notices, services_table, total_kpis, validation

CHART_SERIES = 5


def rules(ctx: Context) -> StatusRules:
    """Status thresholds from the options."""
    return StatusRules(ctx.opts.spike_threshold, ctx.opts.watch_threshold,
                       ctx.opts.cost_threshold)


def status_table(ctx: Context) -> Table:
    """Per service (per account × service in multi-account scope) status, by severity."""
    keys = ["account_name", "account_id", "service"] if ctx.multi_account else ["service"]
    totals = period_totals(ctx.frame, ctx.plan, keys)
    rule = rules(ctx)
    rows: list[dict[str, Any]] = []
    for rec in totals.itertuples(index=False):
        current, previous = float(rec.current), float(rec.previous)
        status = classify(current, previous, rule)
        row = {k: getattr(rec, k) for k in keys}
        row.update(current=money(current), previous=money(previous),
                   change=money(current - previous), change_pct=change_pct(current, previous),
                   status=status, action=ACTIONS[status])
        rows.append(row)
    rows.sort(key=lambda r: (SEVERITY_ORDER.index(r["status"]), -abs(r["change"])))
    if ctx.opts.top_n:
        rows = rows[: ctx.opts.top_n]
    labels = ((Column("account_name", "Account"), Column("account_id", "Account id"))
              if ctx.multi_account else ())
    columns = (*labels, Column("service", "Service"), Column("current", "Current", "money"),
               Column("previous", "Previous", "money"), Column("change", "Change $", "money"),
               Column("change_pct", "Change %", "percent"), Column("status", "Status", "status"),
               Column("action", "Recommended action"))
    note = (f"SPIKE > +{rule.spike_percent:g}%, DROP < −{rule.spike_percent:g}%, WATCH "
            f"+{rule.watch_percent:g}…+{rule.spike_percent:g}%; changes under "
            f"${rule.cost_threshold_usd:,.0f} stay NORMAL")
    return Table("anomalies", "Change status", columns, tuple(rows), None, note)


def _series_chart(ctx: Context, table: Table) -> Chart:
    flagged = [r for r in table.rows if r["status"] != "NORMAL"][:CHART_SERIES]
    start = pd.Timestamp(ctx.plan.context.start)
    rows: list[dict[str, Any]] = []
    for r in flagged:
        mask = (ctx.frame["service"] == r["service"]) & (ctx.frame["date"] >= start)
        if "account_id" in r:
            mask &= ctx.frame["account_id"] == r["account_id"]
        label = f"{r['service']} ({r['account_name']})" if "account_name" in r else r["service"]
        daily = ctx.frame[mask].groupby("date")["amount"].sum()
        days = pd.date_range(start, pd.Timestamp(ctx.plan.current.end) - pd.Timedelta(days=1))
        for day, amount in daily.reindex(days, fill_value=0.0).items():
            d = pd.Timestamp(day).date()
            rows.append({"date": d.isoformat(), "series": label, "amount": money(amount),
                         "status": r["status"], "anomalous": ctx.plan.current.contains(d)})
    return Chart("flagged_series", "Daily cost of flagged services", "anomaly_series",
                 tuple(rows))


def build(ctx: Context) -> Report:
    """The SRE report: change status with actions, flagged series, services."""
    table = status_table(ctx)
    activity = activity_parts(ctx)
    counts = {s: sum(1 for r in table.rows if r["status"] == s) for s in SEVERITY_ORDER}
    kpis = [*total_kpis(ctx)] + [Kpi(f"count_{s.lower()}", s, counts[s], "count")
                                 for s in SEVERITY_ORDER if s != "NORMAL"]
    flagged = [r for r in table.rows if r["status"] in ("SPIKE", "DROP", "NEW", "GONE")]
    headline = (f"{len(flagged)} significant change(s) {ctx.plan.current.label} vs "
                f"{ctx.plan.previous.label}"
                + (f"; largest: {flagged[0]['service']} {flagged[0]['status']} "
                   f"${flagged[0]['change']:+,.2f}" if flagged else "; nothing above thresholds")
                + ".")
    return Report(
        mode="sre", title="SRE cost change review", headline=headline, options=ctx.opts,
        periods=ctx.plan, scope=ctx.scope, source=ctx.source.describe(),
        is_demo=ctx.source.is_demo, generated_at=ctx.generated_at, kpis=tuple(kpis),
        tables=(table, services_table(ctx), *activity.tables), trees=activity.trees,
        charts=(_series_chart(ctx, table),), validation=validation(ctx),
        notices=(*notices(ctx), *activity.notices), summary_lines=activity.lines,
        api_requests=ctx.source.api_requests, frame=ctx.frame,
        extra=extras(ctx, activity),
    )
