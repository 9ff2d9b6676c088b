"""Cost Explorer replies checked before anything reads or caches them: the documented shape is
accepted, anything else is one SourceError line; what may be cached; the page cap's error."""

from __future__ import annotations

from typing import Any

import pytest

from finops_lib.errors import SourceError
from finops_lib.sources import ce_replies
from finops_lib.sources.ce_replies import (
    cacheable,
    check_reply,
    parse_amount,
    too_many_pages,
    unreadable_reply,
    well_formed,
)

METRIC = "UnblendedCost"
GROUPED = {"Metrics": [METRIC], "GroupBy": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                                            {"Type": "DIMENSION", "Key": "SERVICE"}]}


def _reply(amount: Any = "12.3400000000", keys: Any = ("111111111111", "AWS Lambda"),
           **extra: Any) -> dict[str, Any]:
    """One grouped GetCostAndUsage page with one day and one group."""
    group = {"Keys": list(keys), "Metrics": {METRIC: {"Amount": amount, "Unit": "USD"}}}
    return {"ResultsByTime": [{"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-02"},
                               "Estimated": False, "Total": {}, "Groups": [group]}], **extra}


def test_a_well_formed_page_is_returned_as_is() -> None:
    reply = _reply(NextPageToken="page-2")
    assert check_reply(reply, METRIC, grouped=2) == reply
    assert well_formed(reply, GROUPED)


@pytest.mark.parametrize(("reply", "needle"), [
    ([], "the reply is not an object"),
    ({"ResultsByTime": "nope"}, "no ResultsByTime list"),
    ({"ResultsByTime": ["x"]}, "a ResultsByTime entry is not an object"),
    ({"ResultsByTime": [{"Groups": []}]}, "has no TimePeriod.Start"),
    (_reply(keys=("111111111111",)), "without its account and service keys"),
    (_reply(amount="lots"), "amount 'lots' is not a number"),
    (_reply(amount="nan"), "is not a plausible number of dollars"),
    (_reply(amount="2e12"), "is not a plausible number of dollars"),
    (_reply(NextPageToken=""), "NextPageToken is not a string"),
])
def test_a_malformed_page_is_one_line(reply: Any, needle: str) -> None:
    with pytest.raises(SourceError, match="Cost Explorer sent a malformed reply") as caught:
        check_reply(reply, METRIC, grouped=2)
    text = caught.value.one_line()
    assert needle in text and "\n" not in text and "was not cached" in text
    assert not well_formed(reply, GROUPED)


def test_an_ungrouped_total_is_checked_too() -> None:
    total = {"ResultsByTime": [{"TimePeriod": {"Start": "2026-11-01"},
                                "Total": {METRIC: {"Amount": "inf", "Unit": "USD"}}}]}
    with pytest.raises(SourceError, match="total amount inf is not a plausible"):
        check_reply(total, METRIC, grouped=0)
    assert well_formed(total, {"Metrics": ["BlendedCost"]})  # the other metric is not read


def test_parse_amount_reads_cost_explorer_strings() -> None:
    assert parse_amount({"Amount": "0.0000000001", "Unit": "USD"}, "here") == 1e-10
    assert parse_amount({"Amount": "-42.5"}, "here") == -42.5  # credits are negative
    with pytest.raises(SourceError, match="here has no Amount"):
        parse_amount({"Unit": "USD"}, "here")


def test_only_replies_that_answered_are_cacheable() -> None:
    assert cacheable(_reply())
    assert not cacheable({"ResultsByTime": []})
    assert not cacheable({})


def test_a_body_botocore_cannot_read_becomes_a_malformed_reply() -> None:
    with pytest.raises(SourceError, match=r"botocore could not read it \(AttributeError\)"), \
            unreadable_reply():
        [].get("ResultsByTime")  # type: ignore[attr-defined]
    with unreadable_reply():  # nothing raised: nothing changed
        pass


def test_too_many_pages_names_the_cap_and_the_way_out(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "kept paging past 7 pages" in too_many_pages(7).one_line()
    monkeypatch.setattr(ce_replies, "MAX_PAGES", 3)
    error = too_many_pages()
    assert "kept paging past 3 pages" in error.one_line() and "--services" in error.one_line()
    assert error.exit_code == 2
