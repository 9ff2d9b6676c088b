"""Which tables and trees the display options draw: the anomaly tables always, the summary and
detail sections each by their own option, other trees always."""

from __future__ import annotations

from dataclasses import replace

import pytest

from finops_lib.dashboard import build_report
from finops_lib.drawn import ALWAYS_TABLES, table_drawn, tree_drawn
from finops_lib.options import resolve
from finops_lib.report import Report

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def sre() -> Report:
    return build_report(resolve("sre", {"as_of": AS_OF}))


def _showing(report: Report, output_format: str, summary_mode: str) -> Report:
    return replace(report, options=report.options.replace(output_format=output_format,
                                                          summary_mode=summary_mode))


def test_the_anomaly_tables_draw_whatever_the_output_format(sre: Report) -> None:
    trees_only = _showing(sre, "tree", "none")
    assert all(table_drawn(trees_only, key) for key in ALWAYS_TABLES)
    assert not table_drawn(trees_only, "changes") and tree_drawn(trees_only, "changes")
    tables_only = _showing(sre, "table", "none")
    assert table_drawn(tables_only, "changes") and not tree_drawn(tables_only, "changes")


def test_summary_and_detail_follow_their_own_options(sre: Report) -> None:
    nothing = _showing(sre, "table", "none")
    assert not table_drawn(nothing, "summary") and not tree_drawn(nothing, "categories")
    summary_tree = _showing(sre, "table", "tree")
    assert tree_drawn(summary_tree, "categories") and not table_drawn(summary_tree, "summary")
    detail_tree = _showing(sre, "tree", "none")
    assert tree_drawn(detail_tree, "categories")  # the detail tree is a categories tree too
    both = _showing(sre, "both", "both")
    assert table_drawn(both, "summary") and table_drawn(both, "changes")


def test_trees_that_are_no_section_always_draw(sre: Report) -> None:
    assert tree_drawn(_showing(sre, "table", "none"), "dependencies")
