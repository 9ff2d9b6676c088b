"""SRE: what changed, and where did the spike come from?"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..anomalies import DetectionParams
from ..anomaly_sources import AnomalyReport, anomaly_report
from ..changes import ACTIONS, SEVERITY_ORDER, StatusRules, classify
from ..costs import change_pct, period_totals
from ..forecast import forecast_kpi
from ..report import Chart, Column, Kpi, Report, Table, money
from .common import (
    LOOKBACK_DAYS,
    Context,
    activity_parts,
    ce_client,
    ce_filter,
    extras,
    last_complete_day,
    notices,
    services_table,
    total_kpis,
    validation,
)

CHART_SERIES = 5
MAX_DRILL_DOWNS = 3  # each costs one or two Cost Explorer requests


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


def anomalies(ctx: Context) -> AnomalyReport:
    """Baseline anomaly detection over the last LOOKBACK_DAYS days, explained and forecast."""
    return anomaly_report(
        ctx.frame, last_day=last_complete_day(ctx.opts),
        params=DetectionParams.from_options(ctx.opts), lookback_days=LOOKBACK_DAYS,
        ce_client=ce_client(ctx), metric=ctx.opts.cost_metric,
        accounts=[a.id for a in ctx.scope.accounts],
        account_names={a.id: a.name for a in ctx.scope.accounts},
        forecast_filter=ce_filter(ctx), max_drill_downs=MAX_DRILL_DOWNS)


def _headline(ctx: Context, found: AnomalyReport, flagged: list[Mapping[str, Any]]) -> str:
    if found.anomalies:
        top = found.anomalies[0]
        since = "ongoing since" if top.ongoing else "from"
        return (f"{len(found.anomalies)} anomal{'y' if len(found.anomalies) == 1 else 'ies'} "
                f"in the last {LOOKBACK_DAYS} days; largest: {top.label} {top.direction} "
                f"{since} {top.start.isoformat()}, impact ${top.impact_dollars:+,.2f}. "
                f"{len(flagged)} significant change(s) {ctx.plan.current.label} vs "
                f"{ctx.plan.previous.label}.")
    return (f"No anomaly against the baseline in the last {LOOKBACK_DAYS} days; "
            f"{len(flagged)} significant change(s) {ctx.plan.current.label} vs "
            f"{ctx.plan.previous.label}.")


def _anomaly_kpis(found: AnomalyReport) -> list[Kpi]:
    impact = sum(a.impact_dollars for a in found.anomalies)
    return [Kpi("anomalies", "Anomalies (30 days)", len(found.anomalies), "count"),
            Kpi("anomaly_impact", "Anomaly impact", money(impact), "USD",
                help="actual − expected, summed over the anomalous days"),
            forecast_kpi(found.forecast)]


def build(ctx: Context) -> Report:
    """The SRE report: anomalies ranked by impact with root causes and actions, the
    period-over-period change status, flagged series, services."""
    table = status_table(ctx)
    found = anomalies(ctx)
    activity = activity_parts(ctx)
    counts = {s: sum(1 for r in table.rows if r["status"] == s) for s in SEVERITY_ORDER}
    kpis = [*total_kpis(ctx), *_anomaly_kpis(found)] + [
        Kpi(f"count_{s.lower()}", s, counts[s], "count")
        for s in SEVERITY_ORDER if s != "NORMAL"]
    flagged = [r for r in table.rows if r["status"] in ("SPIKE", "DROP", "NEW", "GONE")]
    headline = _headline(ctx, found, flagged)
    aws = (found.aws_table,) if found.aws_table is not None else ()
    return Report(
        mode="sre", title="SRE cost change review", headline=headline, options=ctx.opts,
        periods=ctx.plan, scope=ctx.scope, source=ctx.source.describe(),
        is_demo=ctx.source.is_demo, generated_at=ctx.generated_at, kpis=tuple(kpis),
        tables=(found.table, table, *aws, services_table(ctx), *activity.tables),
        trees=activity.trees, charts=(*found.charts, _series_chart(ctx, table)),
        validation=validation(ctx), notices=(*notices(ctx), *found.notices, *activity.notices),
        summary_lines=activity.lines, api_requests=ctx.source.api_requests + found.api_requests,
        frame=ctx.frame, extra=extras(ctx, activity, found.request_log),
    )
