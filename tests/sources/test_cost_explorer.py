"""The `ce` source against moto: pages, filters, names, scope, request counts, money to the cent."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from botocore.stub import Stubber

from finops_lib.errors import SourceError
from finops_lib.sources.base import CANONICAL_COLUMNS, CostQuery
from finops_lib.sources.cost_explorer import (
    IAM_ACTIONS,
    METRIC_NAMES,
    CostExplorerSource,
    build_filter,
)

EC2 = "Amazon Elastic Compute Cloud - Compute"
S3 = "Amazon Simple Storage Service"
RDS = "Amazon Relational Database Service"
START = date(2026, 11, 1)
END = date(2026, 11, 6)  # exclusive: five days
DAYS = [START + timedelta(days=i) for i in range(5)]
ACCOUNTS = ("111111111111", "222222222222")
Groups = dict[date, list[tuple[str, str, str]]]


def _amounts(seed: int, accounts: tuple[str, ...] = ACCOUNTS) -> Groups:
    """Deterministic groups per day, amounts as Cost Explorer's 10-decimal strings."""
    rng = random.Random(seed)
    return {day: [(acct, svc, f"{rng.uniform(0, 900):.10f}")
                  for acct in accounts for svc in (EC2, S3, RDS)] for day in DAYS}


def _cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _sum(groups: Groups, **where: str) -> Decimal:
    keys = {"account": 0, "service": 1}
    return sum((Decimal(g[2]) for rows in groups.values() for g in rows
                if all(g[keys[k]] == v for k, v in where.items())), Decimal(0))



def test_pages_are_followed_and_concatenated(captured: Any, inject_ce: Any,
                                             ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=1)
    day3 = data[DAYS[2]]
    pages = [
        ce_response({DAYS[0]: data[DAYS[0]], DAYS[1]: data[DAYS[1]]}, next_token="page-2"),
        ce_response({DAYS[2]: day3[:2]}, next_token="page-3"),
        ce_response({DAYS[2]: day3[2:], DAYS[3]: data[DAYS[3]], DAYS[4]: data[DAYS[4]]},
                    estimated=[DAYS[4]]),
    ]
    inject_ce(pages)

    frame = source.costs(CostQuery(START, END))

    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert len(frame) == 5 * 6
    assert source.api_requests == 3
    assert [p.get("NextPageToken") for p in sent] == [None, "page-2", "page-3"]
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))
    for acct in ACCOUNTS:
        for svc in (EC2, S3, RDS):
            mine = frame[(frame.account_id == acct) & (frame.service == svc)]["amount"].sum()
            assert _cents(mine) == _cents(_sum(data, account=acct, service=svc))
    assert set(frame[frame.estimated]["date"].dt.date) == {DAYS[4]}
    assert (frame.region == "").all() and (frame.currency == "USD").all()
    assert source.days_answered == set(DAYS)


def test_a_repeated_page_token_stops_paging(captured: Any, inject_ce: Any,
                                            ce_response: Any) -> None:
    source, _ = captured
    inject_ce([ce_response({DAYS[0]: []}, next_token="same"),
               ce_response({DAYS[1]: []}, next_token="same")])

    with pytest.raises(SourceError, match="repeated page token"):
        source.costs(CostQuery(START, END))
    assert source.api_requests == 2


def test_days_without_groups_count_as_answered(captured: Any, inject_ce: Any,
                                               ce_response: Any) -> None:
    source, _ = captured
    data = _amounts(seed=2)
    inject_ce([ce_response({DAYS[0]: data[DAYS[0]], DAYS[1]: [], DAYS[2]: []})])

    frame = source.costs(CostQuery(START, DAYS[3]))

    assert set(frame["date"].dt.date) == {DAYS[0]}
    assert source.days_answered == {DAYS[0], DAYS[1], DAYS[2]}


def test_grouped_request_shape(captured: Any, inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({DAYS[0]: []})])

    source.costs(CostQuery(START, END, metric="amortized"))

    assert sent == [{
        "TimePeriod": {"Start": "2026-11-01", "End": "2026-11-06"},
        "Granularity": "DAILY",
        "Metrics": ["AmortizedCost"],
        "GroupBy": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                    {"Type": "DIMENSION", "Key": "SERVICE"}],
    }]


