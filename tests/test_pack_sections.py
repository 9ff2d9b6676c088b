"""The printed pack's parts: the executive pack opens with what a CFO forwards and keeps the
rest for an appendix; other personas print their drawn tables in report order."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.drawn import table_drawn
from finops_lib.options import resolve
from finops_lib.pack_sections import PACK_PARTS, pack_sections
from finops_lib.report import Table

AS_OF = "2026-11-26"


def test_the_executive_pack_opens_with_its_summary_tables_and_an_appendix() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF, "summary_mode": "both",
                                                "activity_analysis": False}))
    parts = pack_sections(report)
    summary = PACK_PARTS["executive"].summary
    assert [t.key for t in parts.main] == [k for k in summary if (t := report.table(k)) and t.rows]
    assert parts.main and parts.appendix
    assert not {t.key for t in parts.appendix} & set(summary)


def test_other_personas_print_every_drawn_table_in_report_order_without_appendix() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "summary_mode": "table"}))
    parts = pack_sections(report)
    assert parts.appendix == ()
    tables = [t.key for t in parts.main if isinstance(t, Table)]
    drawn = [t.key for t in report.tables if table_drawn(report, t.key)]
    assert tables[0] == "summary" and sorted(tables) == sorted(drawn)


def test_a_tree_only_display_leaves_the_detail_tables_out() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "output_format": "tree",
                                                "summary_mode": "none"}))
    keys = {t.key for t in pack_sections(report).main}
    assert "summary" not in keys and "services" not in keys and "categories" in keys
