"""Every page renders without an exception and shows the library's figures to the cent."""

from __future__ import annotations

import math
from typing import Any

import pytest

from finops_lib.dashboard import build_report
from finops_lib.formatting import fmt_money_compact
from finops_lib.options import resolve
from finops_lib.report import Report, Table
from finops_lib.triage import annotate_report
from finops_lib.ui.text import plain

from .conftest import AS_OF, PAGES, metric_money, money_text, no_exception, open_page


def _expected_tables(report: Report) -> list[Table]:
    tables = []
    if report.table("summary") and report.shows("summary_table"):
        tables.append(report.table("summary"))
    if report.shows("detail_table"):
        tables += [t for t in report.tables if t.key != "summary"]
    return [t for t in tables if t is not None]


def _same_cell(shown: Any, expected: Any, kind: str) -> bool:
    if expected is None or (isinstance(expected, str) and expected == "" and kind != "text"):
        return shown is None or shown == "" or (isinstance(shown, float) and math.isnan(shown))
    if kind in ("money", "percent", "share", "number"):
        return abs(float(shown) - float(expected)) < 0.005
    if kind == "status":
        return str(shown).split()[-1] == expected
    if kind == "spark":
        return list(shown) == list(expected)
    if kind == "codes" and isinstance(expected, (list, tuple)):
        return shown == " ".join(expected)
    return bool(shown == expected)


@pytest.mark.parametrize("mode", PAGES)
def test_page_shows_the_library_report_to_the_cent(mode: str) -> None:
    at = open_page(mode)
    no_exception(at)
    assert not at.main.error, [e.value for e in at.main.error]
    # the page adds each anomaly's triage state (same store) to the cached report
    report = annotate_report(build_report(resolve(mode, {"as_of": AS_OF})))

    metrics = list(at.main.metric)
    numbers = [k for k in report.kpis if k.unit != "text"]
    assert [m.label for m in metrics] == [k.label for k in numbers]
    for metric, kpi in zip(metrics, numbers, strict=True):
        if kpi.unit == "USD":
            # the card shows a compact figure that fits; its tooltip carries the cents
            shown = metric.value
            assert metric_money(metric) == kpi.value, kpi.key
            assert shown == fmt_money_compact(float(kpi.value or 0)), kpi.key
            assert len(shown) <= len("$99,999.99"), kpi.key
        elif kpi.unit == "count":
            assert int(metric.value) == kpi.value, kpi.key
        elif kpi.unit == "%":
            assert abs(float(metric.value.rstrip("%")) - float(kpi.value or 0)) < 0.05, kpi.key
        else:
            assert metric.value == str(kpi.value), kpi.key
        if kpi.delta is not None and kpi.unit == "USD":
            assert money_text(metric.delta.split(" (")[0]) == kpi.delta, kpi.key
    markdown = [m.value for m in at.main.markdown]
    for kpi in (k for k in report.kpis if k.unit == "text"):
        # shown whole, never cut off; escaped like every text from the data
        assert f"**{plain(kpi.value)}**" in markdown, kpi.key
        if kpi.delta is not None:
            assert any(money_text(m.split("[")[1].split(" (")[0]) == kpi.delta
                       for m in markdown if m.startswith((":red[", ":green["))), kpi.key

    tables = _expected_tables(report)
    frames = [d.value for d in at.main.dataframe]
    assert len(frames) == len(tables)
    for frame, table in zip(frames, tables, strict=True):
        assert list(frame.columns) == [c.key for c in table.columns], table.key
        assert len(frame) == len(table.rows), table.key
        for i, row in enumerate(table.rows):
            for col in table.columns:
                cell = frame.iloc[i][col.key]
                assert _same_cell(cell, row.get(col.key), col.kind), (table.key, i, col.key,
                                                                    cell, row.get(col.key))


def test_overview_names_the_pages_and_the_demo_source() -> None:
    at = open_page(None)
    no_exception(at)
    links = [link.label for link in at.main.get("page_link")]
    assert len(links) == 3 and any("spike" in label for label in links)
    assert any("Demo data" in i.value for i in at.main.info)
    assert any("finops-payer" in m.value for m in at.main.markdown)


def test_demo_notice_on_persona_page() -> None:
    at = open_page("architect")
    assert any(i.value.startswith("Demo data") for i in at.main.info)
    report = build_report(resolve("architect", {"as_of": AS_OF}))
    notes = [e for e in at.main.expander if e.label.startswith("Data notes")]
    assert [e.label for e in notes] == [f"Data notes ({len(report.notices)})"]
    assert [i.value for i in notes[0].info] == list(report.notices)
    # the notes come after the figures: nothing but the title block precedes the first KPI
    order = [type(e).__name__ for e in at.main if type(e).__name__ in ("Metric", "Expander", "Alert")]
    assert order and order[0] == "Metric", order
    assert next(s.value for s in at.main.success if "consistency" not in s.value).startswith(
        "Validation basic: PASSED")


def test_architect_shows_consistency_checks_and_category_tree() -> None:
    at = open_page("architect")
    report = build_report(resolve("architect", {"as_of": AS_OF}))
    texts = [e.value for e in (*at.main.success, *at.main.error)]
    for check in report.checks:
        assert any(t.startswith(check.name) for t in texts), check.name
    labels = [e.label for e in at.main.expander]
    tree = report.tree("categories")
    assert tree is not None
    assert any(label.startswith(tree.root.children[0].label) for label in labels)


def test_sre_status_badges() -> None:
    at = open_page("sre")
    frames = [d.value for d in at.main.dataframe]
    assert "direction" in frames[0].columns  # the page leads with the baseline anomalies
    frame = next(f for f in frames if "status" in f.columns)
    assert "🔴 SPIKE" in set(frame["status"])
    assert {s.split()[-1] for s in frame["status"]} <= {"SPIKE", "DROP", "WATCH", "NORMAL",
                                                         "NEW", "GONE"}
