"""What every persona shares: the fetched context, standard tables, tree, charts and notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from ..allocation import Allocation, allocate, showback_table
from ..anomalies import DetectionParams, history_start
from ..budget_report import BudgetParts, budget_parts, budgets_table, owner_statuses, touches
from ..costs import (
    category_tree,
    period_totals,
    ranked_table,
    sparklines,
    with_category,
)
from ..coverage import Span, clamp_start, data_span, partial_notes
from ..currency import keep_currencies, report_currency
from ..options import Options, effective_profile
from ..periods import PeriodPlan, plan_periods
from ..report import Column, Kpi, Section, Table, Tree, money
from ..request_log import Call, RequestLog
from ..scope_view import effective_scope
from ..selection import Selection, selection_from_options
from ..sources import CostQuery, CostSource, Scope, open_source
from ..validation import validate

if TYPE_CHECKING:  # activity is imported when a report asks for it
    from ..activity.plan import ScanPlan

__all__ = ["Context", "activity_result_section", "build_context", "defer_activity",
           "pending_scan"]

T = TypeVar("T")

SERVICE_COLUMNS = (Column("service", "Service"), Column("category", "Category"))
ACCOUNT_COLUMNS = (Column("account_name", "Account"), Column("account_id", "Account id"),
                   Column("ou", "OU"))


@dataclass(frozen=True)
class Context:
    """Everything fetched once for one report."""

    opts: Options
    plan: PeriodPlan
    source: CostSource
    scope: Scope
    selection: Selection
    query: CostQuery
    frame: pd.DataFrame
    generated_at: datetime
    history: pd.DataFrame | None = None  # daily rows for the baseline when `frame` is hourly
    allocation: Allocation | None = None  # cost per owner when --group-by is not service
    currency: str = "USD"  # the one billing currency of every amount (see finops_lib.currency)
    budgets: BudgetParts = field(default_factory=BudgetParts)  # file and AWS Budgets, evaluated
    requests: RequestLog = field(default_factory=RequestLog, compare=False)  # the run's one log
    # parts several sections use (activity, anomalies…), built once per report
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """`make()` the first time `key` is asked for in this report, the same value after."""
        if key not in self.shared:
            self.shared[key] = make()
        found: T = self.shared[key]
        return found

    @property
    def span(self) -> Span | None:
        """The days the data covers (finops_lib.coverage), judged the same on every source."""
        return data_span(self.source, self.daily_frame)

    def covered_days(self, which: str) -> int:
        """Days of the current or previous period the data covers."""
        period = getattr(self.plan, which)
        span = self.span
        return period.days if span is None else span.days_in(period)

    def partial(self, which: str) -> str:
        """'comparison covers 28 of 56 days (…)' when the period is only partly covered."""
        return partial_notes(self.span, self.plan.current, self.plan.previous).get(which, "")

    @property
    def hourly(self) -> bool:
        """True when `frame` has one row per hour (--timeframe hourly)."""
        return self.query.hourly

    @property
    def daily_frame(self) -> pd.DataFrame:
        """Daily rows reaching back as far as was fetched (anomaly baseline, forecast)."""
        return self.frame if self.history is None else self.history

    @property
    def multi_account(self) -> bool:
        """True when per-account tables are shown."""
        return self.scope.multi_account and self.frame["account_id"].nunique() > 1

    def in_period(self, which: str) -> pd.DataFrame:
        """Rows of the current or previous period."""
        period = getattr(self.plan, which)
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        return self.frame[(self.frame["date"] >= start) & (self.frame["date"] < end)]

    def total(self, which: str) -> float:
        """Unrounded total of a period."""
        return float(self.in_period(which)["amount"].sum())


# Personas whose report needs the anomaly baseline's history (detection, forecast).
HISTORY_MODES = ("executive", "sre")
LOOKBACK_DAYS = 30


def last_complete_day(opts: Options) -> date:
    """The last day with complete data: the day before as-of."""
    day: date = opts.as_of - timedelta(days=1)
    return day


def build_context(opts: Options, source: CostSource | None = None) -> Context:
    """Resolve periods and scope, then make the one cost request the report needs (its window
    reaches back far enough for the anomaly baseline where the persona uses one)."""
    plan = plan_periods(opts.timeframe, opts.as_of, opts.month)
    source = source or open_source(opts)
    # One request log for the run, handed to the source (calls it made before are kept).
    requests = RequestLog(source.requests.calls)
    source.requests = requests
    scope = source.scope()
    selection = selection_from_options(opts, scope)
    fetch = plan.fetch
    start = fetch.start
    if opts.mode in HISTORY_MODES:
        start = min(start, history_start(last_complete_day(opts),
                                          DetectionParams.from_options(opts), LOOKBACK_DAYS))
    start = clamp_start(source, start, fetch.end)
    daily = CostQuery(start, fetch.end, opts.cost_metric, selection.services,
                      selection.accounts, selection.regions, tags=selection.tags,
                      cost_categories=selection.cost_categories,
                      currencies=selection.currencies)
    if plan.granularity == "HOURLY":
        # Hourly data covers only the plan's few days; the baseline still needs daily history.
        query = replace(daily, start=fetch.start, granularity="HOURLY")
        frame = keep_currencies(source.costs(query), selection.currencies)
        history = source.costs(daily) if opts.mode in HISTORY_MODES else None
        if history is not None:
            history = keep_currencies(history, selection.currencies)
        shown = effective_scope(scope, selection.accounts,
                                frame if history is None else history)
        return Context(opts, plan, source, shown, selection, query, frame,
                       datetime.now(UTC).replace(microsecond=0), history,
                       _allocation(opts, history if history is not None else frame, source,
                                   replace(daily, start=fetch.start), scope),
                       currency=_currency(frame, history, selection),
                       budgets=budget_parts(opts, source, scope,
                                            _currency(frame, history, selection),
                                            last_complete_day(opts)),
                       requests=requests)
    frame = keep_currencies(source.costs(daily), selection.currencies)
    shown = effective_scope(scope, selection.accounts, frame)
    currency = _currency(frame, None, selection)
    return Context(opts, plan, source, shown, selection, daily, frame,
                   datetime.now(UTC).replace(microsecond=0),
                   allocation=_allocation(opts, frame, source, replace(daily, start=fetch.start),
                                          scope),
                   currency=currency,
                   budgets=budget_parts(opts, source, scope, currency, last_complete_day(opts)),
                   requests=requests)


def _currency(frame: pd.DataFrame, history: pd.DataFrame | None, selection: Selection) -> str:
    both = frame if history is None else pd.concat([frame, history])
    return report_currency(both, selection.currencies)


def _allocation(opts: Options, frame: pd.DataFrame, source: CostSource, query: CostQuery,
                scope: Scope) -> Allocation | None:
    """Cost per `--group-by` owner (None for the default, service: the services table)."""
    group_by = str(getattr(opts, "group_by", "service") or "service")
    if group_by == "service":
        return None
    return allocate(group_by, frame, source, query, scope)


def services_table(ctx: Context) -> Table:
    """Service, category, current, previous, change, share, trend; top-N + Others."""
    totals = period_totals(with_category(ctx.frame), ctx.plan, ["service", "category"])
    return ranked_table(totals, key="services", title="Cost by service",
                        label_columns=SERVICE_COLUMNS, opts=ctx.opts, sel=ctx.selection,
                        spark=sparklines(by_day(ctx.daily_frame), ctx.plan, "service"),
                        item_name="services")


def accounts_table(ctx: Context) -> Table:
    """Per-account figures with names and OUs (multi-account scope)."""
    totals = period_totals(ctx.frame, ctx.plan, ["account_name", "account_id"])
    ous = {a.id: a.ou for a in ctx.scope.accounts}
    totals["ou"] = totals["account_id"].map(ous).fillna("")
    return ranked_table(totals, key="accounts", title="Cost by account",
                        label_columns=ACCOUNT_COLUMNS, opts=ctx.opts, sel=ctx.selection,
                        spark=sparklines(by_day(ctx.daily_frame), ctx.plan, "account_name"),
                        item_name="accounts")


def summary_table(ctx: Context) -> Table:
    """Cost by category (never truncated: there are at most eleven)."""
    totals = period_totals(with_category(ctx.frame), ctx.plan, ["category"])
    opts = ctx.opts.replace(top_n=0, cost_threshold=0.0, filter=(), sort_by="current")
    return ranked_table(totals, key="summary", title="Cost by category",
                        label_columns=(Column("category", "Category"),), opts=opts,
                        sel=Selection(), item_name="categories")


def tree(ctx: Context) -> Tree:
    """Category → service (→ account) tree."""
    return Tree("categories", "Cost by category", category_tree(ctx.frame, ctx.plan,
                                                                ctx.multi_account))


def total_kpis(ctx: Context) -> list[Kpi]:
    """Total for the period and its change against the comparison period."""
    cur, prev = ctx.total("current"), ctx.total("previous")
    pct = round((cur - prev) / abs(prev) * 100, 2) if abs(prev) >= 0.005 else None
    partial = ctx.partial("previous")
    mark = f"; change against a partly covered comparison: {partial}" if partial else ""
    return [
        Kpi("total", f"Total ({ctx.plan.current.label})", money(cur), ctx.currency,
            money(cur - prev),
            pct, f"{ctx.plan.current.days} days, {ctx.opts.cost_metric} cost{mark}"),
        Kpi("previous", f"Comparison ({ctx.plan.previous.label})", money(prev), ctx.currency,
            help=partial or f"{ctx.plan.previous.days} days"),
    ]


def by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `date` at midnight (hourly rows fold into their day; daily ones stay)."""
    return frame.assign(date=frame["date"].dt.normalize())


