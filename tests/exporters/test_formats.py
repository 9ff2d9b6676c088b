"""CSV, JSON and Markdown exports: schema, tidy tables, formula and markup neutralisation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import ExportError
from finops_lib.exporters import EXPORTERS, Exporter, render, write_exports
from finops_lib.exporters.csv_export import neutralise
from finops_lib.exporters.markdown import escape
from finops_lib.options import resolve
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource

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


def test_csv_has_one_tidy_file_per_table_matching_the_report(report) -> None:
    files = dict(render(report, "csv"))
    assert set(files) == {f"{report.file_stem}-{t.key}.csv" for t in report.tables} | {
        f"{report.file_stem}-kpis.csv"}
    context = [report.periods.current.start.isoformat(), report.periods.current.end.isoformat(),
               report.options.cost_metric, "USD"]
    kpis = list(csv.DictReader(io.StringIO(files[f"{report.file_stem}-kpis.csv"].decode())))
    assert [k["key"] for k in kpis] == [k.key for k in report.kpis]
    assert float(kpis[0]["value"]) == report.kpis[0].value and kpis[0]["unit"] == "USD"
    for table in report.tables:
        frame = pd.read_csv(io.BytesIO(files[f"{report.file_stem}-{table.key}.csv"]),
                            dtype={"period_start": str, "period_end": str})
        assert list(frame.columns) == [c.key for c in table.columns] + [
            "period_start", "period_end", "metric", "currency"]
        assert all(list(r)[-4:] == context for r in frame.itertuples(index=False))
        assert len(frame) == len(table.rows)
        money = [c.key for c in table.columns if c.kind == "money"]
        for col in money:
            shown = [None if pd.isna(v) else v for v in frame[col].round(2)]
            assert shown == [r[col] for r in table.rows]


def test_markdown_pack_has_headline_kpis_tables_and_validation(report) -> None:
    text = render(report, "markdown")[0][1].decode()
    assert text.startswith(f"# {report.title}")
    assert "## Key figures" in text and "Validation mcp: PASSED" in text
    assert f"${report.kpis[0].value:,.2f}" in text
    for table in report.tables:
        assert table.title in text


@pytest.mark.parametrize(("raw", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (-45.33, -45.33),
])
def test_csv_neutralises_formula_text_but_not_numbers(raw: object, safe: object) -> None:
    assert neutralise(raw) == safe


class HostileSource(DemoSource):
    """Demo data with names an attacker might choose."""

    def costs(self, query: CostQuery) -> pd.DataFrame:
        frame = super().costs(query)
        frame.loc[frame["account_id"] == "555555555555", "account_name"] = \
            "<script>alert(1)</script>"
        frame.loc[frame["service"] == "AWS Lambda", "service"] = "=cmd|' /C calc'!A0 **x**"
        return frame


def test_hostile_names_are_inert_in_csv_and_markdown() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "top_n": 0}),
                          HostileSource(resolve("architect", {"as_of": AS_OF}).as_of))
    markdown = render(report, "markdown")[0][1].decode()
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "=cmd\\|' /C calc'\\!A0 \\*\\*x\\*\\*" in markdown
    for line in markdown.splitlines():
        if line.startswith("| =cmd") or "calc" in line:
            assert line.count(" | ") == line.replace("\\|", "").count(" | ")
    files = dict(render(report, "csv"))
    services = next(v for k, v in files.items() if k.endswith("-services.csv")).decode()
    rows = list(csv.DictReader(io.StringIO(services)))
    assert any(r["service"] == "'=cmd|' /C calc'!A0 **x**" for r in rows)


def test_escape_handles_pipes_html_and_newlines() -> None:
    assert escape("a|b<i>\nc") == "a\\|b&lt;i&gt; c"


def test_write_is_atomic_and_names_files_by_mode_scope_as_of_and_time(tmp_path: Path) -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    paths = write_exports(report, ["csv", "json", "markdown"], tmp_path / "out")
    names = sorted(p.name for p in paths)
    day = AS_OF.replace("-", "")
    assert all(n.startswith(f"finops-executive-org-asof{day}-"
                            f"{report.generated_at:%Y%m%dT%H%M%SZ}") for n in names)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names  # no temp files left


def test_a_failing_format_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))

    def broken(_report):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(EXPORTERS, "markdown", Exporter("markdown", broken))
    with pytest.raises(OSError):
        write_exports(report, ["csv", "json", "markdown"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_rename_rolls_back_the_files_already_placed(tmp_path: Path,
                                                              monkeypatch) -> None:
    import os

    report = build_report(resolve("executive", {"as_of": AS_OF}))
    real, calls = os.link, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "link", flaky)
    with pytest.raises(ExportError, match="No space left"):
        write_exports(report, ["csv", "json", "markdown"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_dir_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    with pytest.raises(ExportError, match="cannot write to --output-dir"):
        write_exports(report, ["json"], blocker / "sub")
