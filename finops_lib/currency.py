"""One currency per report: amounts in different currencies are never added together."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .errors import OptionError

__all__ = ["DEFAULT_CURRENCY", "keep_currencies", "report_currency"]

DEFAULT_CURRENCY = "USD"


def keep_currencies(frame: pd.DataFrame, currencies: Sequence[str]) -> pd.DataFrame:
    """The rows billed in `currencies` (all rows when none are asked for)."""
    if not currencies or frame.empty:
        return frame
    return frame[frame["currency"].str.upper().isin([c.upper() for c in currencies])]


def report_currency(frame: pd.DataFrame, asked: Sequence[str] = ()) -> str:
    """The one currency of the rows, or a one-line error naming the currencies and the filter
    that picks one. An empty frame is in the asked currency, else USD."""
    found = sorted({str(c).upper() for c in frame["currency"].dropna().unique() if str(c).strip()})
    if len(found) > 1:
        picks = " or ".join(f"--filter currency:{c}" for c in found)
        raise OptionError(f"the cost data mixes currencies {', '.join(found)}: amounts in "
                          "different currencies are never added up",
                          fix=f"show one at a time with {picks}")
    if found:
        return found[0]
    return asked[0].upper() if len(asked) == 1 else DEFAULT_CURRENCY
