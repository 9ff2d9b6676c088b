"""Pick-lists for the services, accounts and regions filters: what the source knows, searchable.

The app offers a multiselect (type to search, Enter to add a value it does not list) instead of
a free-text box, so a typo can't blank the page. Services: the documented short names and every
service the last report of the page saw; accounts: the accounts of that report's scope (ids and
names); regions: the region codes of that report's rows, then every commercial AWS region
(botocore's offline endpoint data: Cost Explorer's daily cube has no region column).
Anything already selected stays listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from .catalog import SERVICE_ALIASES
from .report import Report

__all__ = ["PICK_LISTS", "aws_regions", "known_values", "pick_choices"]

PICK_LISTS = frozenset({"services", "accounts", "regions"})


def known_values(report: Report) -> dict[str, list[str]]:
    """What a report tells about the source: services and regions it saw, accounts in scope."""
    frame = getattr(report, "frame", None)
    accounts = [a.id for a in report.scope.accounts] + [a.name for a in report.scope.accounts
                                                         if a.name]
    return {"services": _column(frame, "service"), "accounts": accounts,
            "regions": _column(frame, "region")}


def _column(frame: Any, name: str) -> list[str]:
    """The distinct non-empty values of one column of the report's rows, sorted."""
    if frame is None or name not in frame:
        return []
    return sorted({str(v) for v in frame[name].unique() if v and v == v})


@cache
def aws_regions() -> tuple[str, ...]:
    """Commercial AWS region codes, from botocore's bundled endpoint data (no network)."""
    import botocore.session

    return tuple(sorted(botocore.session.get_session().get_available_regions("ec2")))


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def pick_choices(name: str, known: Mapping[str, Sequence[str]] | None,
                 current: Sequence[Any] | None) -> list[str]:
    """The multiselect's choices for `name`: known values (services also their short names),
    then whatever is selected now."""
    listed = list((known or {}).get(name, ()))
    if name == "services":
        listed = [*sorted(SERVICE_ALIASES), *listed]
    elif name == "regions":
        listed = [*listed, *aws_regions()]
    return _unique([*listed, *(str(v) for v in current or ())])
