"""Budgets in the report: which budgets apply, their evaluated status, the budgets table, the
budget-vs-actual chart and the headline KPI.

Budgets come from `--budgets FILE` (or $FINOPS_BUDGETS, set by whoever runs the server) on every
source, plus AWS Budgets on `ce`. Each budget's actual is read from the source for exactly its
scope (one more query per budget: free on demo and files, one cached Cost Explorer request on
ce). A budget in another currency than the costs is never converted: it is listed apart,
status NOT COMPARED, with a notice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .anomalies import DetectionParams
from .budget_files import load_budgets
from .budgets import Budget, BudgetStatus, evaluate, period_bounds
from .catalog import resolve_service
from .errors import OptionError
from .formatting import format_money
from .options import Options, parse_filters
from .report import Chart, Column, Kpi, Table, money
from .selection import selection_from_options
from .sources.base import CostQuery, CostSource, Scope

__all__ = ["BUDGETS_ENV", "BudgetParts", "budget_parts", "budgets_path", "owner_statuses"]

BUDGETS_ENV = "FINOPS_BUDGETS"
FORECAST_HISTORY_DAYS = 56  # the forecast's weekday medians need a few weeks before the period
NOT_COMPARED = "NOT COMPARED"
_ORDER = {"OVER": 0, "AT RISK": 1, "ON TRACK": 2, NOT_COMPARED: 3}


@dataclass(frozen=True)
class BudgetParts:
    """What budgets add to a report."""

    statuses: tuple[BudgetStatus, ...] = ()
    apart: tuple[Budget, ...] = ()  # budgets in another currency, not compared
    notices: tuple[str, ...] = ()
    requests: int = 0
    log: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """True when no budget applies."""
        return not self.statuses and not self.apart


def budgets_path(opts: Options) -> str | None:
    """--budgets, else the server's $FINOPS_BUDGETS (None: no budgets file)."""
    return getattr(opts, "budgets", None) or os.environ.get(BUDGETS_ENV) or None


def _file_budgets(opts: Options) -> tuple[Budget, ...]:
    path = budgets_path(opts)
    return load_budgets(path) if path else ()


def _aws_budgets(source: CostSource, scope: Scope) -> tuple[tuple[Budget, ...], list[str]]:
    if not source.has_client("budgets"):
        return (), []
    from .sources.aws_budgets import aws_budgets

    client = source.client("budgets")  # type: ignore[attr-defined]
    return aws_budgets(client, scope.caller_account)


def _query(budget: Budget, opts: Options, scope: Scope, last_day: date) -> CostQuery:
    start, _ = period_bounds(budget.period, last_day)
    sel = selection_from_options(opts.replace(filter=budget.filters, services=(), accounts=()),
                                 scope)
    return CostQuery(min(start, last_day - timedelta(days=FORECAST_HISTORY_DAYS)),
                     last_day + timedelta(days=1), opts.cost_metric, sel.services, sel.accounts,
                     sel.regions, tags=sel.tags, cost_categories=sel.cost_categories)


def budget_parts(opts: Options, source: CostSource, scope: Scope, currency: str,
                 last_day: date) -> BudgetParts:
    """Evaluate every applicable budget (in the report's `currency`) on `last_day`."""
    budgets = _file_budgets(opts)
    found, notices = _aws_budgets(source, scope)
    budgets += found
    if not budgets:
        return BudgetParts(notices=tuple(notices))
    before = source.api_requests
    statuses, apart = [], []
    for budget in budgets:
        if budget.currency != currency:
            apart.append(budget)
            notices.append(f"Budget {budget.name!r} is in {budget.currency} and the costs are "
                           f"in {currency}: not compared (no currency conversion).")
            continue
        try:
            query = _query(budget, opts, scope, last_day)
        except OptionError as exc:
            notices.append(f"Budget {budget.name!r} left out: {exc.one_line()}")
            continue
        statuses.append(evaluate(budget, source.costs(query), last_day,
                                 DetectionParams.from_options(opts)))
    statuses.sort(key=lambda s: (_ORDER[s.status], -s.actual))
    return BudgetParts(tuple(statuses), tuple(apart), tuple(notices),
                       source.api_requests - before)


def _row(status: BudgetStatus) -> dict[str, Any]:
    return {"budget": status.budget.name, "scope": status.budget.scope_label,
            "period": f"{status.start:%Y-%m-%d} – {status.end:%Y-%m-%d} ({status.budget.period})",
            "amount": status.amount, "actual": status.actual,
            "budget_to_date": status.budget_to_date, "forecast": status.forecast,
            "forecast_low": status.lower_80, "forecast_high": status.upper_80,
            "status": status.status,
            "crossing": status.crossing.isoformat() if status.crossing else "",
            "used_pct": status.used_pct, "source": status.budget.origin}


def _apart_row(budget: Budget) -> dict[str, Any]:
    return {"budget": budget.name, "scope": budget.scope_label,
            "period": f"{budget.period}: {budget.currency} {budget.amount:,.2f}, not compared",
            "amount": None,
            "actual": None, "budget_to_date": None, "forecast": None, "forecast_low": None,
            "forecast_high": None, "status": NOT_COMPARED, "crossing": "", "used_pct": None,
            "source": budget.origin}


