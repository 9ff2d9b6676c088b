"""The triage store: per anomaly state, owner and note, kept in SQLite or PostgreSQL.

`FINOPS_DB_URL` picks the database: `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`
or `postgresql://user:password@host:port/dbname` (psycopg 3). Unset, it is a SQLite file in the
data folder (`$FINOPS_DATA_DIR`, else ~/.local/share/finops-dashboard). The schema is migrated on
first use by the numbered scripts `sql/vNNNN_*.sql`, each applied once in its own transaction
and recorded in `triage_schema_version`. Every write is one short transaction (SQLite:
`BEGIN IMMEDIATE` with a busy timeout, WAL journal; PostgreSQL: row upserts and an advisory lock
around migrations), so several processes can write at once.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import FinopsError

__all__ = ["DATA_DIR_ENV", "DB_URL_ENV", "STATES", "HistoryEntry", "Seen", "StoreError",
           "TriageRecord", "TriageStore", "default_url", "open_store", "redact"]

DB_URL_ENV = "FINOPS_DB_URL"
DATA_DIR_ENV = "FINOPS_DATA_DIR"
STATES: tuple[str, ...] = ("open", "acknowledged", "expected", "resolved")
BUSY_TIMEOUT_SECONDS = 30.0
_MIGRATION_LOCK_KEY = 180018  # pg_advisory_xact_lock key for schema migrations
_MIGRATION_RE = re.compile(r"^v(\d{4})_[\w-]+\.sql$")

Run = Callable[[str, Mapping[str, Any]], list[tuple[Any, ...]]]


class StoreError(FinopsError):
    """The triage store could not be opened, migrated or written."""


@dataclass(frozen=True)
class Seen:
    """What the store needs to know about a detected anomaly to track it."""

    anomaly_id: str
    series: str
    service: str
    start_day: str
    direction: str
    severity: str


@dataclass(frozen=True)
class TriageRecord:
    """One anomaly's triage: state, owner, note, who changed it last and when."""

    anomaly_id: str
    series: str
    service: str
    start_day: str
    direction: str
    severity: str
    state: str
    owner: str
    note: str
    updated_by: str
    updated_at: str
    first_seen: str
    notified_at: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an anomaly's triage."""

    anomaly_id: str
    changed_at: str
    changed_by: str
    state: str
    owner: str
    note: str


def default_url() -> str:
    """$FINOPS_DB_URL, else a SQLite file in the data folder."""
    configured = os.environ.get(DB_URL_ENV, "").strip()
    if configured:
        return configured
    folder = os.environ.get(DATA_DIR_ENV) or str(
        Path.home() / ".local" / "share" / "finops-dashboard")
    return f"sqlite:///{Path(folder) / 'triage.sqlite'}"


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _sql(name: str) -> str:
    return resources.files(__package__).joinpath("sql", name).read_text(encoding="utf-8")


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files(__package__).joinpath("sql")
    found = [(int(m.group(1)), entry.name) for entry in folder.iterdir()
             if (m := _MIGRATION_RE.match(entry.name))]
    return sorted(found)


