"""CSV export: one tidy file per table, context columns, formula neutralisation."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.csv_export import neutralise
from finops_lib.options import resolve

AS_OF = "2026-11-26"


@pytest.fixture(scope="module", params=["executive", "architect", "sre"])
def report(request):
    return build_report(resolve(request.param, {"as_of": AS_OF, "validation_level": "mcp"}))


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


@pytest.mark.parametrize(("raw", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (-45.33, -45.33),
])
def test_csv_neutralises_formula_text_but_not_numbers(raw: object, safe: object) -> None:
    assert neutralise(raw) == safe
