"""Cost Explorer reads through the day store: only stale days, in date chunks, concurrently.

The days the store cannot serve (`DayStore.stale_days`) are grouped into contiguous ranges and
ranges longer than `chunk_days` are split, so a cold 100-day read becomes a few chunks that
paginate on their own at the same time instead of one long chain of pages. Every request goes
through one client-side token bucket (`RateLimiter`, `REQUESTS_PER_SECOND`, shared by the
threads) on top of botocore's adaptive retries, so concurrency never trips Cost Explorer's
throttling. Requests, pages and seconds are written to the request log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from .base import CostQuery, normalise_frame
from .cache import cache_key
from .ce_store import DayStore

if TYPE_CHECKING:
    from .cost_explorer import CostExplorerSource

__all__ = [
    "REQUESTS_PER_SECOND",
    "FetchPlan",
    "RateLimiter",
    "chunks",
    "costs_with_store",
    "date_ranges",
]

# Cost Explorer throttles bursts of requests per account; 5 requests/s keeps a concurrent cold
# read under it (botocore's adaptive retry still backs off on any ThrottlingException).
REQUESTS_PER_SECOND = 5.0
MAX_WORKERS = 4
PAGE_GROUPS = 500  # Cost Explorer's page size for grouped results
PAGES_PER_CHUNK = 4  # a chunk is split off only when the range would page more than this
SERVICES_PER_ACCOUNT = 15  # the size guess for a cube never stored before
LIMITER_ID = "finops-ce-rate-limit"


@dataclass
class RateLimiter:
    """Evenly spaced request slots shared by threads: `acquire()` waits for the next one."""

    per_second: float = REQUESTS_PER_SECOND
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    waited_seconds: float = 0.0
    calls: int = 0
    _next: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def acquire(self) -> None:
        """Block until the next request slot (at most `per_second` requests a second)."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next)
            self._next = slot + 1.0 / self.per_second
            self.waited_seconds += slot - now
            self.calls += 1
        if slot > now:
            self.sleep(slot - now)

    def hook(self, **_: Any) -> None:
        """botocore `before-call` handler: every GetCostAndUsage call takes a slot."""
        self.acquire()


@dataclass(frozen=True)
class FetchPlan:
    """What one read will do: chunks to fetch (half-open ranges) and days served from disk."""

    chunks: tuple[tuple[date, date], ...]
    stored_days: int

    @property
    def fetched_days(self) -> int:
        """Days fetched from Cost Explorer."""
        return sum((end - start).days for start, end in self.chunks)


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


LIMITER = RateLimiter()  # one per process: every Cost Explorer client shares the account's rate


def limit_rate(client: Any, limiter: RateLimiter = LIMITER) -> None:
    """Make every GetCostAndUsage call of `client` (pages included) wait for the limiter."""
    client.meta.events.register("before-call.cost-explorer.GetCostAndUsage", limiter.hook,
                                unique_id=LIMITER_ID)


def cube_of(source: CostExplorerSource, query: CostQuery) -> str:
    """The store key: who asks, and everything but the dates of the grouped request."""
    params = {name: value for name, value in asdict(query).items()
              if name not in ("start", "end")}  # metric, filters, tags, cost categories, …
    params["group"] = "LINKED_ACCOUNT,SERVICE"
    return cache_key("ce:day-store", params, source.profile, source.caller_account())


def _split(frame: pd.DataFrame) -> tuple[dict[date, list[tuple[str, str, float, str]]],
                                          dict[date, bool]]:
    rows: dict[date, list[tuple[str, str, float, str]]] = {}
    estimated: dict[date, bool] = {}
    for rec in frame.itertuples(index=False):
        day = pd.Timestamp(rec.date).date()
        rows.setdefault(day, []).append((str(rec.account_id), str(rec.service),
                                         float(rec.amount), str(rec.currency)))
        estimated[day] = estimated.get(day, False) or bool(rec.estimated)
    return rows, estimated


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


def chunk_days_for(groups_per_day: float, pages_per_chunk: int = PAGES_PER_CHUNK) -> int:
    """Days per chunk so that one chunk pages at most `pages_per_chunk` times."""
    return max(1, int(pages_per_chunk * PAGE_GROUPS // max(groups_per_day, 1.0)))


def groups_per_day(source: CostExplorerSource, store: DayStore, cube: str) -> float:
    """The cube's size: rows a day in the store from earlier runs, else accounts in scope ×
    SERVICES_PER_ACCOUNT."""
    stored = store.rows_per_day(cube)
    if stored:
        return stored
    return max(1, len(source.scope().accounts)) * SERVICES_PER_ACCOUNT


def costs_with_store(source: CostExplorerSource, query: CostQuery, store: DayStore, *,
                     chunk_days: int | None = None, workers: int = MAX_WORKERS) -> pd.DataFrame:
    """The canonical frame for a DAILY query: stored days from disk, the rest fetched in
    concurrent chunks (`chunk_days`, default from the cube's estimated size)."""
    cube = cube_of(source, query)
    stale = store.stale_days(cube, query.start, query.end)
    if chunk_days is None:
        chunk_days = chunk_days_for(groups_per_day(source, store, cube))
    plan = FetchPlan(tuple(chunks(date_ranges(stale), chunk_days)),
                     (query.end - query.start).days - len(stale))
    limit_rate(source.client("ce"))  # create the client before the threads share it
    started, before = time.perf_counter(), source.api_requests
    fetched = list(_fetch_chunks(source, query, list(plan.chunks), workers))
    seconds = time.perf_counter() - started
    source.request_log.append(
        f"ce day store: {plan.stored_days} day(s) from disk, {plan.fetched_days} fetched in "
        f"{len(plan.chunks)} chunk(s) ({source.api_requests - before} request(s) incl. pages, "
        f"{seconds:.2f} s)")
    names = {a: n for f in fetched for a, n in zip(f["account_id"], f["account_name"],
                                                    strict=True) if n and n != a}
    for piece, frame in zip(plan.chunks, fetched, strict=True):
        rows, estimated = _split(frame)
        days = [piece[0] + timedelta(days=i) for i in range((piece[1] - piece[0]).days)]
        store.save(cube, f"{source.profile or 'default'} {query.metric}", days, rows,
                   estimated, names)
    source.notices.extend(n for n in store.notices if n not in source.notices)
    if store.broken or not plan.stored_days:
        return _from_fetched(fetched, query)
    return _from_store(source, store, cube, query)


def _from_fetched(fetched: list[pd.DataFrame], query: CostQuery) -> pd.DataFrame:
    frames = [f for f in fetched if not f.empty]
    if not frames:
        return normalise_frame(pd.DataFrame(columns=["date"]))
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["date", "account_id", "service"], ignore_index=True)


def _from_store(source: CostExplorerSource, store: DayStore, cube: str,
                query: CostQuery) -> pd.DataFrame:
    frame, described = store.load(cube, query.start, query.end)
    source.days_answered.update(pd.date_range(query.start, query.end - timedelta(days=1)).date)
    names = {**described, **source.organization_names()}
    frame["account_name"] = [names.get(a) or a for a in frame["account_id"]]
    frame["region"] = ""
    frame = normalise_frame(frame)
    return frame.sort_values(["date", "account_id", "service"], ignore_index=True)
