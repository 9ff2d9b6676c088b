"""SRE: what changed, and where did the spike come from?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from ..anomalies import AnomalyReport, AnomalyRequest, DetectionParams, anomaly_report
from ..changes import ACTIONS, SEVERITY_ORDER, StatusRules, change_percent, classify
from ..costs import change_pct, period_totals, with_category
from ..forecast import forecast_kpi
from ..formatting import fmt_money, format_money
from ..month_end import actual_kpi, is_closed, kpi_of, method_note
from ..report import Chart, Column, Kpi, Report, Section, Table, Tree, TreeNode, money
from ..request_log import Call
from ..scope_view import plural
from ..triage.records import RECORDS_KEY, anomaly_records, with_ids
from .assemble import SectionBuilder, assemble
from .common import (
    LOOKBACK_DAYS,
    Context,
    activity_section,
    ce_client,
    ce_filter,
    last_complete_day,
    scoped_budgets_table,
    services_table,
    summary_table,
    total_kpis,
    tree,
)

CHART_SERIES = 5
MAX_DRILL_DOWNS = 3  # each costs one or two Cost Explorer requests
MAX_EVIDENCE = 3  # anomalies whose changes are looked up (CloudTrail allows 2 requests/s)


def rules(ctx: Context) -> StatusRules:
    """Status thresholds from the options."""
    return StatusRules(ctx.opts.spike_threshold, ctx.opts.watch_threshold,
                       ctx.opts.status_min_change)


_SORT_KEYS = {"current": lambda r: -r["current"], "previous": lambda r: -r["previous"],
              "change": lambda r: -abs(r["change"])}


def status_rows(ctx: Context) -> tuple[list[dict[str, Any]], int]:
    """Every row with its status, ordered by severity then --sort-by, and how many rows
    --cost-threshold hid (cost under it in both periods)."""
    keys = ["account_name", "account_id", "service"] if ctx.multi_account else ["service"]
    totals = with_category(period_totals(ctx.frame, ctx.plan, keys))
    rule = rules(ctx)
    rows: list[dict[str, Any]] = []
    hidden = 0
    for rec in totals.itertuples(index=False):
        current, previous = float(rec.current), float(rec.previous)
        if max(abs(current), abs(previous)) < ctx.opts.cost_threshold:
            hidden += 1
            continue
        status = classify(current, previous, rule)
        row = {k: getattr(rec, k) for k in keys}
        row.update(category=rec.category, current=money(current), previous=money(previous),
                   change=money(current - previous),
                   change_pct=change_percent(current, previous),
                   status=status, action=ACTIONS[status])
        rows.append(row)
    by = _SORT_KEYS[str(ctx.opts.sort_by)]
    rows.sort(key=lambda r: (SEVERITY_ORDER.index(r["status"]), by(r)))
    return rows, hidden


def status_table(ctx: Context) -> Table:
    """Per service (per account × service in multi-account scope) status, by severity then
    --sort-by; rows under --cost-threshold are hidden and counted."""
    rows, hidden = status_rows(ctx)
    shown = len(rows)
    if ctx.opts.top_n:
        rows = rows[: ctx.opts.top_n]
    rule = rules(ctx)
    labels = ((Column("account_name", "Account"), Column("account_id", "Account id"))
              if ctx.multi_account else ())
    columns = (*labels, Column("service", "Service"), Column("current", "Current", "money"),
               Column("previous", "Previous", "money"), Column("change", "Change $", "money"),
               Column("change_pct", "Change %", "percent"), Column("status", "Status", "status"),
               Column("action", "Recommended action"))
    notes = [f"SPIKE > +{rule.spike_percent:g}%, DROP < −{rule.spike_percent:g}%, WATCH "
             f"+{rule.watch_percent:g}…+{rule.spike_percent:g}%",
             f"by severity, then sorted by {ctx.opts.sort_by}"]
    if rule.cost_threshold_usd:
        notes.append(f"changes under {format_money(rule.cost_threshold_usd, ctx.currency)} "
                     "stay NORMAL")
    if hidden:
        notes.append(f"{plural(hidden, 'row')} under "
                     f"{format_money(ctx.opts.cost_threshold, ctx.currency)} in both periods "
                     "hidden")
    if len(rows) < shown:
        notes.append(f"top {len(rows)} of {shown}")
    table_rows = tuple({k: v for k, v in r.items() if k != "category"} for r in rows)
    return Table("change_status", "Change status", columns, table_rows, None, "; ".join(notes))


def changes_tree(ctx: Context) -> Tree:
    """Category → service (→ account) tree of the changes, each node with its status."""
    rows, _ = status_rows(ctx)
    return Tree("changes", "Changes by category", _change_node("Total", rows, [
        "category", "service", *(["account_name"] if ctx.multi_account else [])]))


def _change_node(label: str, rows: list[dict[str, Any]], keys: list[str]) -> TreeNode:
    cur = money(sum(r["current"] for r in rows))
    prev = money(sum(r["previous"] for r in rows))
    worst = min((r["status"] for r in rows), key=SEVERITY_ORDER.index, default="NORMAL")
    pct = change_pct(cur, prev)
    detail = f"{worst}" + (f" {pct:+.1f}%" if pct is not None else "")
    if not keys:
        return TreeNode(label, cur, prev, None, detail)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r[keys[0]]), []).append(r)
    children = sorted((_change_node(k, v, keys[1:]) for k, v in groups.items()),
                      key=lambda n: -abs(n.value - (n.previous or 0.0)))
    return TreeNode(label, cur, prev, len(children), detail, tuple(children))


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
    """Baseline anomaly detection over the last LOOKBACK_DAYS days, explained and forecast
    (run once per report; its Cost Explorer requests join the run's log)."""
    return ctx.once("anomalies", lambda: _detect(ctx))


def _detect(ctx: Context) -> AnomalyReport:
    request = AnomalyRequest(
        last_day=last_complete_day(ctx.opts), params=DetectionParams.from_options(ctx.opts),
        lookback_days=LOOKBACK_DAYS, metric=ctx.opts.cost_metric,
        accounts=tuple(a.id for a in ctx.scope.accounts),
        account_names={a.id: a.name for a in ctx.scope.accounts},
        forecast_filter=ce_filter(ctx), max_drill_downs=MAX_DRILL_DOWNS)
    found = anomaly_report(ctx.daily_frame, request, ce_client(ctx))
    # each line is one billed request ("ce:Operation #n detail"), numbered in its own log
    ctx.requests.extend(Call.billed_line(line) for line in found.request_log)
    return found


def status(ctx: Context) -> Table:
    """The change-status table, built once per report."""
    return ctx.once("change_status", lambda: status_table(ctx))


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
                     f"{fmt_money(money(drops), signed=True, currency=ctx.currency)}"),
            _month_end(ctx, found)]


