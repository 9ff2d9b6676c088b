"""STS and Organizations for the `ce` source against moto: the scope (account, payer,
organization with OUs), account names from Organizations first, and Organizations refusing
(not in use, access denied) costing only names and OUs, never the report."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from finops_lib.sources.base import CostQuery
from tests.sources.test_cost_explorer import ACCOUNTS, END, START, _amounts, _cents, _sum


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
