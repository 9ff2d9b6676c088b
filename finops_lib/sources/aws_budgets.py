"""AWS Budgets on the `ce` source: cost budgets of the account the profile belongs to (with
`--all-profile`, the management account's, whose LinkedAccount filters are per-account budgets).

Each COST budget becomes a `Budget` whose scope is the `--filter` texts its CostFilters mean
(LinkedAccount → account:, Service → service:, Region → region:, TagKeyValue "user:K$V" →
tag:K=V). Budgets of other types (usage, RI/SP coverage) and daily budgets are left out with a
notice; access denied costs the report only its AWS budgets, never the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..budgets import Budget
from . import aws

__all__ = ["IAM_ACTIONS", "aws_budgets", "budget_from_aws"]

IAM_ACTIONS: tuple[str, ...] = ("budgets:ViewBudget",)

_PERIODS = {"MONTHLY": "monthly", "QUARTERLY": "quarterly", "ANNUALLY": "annually"}
_DIMENSIONS = {"LinkedAccount": "account", "Service": "service", "Region": "region"}


def _tag_filters(values: Sequence[str]) -> list[str]:
    by_key: dict[str, list[str]] = {}
    for item in values:
        key, _, value = str(item).partition("$")
        by_key.setdefault(key.removeprefix("user:"), []).append(value)
    return [f"tag:{k}={','.join(v)}" for k, v in by_key.items()]


def _filters(cost_filters: Mapping[str, Sequence[str]]) -> tuple[tuple[str, ...], list[str]]:
    """(--filter texts, CostFilters keys this dashboard cannot apply)."""
    texts: list[str] = []
    unknown: list[str] = []
    for key, values in (cost_filters or {}).items():
        if key in _DIMENSIONS:
            texts.append(f"{_DIMENSIONS[key]}:{','.join(str(v) for v in values)}")
        elif key == "TagKeyValue":
            texts += _tag_filters(values)
        else:
            unknown.append(key)
    return tuple(texts), unknown


def _planned(limits: Mapping[str, Any]) -> dict[str, float]:
    out = {}
    for epoch, spend in (limits or {}).items():
        start = datetime.fromtimestamp(int(epoch), UTC).date()
        out[start.isoformat()] = float(spend["Amount"])
    return out


def budget_from_aws(item: Mapping[str, Any]) -> tuple[Budget | None, str]:
    """A Budget for one DescribeBudgets item, or None and the reason it is left out."""
    name = str(item.get("BudgetName", "?"))
    if item.get("BudgetType") != "COST":
        return None, f"{name} ({item.get('BudgetType')} budget)"
    period = _PERIODS.get(str(item.get("TimeUnit")))
    if period is None:
        return None, f"{name} ({item.get('TimeUnit')} period)"
    filters, unknown = _filters(item.get("CostFilters") or {})
    if unknown:
        return None, f"{name} (filters on {', '.join(unknown)})"
    limit = item.get("BudgetLimit") or {}
    return Budget(name, filters, period, float(limit.get("Amount", 0)),
                  str(limit.get("Unit") or "USD"), _planned(item.get("PlannedBudgetLimits") or {}),
                  origin="aws"), ""


def aws_budgets(client: Any, account_id: str) -> tuple[tuple[Budget, ...], list[str]]:
    """Every COST budget of `account_id` (paginated) and notices for what was left out."""
    try:
        pages = client.get_paginator("describe_budgets").paginate(AccountId=account_id)
        items = [b for page in pages for b in page.get("Budgets", [])]
    except ClientError as exc:
        if aws.error_code(exc) == "NotFoundException":  # an account without any budget
            return (), []
        if aws.error_code(exc) in aws.ACCESS_DENIED_CODES:
            return (), [f"AWS Budgets not readable ({aws.error_code(exc)}): only --budgets "
                        "file budgets are shown; grant budgets:ViewBudget to see them"]
        raise aws.source_error(exc, "budgets:DescribeBudgets") from exc
    except BotoCoreError as exc:
        raise aws.source_error(exc, "budgets:DescribeBudgets") from exc
    budgets, skipped = [], []
    for item in items:
        budget, reason = budget_from_aws(item)
        if budget is None:
            skipped.append(reason)
        else:
            budgets.append(budget)
    notes = [f"AWS Budgets left out (not a cost budget this dashboard can scope): "
             f"{'; '.join(skipped)}"] if skipped else []
    return tuple(budgets), notes