@pytest.mark.parametrize(("metric", "name"), sorted(METRIC_NAMES.items()))
def test_each_metric_is_requested_and_read(metric: str, name: str, captured: Any,
                                           inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=3)
    inject_ce([ce_response(data, metric=name)])

    frame = source.costs(CostQuery(START, END, metric=metric))

    assert sent[0]["Metrics"] == [name]
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))


def test_filters_are_pushed_down(captured: Any, inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({DAYS[0]: []}), ce_response({DAYS[0]: []})])
    services = CostQuery(START, END, services=(EC2, S3))
    everything = CostQuery(START, END, services=(EC2,), accounts=ACCOUNTS,
                           regions=("us-east-1", "eu-west-1"))

    source.costs(services)
    source.costs(everything)

    assert sent[0]["Filter"] == {"Dimensions": {"Key": "SERVICE", "Values": [EC2, S3]}}
    assert sent[1]["Filter"] == {"And": [
        {"Dimensions": {"Key": "SERVICE", "Values": [EC2]}},
        {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": list(ACCOUNTS)}},
        {"Dimensions": {"Key": "REGION", "Values": ["us-east-1", "eu-west-1"]}},
    ]}
    assert build_filter(CostQuery(START, END)) is None
    assert build_filter(CostQuery(START, END, regions=("us-east-1",))) == {
        "Dimensions": {"Key": "REGION", "Values": ["us-east-1"]}}


def test_total_is_one_ungrouped_request(captured: Any, inject_ce: Any,
                                        ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=4)
    totals = {day: str(sum(Decimal(g[2]) for g in groups)) for day, groups in data.items()}
    inject_ce([ce_response(data), ce_response(totals)])
    query = CostQuery(START, END, services=(EC2, S3, RDS))

    frame = source.costs(query)
    total = source.total(query)

    assert source.api_requests == 2  # one dashboard: grouped + total, ≤ 3 before pagination
    assert "GroupBy" not in sent[1]
    assert sent[1]["Granularity"] == "MONTHLY"
    assert sent[1]["Filter"] == sent[0]["Filter"]
    assert _cents(total) == _cents(sum(Decimal(v) for v in totals.values()))
    assert _cents(total) == _cents(frame["amount"].sum())


def test_request_log_names_every_cost_explorer_request(captured: Any, inject_ce: Any,
                                                       ce_response: Any) -> None:
    source, _ = captured
    inject_ce([ce_response({DAYS[0]: []}, next_token="t"), ce_response({DAYS[1]: []})])

    source.costs(CostQuery(START, END))

    ce_lines = [line for line in source.request_log if line.startswith("ce:GetCostAndUsage #")]
    assert len(ce_lines) == source.api_requests == 2
    assert "page 2" in ce_lines[1] and "2026-11-06 (end exclusive)" in ce_lines[0]
    assert source.other_requests >= 1  # sts:GetCallerIdentity is logged but not counted


def test_account_names_come_from_organizations_first(moto_org: dict[str, Any],
                                                     make_ce_source: Any, inject_ce: Any,
                                                     ce_response: Any) -> None:
    ids = moto_org["ids"]
    accounts = (ids["prod-web"], ids["staging"])
    data = _amounts(seed=5, accounts=accounts)
    inject_ce([ce_response(data, names={ids["prod-web"]: "name-from-ce"})])
    source = make_ce_source()

    frame = source.costs(CostQuery(START, END))

    names = dict(zip(frame.account_id, frame.account_name, strict=True))
    assert names == {ids["prod-web"]: "prod-web", ids["staging"]: "staging"}


def test_account_names_fall_back_to_cost_explorer_then_ids(make_ce_source: Any,
                                                          inject_ce: Any,
                                                          ce_response: Any) -> None:
    data = _amounts(seed=6)
    inject_ce([ce_response(data, names={ACCOUNTS[0]: "Described In CE"})])
    source = make_ce_source()  # no Organization in moto: AWSOrganizationsNotInUseException

    frame = source.costs(CostQuery(START, END))

    names = dict(zip(frame.account_id, frame.account_name, strict=True))
    assert names == {ACCOUNTS[0]: "Described In CE", ACCOUNTS[1]: ACCOUNTS[1]}


def test_organizations_access_denied_is_not_fatal(make_ce_source: Any, inject_ce: Any,
                                                 ce_response: Any) -> None:
    data = _amounts(seed=7)
    inject_ce([ce_response(data, names={ACCOUNTS[1]: "From CE"})])
    source = make_ce_source()
    org = source.client("organizations")
    denied = {"service_error_code": "AccessDeniedException",
              "service_message": "not authorized", "http_status_code": 400}
    with Stubber(org) as stub:
        stub.add_client_error("describe_organization", **denied)
        stub.add_client_error("list_accounts", **denied)
        scope = source.scope()
        frame = source.costs(CostQuery(START, END))
        stub.assert_no_pending_responses()

    assert scope.kind == "account"
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))
    assert set(frame.account_name) == {ACCOUNTS[0], "From CE"}