def notices(ctx: Context) -> list[str]:
    """Source notices, estimated days and scope remarks."""
    out = [*ctx.source.notices, *ctx.budgets.notices]
    for which in ("current", "previous"):
        if ctx.partial(which):
            out.append(f"Coverage: {ctx.partial(which)}; changes against it are marked "
                       "partial.")
    estimated = ctx.in_period("current")
    days = estimated.loc[estimated["estimated"], "date"].dt.date.nunique()
    if days:
        out.append(f"{days} of {ctx.plan.current.days} days in the current period are "
                   "estimated by AWS and may still change.")
    if ctx.frame.empty:
        out.append("No cost data for this selection.")
    return out


def validation(ctx: Context) -> Any:
    """The validation result for the requested level."""
    return validate(ctx.opts.validation_level, ctx.frame, ctx.plan, ctx.query, ctx.source)


NO_ACTIVITY = ("Activity analysis: no activity data is available in this version "
               "(the resource inventory is not collected yet).")


NO_CREDENTIALS_FOR_ACTIVITY = (
    "Activity analysis reads AWS APIs (EC2, RDS, S3, CloudWatch): pass --profile or "
    "--all-profile to analyse the accounts of this export; skipped.")


def activity_section(ctx: Context) -> Section:
    """Activity analysis when asked (run once per report); say plainly when it is not
    available."""
    return ctx.once("activity", lambda: _activity(ctx))


