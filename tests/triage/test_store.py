"""The triage store on SQLite and on a real PostgreSQL: migrations, state changes, history,
unknown ids, and two processes writing at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from finops_lib.triage import STATES, StoreError, TriageStore, anomaly_id, open_store
from finops_lib.triage.store import Seen, default_url, redact

ROOT = Path(__file__).resolve().parents[2]
WRITES_PER_PROCESS = 20


def _seen(n: int) -> list[Seen]:
    return [Seen(anomaly_id("service", f"Service {i}", date(2026, 11, 1 + i)), f"Service {i}",
                 f"Service {i}", f"2026-11-{1 + i:02d}", "spike", "high") for i in range(n)]


def test_migrations_apply_once_and_record_the_version(db_url: str) -> None:
    store = TriageStore(db_url)
    assert store.migrate() == 1
    assert store.migrate() == 1  # idempotent: nothing re-applied
    assert open_store(db_url).records() == {}


def test_register_then_triage_keeps_state_owner_note_and_history(store: TriageStore) -> None:
    seen = _seen(3)
    store.register(seen)
    store.register(seen)  # re-detection does not reset anything
    first = seen[0].anomaly_id
    assert {r.state for r in store.records().values()} == {"open"}
    store.set_state(first, "acknowledged", by="alice", owner="team-a", note="looking")
    store.register(seen)
    record = store.set_state(first, "expected", by="bob", note="planned <migration> & test")
    assert (record.state, record.owner, record.note, record.updated_by) == (
        "expected", "team-a", "planned <migration> & test", "bob")
    assert [(h.state, h.changed_by) for h in store.history(first)] == [
        ("acknowledged", "alice"), ("expected", "bob")]
    assert store.record(seen[1].anomaly_id).state == "open"  # type: ignore[union-attr]


def test_unknown_id_and_state_are_clear_errors(store: TriageStore) -> None:
    with pytest.raises(StoreError, match=r"unknown anomaly id 0123456789.*anomalies list"):
        store.set_state("0123456789", "resolved", by="x")
    store.register(_seen(1))
    with pytest.raises(StoreError, match="unknown triage state"):
        store.set_state(_seen(1)[0].anomaly_id, "ignored", by="x")
    assert set(STATES) == {"open", "acknowledged", "expected", "resolved"}


def test_notified_is_set_once(store: TriageStore) -> None:
    seen = _seen(2)
    store.register(seen)
    store.mark_notified([seen[0].anomaly_id])
    stamp = store.record(seen[0].anomaly_id).notified_at  # type: ignore[union-attr]
    assert stamp
    time.sleep(1.1)
    store.mark_notified([seen[0].anomaly_id])
    assert store.record(seen[0].anomaly_id).notified_at == stamp  # type: ignore[union-attr]
    assert store.record(seen[1].anomaly_id).notified_at is None  # type: ignore[union-attr]


_WRITER = """
import sys, time
from finops_lib.triage import open_store
url, who, start, ids = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4].split(",")
store = open_store(url)
while time.time() < start:
    time.sleep(0.005)
for i in ids:
    store.set_state(i, "acknowledged", by=who, note=who)
"""


def test_two_processes_acknowledging_at_once(db_url: str) -> None:
    store = open_store(db_url)
    seen = _seen(WRITES_PER_PROCESS)
    store.register(seen)
    ids = ",".join(s.anomaly_id for s in seen)
    start = time.time() + 1.5  # both processes are connected and waiting by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, db_url, who, str(start), ids],
                              env=env, stderr=subprocess.PIPE, text=True)
             for who in ("alice", "bob")]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    records = store.records()
    assert {r.state for r in records.values()} == {"acknowledged"}
    assert all(r.note == r.updated_by for r in records.values())  # each row written whole
    for s in seen:
        assert sorted(h.changed_by for h in store.history(s.anomaly_id)) == ["alice", "bob"]


def test_default_url_is_sqlite_in_the_data_folder(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_DATA_DIR", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'triage.sqlite'}"
    monkeypatch.setenv("FINOPS_DB_URL", "postgresql://u:secret@db:5432/finops")
    assert default_url() == "postgresql://u:secret@db:5432/finops"
    assert "secret" not in redact(default_url())


def test_bad_urls_and_unreachable_databases_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a supported database URL"):
        TriageStore("mysql://u:pw@h/db")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="triage store"):
        open_store(f"sqlite:///{blocker / 'sub' / 'triage.sqlite'}")
    with pytest.raises(StoreError, match=r"triage store postgresql://u:\*\*\*@127.0.0.1:9/x"):
        open_store("postgresql://u:pw@127.0.0.1:9/x")


def test_two_commands_acknowledging_the_same_anomaly_at_once(db_url: str) -> None:
    store = open_store(db_url)
    [seen] = _seen(1)
    store.register([seen])
    env = {**os.environ, "FINOPS_DB_URL": db_url}
    procs = [subprocess.Popen([sys.executable, "-m", "finops_lib", "anomalies", "ack",
                               seen.anomaly_id, "--by", who, "--note", f"on it ({who})"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for who in ("alice", "bob")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all(f"{seen.anomaly_id} Service 0 from 2026-11-01: acknowledged" in out
               for out, _ in outputs)
    record = store.record(seen.anomaly_id)
    assert record is not None and record.note == f"on it ({record.updated_by})"
    assert sorted(h.changed_by for h in store.history(seen.anomaly_id)) == ["alice", "bob"]


def test_a_new_migration_is_applied_once_and_keeps_the_data(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_lib.triage import store as store_module

    store = open_store(db_url)
    store.register(_seen(1))
    real_sql, real_migrations = store_module._sql, store_module._migrations
    added = "ALTER TABLE anomaly_triage ADD COLUMN ticket TEXT NOT NULL DEFAULT '';\n"
    monkeypatch.setattr(store_module, "_migrations",
                        lambda: [*real_migrations(), (2, "v0002_ticket.sql")])
    monkeypatch.setattr(store_module, "_sql",
                        lambda name: added if name == "v0002_ticket.sql" else real_sql(name))
    assert TriageStore(db_url).migrate() == 2
    assert TriageStore(db_url).migrate() == 2  # not applied twice (it would fail)
    assert [r.state for r in store.records().values()] == ["open"]
    assert [v for v, _ in real_migrations()] == [1]  # the shipped scripts, in order
