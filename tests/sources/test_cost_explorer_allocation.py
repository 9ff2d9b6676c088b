"""Allocation on Cost Explorer (moto's injected results): TAG / COST_CATEGORY / USAGE_TYPE
grouping, the untagged group, tag and cost-category filters, and a whole showback report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.sources.base import CostQuery
from finops_lib.sources.cost_explorer import build_filter

START = date(2026, 11, 1)
DAYS = [START + timedelta(days=i) for i in range(3)]
QUERY = CostQuery(START, DAYS[-1] + timedelta(days=1))
GROUPS = [("111111111111", "team$web", "120.1234567890"),
          ("111111111111", "team$", "30.0000000001"),
          ("222222222222", "team$db", "49.9999999999")]


def test_tag_grouping_request_and_values(captured: Any, inject_ce: Any,
                                         ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({day: GROUPS for day in DAYS})])

    frame = source.costs(replace(QUERY, group_by="tag:team"))

    assert sent[0]["GroupBy"] == [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                                  {"Type": "TAG", "Key": "team"}]
    assert (frame["service"] == "").all()
    sums = frame.groupby("group")["amount"].sum()
    expected = {"web": Decimal("120.1234567890"), "": Decimal("30.0000000001"),
                "db": Decimal("49.9999999999")}
    assert set(sums.index) == set(expected)
    for key, amount in expected.items():
        assert round(Decimal(repr(float(sums[key]))), 2) == round(amount * 3, 2)


@pytest.mark.parametrize("group_by, expected", [
    ("cost-category:Business Unit", {"Type": "COST_CATEGORY", "Key": "Business Unit"}),
    ("usage-type", {"Type": "DIMENSION", "Key": "USAGE_TYPE"}),
])
def test_other_dimensions_group_by(captured: Any, inject_ce: Any, ce_response: Any,
                                   group_by: str, expected: dict[str, str]) -> None:
    source, sent = captured
    key = "Business Unit$Commerce" if group_by.startswith("cost") else "USE1-BoxUsage:m5.large"
    inject_ce([ce_response({DAYS[0]: [("111111111111", key, "10.00")]})])

    frame = source.costs(replace(QUERY, group_by=group_by))

    assert sent[0]["GroupBy"][1] == expected
    assert frame["group"].tolist() == ["Commerce" if group_by.startswith("cost")
                                       else "USE1-BoxUsage:m5.large"]


def test_tag_and_cost_category_filters_build_ce_expressions() -> None:
    query = replace(QUERY, services=("AWS Lambda",), tags=(("team", ("", "web")),),
                    cost_categories=(("Business Unit", ("Commerce",)),))
    assert build_filter(query) == {"And": [
        {"Dimensions": {"Key": "SERVICE", "Values": ["AWS Lambda"]}},
        {"Or": [{"Tags": {"Key": "team", "Values": ["web"]}},
                {"Tags": {"Key": "team", "MatchOptions": ["ABSENT"]}}]},
        {"CostCategories": {"Key": "Business Unit", "Values": ["Commerce"]}},
    ]}


def test_showback_report_on_ce_adds_up_to_the_ungrouped_total(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    as_of = date(2026, 11, 20)
    days = [as_of - timedelta(days=i) for i in range(1, 60)]
    main = {d: [("111111111111", "AWS Lambda", "70.00"), ("222222222222", "Amazon S3", "30.00")]
            for d in days}
    by_tag = {d: [("111111111111", "team$web", "70.00"), ("222222222222", "team$", "30.00")]
              for d in days}
    inject_ce([ce_response(main), ce_response(by_tag)])
    opts = resolve("architect", {"source": "ce", "profile": "finops-test", "as_of": "2026-11-20",
                                 "group_by": "tag:team", "top_n": 0})
    source = make_ce_source(profile="finops-test")

    report = build_report(opts, source)

    table = report.table("showback")
    rows = {r["owner"]: r["current"] for r in table.rows}
    current_days = report.periods.current.days
    assert rows == {"web": 70.0 * current_days, "untagged": 30.0 * current_days}
    assert table.total["current"] == report.kpi("total").value == 100.0 * current_days
    assert source.api_requests == 2
