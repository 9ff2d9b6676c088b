"""The one way to follow Cost Explorer's NextPageToken: every page, or one clear error.

Cost Explorer bills each page, so a reply that repeats a token (which would page forever) or a
query that keeps handing out new tokens past `ce_replies.MAX_PAGES` stops with a SourceError
naming the problem, never silently with part of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..errors import SourceError
from . import ce_replies

__all__ = ["Fetch", "repeated_token", "token_pages"]

# (request with its NextPageToken, 1-based page number) → the reply
Fetch = Callable[[dict[str, Any], int], Mapping[str, Any]]


def repeated_token(page: int) -> SourceError:
    """The error for a reply that hands back a token already followed."""
    return SourceError(f"Cost Explorer repeated page token on page {page}",
                       fix="Re-run the command; use --no-cache if it persists")


def token_pages(fetch: Fetch, params: Mapping[str, Any],
                max_pages: int | None = None) -> Iterator[dict[str, Any]]:
    """Every reply of one query, following NextPageToken until a reply has none."""
    cap = ce_replies.MAX_PAGES if max_pages is None else max_pages  # read now: tests lower it
    token: str | None = None
    seen: set[str] = set()
    page = 1
    while True:
        request = dict(params, NextPageToken=token) if token else dict(params)
        response = dict(fetch(request, page))
        yield response
        token = response.get("NextPageToken")
        if not token:
            return
        if token in seen:  # a repeated token would page (and bill) forever
            raise repeated_token(page)
        if page >= cap:  # so would a service handing out new tokens forever
            raise ce_replies.too_many_pages(cap)
        seen.add(token)
        page += 1
