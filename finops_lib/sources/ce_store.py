"""The incremental day store for Cost Explorer: closed days are fetched once, kept on disk.

Why SQLite: it is in the standard library, a write is one transaction (a crash never leaves half
a day), several processes (the app and a command) can share the file, and a day is a few
thousand small rows, not an analytical scan. Layout and statements: `ce_store.sql`.

Rules (one *cube* = profile, caller account, metric, grouping and filter):

* A stored day is reused when AWS no longer marked it *Estimated*, its row count matches what was
  written, and it was fetched after its month was restated. Anything else is fetched again:
  typically the last 1–3 (estimated) days, so a run the next day costs one request.
* Month close: AWS restates a month's figures (credits, refunds, RI/SP true-ups) in the first
  days of the next one. A day is *final* only when it was fetched on or after the 6th of the
  following month (`CLOSE_DAY` = 5); a day fetched earlier is fetched once more after the 5th,
  which re-reads the previous month exactly once (one extra request that month).
* Coarse-plan reads (past the request budget) are stored too, each day marked *modelled*
  (table `modelled`: the read's date, whether its per-account daily sums are exact): daily
  totals and per-service days are exact, the account × service split of undrilled series is
  modelled. Such a day follows the same staleness rules (so a month-close re-read covers it) and
  a full-plan save of it removes the mark. ce_days says so in a notice while any is served.
* A day with no cost rows younger than `EMPTY_DAYS_PROVISIONAL` days is treated as estimated.
* Size: days older than `RETENTION_DAYS` (Cost Explorer keeps 13 months) are deleted; past
  `max_mb` (default 256 MB, $FINOPS_CE_STORE_MAX_MB) the least recently used cubes are dropped.
  100 accounts × 40 services × 400 days is ~1.6 M rows, ~150 MB.
* `read=False` (--no-cache) ignores what is stored and fetches the whole window, then stores it.
* A damaged file (not a database, malformed) is deleted and everything is fetched again, with a
  notice; a disk that refuses writes only loses the store, never the report.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

from .cache import default_cache_dir

__all__ = ["CLOSE_DAY", "RETENTION_DAYS", "DayStore", "Modelled", "final_from", "store_path"]

CLOSE_DAY = 5
RETENTION_DAYS = 400
EMPTY_DAYS_PROVISIONAL = 3
DEFAULT_MAX_MB = 256.0
MAX_MB_ENV = "FINOPS_CE_STORE_MAX_MB"
_SQL_FILE = Path(__file__).with_name("ce_store.sql")
Row = tuple[str, str, float, str]  # account id, service, amount, currency


def _statements() -> dict[str, str]:
    out: dict[str, str] = {}
    name = ""
    for line in _SQL_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("-- name:"):
            name = line.split(":", 1)[1].strip()
            out[name] = ""
        elif name and not line.startswith("--"):
            out[name] += line + "\n"
    return out


SQL = _statements()


def store_path() -> Path:
    """The store file, next to the response cache ($FINOPS_CACHE_DIR)."""
    return default_cache_dir() / "ce-days.sqlite"


def utc_today() -> date:
    """Today in UTC (Cost Explorer's days are UTC days)."""
    return datetime.now(UTC).date()


def final_from(day: date) -> date:
    """The first fetch date after which a closed `day` is final: the 6th of the next month."""
    first_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_next + timedelta(days=CLOSE_DAY)


def _max_mb() -> float:
    with contextlib.suppress(ValueError):
        return float(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    return DEFAULT_MAX_MB


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day < end:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class Modelled:
    """A day stored from a coarse-plan read: its undrilled account × service split is modelled."""

    accounts_exact: bool  # its per-account daily sums matched the account daily read
    read_on: date | None = None  # the read's date (set when loaded; a save uses today)


@dataclass
class DayStore:
    """Per-cube daily rows in SQLite; see the module docstring for the rules."""

    path: Path = field(default_factory=store_path)
    read: bool = True
    max_mb: float = field(default_factory=_max_mb)
    today: Callable[[], date] = utc_today
    notices: list[str] = field(default_factory=list)
    broken: bool = False  # the disk refused: the caller fetches without the store
    reads: list[dict[str, object]] = field(default_factory=list)  # one per read (JSON extra)

    def _connect(self) -> sqlite3.Connection:
        """Open (creating the schema); a file that is not a database is deleted, once."""
        for attempt in (1, 2):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30)
            try:
                con.executescript(SQL["schema"])
                return con
            except sqlite3.DatabaseError as exc:
                con.close()
                if attempt == 2 or _locked(exc):
                    raise
                self._discard(exc)
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A connection holding one transaction (committed on success, rolled back on error)."""
        con = self._connect()
        try:
            with con:
                yield con
        finally:
            con.close()

    def _discard(self, exc: Exception) -> None:
        self.notices.append(f"The Cost Explorer day store {self.path} was unreadable ({exc}); "
                            "it was deleted and the days are fetched again.")
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def stale_days(self, cube: str, start: date, end: date) -> list[date]:
        """Days of [start, end) to fetch: not stored, estimated, damaged or not yet final."""
        wanted = list(_days(start, end))
        if not self.read:
            return wanted
        try:
            with self._db() as con:
                rows = con.execute(SQL["stored_days"], (cube, start.isoformat(),
                                                        end.isoformat())).fetchall()
        except sqlite3.DatabaseError as exc:
            if _locked(exc):
                self.broken = True
            else:  # damaged inside: start again from an empty store
                self._discard(exc)
            return wanted
        except OSError:
            self.broken = True
            return wanted
        today = self.today()
        usable = {date.fromisoformat(day) for day, estimated, fetched_on, count, present in rows
                  if not estimated and count == present
                  and (date.fromisoformat(fetched_on) >= final_from(date.fromisoformat(day))
                       or today < final_from(date.fromisoformat(day)))}
        return [d for d in wanted if d not in usable]

    def save(self, cube: str, label: str, days: Iterable[date], rows: Mapping[date, list[Row]],
             estimated: Mapping[date, bool], names: Mapping[str, str], *,
             modelled: Modelled | None = None) -> None:
        """Replace the given days of the cube with what was fetched, in one transaction;
        `modelled` marks them as a coarse-plan read (else any earlier mark is removed)."""
        today = self.today()
        try:
            with self._db() as con:
                con.execute(SQL["touch_cube"], (cube, label, time.time()))
                for day in days:
                    iso, day_rows = day.isoformat(), rows.get(day, [])
                    con.execute(SQL["delete_day_rows"], (cube, iso))
                    con.executemany(SQL["put_row"], [(cube, iso, *r) for r in day_rows])
                    provisional = not day_rows and (today - day).days < EMPTY_DAYS_PROVISIONAL
                    con.execute(SQL["put_day"], (cube, iso, int(estimated.get(day, False)
                                                                or provisional),
                                                 today.isoformat(), len(day_rows)))
                    con.execute(SQL["clear_modelled"], (cube, iso))
                    if modelled is not None:
                        con.execute(SQL["put_modelled"], (cube, iso, today.isoformat(),
                                                          int(modelled.accounts_exact)))
                con.executemany(SQL["put_name"], [(cube, a, n) for a, n in names.items()])
            self._bound(today)
        except (sqlite3.Error, OSError):
            self.broken = True

    def modelled_days(self, cube: str, start: date, end: date) -> dict[date, Modelled]:
        """The days of [start, end) stored from a coarse-plan read ({} when unreadable)."""
        try:
            with self._db() as con:
                found = con.execute(SQL["load_modelled"], (cube, start.isoformat(),
                                                           end.isoformat())).fetchall()
        except (sqlite3.Error, OSError):
            return {}
        return {date.fromisoformat(day): Modelled(bool(exact), date.fromisoformat(read_on))
                for day, read_on, exact in found}

    def load(self, cube: str, start: date, end: date) -> tuple[pd.DataFrame, dict[str, str]]:
        """The cube's stored rows for [start, end) and the account names Cost Explorer gave."""
        with self._db() as con:
            rows = con.execute(SQL["load_rows"], (cube, start.isoformat(),
                                                  end.isoformat())).fetchall()
            names = dict(con.execute(SQL["load_names"], (cube,)).fetchall())
        frame = pd.DataFrame(rows, columns=["date", "account_id", "service", "amount", "currency",
                                            "estimated"])
        frame["estimated"] = frame["estimated"].astype(bool)
        return frame, names

    def _bound(self, today: date) -> None:
        """Delete days past the retention, then least recently used cubes past max_mb."""
        oldest = (today - timedelta(days=RETENTION_DAYS)).isoformat()
        with self._db() as con:
            con.execute(SQL["prune_old_rows"], (oldest,))
            con.execute(SQL["prune_old_days"], (oldest,))
            con.execute(SQL["prune_old_modelled"], (oldest,))
        for _ in range(100):
            if self.size_mb() <= self.max_mb:
                return
            with self._db() as con:
                found = con.execute(SQL["oldest_cube"]).fetchone()
                if found is None:
                    return
                for name in ("drop_cube_rows", "drop_cube_days", "drop_cube_modelled",
                             "drop_cube_names", "drop_cube"):
                    con.execute(SQL[name], (found[0],))
            con = self._connect()
            try:
                con.execute("VACUUM")
            finally:
                con.close()

    def rows_per_day(self, cube: str) -> float:
        """Mean rows a stored day of the cube has (0 when nothing is stored)."""
        try:
            with self._db() as con:
                found = con.execute(SQL["rows_per_day"], (cube,)).fetchone()
        except (sqlite3.Error, OSError):
            return 0.0
        return float(found[0] or 0.0)

    def key_counts(self, cube: str) -> tuple[int, int]:
        """Distinct accounts and services stored for the cube ((0, 0) when unreadable)."""
        try:
            with self._db() as con:
                found = con.execute(SQL["distinct_keys"], (cube,)).fetchone()
        except (sqlite3.Error, OSError):
            return 0, 0
        return int(found[0] or 0), int(found[1] or 0)

    def size_mb(self) -> float:
        """The store's file size in MB."""
        try:
            return self.path.stat().st_size / 1024**2
        except OSError:
            return 0.0


def _locked(exc: Exception) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
