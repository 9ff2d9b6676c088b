"""The one selection resolver: dimensions given several ways intersect; unknown names refused."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.errors import OptionError
from finops_lib.options import resolve
from finops_lib.selection import Selection, account_ids, selection_from_options
from finops_lib.sources.base import Account, Scope

AS_OF = date(2026, 11, 15)
ORG = Scope("organization", "org", "111111111111", (
    Account("111111111111", "Prod-Web", "Prod"), Account("222222222222", "staging", "Dev"),
    Account("333333333333", "prod-data", "Prod/Data")))


def chosen(**given: object) -> Selection:
    return selection_from_options(resolve("executive", {"as_of": AS_OF, **given}), ORG)


def test_accounts_by_name_or_id_case_insensitive() -> None:
    assert account_ids(("prod-web", "222222222222", " STAGING "), ORG) == [
        "111111111111", "222222222222", "222222222222"]


def test_unknown_account_is_one_line_naming_the_known_ones() -> None:
    with pytest.raises(OptionError, match=r"unknown account 'nope'.*Prod-Web, prod-data, staging"
                       ) as info:
        account_ids(("nope",), ORG)
    assert "\n" not in str(info.value)
    with pytest.raises(OptionError, match="names need a source that reports them"):
        account_ids(("nope",), Scope("account", "one", "111111111111"))


def test_account_options_and_filters_intersect() -> None:
    sel = chosen(accounts=["Prod-Web", "staging"], filter=["account:222222222222,333333333333"])
    assert sel.accounts == ("222222222222",)


def test_ou_filter_covers_child_ous_and_intersects_with_accounts() -> None:
    assert chosen(filter=["ou:prod"]).accounts == ("111111111111", "333333333333")
    assert chosen(accounts=["prod-data"], filter=["ou:Prod"]).accounts == ("333333333333",)


def test_services_regions_and_cost_bounds() -> None:
    sel = chosen(services=["EC2", "RDS"], filter=["service:RDS", "region:us-east-1,eu-west-1",
                                                  "cost>10", "cost>20", "cost<500"],
                 regions=["eu-west-1"])
    assert sel.services == ("Amazon Relational Database Service",)
    assert sel.regions == ("eu-west-1",)
    assert (sel.cost_min, sel.cost_max) == (20.0, 500.0)


def test_an_empty_intersection_is_refused() -> None:
    with pytest.raises(OptionError, match="the filters leave no accounts to show"):
        chosen(accounts=["Prod-Web"], filter=["account:staging"])


def test_no_options_restrict_nothing() -> None:
    assert chosen() == Selection()
