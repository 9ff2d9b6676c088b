"""Names an attacker controls (account names, service names, scope labels) stay inert text in
the HTML page, the PDF pack and the Markdown pack.

The costs come from a small CostSource written here against the real interface, so the names
reach the exporters through build_report exactly as a bill's names would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.html import render_html
from finops_lib.exporters.markdown import render_markdown
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.sources.base import Account, CostQuery, CostSource, Scope, normalise_frame

AS_OF = "2026-11-26"
SCRIPT_ACCOUNT = "<script>alert(1)</script>"
TAG_ACCOUNT = "ops & <b>co</b> <img src=x onerror=alert(2)>"
PIPE_SERVICE = "Evil | pipe **bold** service"
LINK_SERVICE = "[click](javascript:alert(3))"
SCOPE_LABEL = "Hostile org <i>x</i> | **y**"
ACCOUNTS = (Account("111111111111", SCRIPT_ACCOUNT, "Root"),
            Account("222222222222", TAG_ACCOUNT, "Root"))
SPEND = {  # (account id, service) -> base daily dollars
    ("111111111111", PIPE_SERVICE): 120.0,
    ("111111111111", "Amazon Simple Storage Service"): 80.0,
    ("222222222222", LINK_SERVICE): 45.0,
    ("222222222222", PIPE_SERVICE): 30.0,
}


@dataclass
class HostileSource(CostSource):
    """A two-account organization whose names are markup, Markdown and table syntax."""

    name: str = "hostile"
    spike_day: date = date(2026, 11, 25)

    def scope(self) -> Scope:
        return Scope("organization", SCOPE_LABEL, "111111111111", ACCOUNTS)

    def costs(self, query: CostQuery) -> pd.DataFrame:
        names = {a.id: a.name for a in ACCOUNTS}
        rows = []
        day = query.start
        while day < query.end:
            for (account, service), base in SPEND.items():
                spike = 4.0 if day == self.spike_day and service == PIPE_SERVICE else 1.0
                rows.append({"date": day, "account_id": account, "account_name": names[account],
                             "service": service, "region": "us-east-1",
                             "amount": round(base * spike * (1 + day.toordinal() % 5 / 50), 2),
                             "currency": "USD", "estimated": False})
            day += timedelta(days=1)
        frame = normalise_frame(pd.DataFrame(rows))
        if query.services:
            frame = frame[frame["service"].isin(query.services)]
        if query.accounts:
            frame = frame[frame["account_id"].isin(query.accounts)]
        return frame.reset_index(drop=True)

    def total(self, query: CostQuery) -> float:
        return float(self.costs(query)["amount"].sum())


class Page(HTMLParser):
    """The elements and the visible text of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.chunks: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.chunks))


@pytest.fixture(scope="module", params=["architect", "sre", "executive"])
def report(request: pytest.FixtureRequest) -> Report:
    opts = resolve(request.param, {"as_of": AS_OF, "top_n": 0, "activity_analysis": False})
    return build_report(opts, source=HostileSource())


def test_the_hostile_names_reach_the_report(report: Report) -> None:
    cells = {str(v) for t in report.tables for row in t.rows for v in row.values()}
    assert {PIPE_SERVICE, LINK_SERVICE, SCRIPT_ACCOUNT, TAG_ACCOUNT} <= cells
    assert report.scope.label == SCOPE_LABEL


def assert_inert(page: Page, expected: tuple[str, ...], allowed: frozenset[str] = frozenset()
                 ) -> None:
    assert not ({"script", "b", "i", "strong", "em", "a", "iframe"} - allowed) & set(page.tags)
    assert not any(name.startswith("on") for name, _ in page.attrs)
    for text in expected:
        assert text in page.text, text


def test_names_are_text_in_the_html_page(report: Report) -> None:
    html = render_html(report)
    page = Page(html)
    assert page.tags.count("img") == html.count('src="data:image/')  # only our own images
    assert page.tags.count("meta") == 1  # charset; nothing pdfkit would read as an option
    assert all(value is None or not value.startswith(("javascript:", "file:", "http"))
               for _, value in page.attrs)
    assert_inert(page, (PIPE_SERVICE, LINK_SERVICE, SCOPE_LABEL, SCRIPT_ACCOUNT, TAG_ACCOUNT))


def test_names_are_text_in_the_markdown_pack(report: Report) -> None:
    markdown = render_markdown(report)
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = Page(html)
    # The pack itself uses bold and italics (headline, notes); a name never turns into them.
    assert_inert(page, (PIPE_SERVICE, LINK_SERVICE, SCOPE_LABEL, SCRIPT_ACCOUNT, TAG_ACCOUNT),
                 allowed=frozenset({"strong", "em"}))
    assert "<strong>bold</strong>" not in html and "<strong>y</strong>" not in html
    # A pipe in a name stays inside its cell: every body row has as many cells as the header.
    widths = {len(re.findall(r"<t[dh][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", html, re.S)
              if "<td" in row or "<th" in row}
    assert widths and all(w > 0 for w in widths)
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        counts = {len(re.findall(r"<t[dh][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(counts) == 1, counts


@pytest.mark.skipif(not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")),
                    reason="needs wkhtmltopdf and poppler-utils")
def test_names_print_literally_in_the_pdf(report: Report, tmp_path: Path) -> None:
    name, data = render(report, "pdf")[0]
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout

    def bare(value: str) -> str:
        return re.sub(r"[\s\-]", "", value)

    for value in (PIPE_SERVICE, LINK_SERVICE, SCOPE_LABEL, SCRIPT_ACCOUNT, TAG_ACCOUNT):
        assert bare(value) in bare(text), value
