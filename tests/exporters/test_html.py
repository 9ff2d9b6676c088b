"""The HTML page behind the PDF and PNG: KPI cards cut from the shared KPI text, a cover that
names scope and requests, every value autoescaped, nothing loaded from outside."""

from __future__ import annotations

import re
from dataclasses import replace

from finops_lib.dashboard import build_report
from finops_lib.exporters.html import cover_rows, kpi_view, render_html
from finops_lib.formatting import kpi_text
from finops_lib.options import resolve
from finops_lib.report import Kpi

AS_OF = "2026-11-26"


def test_a_kpi_card_is_the_shared_kpi_text_split_into_value_and_change() -> None:
    kpi = Kpi("total", "Total", 453872.02, "USD", 12616.53, 2.86)
    card = kpi_view(kpi)
    assert f"{card['value']} ({card['change']})" == kpi_text(kpi)
    assert card["tone"] == "up" and kpi_view(replace(kpi, delta=None, delta_pct=None))["change"] == ""


def test_the_page_is_self_contained_and_escapes_names() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))
    hostile = replace(report, title="<script>alert(1)</script>")
    page = render_html(hostile, charts=[])
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert not re.search(r"""(src|href)=["']?(https?:|file:|//)""", page)
    assert ("Cost Explorer requests", "0 for this report") in cover_rows(report)
