"""A section registered for a persona appears on every surface with no renderer change."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from rich.console import Console
from streamlit.testing.v1 import AppTest

from finops_lib import notebook as nb
from finops_lib.dashboard import build_report
from finops_lib.exporters.csv_export import render as render_csv
from finops_lib.exporters.html import render_html
from finops_lib.exporters.json_export import report_dict
from finops_lib.exporters.markdown import render_markdown
from finops_lib.options import resolve
from finops_lib.personas import SECTIONS, Context
from finops_lib.report import Column, Kpi, Report, Section, Table
from finops_lib.terminal import render_terminal
from finops_lib.ui.progressive import ONE_PASS_KEY

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-26"
MODE = "executive"
KPI_LABEL = "Toy widgets bought"
TABLE_TITLE = "Toy widget ledger"
ROW_NAME = "sprocket-7"
NOTICE = "Toy notice: widgets are counted at list price."
LINE = "Toy line: 3 widgets bought this period."


def toy_section(ctx: Context) -> Section:
    """A new section, as a feature would add it: figures, a table, a notice, a line, data."""
    return Section(
        "toy", "Toy", kpis=(Kpi("toy_widgets", KPI_LABEL, 1234.5, ctx.currency),),
        tables=(Table("toy_ledger", TABLE_TITLE,
                      (Column("name", "Widget"), Column("amount", "Cost", "money")),
                      ({"name": ROW_NAME, "amount": 1234.5},)),),
        notices=(NOTICE,), summary_lines=(LINE,), data={"toy": {"widgets": 3}})


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The toy section registered for the executive (and only for this test)."""
    monkeypatch.setitem(SECTIONS, MODE, (*SECTIONS[MODE], toy_section))
    yield


@pytest.fixture
def report(toy: None) -> Report:
    return build_report(resolve(MODE, {"as_of": AS_OF}))


def test_the_section_folds_into_the_report(report: Report) -> None:
    assert report.sections[-1].key == "toy"
    assert report.kpis[-1].label == KPI_LABEL and report.table("toy_ledger") is not None
    assert report.notices[-1] == NOTICE and report.summary_lines[-1] == LINE


def test_terminal_draws_the_section(report: Report) -> None:
    out = io.StringIO()
    render_terminal(report, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    for expected in (KPI_LABEL, "$1,234.50", TABLE_TITLE, ROW_NAME, NOTICE, LINE):
        assert expected in text, expected


def test_json_carries_the_section(report: Report) -> None:
    doc = json.loads(json.dumps(report_dict(report), default=str))
    assert {"key": "toy_widgets", "value": 1234.5}.items() <= doc["kpis"][-1].items()
    assert doc["tables"]["toy_ledger"]["rows"] == [{"name": ROW_NAME, "amount": 1234.5}]
    assert doc["extra"]["toy"] == {"widgets": 3}
    assert NOTICE in doc["notices"] and LINE in doc["summary_lines"]


def test_csv_writes_the_section(report: Report) -> None:
    files = dict(render_csv(report))
    ledger = list(csv.DictReader(io.StringIO(files["-toy_ledger.csv"].decode())))
    assert [(r["name"], r["amount"]) for r in ledger] == [(ROW_NAME, "1234.5")]
    kpis = list(csv.DictReader(io.StringIO(files["-kpis.csv"].decode())))
    assert kpis[-1]["label"] == KPI_LABEL


def test_markdown_and_the_printed_pack_draw_the_section(report: Report) -> None:
    for text in (render_markdown(report), render_html(report, charts=[])):
        for expected in (KPI_LABEL, TABLE_TITLE, ROW_NAME, "Toy notice", "Toy line"):
            assert expected in text, expected


def test_notebook_shows_the_section(toy: None) -> None:
    report = nb.load(mode=MODE, as_of=AS_OF)
    assert "toy_ledger" in nb.table_keys(report)
    assert list(nb.table_frame(report, "toy_ledger")["Widget"]) == [ROW_NAME]
    assert KPI_LABEL in list(nb.kpis_frame(report)["KPI"])
    overview = nb.overview(report)
    assert LINE in overview and NOTICE in overview


def test_app_page_draws_the_section(toy: None, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[ONE_PASS_KEY] = True  # AppTest runs no timers: draw the page in one pass
    at.run()
    at.switch_page(f"pages/{MODE}.py")
    at.query_params.update({"as_of": AS_OF})
    at.run()
    st.cache_data.clear()
    assert not at.exception and not at.main.error
    assert KPI_LABEL in [m.label for m in at.main.metric]
    frames = [f.value for f in at.main.dataframe]
    assert any(ROW_NAME in frame.to_string() for frame in frames)
    assert any(LINE in m.value for m in at.main.markdown)
    assert any(NOTICE in i.value for i in at.main.info)

