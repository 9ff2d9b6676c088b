"""JSON export: the whole report in the documented schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.options import resolve

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())
AS_OF = "2026-11-26"


@pytest.fixture(scope="module", params=["executive", "architect", "sre"])
def report(request):
    return build_report(resolve(request.param, {"as_of": AS_OF, "validation_level": "mcp"}))


def test_json_export_validates_against_the_documented_schema(report) -> None:
    (name, data), = render(report, "json")
    doc = json.loads(data)
    jsonschema.validate(doc, SCHEMA)
    assert name == report.file_stem + ".json"
    assert doc["kpis"][0]["value"] == report.kpis[0].value
    assert doc["validation"]["agreement_pct"] == report.validation.agreement_pct
    assert set(doc["tables"]) == {t.key for t in report.tables}
    assert doc["api_requests"]["pages"] == 0 and doc["is_demo"] is True
    # where the files went is not part of the report: a download equals the command's file
    assert not {"export", "output_dir", "screenshot"} & set(doc["options"])
    assert "--output-dir" not in doc["command"] and "--export" not in doc["command"]
    if report.mode == "sre":
        assert doc["anomalies"] and doc["anomalies"][0]["status"] == "SPIKE"