def test_payer_scope_sees_every_linked_account(moto_org: dict[str, Any],
                                              make_ce_source: Any) -> None:
    source = make_ce_source(profile="finops-test")

    scope = source.scope()

    assert scope.kind == "payer"
    assert scope.caller_account == moto_org["ids"]["master"]
    assert scope.label == "payer view: 4 linked accounts"
    assert {a.id for a in scope.accounts} == set(moto_org["ids"].values())
    assert any("--all-profile finops-test" in n for n in source.notices)
    assert source.api_requests == 0


def test_organization_scope_has_names_and_ous(moto_org: dict[str, Any],
                                             make_ce_source: Any) -> None:
    source = make_ce_source(all_profile="finops-test")

    scope = source.scope()

    assert scope.kind == "organization" and scope.multi_account
    assert scope.label.endswith(": 4 accounts")
    by_name = {a.name: a for a in scope.accounts}
    assert {n: by_name[n].ou for n in by_name} == moto_org["ou"]
    assert {n: by_name[n].id for n in by_name} == moto_org["ids"]


def test_member_account_scope_is_that_account(moto_org: dict[str, Any], make_ce_source: Any,
                                             inject_ce: Any, ce_response: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    member = moto_org["ids"]["staging"]
    data = _amounts(seed=8, accounts=(member,))
    inject_ce([ce_response(data)], account_id=member)  # moto's per-account results queue
    monkeypatch.setenv("MOTO_ACCOUNT_ID", member)
    source = make_ce_source()

    scope = source.scope()
    frame = source.costs(CostQuery(START, END))

    assert (scope.kind, scope.caller_account, scope.label) == ("account", member,
                                                               f"account {member}")
    assert not scope.multi_account
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))


def test_account_scope_without_organization(make_ce_source: Any) -> None:
    scope = make_ce_source().scope()

    assert scope.kind == "account" and scope.caller_account == "123456789012"


def test_organization_view_without_organizations_warns(make_ce_source: Any) -> None:
    source = make_ce_source(all_profile="finops-test")

    scope = source.scope()

    assert scope.kind == "organization" and scope.accounts == ()
    assert any("Organizations is not readable" in n for n in source.notices)


def test_open_uses_aws_profile_env(make_ce_source: Any, moto_aws: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_lib.options import resolve
    from finops_lib.sources import open_source

    monkeypatch.setenv("AWS_PROFILE", "sandbox")
    source = open_source(resolve("sre", {"as_of": "2026-11-20"}))

    assert isinstance(source, CostExplorerSource)
    assert source.profile == "sandbox" and not source.organization_view
    assert os.environ["FINOPS_CACHE_DIR"] == str(source.cache.directory)  # type: ignore[union-attr]


def test_iam_actions_are_exactly_what_is_called() -> None:
    assert IAM_ACTIONS == (
        "ce:GetCostAndUsage",
        "ce:GetDimensionValues",  # the coarse plan's size estimate (ce_plan.dimension_counts)
        "organizations:DescribeOrganization",
        "organizations:ListAccounts",
        "organizations:ListAccountsForParent",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListRoots",
        "sts:GetCallerIdentity",
    )
