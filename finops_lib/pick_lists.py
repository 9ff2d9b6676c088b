"""Pick-lists for the services and accounts filters: what the source knows, searchable.

The app offers a multiselect (type to search, Enter to add a value it does not list) instead of
a free-text box, so a typo can't blank the page. Services: the documented short names and every
service the last report of the page saw; accounts: the accounts of that report's scope (ids and
names). Anything already selected stays listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .catalog import SERVICE_ALIASES
from .report import Report

__all__ = ["PICK_LISTS", "known_values", "pick_choices"]

PICK_LISTS = frozenset({"services", "accounts"})


def known_values(report: Report) -> dict[str, list[str]]:
    """What a report tells about the source: the services it saw, the accounts in scope."""
    frame = getattr(report, "frame", None)
    services = sorted({str(s) for s in frame["service"].unique()}) if frame is not None \
        and "service" in frame else []
    accounts = [a.id for a in report.scope.accounts] + [a.name for a in report.scope.accounts
                                                         if a.name]
    return {"services": services, "accounts": accounts}


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
    return _unique([*listed, *(str(v) for v in current or ())])
