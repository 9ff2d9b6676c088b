"""Markdown export: the readable pack, inert against pipes, Markdown and HTML in names (the
CSV of the same hostile report is checked alongside)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.markdown import escape
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource
from tests.exporters.conftest import activity_leaves

AS_OF = "2026-11-26"


@pytest.fixture(scope="module", params=["executive", "architect", "sre"])
def report(request):
    return build_report(resolve(request.param, {"as_of": AS_OF, "validation_level": "mcp"}))


def test_markdown_pack_has_headline_kpis_tables_and_validation(report) -> None:
    text = render(report, "markdown")[0][1].decode()
    assert text.startswith(f"# {report.title}")
    assert "## Key figures" in text and "Validation mcp: PASSED" in text
    assert f"${report.kpis[0].value:,.2f}" in text
    for table in report.tables:
        assert table.title in text


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




def test_markdown_lists_every_scored_resource(activity_report: Report) -> None:
    leaves = activity_leaves(activity_report)
    assert leaves
    text = render(activity_report, "markdown")[0][1].decode().replace("\\", "")
    section = text.split("## Activity Health Tree", 1)[1]
    for label in leaves:
        assert label in section
    assert "— " in section and "score " in section
