"""Anomalies as records on the SRE report: a stable id each, the anomaly table with the id first
and the runbook link last, and what the store tracks."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.triage.ids import anomaly_id
from finops_lib.triage.records import RECORDS_KEY, seen

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def sre() -> Report:
    return build_report(resolve("sre", {"as_of": AS_OF}))


def test_records_have_stable_ids_and_json_ready_fields(sre: Report) -> None:
    records = sre.extra[RECORDS_KEY]
    assert records
    for r in records:
        assert r["id"] == anomaly_id(r["dimension"], r["series_key"], r["start"])
        assert r["direction"] in ("spike", "drop") and len(r["top_causes"]) <= 3
    assert len({r["id"] for r in records}) == len(records)


def test_the_anomaly_table_has_the_id_first_and_the_runbook_last(sre: Report) -> None:
    records = sre.extra[RECORDS_KEY]
    table = sre.table("anomaly_events")
    assert table is not None
    keys = [c.key for c in table.columns]
    assert keys[0] == "id" and keys[-1] == "runbook"
    assert [row["id"] for row in table.rows] == [r["id"] for r in records]
    links = [r["runbook"]["link"] if r["runbook"] else "" for r in records]
    assert [row["runbook"] for row in table.rows] == links


def test_the_store_tracks_each_record(sre: Report) -> None:
    records = sre.extra[RECORDS_KEY]
    tracked = seen(records)
    assert [(s.anomaly_id, s.start_day, s.severity) for s in tracked] == [
        (r["id"], r["start"], r["severity"]) for r in records]