def _scans_aws(ctx: Context) -> bool:
    """True when the analysis reads the accounts' resources (a real source with credentials)."""
    return (ctx.opts.activity_analysis and ctx.source.real
            and bool(ctx.source.resource_credentials or effective_profile(ctx.opts)))


def pending_scan(ctx: Context) -> ScanPlan | None:
    """The activity scan this report would wait for, or None when the analysis
    is off, runs on demo resources, or its snapshot is stored (reading it is quick)."""
    if not _scans_aws(ctx) or ctx.source.is_demo:
        return None
    from ..activity import scan_plan

    plan = scan_plan(ctx.opts, ctx.scope)
    return plan if plan.cold() else None


def defer_activity(ctx: Context) -> None:
    """Build this report without waiting for its activity scan: the section stays empty (its
    place in the report), to be filled by `activity_result_section` once the scan ends."""
    ctx.shared["activity"] = Section("activity")


def activity_result_section(result: Any, mode: str) -> Section:
    """The activity section of a persona's report from an ActivityResult (its calls are logged
    as free: describe calls cost nothing, CloudWatch bills per metric, not per request)."""
    calls = tuple(Call(service, "", f"{count} request(s) by the activity analysis", count,
                       free=True) for service, count in result.api_requests.items())
    return Section("activity", "Activity", tables=(result.table,), trees=(result.tree,),
                   summary_lines=tuple(result.summary.get(mode, ())),
                   notices=tuple(result.notices),
                   data={} if result.data is None else {"activity": result.data}, calls=calls)


def _activity(ctx: Context) -> Section:
    if not ctx.opts.activity_analysis:
        return Section("activity")
    if ctx.source.real and not _scans_aws(ctx):
        # Export files carry no credentials: probing every account would only list failures.
        return Section("activity", notices=(NO_CREDENTIALS_FOR_ACTIVITY,))
    try:
        from ..activity import analyze  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return Section("activity", notices=(NO_ACTIVITY,))
    section = activity_result_section(analyze(ctx.opts, ctx.scope, ctx.source), ctx.opts.mode)
    ctx.requests.extend(section.calls)  # none of them is the billed figure the report prints
    return replace(section, calls=())  # run_sections gives the section the calls it logged


def ce_client(ctx: Context) -> Any:
    """The Cost Explorer client on the ce source (drill-downs, AWS anomalies, forecast)."""
    client = getattr(ctx.source, "client", None)
    return client("ce") if ctx.source.has_client("ce") and client else None


def ce_filter(ctx: Context) -> Any:
    """The Cost Explorer filter expression of the report's query (None when unfiltered)."""
    return ctx.source.ce_filter(ctx.query)


def shared_services(ctx: Context) -> Table:
    """The services table, built once per report (breakdown, drivers, movers, checks)."""
    return ctx.once("services", lambda: services_table(ctx))


def breakdown_tables(ctx: Context) -> tuple[Table, list[Table]]:
    """The services table, and the category, services (and accounts) tables in report order."""
    services = shared_services(ctx)
    tables = [summary_table(ctx), services]
    if ctx.multi_account:
        tables.append(accounts_table(ctx))
    if ctx.allocation is not None:
        status = owner_statuses(ctx.budgets, ctx.allocation.group_by, ctx.scope)
        tables.append(showback_table(ctx.allocation, ctx.plan, ctx.opts, ctx.selection, status))
    return services, tables


def scoped_budgets_table(ctx: Context) -> list[Table]:
    """The compact budgets table of the budgets the report's selection touches (architect,
    SRE); empty when none applies."""
    kept = tuple(s for s in ctx.budgets.statuses
                 if touches(s, ctx.selection.accounts, ctx.selection.services, ctx.scope))
    if not kept and not ctx.budgets.apart:
        return []
    return [budgets_table(replace(ctx.budgets, statuses=kept), compact=True)]
