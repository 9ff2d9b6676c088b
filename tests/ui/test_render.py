"""A Report as native Streamlit elements: KPI text like every surface, column_config by column
kind, table frames with badges, and the whole report drawn by AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from finops_lib.dashboard import build_report
from finops_lib.formatting import status_text
from finops_lib.options import resolve
from finops_lib.report import Column, Kpi, Report, Table
from finops_lib.ui.render import (
    column_config,
    kpi_card_value,
    kpi_delta,
    kpi_help,
    kpi_value,
    table_frame,
)

AS_OF = "2026-11-26"


def test_kpi_text_full_and_compact() -> None:
    big = Kpi("total", "Total", 1_070_000.0, delta=-2500.0, delta_pct=-0.23, help="Spend")
    assert kpi_value(big) == "$1,070,000.00"
    assert kpi_card_value(big) == "$1.07M"
    assert kpi_help(big) == "Exact: $1,070,000.00\n\nSpend"  # the card is compact
    assert kpi_delta(big) == "-$2,500.00 (-0.2%)"


@pytest.mark.parametrize(("kpi", "shown"), [
    (Kpi("none", "Nothing", None), "—"),
    (Kpi("share", "Share", 12.345, unit="%"), "12.3%"),
    (Kpi("runway", "Runway", 9, unit="days"), "9 days"),
    (Kpi("count", "Count", 3, unit="count"), "3"),
])
def test_kpi_value_by_unit(kpi: Kpi, shown: str) -> None:
    assert kpi_value(kpi) == kpi_card_value(kpi) == shown
    assert kpi_help(kpi) == ""  # nothing hidden by the card, no help text
    assert kpi_delta(kpi) is None


def test_column_config_follows_column_kinds() -> None:
    table = Table("t", "T", (Column("name", "Name"), Column("cost", "Cost", "money"),
                             Column("change", "Change", "percent"),
                             Column("share", "Share", "share")), ())
    config = column_config(table)
    assert list(config) == ["name", "cost", "change", "share"]
    assert config["name"]["type_config"]["type"] == "text"
    assert config["cost"]["type_config"]["format"] == "dollar"
    assert config["change"]["type_config"]["format"] == "%+.1f%%"
    assert config["share"]["type_config"]["type"] == "progress"
    assert config["share"]["label"] == "Share"


def test_table_frame_badges_status_and_cleans_text() -> None:
    table = Table("t", "T", (Column("name", "Name"), Column("status", "Status", "status")), (
        {"name": "evil\u202ename\x07", "status": "SPIKE"}, {"name": None, "status": ""}))
    frame = table_frame(table)
    assert list(frame["name"]) == ["evilname ", ""]
    assert list(frame["status"]) == [status_text("SPIKE"), ""]


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))


def _page(report: object) -> None:  # a script: annotations must be builtins
    from finops_lib.ui.render import render_report

    render_report(report)  # type: ignore[arg-type]


def test_render_report_draws_every_figure(report: Report) -> None:
    at = AppTest.from_function(_page, args=(report,), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.main.title[0].value == report.title
    numbers = [k for k in report.kpis if k.unit != "text"]
    assert [m.label for m in at.main.metric] == [k.label for k in numbers]
    assert [m.value for m in at.main.metric] == [kpi_card_value(k) for k in numbers]
    assert len(at.main.dataframe) >= 1
    assert any(f"requests for this report: {report.api_requests}" in c.value
               for c in at.main.caption)
