"""AWS Budgets through moto: cost budgets become Budget scopes; other kinds are left out with a
notice; a ce report evaluates them against Cost Explorer (moto's injected results) to the cent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest

from finops_lib.budget_report import budget_parts
from finops_lib.options import resolve
from finops_lib.sources.aws_budgets import aws_budgets
from tests.conftest import MOTO_DEFAULT_ACCOUNT
from tests.independent import assert_cents

NOV = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())


def _create(client: Any, name: str, amount: str, **more: Any) -> None:
    budget = {"BudgetName": name, "BudgetLimit": {"Amount": amount, "Unit": "USD"},
              "TimeUnit": "MONTHLY", "BudgetType": "COST", **more}
    client.create_budget(AccountId=MOTO_DEFAULT_ACCOUNT, Budget=budget)


@pytest.fixture
def budgets_client(moto_aws: Any) -> Any:
    client = boto3.client("budgets", region_name="us-east-1")
    _create(client, "org", "3000")
    _create(client, "web-team", "500", CostFilters={"TagKeyValue": ["user:team$web"]})
    _create(client, "prod", "900", CostFilters={"LinkedAccount": ["111111111111"],
                                                "Service": ["AWS Lambda"]},
            PlannedBudgetLimits={str(NOV): {"Amount": "800", "Unit": "USD"}})
    _create(client, "ec2-hours", "100", BudgetType="USAGE")
    return client


def test_cost_budgets_map_to_filter_scopes(budgets_client: Any) -> None:
    budgets, notes = aws_budgets(budgets_client, MOTO_DEFAULT_ACCOUNT)
    by_name = {b.name: b for b in budgets}
    assert set(by_name) == {"org", "web-team", "prod"}
    assert by_name["org"].filters == () and by_name["org"].amount == 3000.0
    assert by_name["web-team"].filters == ("tag:team=web",)
    assert by_name["prod"].filters == ("account:111111111111", "service:AWS Lambda")
    assert by_name["prod"].planned == {"2026-11-01": 800.0}
    assert all(b.origin == "aws" and b.period == "monthly" for b in budgets)
    assert notes == ["AWS Budgets left out (not a cost budget this dashboard can scope): "
                     "ec2-hours (USAGE budget)"]


def test_ce_budgets_are_evaluated_against_cost_explorer(
        budgets_client: Any, make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    as_of = date(2026, 11, 11)
    days = [as_of - timedelta(days=i) for i in range(1, 57)]
    # One grouped answer per budget query, in the order budgets are read (org, web-team, prod).
    answers = {"org": "100.00", "web-team": "50.00", "prod": "80.10"}
    inject_ce([ce_response({d: [("111111111111", "AWS Lambda", amount)] for d in days})
               for amount in answers.values()])
    source = make_ce_source(as_of="2026-11-11")
    opts = resolve("executive", {"source": "ce", "profile": "finops-test",
                                 "as_of": "2026-11-11"})

    parts = budget_parts(opts, source, source.scope(), "USD", as_of - timedelta(days=1))

    rows = {s.budget.name: s for s in parts.statuses}
    assert source.api_requests == 3
    assert_cents(rows["org"].actual, 10 * 100.00)
    assert rows["org"].status == "ON TRACK"  # forecast 30 × 100 = 3000, not over 3000
    assert_cents(rows["web-team"].actual, 10 * 50.00)
    assert rows["web-team"].status == "AT RISK"  # forecast 1500 > 500, actual 500 not over
    assert rows["prod"].amount == 800.0  # the planned limit for November
    assert_cents(rows["prod"].actual, 10 * 80.10)
    assert rows["prod"].status == "OVER" and rows["prod"].crossing == date(2026, 11, 10)