_FULL = (Column("budget", "Budget"), Column("scope", "Scope"), Column("period", "Period"),
         Column("amount", "Budget", "money"), Column("actual", "Actual to date", "money"),
         Column("budget_to_date", "Budget to date", "money"),
         Column("forecast", "Forecast at period end", "money"),
         Column("forecast_low", "Forecast low (80%)", "money"),
         Column("forecast_high", "Forecast high (80%)", "money"),
         Column("status", "Status", "status"), Column("crossing", "Crosses budget on", "date"),
         Column("used_pct", "Used", "share"), Column("source", "From"))
_COMPACT = ("budget", "scope", "amount", "actual", "forecast", "status", "crossing")
METHOD = ("OVER: actual over budget; AT RISK: the forecast's upper 80% bound at period end is "
          "over budget; budget to date pro-rated by days (planned amounts where given); crossing "
          "day at the forecast's average daily rate")


def budgets_table(parts: BudgetParts, compact: bool = False) -> Table:
    """One row per budget, most urgent first; NOT COMPARED budgets last."""
    rows = [_row(s) for s in parts.statuses] + [_apart_row(b) for b in parts.apart]
    columns = tuple(c for c in _FULL if not compact or c.key in _COMPACT)
    rows = [{c.key: r[c.key] for c in columns} for r in rows]
    return Table("budgets", "Budgets", columns, tuple(rows), None, METHOD)


def budget_chart(status: BudgetStatus) -> Chart:
    """Cumulative actual, the pro-rated budget line and the forecast band to period end."""
    days = (status.end - status.start).days + 1
    rows: list[dict[str, Any]] = []
    running = 0.0
    for day, amount in status.daily:
        running += amount
        rows.append({"date": day.isoformat(), "actual": money(running), "forecast": None,
                     "lower": None, "upper": None})
    last = status.daily[-1][0] if status.daily else status.start - timedelta(days=1)
    remaining = (status.end - last).days
    if rows:  # the forecast starts from the last actual so the lines join
        rows[-1].update(forecast=money(running), lower=money(running), upper=money(running))
    for step in range(1, remaining + 1):
        share = step / remaining
        rows.append({"date": (last + timedelta(days=step)).isoformat(), "actual": None,
                     "forecast": money(running + (status.forecast - running) * share),
                     "lower": money(running + (status.lower_80 - running) * share),
                     "upper": money(running + (status.upper_80 - running) * share)})
    for row in rows:
        elapsed = (date.fromisoformat(row["date"]) - status.start).days + 1
        row["budget"] = money(status.amount * elapsed / days)
    title = f"Budget vs actual: {status.budget.name} ({status.status})"
    return Chart("budget_burn", title, "budget_burn", tuple(rows))


def headline_budget(parts: BudgetParts) -> BudgetStatus | None:
    """The budget the executive headline speaks of: organization-wide first, else the worst."""
    whole = [s for s in parts.statuses if not s.budget.filters]
    ranked = whole or list(parts.statuses)
    return ranked[0] if ranked else None


def budget_kpi(status: BudgetStatus) -> Kpi:
    """The headline budget as one KPI."""
    crossing = f"; crosses the budget on {status.crossing}" if status.crossing else ""
    cur = status.budget.currency
    return Kpi("budget_status", f"Budget {status.budget.name}",
               f"{status.status}: {format_money(status.actual, cur)} of "
               f"{format_money(status.amount, cur)}", "text",
               money(status.forecast - status.amount), None,
               f"forecast {format_money(status.forecast, cur)} (80% {status.lower_80:,.2f} – "
               f"{status.upper_80:,.2f}) at {status.end}{crossing}")


def touches(status: BudgetStatus, accounts: Sequence[str], services: Sequence[str],
            scope: Scope) -> bool:
    """True when the budget's scope overlaps the report's account / service selection."""
    names = {a.name.lower(): a.id for a in scope.accounts}
    for fld, _op, values in parse_filters(status.budget.filters):
        if fld == "account" and accounts:
            ids = {names.get(v.lower(), v) for v in values}
            if not ids & set(accounts):
                return False
        wanted = {resolve_service(v) for v in values} if fld == "service" else set()
        if wanted and services and not wanted & set(services):
            return False
    return True


def owner_statuses(parts: BudgetParts, group_by: str, scope: Scope) -> dict[str, str]:
    """Showback owner → budget status, for budgets scoped to exactly one owner."""
    kind, _, key = group_by.partition(":")
    names = {a.id: a.name for a in scope.accounts}
    out: dict[str, str] = {}
    for status in parts.statuses:
        parsed = parse_filters(status.budget.filters)
        if len(parsed) != 1 or len(parsed[0][2]) != 1:
            continue
        fld, _op, (value,) = parsed[0]
        if (kind in ("tag", "cost-category") and fld == f"{kind}:{key}") or (fld in (
                "ou", "region") and fld == kind):
            out[value] = status.status
        elif kind == "account" == fld:
            out[names.get(value, value)] = status.status
        elif kind == "service" == fld:
            out[resolve_service(value)] = status.status
    return out
