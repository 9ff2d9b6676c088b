"""Cost Explorer reads through the day store: only stale days, in date chunks, concurrently.

The days the store cannot serve (`DayStore.stale_days`) are grouped into contiguous ranges and
long ranges are split into about `MAX_WORKERS` chunks (`chunk_days_for`), so a cold 100-day read
becomes chunks that paginate on their own at the same time instead of one long chain of pages.
Every request goes through one client-side adaptive token bucket (`ce_rate.RateLimiter`, shared
by the threads) on top of botocore's adaptive retries, so concurrency does not trip Cost
Explorer's throttling, and backs off when it does. A short stale range (the next day's refresh) is one request
chain, never split. Past the request budget (`--ce-max-requests`) the coarse plan (ce_plan) is
read instead and its stale days are stored marked modelled (ce_days), so the next day's few
stale days fit the budget again and are read in full. Requests, pages and seconds are written to
the request log and `store.reads`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from ..formatting import format_money
from .base import CostQuery, normalise_frame
from .cache import cache_key
from .ce_days import (
    from_store,
    label_of,
    names_of,
    notice_modelled,
    save_coarse,
    split_days,
    stored_estimate,
)
from .ce_plan import Estimate, coarse_costs, estimate_pages
from .ce_rate import limit_rate
from .ce_store import DayStore

if TYPE_CHECKING:
    from .cost_explorer import CostExplorerSource

__all__ = [
    "chunk_days_for",
    "chunks",
    "costs_with_store",
    "date_ranges",
]

MAX_WORKERS = 12
PAGE_GROUPS = 500  # Cost Explorer's page size for grouped results
PROBE_MIN_DAYS = 15  # shorter ranges of a cube never stored are one request chain
SPLIT_MIN_DAYS = 7  # a stale range shorter than this (the next day's refresh) is one chain
NOTICE_REQUESTS = 20  # a read billed this many requests or more says so (and what next)
PRICE_PER_REQUEST = 0.01  # USD: every GetCostAndUsage page


def date_ranges(days: list[date]) -> list[tuple[date, date]]:
    """Contiguous half-open ranges covering sorted `days`."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(days):
        if ranges and ranges[-1][1] == day:
            ranges[-1] = (ranges[-1][0], day + timedelta(days=1))
        else:
            ranges.append((day, day + timedelta(days=1)))
    return ranges


def chunks(ranges: list[tuple[date, date]], chunk_days: int) -> list[tuple[date, date]]:
    """Ranges split into pieces of at most `chunk_days` days, newest first (shown soonest)."""
    out: list[tuple[date, date]] = []
    for start, end in ranges:
        while start < end:
            piece_end = min(end, start + timedelta(days=chunk_days))
            out.append((start, piece_end))
            start = piece_end
    return sorted(out, reverse=True)


def cube_of(source: CostExplorerSource, query: CostQuery) -> str:
    """The store key: who asks, and everything but the dates of the grouped request."""
    params = {name: value for name, value in asdict(query).items()
              if name not in ("start", "end")}  # metric, filters, tags, cost categories, …
    params["group"] = "LINKED_ACCOUNT,SERVICE"
    return cache_key("ce:day-store", params, source.profile, source.caller_account())


