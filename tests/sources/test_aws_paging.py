"""The one Cost Explorer paging helper: every page, and a clear error instead of paging forever."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from finops_lib.errors import SourceError
from finops_lib.sources import ce_replies
from finops_lib.sources.aws_paging import token_pages


class _Replies:
    """A fetch that answers prepared replies in order and remembers every request."""

    def __init__(self, *replies: Mapping[str, Any]) -> None:
        self.replies = list(replies)
        self.sent: list[tuple[dict[str, Any], int]] = []

    def __call__(self, request: dict[str, Any], page: int) -> Mapping[str, Any]:
        self.sent.append((request, page))
        return self.replies[len(self.sent) - 1]


def test_every_page_is_followed_until_one_has_no_token() -> None:
    fetch = _Replies({"n": 1, "NextPageToken": "t2"}, {"n": 2, "NextPageToken": "t3"}, {"n": 3})
    pages = list(token_pages(fetch, {"Granularity": "DAILY"}))
    assert [p["n"] for p in pages] == [1, 2, 3]
    assert fetch.sent == [({"Granularity": "DAILY"}, 1),
                          ({"Granularity": "DAILY", "NextPageToken": "t2"}, 2),
                          ({"Granularity": "DAILY", "NextPageToken": "t3"}, 3)]


def test_a_repeated_token_raises_instead_of_paging_forever() -> None:
    fetch = _Replies({"NextPageToken": "a"}, {"NextPageToken": "b"}, {"NextPageToken": "a"},
                     {"n": "never asked"})
    pages = token_pages(fetch, {})
    with pytest.raises(SourceError, match="repeated page token on page 3") as caught:
        list(pages)
    assert len(fetch.sent) == 3  # the repeated token was not followed
    assert caught.value.exit_code == 2 and "Re-run" in caught.value.one_line()


def test_endless_new_tokens_stop_at_the_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ce_replies, "MAX_PAGES", 4)
    fetch = _Replies(*({"NextPageToken": f"t{n}"} for n in range(10)))
    with pytest.raises(SourceError, match="kept paging past 4 pages"):
        list(token_pages(fetch, {}))
    assert len(fetch.sent) == 4


def test_the_anomaly_calls_share_it_and_turn_the_error_into_a_notice() -> None:
    from datetime import date

    from finops_lib.anomalies import ReplayClient, RequestLog, Unavailable, aws_anomalies

    client = ReplayClient().queue("get_anomalies", {"Anomalies": [], "NextPageToken": "x"},
                                  {"Anomalies": [], "NextPageToken": "x"})
    log = RequestLog()
    result = aws_anomalies(client, date(2026, 10, 1), date(2026, 10, 28), log=log)
    assert isinstance(result, Unavailable)
    assert str(result).startswith("ce:GetAnomalies unavailable: Cost Explorer repeated page token")
    assert log.count == 2 and len(client.sent) == 2