def totals_section(ctx: Context) -> Section:
    """The period's total and its change, and the category tree."""
    return Section("totals", "Totals", kpis=tuple(total_kpis(ctx)), trees=(tree(ctx),))


def anomalies_section(ctx: Context) -> Section:
    """Anomalies ranked by impact with root causes and actions, their charts, the month end;
    stable ids and runbook links per anomaly (triage state is added after the build)."""
    found = anomalies(ctx)
    kpis = _anomaly_kpis(ctx, found)
    records = anomaly_records(found.anomalies)
    return Section("anomalies", "Anomalies", kpis=tuple(kpis),
                   tables=(with_ids(found.table, records),), charts=found.charts,
                   notices=(*found.notices, method_note(kpi_of(kpis, "month_end"))),
                   data={RECORDS_KEY: records})


def changes_section(ctx: Context) -> Section:
    """The period-over-period change status: counts, table, tree, flagged series, onsets."""
    table = status(ctx)
    counts = {s: sum(1 for r in table.rows if r["status"] == s) for s in SEVERITY_ORDER}
    return Section("changes", "Changes",
                   kpis=tuple(Kpi(f"count_{s.lower()}", s, counts[s], "count")
                              for s in SEVERITY_ORDER if s != "NORMAL"),
                   tables=(table,), trees=(changes_tree(ctx),),
                   charts=(_series_chart(ctx, table),),
                   summary_lines=tuple(onset_lines(ctx, table) if ctx.hourly else ()))


def aws_anomalies_section(ctx: Context) -> Section:
    """What AWS Cost Anomaly Detection found (source ce)."""
    aws = anomalies(ctx).aws_table
    return Section("aws_anomalies", "AWS anomalies", tables=(aws,) if aws is not None else ())


def breakdown_section(ctx: Context) -> Section:
    """Services, the budgets the selection touches, and categories."""
    return Section("breakdown", "Breakdown", tables=(
        services_table(ctx), *scoped_budgets_table(ctx), summary_table(ctx)))


# In report order: each kind (KPIs, tables, charts, notices…) folds in this order.
SECTIONS: tuple[SectionBuilder, ...] = (
    totals_section, anomalies_section, changes_section, aws_anomalies_section,
    breakdown_section, activity_section)


def report(ctx: Context, sections: Sequence[Section]) -> Report:
    """The SRE report: anomalies ranked by impact with root causes and actions, the
    period-over-period change status, flagged series, services."""
    folded = assemble(ctx, sections, mode="sre", title="SRE cost change review")
    flagged = [r for r in status(ctx).rows if r["status"] in ("SPIKE", "DROP", "NEW", "GONE")]
    return _with_evidence(ctx, replace(folded, headline=_headline(ctx, anomalies(ctx), flagged)))


def _with_evidence(ctx: Context, report: Report) -> Report:
    """On AWS (source ce): CloudTrail changes, alarms and Health events beside the anomalies."""
    if not ctx.source.has_client("ce") or not report.extra.get(RECORDS_KEY):
        return report
    from ..anomalies.evidence import attach
    from ..sources import aws

    session = getattr(ctx.source, "session", None) or aws.make_session(ctx.opts.profile)
    clients: dict[tuple[str, str], Any] = {}

    def client_for(service: str, region: str) -> Any:
        if (service, region) not in clients:
            clients[service, region] = aws.client(session, service, region)
        return clients[service, region]

    return attach(report, client_for, session.region_name or aws.DEFAULT_REGION,
                  organization=bool(ctx.opts.all_profile), limit=MAX_EVIDENCE)
