"""Triage state and note on every surface: terminal, CSV, JSON, Markdown; runbook links too."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from rich.console import Console

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.terminal import render_terminal
from finops_lib.triage import annotate_report, open_store, records_of

AS_OF = "2026-11-26"
NOTE = "<b>planned</b> | *pause* of [Redshift](http://x)"


@pytest.fixture(scope="module")
def built() -> Report:
    return build_report(resolve("sre", {"as_of": AS_OF}))


def _triaged(built: Report) -> tuple[Report, dict[str, Any]]:
    first = records_of(built)[0]
    store = open_store()
    annotate_report(built, store)  # registers the detected anomalies
    store.set_state(first["id"], "expected", by="carol", owner="data-team", note=NOTE)
    return annotate_report(built, store), first


def test_records_carry_ids_runbooks_and_the_table_has_them(built: Report) -> None:
    records = records_of(built)
    table = built.table("anomaly_events")
    assert table is not None and [r["id"] for r in table.rows] == [r["id"] for r in records]
    assert [r["runbook"] for r in table.rows] == [r["runbook"]["link"] if r["runbook"] else ""
                                                  for r in records]
    assert all(r["runbook"] for r in records)  # the library covers every planted event


def test_state_and_note_reach_terminal_csv_json_markdown(built: Report) -> None:
    report, first = _triaged(built)
    row = next(r for r in report.table("anomaly_events").rows  # type: ignore[union-attr]
               if r["id"] == first["id"])
    assert (row["state"], row["owner"], row["note"]) == ("expected", "data-team", NOTE)

    console = Console(record=True, width=400)
    render_terminal(report, console)
    text = console.export_text()
    assert "expected" in text and "data-team" in text and NOTE in text

    [(_, data)] = render(report, "json")
    exported = json.loads(data)
    shown = next(r for r in exported["tables"]["anomaly_events"]["rows"]
                 if r["id"] == first["id"])
    assert (shown["state"], shown["note"], shown["runbook"]) == ("expected", NOTE,
                                                                 first["runbook"]["link"])
    record = next(r for r in exported["extra"]["anomaly_records"] if r["id"] == first["id"])
    assert (record["state"], record["updated_by"]) == ("expected", "carol")

    files = dict(render(report, "csv"))
    name = next(k for k in files if "anomaly_events" in k)
    rows = list(csv.DictReader(io.StringIO(files[name].decode("utf-8-sig"))))
    assert {(r["id"], r["state"], r["note"]) for r in rows} >= {(first["id"], "expected", NOTE)}

    markdown = b"".join(d for _, d in render(report, "markdown")).decode()
    assert "expected" in markdown and "<b>" not in markdown and "&lt;b&gt;planned" in markdown


def test_an_unavailable_store_is_a_notice_not_a_failure(built: Report,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_DB_URL", "postgresql://u:pw@127.0.0.1:9/none")
    report = annotate_report(built)
    assert any(n.startswith("Triage store unavailable: triage store postgresql://u:***@")
               for n in report.notices)
    assert report.table("anomaly_events") == built.table("anomaly_events")
