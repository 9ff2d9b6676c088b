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
from ..formatting import format_money
from ..month_end import actual_kpi, is_closed, kpi_of, method_note
from ..report import Chart, Column, Kpi, Report, Table, money
from .common import (
    LOOKBACK_DAYS,
    Context,
    Extra,
    activity_parts,
    assemble,
    ce_client,
    ce_filter,
    last_complete_day,
    services_table,
    total_kpis,
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


def _series_mask(ctx: Context, row: Mapping[str, Any]) -> pd.Series:
    mask = ctx.frame["service"] == row["service"]
    if "account_id" in row:
        mask &= ctx.frame["account_id"] == row["account_id"]
    return mask


def _series_label(row: Mapping[str, Any]) -> str:
    return f"{row['service']} ({row['account_name']})" if "account_name" in row else row["service"]


def _hourly_values(ctx: Context, row: Mapping[str, Any]) -> pd.Series:
    """The series' cost per hour over the hourly context, missing hours as zero."""
    hours = pd.date_range(pd.Timestamp(ctx.plan.context.start), pd.Timestamp(ctx.plan.context.end),
                          freq="h", inclusive="left")
    values = ctx.frame[_series_mask(ctx, row)].groupby("date")["amount"].sum()
    return values.reindex(hours, fill_value=0.0).astype(float)


def _unusual_hours(values: pd.Series, ctx: Context) -> pd.Series:
    """Hours of the current period whose cost differs from the same hour a day earlier by more
    than the spike threshold (and the cost threshold) — where a spike starts or stops."""
    before = values.shift(24)
    change = (values - before).abs()
    limit = (before.abs() * ctx.opts.spike_threshold / 100).clip(lower=ctx.opts.cost_threshold)
    current = values.index >= pd.Timestamp(ctx.plan.current.start)
    return pd.Series(current & before.notna().to_numpy() & (change > limit).to_numpy(),
                     index=values.index)


def _hourly_series_chart(ctx: Context, flagged: list[Mapping[str, Any]]) -> Chart:
    rows: list[dict[str, Any]] = []
    for r in flagged:
        values = _hourly_values(ctx, r)
        unusual = _unusual_hours(values, ctx)
        for hour, amount in values.items():
            stamp = pd.Timestamp(hour)
            rows.append({"hour": stamp.strftime("%Y-%m-%dT%H:00:00Z"), "series": _series_label(r),
                         "amount": money(amount), "status": r["status"],
                         "anomalous": bool(unusual[hour])})
    return Chart("flagged_series", "Hourly cost of flagged services (UTC)", "hourly_series",
                 tuple(rows))


def onset_lines(ctx: Context, table: Table) -> list[str]:
    """Hourly mode: for each flagged series, the first hour that broke from the day before."""
    lines = []
    for r in [r for r in table.rows if r["status"] != "NORMAL"][:CHART_SERIES]:
        unusual = _unusual_hours(_hourly_values(ctx, r), ctx)
        if unusual.any():
            first = pd.Timestamp(unusual[unusual].index[0])
            lines.append(f"{_series_label(r)} {r['status']}: first unusual hour "
                         f"{first:%Y-%m-%d %H}:00 UTC ({int(unusual.sum())} unusual hours vs "
                         "the same hours a day earlier)")
    return lines


def _series_chart(ctx: Context, table: Table) -> Chart:
    flagged = [r for r in table.rows if r["status"] != "NORMAL"][:CHART_SERIES]
    if ctx.hourly:
        return _hourly_series_chart(ctx, flagged)
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
        ctx.daily_frame, last_day=last_complete_day(ctx.opts),
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
                f"{since} {top.start.isoformat()}, impact "
                f"{format_money(top.impact_dollars, ctx.currency, signed=True)}. "
                f"{len(flagged)} significant change(s) {ctx.plan.current.label} vs "
                f"{ctx.plan.previous.label}.")
    return (f"No anomaly against the baseline in the last {LOOKBACK_DAYS} days; "
            f"{len(flagged)} significant change(s) {ctx.plan.current.label} vs "
            f"{ctx.plan.previous.label}.")


def _month_end(ctx: Context, found: AnomalyReport) -> Kpi:
    if is_closed(ctx.plan, last_complete_day(ctx.opts)):
        return actual_kpi(ctx.daily_frame, ctx.plan, ctx.currency)
    return forecast_kpi(found.forecast, currency=ctx.currency)


def _anomaly_kpis(ctx: Context, found: AnomalyReport) -> list[Kpi]:
    # Spikes and drops are reported apart: netting them would hide unexpected spend.
    spikes = sum(a.impact_dollars for a in found.anomalies if a.impact_dollars > 0)
    drops = sum(a.impact_dollars for a in found.anomalies if a.impact_dollars < 0)
    return [Kpi("anomalies", "Anomalies (30 days)", len(found.anomalies), "count"),
            Kpi("anomaly_impact", "Unexpected spend (spikes)", money(spikes), ctx.currency,
                help=f"actual − expected over the anomalous days of spikes; drops "
                     f"{money(drops):+,.2f}"),
            _month_end(ctx, found)]


def build(ctx: Context) -> Report:
    """The SRE report: anomalies ranked by impact with root causes and actions, the
    period-over-period change status, flagged series, services."""
    table = status_table(ctx)
    found = anomalies(ctx)
    activity = activity_parts(ctx)
    counts = {s: sum(1 for r in table.rows if r["status"] == s) for s in SEVERITY_ORDER}
    kpis = [*total_kpis(ctx), *_anomaly_kpis(ctx, found)] + [
        Kpi(f"count_{s.lower()}", s, counts[s], "count")
        for s in SEVERITY_ORDER if s != "NORMAL"]
    flagged = [r for r in table.rows if r["status"] in ("SPIKE", "DROP", "NEW", "GONE")]
    headline = _headline(ctx, found, flagged)
    onsets = onset_lines(ctx, table) if ctx.hourly else []
    aws = (found.aws_table,) if found.aws_table is not None else ()
    return assemble(
        ctx, activity, mode="sre", title="SRE cost change review", headline=headline,
        kpis=kpis, tables=(found.table, table, *aws, services_table(ctx)), trees=(),
        charts=(*found.charts, _series_chart(ctx, table)),
        extra=Extra(notices=(*found.notices, method_note(kpi_of(kpis, "month_end"))),
                    lines=tuple(onsets), requests=found.api_requests,
                    request_log=tuple(found.request_log)))
