"""Between a read and the day store (ce_store): rows per day in, the window's frame out.

A full-plan read saves its fetched days as they are. A coarse-plan read (past the request budget,
ce_plan) saves its frame's cells for the days the store could not serve, each marked *modelled*:
daily totals and per-service days are exact, the account × service split of undrilled series is
modelled (and per-account days too when the fit could not match them). Storing them is what makes
the next day cheap on a large organization: only the new and still-estimated days are stale, few
enough for the full plan, while the older days come from the store. A month-close re-read (ce_store)
makes the previous month's modelled days stale again; that range goes coarse again and replaces
them. While a returned window holds modelled days, `notice_modelled` says so on every surface.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from .base import CostQuery, normalise_frame
from .ce_plan import Estimate, estimate_pages
from .ce_store import DayStore, Modelled, Row

if TYPE_CHECKING:
    from .cost_explorer import CostExplorerSource

__all__ = ["from_store", "notice_modelled", "save_coarse", "split_days", "stored_estimate"]


def split_days(frame: pd.DataFrame) -> tuple[dict[date, list[Row]], dict[date, bool]]:
    """The canonical frame's rows by day, and whether Cost Explorer marked each day Estimated."""
    days = pd.to_datetime(frame["date"]).dt.date.tolist()
    cells = zip(frame["account_id"].astype(str).tolist(), frame["service"].astype(str).tolist(),
                frame["amount"].astype(float).tolist(), frame["currency"].astype(str).tolist(),
                strict=True)
    rows: dict[date, list[Row]] = {}
    for day, cell in zip(days, cells, strict=True):  # column lists: a coarse cube is 100 k+ rows
        rows.setdefault(day, []).append(cell)
    flags = frame["estimated"].astype(bool).groupby(days).any() if days else pd.Series()
    return rows, {d: bool(v) for d, v in flags.items()}


def stored_estimate(store: DayStore, cube: str, stale: list[date]) -> Estimate | None:
    """The full plan's requests for the stale days, sized from the store (None: never stored)."""
    per_day = store.rows_per_day(cube)
    if not per_day:
        return None
    return Estimate(estimate_pages(len(stale), per_day), "the day store's rows a day",
                    *store.key_counts(cube))


def label_of(source: CostExplorerSource, query: CostQuery) -> str:
    """The cube's label in the store (who and which metric)."""
    return f"{source.profile or 'default'} {query.metric}"


def names_of(frames: list[pd.DataFrame]) -> dict[str, str]:
    """Account names the frames carry (an id shown as its own name is no name)."""
    return {a: n for f in frames for a, n in zip(f["account_id"], f["account_name"], strict=True)
            if n and n != a}


def save_coarse(source: CostExplorerSource, store: DayStore, cube: str, query: CostQuery,
                frame: pd.DataFrame, stale: list[date], accounts_exact: bool) -> None:
    """Store the coarse frame's stale days that Cost Explorer answered, marked modelled. A day
    the store could serve keeps what it holds (exact, or modelled as well), --no-cache included:
    a coarse read never overwrites a usable exact day."""
    rows, estimated = split_days(frame)
    if not store.read:
        due = set(replace(store, read=True).stale_days(cube, query.start, query.end))
        stale = [d for d in stale if d in due]
    days = [d for d in stale if d in source.days_answered]
    store.save(cube, label_of(source, query), days, rows, estimated, names_of([frame]),
               modelled=Modelled(accounts_exact))


def from_store(source: CostExplorerSource, store: DayStore, cube: str,
               query: CostQuery) -> pd.DataFrame:
    """The window's canonical frame from the store, with account names."""
    frame, described = store.load(cube, query.start, query.end)
    names = {**described, **source.organization_names()}
    frame["account_name"] = [names.get(a) or a for a in frame["account_id"]]
    frame["region"] = ""
    frame = normalise_frame(frame)
    return frame.sort_values(["date", "account_id", "service"], ignore_index=True)


def notice_modelled(source: CostExplorerSource, store: DayStore, cube: str,
                    query: CostQuery) -> int:
    """Add the notice naming the window's modelled days (when any); how many there are."""
    found = store.modelled_days(cube, query.start, query.end)
    if not found:
        return 0
    reads = sorted({m.read_on for m in found.values() if m.read_on is not None})
    when = " and ".join(d.isoformat() for d in reads) or "an earlier run"
    plural = "s" if len(reads) > 1 else ""
    exact = ("daily totals, per-service and per-account daily figures are exact"
             if all(m.accounts_exact for m in found.values())
             else "daily totals and per-service daily figures are exact (per-account daily "
                  "figures are modelled too)")
    days = (query.end - query.start).days
    source.notices.append(
        f"Cost Explorer: {len(found)} of the window's {days} days come from the day store's "
        f"coarse-plan read{plural} of {when}: {exact}; the account × service split of the series "
        "not drilled into on those days is modelled. --no-cache with a higher "
        "--ce-max-requests reads them in full.")
    return len(found)

