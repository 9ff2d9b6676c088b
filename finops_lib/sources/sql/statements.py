"""The cost statements, assembled from the `.sql` templates for one Layout and one query."""

from __future__ import annotations

from datetime import date

from ..base import CostQuery
from ..formats import Layout
from .dialect import Fragment, in_list, render
from .dimensions import dimension_filter, group_value

__all__ = [
    "accounts_statement",
    "costs_statement",
    "coverage_statement",
    "profile_statement",
    "resources_statement",
    "total_statement",
]


def _ts(day: date) -> Fragment:
    return Fragment("CAST(? AS TIMESTAMP)", (f"{day.isoformat()} 00:00:00",))


def _filters(layout: Layout, query: CostQuery, on_columns: bool) -> dict[str, Fragment | str]:
    # costs.sql filters the aliased columns of lines.sql; total.sql filters the expressions.
    account = layout.account_id if on_columns else "account_id"
    service = layout.service if on_columns else "service"
    region = layout.region if on_columns else "region"
    return {
        "account_filter": in_list(account, query.accounts),
        "service_filter": in_list(service, query.services),
        "region_filter": in_list(region, query.regions),
        "currency_filter": in_list(layout.currency if on_columns else "currency",
                                   query.currencies),
        "dimension_filter": dimension_filter(layout, query),
    }


def _window(layout: Layout, relation: Fragment, query: CostQuery,
            period_filter: Fragment) -> dict[str, Fragment | str]:
    return {
        "relation": relation,
        "usage_ts": layout.usage_ts,
        "start": _ts(query.start),
        "end": _ts(query.end),
        "aws_only": layout.aws_only,
        "period_filter": period_filter,
        "amount": layout.amount(query.metric),
    }


def costs_statement(layout: Layout, relation: Fragment, query: CostQuery,
                    period_filter: Fragment) -> Fragment:
    """Daily rows per account, service, region and currency (costs.sql over lines.sql)."""
    lines = render("lines", {
        **_window(layout, relation, query, period_filter),
        "account_id": layout.account_id,
        "account_name": layout.account_name,
        "service": layout.service,
        "region": layout.region,
        "currency": layout.currency,
        "unparseable": layout.unparseable_cells(query.metric),
        "group": group_value(layout, query),
        "dimension_filter": dimension_filter(layout, query),
    })
    costs_filters = _filters(layout, query, on_columns=False)
    costs_filters["dimension_filter"] = ""  # applied to the lines, where the tags are
    return render("costs", {"lines": lines, **costs_filters})


def total_statement(layout: Layout, relation: Fragment, query: CostQuery,
                    period_filter: Fragment) -> Fragment:
    """One ungrouped SUM over the same window and filters (total.sql)."""
    return render("total", {**_window(layout, relation, query, period_filter),
                            **_filters(layout, query, on_columns=True)})


def resources_statement(layout: Layout, relation: Fragment, query: CostQuery,
                        period_filter: Fragment, limit: int) -> Fragment:
    """Cost per resource id, largest first (resources.sql); needs a resource id column."""
    assert layout.resource_id is not None
    return render("resources", {
        **_window(layout, relation, query, period_filter),
        **_filters(layout, query, on_columns=True),
        "resource_id": layout.resource_id,
        "account_id": layout.account_id,
        "service": layout.service,
        "region": layout.region,
        "limit": str(int(limit)),  # an int from code, never text from the user
    })


def accounts_statement(layout: Layout, relation: Fragment, period_filter: Fragment) -> Fragment:
    """Distinct account ids with their names (accounts.sql)."""
    return render("accounts", {
        "relation": relation,
        "account_id": layout.account_id,
        "account_name": layout.account_name,
        "aws_only": layout.aws_only,
        "period_filter": period_filter,
    })


def profile_statement(layout: Layout, relation: Fragment, metric: str) -> Fragment:
    """Line items per provider, zero-EffectiveCost rows (amortized FOCUS) and unparseable
    money cells (profile.sql)."""
    zero = "0"
    if layout.is_focus and layout.has("EffectiveCost") and "amortized" in metric:
        zero = (f"CASE WHEN TRY_CAST({layout.col('EffectiveCost')} AS DOUBLE) = 0 "
                f"AND {layout.number('BilledCost')} <> 0 THEN 1 ELSE 0 END")
    return render("profile", {"provider": layout.provider, "relation": relation,
                              "zero_effective": zero,
                              "unparseable": layout.unparseable_cells(metric),
                              "first_ts": layout.billing_period_ts or layout.usage_ts,
                              "usage_ts": layout.usage_ts})


def coverage_statement(layout: Layout, relation: Fragment) -> Fragment:
    """First and last day the AWS rows cover (coverage.sql)."""
    return render("coverage", {"relation": relation, "aws_only": layout.aws_only,
                               "first_ts": layout.billing_period_ts or layout.usage_ts,
                               "usage_ts": layout.usage_ts})
