"""Allocation on FOCUS and CUR files: tag, cost category and usage-type groups and filters,
against hand computation (CUR fixture) and plain-Python sums (FOCUS 1.0 sample)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import FilesSource, open_path

FIXTURES = Path(__file__).parents[1] / "fixtures"
CUR2 = FIXTURES / "cur" / "cur2_sample.csv"
LEGACY = FIXTURES / "cur" / "legacy_cur_sample.csv"
FOCUS = FIXTURES / "focus-sample-1.0" / "focus_sample.csv"
WINDOW = CostQuery(date(2026, 9, 1), date(2026, 9, 4))
# Hand-computed from tests/fixtures/cur/generate.py (TEAMS): web = EC2 usage 10.00 + SP covered
# 5.00 − SP negation 5.00 (amortized 10 + 3 + 0); db = RI usage 0.00 (amortized 2.50) + S3 1.234.
UNBLENDED = {"web": 10.0, "db": 1.234, "": 666.484 - 10.0 - 1.234}
AMORTIZED = {"web": 13.0, "db": 3.734, "": 40.984 - 13.0 - 3.734}


@pytest.fixture(scope="module", params=[CUR2, LEGACY], ids=["cur2", "legacy"])
def cur(request: pytest.FixtureRequest) -> FilesSource:
    return open_path(str(request.param))


def _by_group(source: FilesSource, query: CostQuery) -> dict[str, float]:
    frame = source.costs(query)
    return {k: round(v, 3) for k, v in frame.groupby("group")["amount"].sum().items()}


@pytest.mark.parametrize("metric, expected", [("unblended", UNBLENDED), ("amortized", AMORTIZED)])
def test_tag_groups_match_the_hand_computation(cur: FilesSource, metric: str,
                                               expected: dict[str, float]) -> None:
    query = replace(WINDOW, metric=metric, group_by="tag:team")
    assert _by_group(cur, query) == pytest.approx(expected, abs=0.0005)
    assert round(cur.total(replace(WINDOW, metric=metric)), 3) == round(sum(expected.values()), 3)


def test_cost_category_groups(cur: FilesSource) -> None:
    query = replace(WINDOW, group_by="cost-category:Team")
    assert _by_group(cur, query) == pytest.approx(
        {"Web": UNBLENDED["web"], "Data": UNBLENDED["db"], "": UNBLENDED[""]}, abs=0.0005)


@pytest.mark.parametrize("values, expected", [
    (("web",), UNBLENDED["web"]), (("",), UNBLENDED[""]),
    (("web", "db"), UNBLENDED["web"] + UNBLENDED["db"]),
])
def test_tag_filter_pushes_down_to_costs_and_total(cur: FilesSource, values: tuple[str, ...],
                                                   expected: float) -> None:
    query = replace(WINDOW, tags=(("team", values),))
    assert round(cur.costs(query)["amount"].sum(), 3) == round(expected, 3)
    assert round(cur.total(query), 3) == round(expected, 3)


def test_usage_type_groups_on_cur2() -> None:
    source = open_path(str(CUR2))
    groups = _by_group(source, replace(WINDOW, group_by="usage-type"))
    assert groups["USE1-BoxUsage:m5.large"] == pytest.approx(10.0 - 2.0)  # usage − credit
    assert groups[""] == pytest.approx(7.0)  # the tax line has no usage type
    assert sum(groups.values()) == pytest.approx(UNBLENDED["web"] + UNBLENDED["db"]
                                                 + UNBLENDED[""])


def _focus_by_tag(key: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    with FOCUS.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] != "AWS" or not row["ChargePeriodStart"].startswith("2024-09"):
                continue
            tags = json.loads(row["Tags"]) if row["Tags"] not in ("", "NULL") else {}
            cost = Decimal(row["BilledCost"]) if row["BilledCost"] not in ("", "NULL") else 0
            sums[str(tags.get(key) or "")] += cost
    return sums


@pytest.mark.parametrize("key", ["environment", "business_unit"])
def test_focus_tags_group_like_plain_python(key: str) -> None:
    source = open_path(str(FOCUS))
    query = CostQuery(date(2024, 9, 1), date(2024, 10, 1), group_by=f"tag:{key}")
    got = source.costs(query).groupby("group")["amount"].sum()
    expected = _focus_by_tag(key)
    assert set(got.index) == set(expected)
    for value, amount in expected.items():
        assert abs(Decimal(repr(float(got[value]))) - amount) < Decimal("0.005"), value
    assert "" in expected and expected[""] != 0  # untagged rows (mostly credits) exist


def test_athena_reads_tag_maps_with_element_at_and_bound_keys() -> None:
    from finops_lib.sources.formats import layout_for
    from finops_lib.sources.sql.dialect import ATHENA, Fragment
    from finops_lib.sources.sql.statements import costs_statement

    columns = ["line_item_unblended_cost", "line_item_usage_start_date",
               "line_item_usage_account_id", "line_item_product_code",
               "line_item_usage_account_name", "resource_tags", "cost_category"]
    layout = layout_for(columns, ATHENA)
    query = replace(WINDOW, group_by="tag:team", tags=(("team", ("web", "")),))
    statement = costs_statement(layout, Fragment("cur"), query, Fragment(""))
    assert "element_at(resource_tags, ?)" in statement.sql
    assert "json_extract" not in statement.sql
    assert statement.params.count("user_team") == 2  # the group and the filter, both bound
    assert statement.sql.count("?") == len(statement.params)
    assert "'team'" not in statement.sql and "'web'" not in statement.sql


@pytest.mark.parametrize("group_by", ["service", "account", "ou", "region", "usage-type",
                                      "tag:team", "cost-category:Team"])
def test_files_report_showback_adds_up_for_every_group_by(group_by: str) -> None:
    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve

    opts = resolve("architect", {"source": "files", "path": str(CUR2), "month": "2026-09",
                                 "as_of": "2026-10-01", "group_by": group_by, "top_n": 0})
    report = build_report(opts)
    total = sum(UNBLENDED.values())  # September's lines, by hand
    assert report.kpi("total").value == round(total, 2)
    table = report.table("showback")
    if group_by == "service":
        assert table is None  # the services table already is that view
        return
    assert table.total["current"] == round(total, 2)
    assert abs(sum(r["current"] for r in table.rows) - total) <= 0.005 * len(table.rows)
    owners = {r["owner"]: r for r in table.rows}
    if group_by == "tag:team":
        assert owners["untagged"]["current"] == round(UNBLENDED[""], 2)
        # shares keep full precision in the report (display rounds)
        assert round(owners["untagged"]["share"], 2) == round(UNBLENDED[""] / total * 100, 2)
        assert owners["web"]["current"] == 10.0 and owners["db"]["current"] == 1.23
    if group_by == "ou":
        assert list(owners) == ["(no OU)"]  # exports carry no organizational units
    if group_by == "account":
        assert set(owners) == {"prod", "dev"}


def test_files_list_tag_values_for_the_pick_list() -> None:
    from finops_lib.allocation_values import filter_choices

    source = open_path(str(CUR2))
    assert source.allocation_values(WINDOW) == {"tag": {"team": ("db", "web")}}
    choices = filter_choices(source, source.scope(), WINDOW)
    assert choices == ("tag:team=db", "tag:team=web", "tag:team=")
    focus = open_path(str(FOCUS))
    september = CostQuery(date(2024, 9, 1), date(2024, 10, 1))
    listed = focus.allocation_values(september)["tag"]["environment"]
    assert set(listed) == {k for k in _focus_by_tag("environment") if k}
