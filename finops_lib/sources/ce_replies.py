"""Cost Explorer replies are checked before anything reads or caches them.

A reply that is not the documented shape (a dict with a ResultsByTime list, every group with
its Keys and a finite Amount for the metric) is refused with one line; only replies that pass
are cached, so a bad answer never outlives the run that received it.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import SourceError, shown

__all__ = [
    "MAX_PAGES",
    "MAX_PLAUSIBLE_USD",
    "cacheable",
    "check_reply",
    "parse_amount",
    "too_many_pages",
    "unreadable_reply",
    "well_formed",
]

MAX_PAGES = 200  # GetCostAndUsage costs $0.01 a page; no dashboard query needs more
MAX_PLAUSIBLE_USD = 1e12  # one day of one service in one account never costs a trillion
_FIX = "re-run later; the reply was not cached. If it persists, re-run with --verbose"


def _bad(what: str) -> SourceError:
    return SourceError(f"Cost Explorer sent a malformed reply: {what}", fix=_FIX)


def parse_amount(value: Any, where: str) -> float:
    """A metric's Amount as a finite, plausible number of dollars, or a SourceError."""
    if not isinstance(value, Mapping) or "Amount" not in value:
        raise _bad(f"{where} has no Amount")
    text = value["Amount"]
    try:
        amount = float(text)
    except (TypeError, ValueError):
        raise _bad(f"{where} amount {shown(text)!r} is not a number") from None
    if not math.isfinite(amount) or abs(amount) > MAX_PLAUSIBLE_USD:
        raise _bad(f"{where} amount {shown(text)} is not a plausible number of dollars")
    return amount


def _check_group(group: Any, metric: str, where: str, keys_wanted: int) -> None:
    if not isinstance(group, Mapping) or not group:
        raise _bad(f"{where} has an empty group")
    keys = group.get("Keys")
    if not isinstance(keys, list) or len(keys) < keys_wanted \
            or not all(isinstance(k, str) for k in keys):
        named = "account and service keys" if keys_wanted == 2 else "grouping key"
        raise _bad(f"{where} has a group without its {named}")
    metrics = group.get("Metrics")
    if not isinstance(metrics, Mapping):
        raise _bad(f"{where} has a group without Metrics")
    parse_amount(metrics.get(metric), f"{where} {shown(keys[-1], 40)}")


def _check_result(result: Any, metric: str, grouped: int) -> None:
    if not isinstance(result, Mapping):
        raise _bad("a ResultsByTime entry is not an object")
    period = result.get("TimePeriod")
    start = period.get("Start") if isinstance(period, Mapping) else None
    if not isinstance(start, str) or len(start) < 10:
        raise _bad("a ResultsByTime entry has no TimePeriod.Start")
    where = f"the period starting {shown(start, 25)}"
    groups = result.get("Groups", [])
    if not isinstance(groups, list):
        raise _bad(f"{where} has Groups that are not a list")
    for group in groups:
        _check_group(group, metric, where, grouped)
    total = result.get("Total")
    if not grouped and total:
        if not isinstance(total, Mapping):
            raise _bad(f"{where} has a Total that is not an object")
        if metric in total:
            parse_amount(total[metric], f"{where} total")


def check_reply(reply: Any, metric: str, grouped: int) -> dict[str, Any]:
    """`reply` if it is a well-formed GetCostAndUsage page, else SourceError (one line);
    `grouped` is the number of GroupBy keys each group must carry (0: ungrouped)."""
    if not isinstance(reply, Mapping):
        raise _bad("the reply is not an object")
    results = reply.get("ResultsByTime")
    if not isinstance(results, list):
        raise _bad("no ResultsByTime list")
    for result in results:
        _check_result(result, metric, grouped)
    token = reply.get("NextPageToken")
    if token is not None and (not isinstance(token, str) or not token):
        raise _bad("NextPageToken is not a string")
    return dict(reply)


@contextlib.contextmanager
def unreadable_reply() -> Iterator[None]:
    """A body botocore cannot parse at all (e.g. a JSON list) is a malformed reply too."""
    try:
        yield
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise _bad(f"botocore could not read it ({type(exc).__name__})") from exc


def cacheable(reply: Mapping[str, Any]) -> bool:
    """Only replies that answered for some period are kept: an empty ResultsByTime (a service
    hiccup, or a period with nothing yet) is used once, never cached."""
    return bool(reply.get("ResultsByTime"))


def well_formed(reply: Any, params: Mapping[str, Any]) -> bool:
    """True when a cached reply to `params` passes check_reply (else it is asked for again)."""
    try:
        check_reply(reply, params["Metrics"][0], len(params.get("GroupBy", ())))
    except SourceError:
        return False
    return True


def too_many_pages(cap: int | None = None) -> SourceError:
    """The error for a query that keeps paging past `cap` (default MAX_PAGES) pages (the cap
    protects the bill)."""
    return SourceError(f"Cost Explorer kept paging past {MAX_PAGES if cap is None else cap} pages",
                       fix="narrow the query (--services, --accounts, a shorter --timeframe) "
                           "or re-run later")
