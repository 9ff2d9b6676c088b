"""What the figures cover: the accounts a report actually includes after --accounts/--filter,
and the payer relationship when a caller's view holds its linked accounts' costs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from .sources.base import Account, Scope

__all__ = ["effective_scope", "plural"]


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 account`, `2 accounts` (the small truth of a count)."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def _data_accounts(frame: pd.DataFrame) -> dict[str, str]:
    if frame.empty:
        return {}
    pairs = frame[["account_id", "account_name"]].drop_duplicates("account_id")
    return {str(i): str(n or i) for i, n in zip(pairs["account_id"], pairs["account_name"],
                                                 strict=True) if str(i)}


def _as_payer(scope: Scope, seen: dict[str, str]) -> Scope:
    """A one-account view whose data holds other accounts is the payer of those accounts."""
    linked = tuple(Account(i, n) for i, n in sorted(seen.items(), key=lambda kv: kv[1].lower()))
    return Scope("payer", f"payer {scope.caller_account}: "
                 f"{plural(len(linked), 'linked account')}", scope.caller_account, linked)


def _names(accounts: Sequence[Account], limit: int = 3) -> str:
    shown = [a.name or a.id for a in accounts[:limit]]
    more = len(accounts) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def effective_scope(scope: Scope, selected: Sequence[str], frame: pd.DataFrame) -> Scope:
    """The scope restricted to the selected account ids (all when none are), widened to the
    accounts the data holds; the label says how many of how many and names a few."""
    seen = _data_accounts(frame)
    if scope.kind == "account" and set(seen) - {scope.caller_account}:
        scope = _as_payer(scope, seen)
    known = {a.id for a in scope.accounts}
    every = (*scope.accounts, *(Account(i, n) for i, n in sorted(seen.items()) if i not in known))
    if not selected:
        return replace(scope, accounts=every) if len(every) != len(scope.accounts) else scope
    kept = tuple(a for a in every if a.id in set(selected))
    label = (f"{scope.label} — filtered to {plural(len(kept), 'account')} of {len(every)}: "
             f"{_names(kept)}")
    return replace(scope, label=label, accounts=kept)