def _fetch_chunks(source: CostExplorerSource, query: CostQuery,
                  pieces: list[tuple[date, date]], workers: int) -> Iterator[pd.DataFrame]:
    """Each chunk's frame (all its pages), fetched `workers` at a time."""
    def one(piece: tuple[date, date]) -> pd.DataFrame:
        frame = source.fetch(replace(query, start=piece[0], end=piece[1]))
        days = frame["date"]  # a reply's days outside the asked period are not this chunk's
        return frame[(days >= pd.Timestamp(piece[0])) & (days < pd.Timestamp(piece[1]))]

    if len(pieces) <= 1 or workers <= 1:
        yield from map(one, pieces)
        return
    pool = ThreadPoolExecutor(max_workers=min(workers, len(pieces)))
    try:
        yield from pool.map(one, pieces)
    except BaseException:  # a deadline or a signal must not wait for the other chunks' calls
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def chunk_days_for(groups_per_day: float, days: int, workers: int = MAX_WORKERS) -> int:
    """Days per chunk: the range spread over `workers` concurrent chains (its pages then take
    ~pages ÷ workers round trips), but never less than a full page of days (a thinner chunk
    bills a page for little)."""
    full_page = int(PAGE_GROUPS // max(groups_per_day, 1.0))
    return max(1, full_page, math.ceil(days / max(workers, 1)))


@dataclass(frozen=True)
class _Probe:
    """A range's first page: its complete days, and where the rest starts (None: no rest)."""

    piece: tuple[date, date]
    frame: pd.DataFrame
    resume: date | None
    groups_per_day: float


def _probe(source: CostExplorerSource, query: CostQuery) -> _Probe:
    """Read the first page of the range. A cube that fits in one page costs exactly one request;
    a bigger one tells its size, and its complete days are kept (the last, partial day is not)."""
    from ..cost_metrics import USAGE_NAMES
    from .cost_explorer import _described_accounts

    metric = USAGE_NAMES[query.metric]
    params = source.grouped_params(query)
    page = next(iter(source._pages(params)))  # the rest is fetched in chunks, not by token
    rows = list(source._grouped_rows(page, metric, query))
    frame = pd.DataFrame(rows, columns=["date", "account_id", "service", "amount", "currency",
                                        "estimated", "group"])
    names = {**_described_accounts(page), **source.organization_names()}
    frame["account_name"] = [names.get(a) or a for a in frame["account_id"]]
    frame["region"] = ""
    frame = normalise_frame(frame)
    if not page.get("NextPageToken"):
        return _Probe((query.start, query.end), frame, None, 0.0)
    # the page's last day may be cut off: it is fetched again with the rest
    resume = pd.Timestamp(frame["date"].max()).date() if len(frame) else query.start
    complete = frame[frame["date"] < pd.Timestamp(resume)]
    days = complete["date"].nunique()
    size = len(complete) / days if days else math.inf  # one day fills a page: unknown, large
    return _Probe((query.start, resume), complete, resume, size)


def _split_long(ranges: list[tuple[date, date]], chunk_days: int) -> list[tuple[date, date]]:
    """Long ranges in chunks; a short one (the next day's few stale days) stays one chain."""
    short = [r for r in ranges if (r[1] - r[0]).days < SPLIT_MIN_DAYS]
    return chunks([r for r in ranges if r not in short], chunk_days) + short


def _plan(source: CostExplorerSource, store: DayStore, cube: str, query: CostQuery,
          stale: list[date], chunk_days: int | None) -> tuple[list[_Probe], list[tuple[date, date]]]:
    """Probes (cold cube of unknown size) and the chunks left to fetch concurrently."""
    ranges = date_ranges(stale)
    if chunk_days is not None:
        return [], chunks(ranges, chunk_days)
    if store.rows_per_day(cube):
        return [], _split_long(ranges, chunk_days_for(store.rows_per_day(cube), len(stale)))
    probes, rest = [], []
    for start, end in ranges:
        if (end - start).days < PROBE_MIN_DAYS:
            rest.append((start, end))
            continue
        probe = _probe(source, replace(query, start=start, end=end))
        probes.append(probe)
        if probe.resume is not None:
            rest += chunks([(probe.resume, end)],
                           chunk_days_for(probe.groups_per_day, (end - probe.resume).days))
    return probes, rest


def _estimate(source: CostExplorerSource, query: CostQuery, probes: list[_Probe],
              pieces: list[tuple[date, date]], spent: int) -> Estimate:
    """The full plan's requests: those spent so far plus the chunks' pages, sized from the
    probes' rows a day, or from GetDimensionValues counts when one day filled a page."""
    from .ce_plan import dimension_counts

    frames = [p.frame for p in probes if len(p.frame)]
    accounts = max((int(f["account_id"].nunique()) for f in frames), default=0)
    services = max((int(f["service"].nunique()) for f in frames), default=0)
    per_day = max((p.groups_per_day for p in probes), default=0.0)
    basis = "the first page's rows a day"
    if not math.isfinite(per_day):
        accounts, services = dimension_counts(source, query)
        per_day, basis = float(accounts * services), "GetDimensionValues counts (upper bound)"
    rest = sum(estimate_pages((end - start).days, per_day) for start, end in pieces)
    return Estimate(source.api_requests - spent + rest, basis, accounts, services)


def costs_with_store(source: CostExplorerSource, query: CostQuery, store: DayStore, *,
                     chunk_days: int | None = None, workers: int = MAX_WORKERS) -> pd.DataFrame:
    """The canonical frame for a DAILY query: stored days from disk, the rest fetched in
    concurrent chunks (`chunk_days`, default from the store's rows a day, or from the first
    page of a cube never stored); the coarse plan when that would exceed the budget."""
    cube = cube_of(source, query)
    stale = store.stale_days(cube, query.start, query.end)
    limit_rate(source.client("ce"))  # create the client before the threads share it
    started, before = time.perf_counter(), source.api_requests
    chains, budget = source.request_chains, source.max_requests
    known = stored_estimate(store, cube, stale)
    if known is not None and known.requests > budget:
        return _coarse(source, store, (cube, query, stale), known, started, (before, chains))
    probes, pieces = _plan(source, store, cube, query, stale, chunk_days)
    if known is None and probes and any(p.resume is not None for p in probes):
        estimate = _estimate(source, query, probes, pieces, before)
        if estimate.requests > budget:
            return _coarse(source, store, (cube, query, stale), estimate, started,
                           (before, chains))
    fetched = [(p.piece, p.frame) for p in probes] + list(zip(
        pieces, _fetch_chunks(source, query, pieces, workers), strict=True))
    seconds = time.perf_counter() - started
    stored_days = (query.end - query.start).days - len(stale)
    requests, pages = source.request_chains - chains, source.api_requests - before
    read: dict[str, object] = {
        "start": query.start.isoformat(), "end": query.end.isoformat(), "plan": "full",
        "days_from_store": stored_days, "days_fetched": len(stale), "chunks": len(fetched),
        "requests": requests, "pages": pages, "seconds": round(seconds, 3), "days_modelled": 0}
    store.reads.append(read)
    source.requests.note(
        f"ce day store: {stored_days} day(s) from disk, {len(stale)} fetched in "
        f"{len(fetched)} chunk(s) ({requests} request(s), {pages} page(s) billed, "
        f"{seconds:.2f} s)")
    _notice_cost(source, source.api_requests - before, len(stale), fetched)
    frames = [f for _, f in fetched]
    names = names_of(frames)
    # one transaction for every chunk; a day Cost Explorer did not answer is not stored: it
    # stays stale for the next run
    rows, estimated = split_days(_from_fetched(frames, query))
    days = [d for piece, _ in fetched for d in _days(*piece) if d in source.days_answered]
    store.save(cube, label_of(source, query), days, rows, estimated, names)
    source.notices.extend(n for n in store.notices if n not in source.notices)
    if store.broken or not stored_days:
        return _from_fetched(frames, query)
    unanswered = {d for d in stale if d not in source.days_answered}
    source.days_answered.update(d for d in _days(query.start, query.end) if d not in unanswered)
    read["days_modelled"] = notice_modelled(source, store, cube, query)
    return from_store(source, store, cube, query)


def _coarse(source: CostExplorerSource, store: DayStore, asked: tuple[str, CostQuery, list[date]],
            estimate: Estimate, started: float, counts: tuple[int, int]) -> pd.DataFrame:
    """The coarse plan's frame; its stale days are stored marked modelled (ce_days), its
    figures join the request log and `store.reads`."""
    cube, query, stale = asked
    before, chains = counts
    frame, figures = coarse_costs(source, query, estimate, source.max_requests,
                                  spent=source.api_requests - before)
    seconds = time.perf_counter() - started
    requests, pages = source.request_chains - chains, source.api_requests - before
    save_coarse(source, store, cube, query, frame, stale, bool(figures["accounts_exact"]))
    source.notices.extend(n for n in store.notices if n not in source.notices)
    if len(stale) < (query.end - query.start).days and not store.broken:
        # the days the store served stay as they are (exact, or modelled before)
        frame = from_store(source, store, cube, query)
        modelled = len(store.modelled_days(cube, query.start, query.end))
    else:
        modelled = int(frame["date"].nunique())
    store.reads.append({"start": query.start.isoformat(), "end": query.end.isoformat(),
                        **figures, "requests": requests, "pages": pages,
                        "seconds": round(seconds, 3), "days_modelled": modelled})
    source.requests.note(
        f"ce coarse plan: {requests} request(s), {pages} page(s) billed, {seconds:.2f} s "
        f"(the full plan: ~{estimate.requests} pages); {modelled} day(s) stored modelled")
    return frame


def _notice_cost(source: CostExplorerSource, requests: int, days: int,
                 fetched: list[tuple[tuple[date, date], pd.DataFrame]]) -> None:
    """Say what a large read cost and why the next one will not."""
    if requests < NOTICE_REQUESTS:
        return
    cells = sum(len(f) for _, f in fetched)
    per_day = cells / max(days, 1)
    source.notices.append(
        f"Cost Explorer: this read cost {requests} requests ({format_money(requests * PRICE_PER_REQUEST)};"
        f" {days} days × ~{per_day:,.0f} account × service pairs a day, 500 a page). The day "
        f"store keeps the closed days, so the next run fetches only the newest ones "
        f"(~{max(1, -(-int(3 * per_day) // 500))} request(s)).")


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days)]


def _from_fetched(fetched: list[pd.DataFrame], query: CostQuery) -> pd.DataFrame:
    frames = [f for f in fetched if not f.empty]
    if not frames:
        return normalise_frame(pd.DataFrame(columns=["date"]))
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["date", "account_id", "service"], ignore_index=True)