def _statements(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


_MIGRATED: set[str] = set()


class TriageStore:
    """Reads and writes triage records; one short connection per call (thread/process safe)."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            self.dialect = "sqlite"
        elif url.startswith(("postgresql://", "postgres://")):
            self.dialect = "postgresql"
        else:
            raise StoreError(f"{DB_URL_ENV}={redact(url)!r} is not a supported database URL",
                             fix="use sqlite:///path/triage.sqlite or "
                                 "postgresql://user:password@host:5432/dbname")
        self.url = url

    @property
    def label(self) -> str:
        """Where the store is, password removed."""
        return redact(self.url)

    @contextmanager
    def _transaction(self) -> Iterator[Run]:
        try:
            if self.dialect == "sqlite":
                with self._sqlite() as run:
                    yield run
            else:
                with self._postgres() as run:
                    yield run
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"triage store {self.label}: {exc}",
                             fix=f"check {DB_URL_ENV} and the folder's permissions") from None
        except Exception as exc:  # psycopg errors, imported lazily
            if type(exc).__module__.startswith("psycopg"):
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise StoreError(f"triage store {self.label}: {first}",
                                 fix=f"check {DB_URL_ENV} and that the server is reachable") \
                    from None
            raise

    @contextmanager
    def _sqlite(self) -> Iterator[Run]:
        path = _sqlite_path(self.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock

            def run(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
                return list(conn.execute(sql, dict(params)).fetchall())

            try:
                yield run
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _postgres(self) -> Iterator[Run]:
        import psycopg

        with psycopg.connect(self.url, connect_timeout=10) as conn, conn.transaction():
            def run(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
                text = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)
                cur = conn.execute(text, dict(params))
                return list(cur.fetchall()) if cur.description else []

            yield run

    def migrate(self) -> int:
        """Apply the schema scripts not yet applied; return the schema version."""
        with self._transaction() as run:
            if self.dialect == "postgresql":
                run("SELECT pg_advisory_xact_lock(:key)", {"key": _MIGRATION_LOCK_KEY})
            run(_sql("schema_version.sql"), {})
            done = {int(r[0]) for r in run("SELECT version FROM triage_schema_version", {})}
            for version, name in _migrations():
                if version in done:
                    continue
                for statement in _statements(_sql(name)):
                    run(statement, {})
                run("INSERT INTO triage_schema_version (version, applied_at) VALUES (:v, :now)",
                    {"v": version, "now": _now()})
                done.add(version)
        _MIGRATED.add(self.url)
        return max(done, default=0)

    def _ready(self) -> None:
        if self.url not in _MIGRATED:
            self.migrate()

    def _each(self, name: str, params: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """Run one script for each parameter set in one transaction; the last one's rows."""
        if not params:
            return []
        self._ready()
        rows: list[tuple[Any, ...]] = []
        with self._transaction() as run:
            for values in params:
                rows = run(_sql(name), values)
        return rows

    def register(self, seen: Sequence[Seen]) -> None:
        """Start tracking detected anomalies (state open); known ones keep their triage."""
        now = _now()
        self._each("register.sql", [{**item.__dict__, "now": now} for item in seen])

    def records(self, ids: Sequence[str] | None = None) -> dict[str, TriageRecord]:
        """Triage records by id (all of them when `ids` is None)."""
        rows = self._each("select_all.sql", [{}])
        wanted = None if ids is None else set(ids)
        return {r[0]: TriageRecord(*r) for r in rows if wanted is None or r[0] in wanted}

    def record(self, anomaly_id: str) -> TriageRecord | None:
        """One anomaly's triage record, if the store knows the id."""
        rows = self._each("select_one.sql", [{"anomaly_id": anomaly_id}])
        return TriageRecord(*rows[0]) if rows else None

    def set_state(self, anomaly_id: str, state: str, *, by: str, owner: str | None = None,
                  note: str | None = None) -> TriageRecord:
        """Change an anomaly's state (owner and note kept unless given); the change is logged."""
        if state not in STATES:
            raise StoreError(f"unknown triage state {state!r}", fix=f"use one of {', '.join(STATES)}")
        self._ready()
        with self._transaction() as run:
            rows = run(_sql("select_one.sql"), {"anomaly_id": anomaly_id})
            if not rows:
                raise StoreError(f"unknown anomaly id {anomaly_id}",
                                 fix="run `python -m finops_lib anomalies list` (same options as "
                                     "the report) to see current ids")
            current = TriageRecord(*rows[0])
            values = {"anomaly_id": anomaly_id, "state": state, "by": by, "now": _now(),
                      "owner": current.owner if owner is None else owner,
                      "note": current.note if note is None else note}
            run(_sql("set_state.sql"), values)
            run(_sql("add_history.sql"), values)
            updated = run(_sql("select_one.sql"), {"anomaly_id": anomaly_id})
        return TriageRecord(*updated[0])

    def history(self, anomaly_id: str) -> list[HistoryEntry]:
        """Every change of one anomaly's triage, oldest first."""
        rows = self._each("select_history.sql", [{"anomaly_id": anomaly_id}])
        return [HistoryEntry(*r) for r in rows]

    def mark_notified(self, ids: Sequence[str]) -> None:
        """Remember that these anomalies were sent, so the next run does not send them again."""
        now = _now()
        self._each("mark_notified.sql", [{"anomaly_id": i, "now": now} for i in ids])


def open_store(url: str | None = None) -> TriageStore:
    """The store at `url` (default: `default_url()`), its schema migrated."""
    store = TriageStore(url or default_url())
    store._ready()
    return store
