"""analyze(): the demo inventory end to end, the real path on moto, options and filters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import boto3
import pandas as pd
import pytest

from finops_lib.activity import ActivityResult, analyze
from finops_lib.activity.demo import DEMO_ACCOUNTS, DEMO_DENIED
from finops_lib.errors import OptionError
from finops_lib.options import resolve
from finops_lib.report import Table, Tree
from finops_lib.sources.base import Account, CostQuery, CostSource, Scope

AS_OF = date(2026, 11, 15)
ORG = Scope("organization", "Demo org", "111111111111",
            tuple(Account(a, f"acct-{a[0]}") for a in DEMO_ACCOUNTS))


@dataclass
class Source(CostSource):
    """A stand-in cost source: analyze() reads only its name and is_demo."""

    def scope(self) -> Scope:
        return ORG

    def costs(self, query: CostQuery) -> pd.DataFrame:
        raise NotImplementedError

    def total(self, query: CostQuery) -> float:
        raise NotImplementedError


@dataclass
class RealSource(Source):
    """A stand-in for a source of real billing data (ce, files, athena): activity reads AWS."""

    real: ClassVar[bool] = True


DEMO = Source(name="demo", is_demo=True)


def demo(**given: Any) -> ActivityResult:
    return analyze(resolve("executive", {"as_of": AS_OF, **given}), ORG, DEMO)


def test_demo_shows_every_tier_and_the_unknown_branch() -> None:
    result = demo()
    assert isinstance(result.table, Table) and result.table.key == "activity_resources"
    assert isinstance(result.tree, Tree) and result.tree.key == "activity"
    tiers = {row["tier"] for row in result.table.rows}
    assert tiers == {"MUST", "SHOULD", "COULD", "KEEP", "UNKNOWN"}
    labels = {node.label for _, node in result.tree.root.walk()}
    assert {"MUST", "SHOULD", "COULD", "KEEP", "UNKNOWN"} <= labels
    assert {row["account"] for row in result.table.rows} <= set(DEMO_ACCOUNTS)
    assert result.api_requests == {}
    not_analysed = next(n for n in result.tree.root.children if n.label == "Not analysed")
    assert [c.label for c in not_analysed.children] == [DEMO_DENIED]
    assert any(DEMO_DENIED in n for n in result.notices)


def test_demo_is_deterministic_and_json_ready() -> None:
    first, second = demo(), demo()
    assert first.table.rows == second.table.rows
    assert json.loads(json.dumps(first.data)) == first.data
    assert first.data["tree"] == first.tree.root.to_dict()
    assert len(first.data["resources"]) == len(first.table.rows)


def test_tree_counts_and_money_add_up() -> None:
    result = demo()
    costs = [row["monthly_cost"] or 0.0 for row in result.table.rows]
    root = result.tree.root
    assert root.count == len(result.table.rows)
    assert root.value == round(sum(costs), 2)
    assert result.table.total is not None
    assert result.table.total["monthly_cost"] == round(sum(costs), 2)
    for _, node in root.walk():
        if node.children and node.count is not None:
            assert node.count == sum(c.count or 0 for c in node.children)
            assert node.value == pytest.approx(sum(c.value for c in node.children), abs=0.011)


def test_retire_list_sorted_by_tier_then_score_with_the_deciding_columns_first() -> None:
    table = demo().table
    order = ["MUST", "SHOULD", "COULD", "KEEP", "UNKNOWN"]
    keys = [(order.index(r["tier"]), -(r["score"] or 0.0), -(r["monthly_cost"] or 0.0))
            for r in table.rows]
    assert keys == sorted(keys)
    assert table.rows[0]["tier"] == "MUST" and table.rows[-1]["tier"] != "MUST"
    assert {r["tier"] for r in table.rows} >= {"MUST", "KEEP"}
    assert [c.key for c in table.columns[:4]] == ["resource_id", "tier", "score", "monthly_cost"]


def test_rows_carry_codes_evidence_and_unknown_reasons() -> None:
    rows = {row["resource_id"]: row for row in demo().table.rows}
    legacy = rows["i-0a1legacyreport"]
    assert legacy["codes"] == "E1 E2 E3 E4 E5 E6 E7" and legacy["tier"] == "MUST"
    assert "CPU p95 0.4 %" in legacy["evidence"]
    assert legacy["confidence"] == "High (100 %)"
    batch = rows["i-0b2batchworker"]
    assert batch["score"] == 61.0 and batch["tier"] == "SHOULD"  # 60+10+6−15 (E0 scheduler)
    lake = rows["acme-data-lake"]
    assert lake["tier"] == "UNKNOWN" and lake["score"] is None
    assert "access denied" in lake["unknown"]
    stopped = rows["i-0e5oldjenkins"]
    assert stopped["state"] == "stopped"
    assert stopped["monthly_cost"] == round(300 * 0.08, 2)  # only its EBS storage


def test_executive_summary_matches_the_table() -> None:
    result = demo()
    flagged = [r for r in result.table.rows if r["tier"] in ("MUST", "SHOULD")]
    money = sum(r["monthly_cost"] or 0 for r in flagged)
    assert result.summary["executive"][0] == (
        f"{len(flagged)} resources, ${money:,.2f}/month, could be retired or reviewed "
        "(MUST + SHOULD; estimate)")
    assert any(line.startswith("Compute:") for line in result.summary["architect"])
    assert any(line.startswith("Amazon Relational Database Service:")
               for line in result.summary["sre"])
    assert result.data["by_service"]["EC2 - Other"]["flagged"] >= 1


def test_override_moves_a_resource() -> None:
    rows = {r["resource_id"]: r for r in demo().table.rows}
    assert "E2" not in rows["i-0c3webfront01"]["codes"]
    raised = {r["resource_id"]: r for r in demo(activity_param=[
        "E2.cpu_percent_below=60", "E2.network_mb_per_day_below=100000"]).table.rows}
    assert "E2" in raised["i-0c3webfront01"]["codes"]


def test_filters_restrict_demo_inventory() -> None:
    result = demo(filter=["region:eu-west-1"], services=["RDS"])
    assert {(r["region"], r["type"]) for r in result.table.rows} == {
        ("eu-west-1", "RDS DB instances")}


def test_account_filters_intersect_like_costs() -> None:
    # --accounts and --filter account: are ANDed, as for costs (activity once took the union).
    result = demo(accounts=["acct-1", "acct-2"], filter=["account:222222222222,333333333333"])
    assert {r["account"] for r in result.table.rows} == {"222222222222"}


def test_unknown_account_name_is_refused_like_costs() -> None:
    # Activity once passed an unknown name through as an account id and analysed nothing.
    with pytest.raises(OptionError, match=r"unknown account 'nobody'.*acct-1, acct-2, acct-3"):
        demo(accounts=["nobody"])


def test_service_filters_intersect() -> None:
    result = demo(services=["RDS", "EC2"], filter=["service:RDS"])
    assert {r["type"] for r in result.table.rows} == {"RDS DB instances"}


def test_single_account_scope_relabels_demo() -> None:
    scope = Scope("account", "one", "222222222222")
    result = analyze(resolve("architect", {"as_of": AS_OF}), scope, DEMO)
    assert {r["account"] for r in result.table.rows} == {"222222222222"}
    assert not any(n.label == "Not analysed" for n in result.tree.root.children)


@pytest.mark.parametrize(("value", "fragment"), [
    ("Q1.x=1", "unknown signal code 'Q1'"),
    ("E2.cpu=1", "has no parameter 'cpu'"),
    ("E2.cpu_percent_below=lots", "expects a number"),
    ("R1.lookback_days=0", "must be a whole number 1..455"),
    ("E2", "cannot read"),
])
def test_bad_activity_param_is_one_line(value: str, fragment: str) -> None:
    with pytest.raises(OptionError) as caught:
        resolve("executive", {"activity_param": [value]})
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_assume_role_name_option() -> None:
    assert resolve("executive", {}).assume_role_name == "OrganizationAccountAccessRole"
    with pytest.raises(OptionError):
        resolve("executive", {"assume_role_name": "bad role/name"})


def test_real_path_on_moto_in_org_scope(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    ec2.allocate_address(Domain="vpc")
    roles: list[str] = []

    def make() -> boto3.Session:
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call.sts.AssumeRole",
                                lambda params, **_: roles.append(str(params["body"])))
        return session

    scope = Scope("organization", "org", "123456789012",
                  (Account("123456789012", "mgmt"), Account("444444444444", "member")))
    opts = resolve("executive", {"filter": ["region:us-east-1"], "services": ["VPC"],
                                 "assume_role_name": "FinopsRead"})
    result = analyze(opts, scope, RealSource(name="ce"), session_factory=make)
    assert len(roles) == 1 and "arn:aws:iam::444444444444:role/FinopsRead" in roles[0]
    rows = result.table.rows
    assert [r["type"] for r in rows] == ["Elastic IPs"]
    assert rows[0]["tier"] == "MUST" and rows[0]["monthly_cost"] == 3.65
    assert result.api_requests["ec2"] >= 2 and result.api_requests["sts"] == 1
