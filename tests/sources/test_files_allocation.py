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
