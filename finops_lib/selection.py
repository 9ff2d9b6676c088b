"""The one selection resolver: what --services, --accounts, --regions and every --filter keep.

Costs (`costs`, budgets, pick-lists) and activity analysis read the same `Selection`: values of
one dimension given several ways are intersected (ANDed), and an account name the scope does not
know is refused with one clear line, never passed through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog import resolve_service
from .errors import OptionError
from .options import Options, parse_filters
from .sources.base import Scope

__all__ = ["ACCOUNT_ID", "Selection", "account_ids", "selection_from_options"]

ACCOUNT_ID = re.compile(r"\d{12}")


@dataclass(frozen=True)
class Selection:
    """Dimension filters pushed to the source, and cost bounds applied to table rows."""

    services: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    cost_min: float | None = None  # keep rows whose current cost is > cost_min
    cost_max: float | None = None  # keep rows whose current cost is < cost_max
    tags: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (key, values); "" = untagged
    cost_categories: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, values)
    currencies: tuple[str, ...] = ()  # billing currencies kept; empty = the data's one currency


def _intersect(current: set[str] | None, new: Sequence[str]) -> set[str]:
    return set(new) if current is None else current & set(new)


def account_ids(names: Sequence[str], scope: Scope) -> list[str]:
    """Account ids for names or 12-digit ids (names case-insensitive, looked up in the scope);
    a name the scope does not know is refused with one line naming the ones it does."""
    by_name = {a.name.lower(): a.id for a in scope.accounts}
    ids = []
    for item in names:
        text = str(item).strip()
        if ACCOUNT_ID.fullmatch(text):
            ids.append(text)
        elif text.lower() in by_name:
            ids.append(by_name[text.lower()])
        else:
            known = ", ".join(sorted(a.name for a in scope.accounts))
            raise OptionError(f"unknown account {text!r}",
                              fix=f"use a 12-digit account id or one of: {known}" if known else
                              "use a 12-digit account id (names need a source that reports them)")
    return ids


def _ou_accounts(names: Sequence[str], scope: Scope) -> list[str]:
    """Account ids in the named OUs (case-insensitive; a parent OU path covers its children)."""
    known = sorted({a.ou for a in scope.accounts if a.ou})
    if not known:
        raise OptionError("--filter ou: this source reports no organizational units",
                          fix="use --all-profile (Organizations) or the demo; or filter by account")
    ids = []
    for name in names:
        wanted = name.strip().lower()
        matched = [a.id for a in scope.accounts
                   if a.ou.lower() == wanted or a.ou.lower().startswith(wanted + "/")]
        if not matched:
            raise OptionError(f"--filter ou: no OU named {name!r}", fix="use one of: "
                              + ", ".join(known))
        ids += matched
    return ids


def _merge_keyed(pairs: dict[str, set[str]], key: str, values: Sequence[str]) -> None:
    pairs[key] = pairs[key] & set(values) if key in pairs else set(values)


def _frozen(pairs: dict[str, set[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, tuple(sorted(v))) for k, v in sorted(pairs.items()))


def selection_from_options(opts: Options, scope: Scope) -> Selection:
    """Combine --services, --accounts, --regions and every --filter (ANDed) into one Selection."""
    services = {resolve_service(s) for s in opts.services} if opts.services else None
    accounts = set(account_ids(opts.accounts, scope)) if opts.accounts else None
    regions: set[str] | None = set(opts.regions) if opts.regions else None
    currencies: set[str] | None = None
    cost_min = cost_max = None
    keyed: dict[str, dict[str, set[str]]] = {"tag": {}, "cost-category": {}}
    for field, op, value in parse_filters(opts.filter):
        kind, _, key = field.partition(":")
        if field == "currency":
            currencies = _intersect(currencies, [v.upper() for v in value])
        elif kind in keyed:
            _merge_keyed(keyed[kind], key, value)
        elif field == "ou":
            accounts = _intersect(accounts, _ou_accounts(value, scope))
        elif field == "service":
            services = _intersect(services, [resolve_service(v) for v in value])
        elif field == "account":
            accounts = _intersect(accounts, account_ids(value, scope))
        elif field == "region":
            regions = _intersect(regions, value)
        elif op == ">":
            cost_min = value if cost_min is None else max(cost_min, value)
        else:
            cost_max = value if cost_max is None else min(cost_max, value)
    chosen_keyed = [(f"{kind} {key} values", v) for kind, pairs in keyed.items()
                     for key, v in pairs.items()]
    for name, chosen in (("services", services), ("accounts", accounts), ("regions", regions),
                         ("currencies", currencies), *chosen_keyed):
        if chosen is not None and not chosen:
            raise OptionError(f"the filters leave no {name} to show",
                              fix="check --services, --accounts, --regions and --filter")
    return Selection(tuple(sorted(services or ())), tuple(sorted(accounts or ())),
                     tuple(sorted(regions or ())), cost_min, cost_max,
                     _frozen(keyed["tag"]), _frozen(keyed["cost-category"]),
                     tuple(sorted(currencies or ())))
