"""The HTML page layout: column widths fill the page, long tables are cut into page-sized
chunks that each repeat the header, ids never wrap, trees stop at their depth."""

from __future__ import annotations

import pytest

from finops_lib.exporters.html_layout import (
    PAGE_MARGIN_MM,
    Layout,
    column_widths,
    keeps_whole,
    table_view,
    tone,
    tree_view,
)
from finops_lib.report import Column, Report, Table, Tree, TreeNode
from tests.exporters.conftest import activity_leaves

COLUMNS = (Column("account", "Account", "text"), Column("account_id", "Account id", "text"),
           Column("cost", "Current", "money"), Column("change_pct", "Change %", "percent"))


def _table(rows: int) -> Table:
    return Table("accounts", "Cost by account", COLUMNS,
                 tuple({"account": f"account {n}", "account_id": f"{n:012d}", "cost": n * 10.5,
                        "change_pct": n - 5.0} for n in range(rows)))


def test_printable_width_is_the_page_minus_its_margins() -> None:
    assert Layout("a4").width_px == pytest.approx((210.0 - 2 * PAGE_MARGIN_MM) * 4.91)
    assert Layout("letter").width_px > Layout("a4").width_px


def test_column_widths_fill_the_page() -> None:
    font, widths = column_widths(_table(5), list(COLUMNS), Layout().width_px)
    assert font == 13.0 and sum(widths) == pytest.approx(100.0)


def test_a_long_table_is_cut_into_chunks_and_a_screenshot_is_not() -> None:
    printed = table_view(_table(200), Layout("a4"))
    assert len(printed["chunks"]) > 1
    assert [c["continued"] for c in printed["chunks"]][:2] == [False, True]
    assert sum(len(c["rows"]) for c in printed["chunks"]) == 200
    assert len(table_view(_table(200), Layout("a4", paginate=False))["chunks"]) == 1


def test_ids_and_figures_stay_on_one_line_and_changes_have_a_tone() -> None:
    assert keeps_whole("111111111111", "text") and keeps_whole("$1.00", "money")
    assert not keeps_whole("a name of several words", "text")
    assert (tone(3.0), tone(-1.0), tone(0), tone("x")) == ("up", "down", "", "")


def test_cost_trees_stop_at_accounts_other_trees_go_to_their_leaves() -> None:
    leaf = TreeNode("i-1", 1.0)
    deep = TreeNode("root", 1.0, children=(TreeNode("a", 1.0, children=(TreeNode(
        "b", 1.0, children=(TreeNode("c", 1.0, children=(leaf,)),)),)),))
    cost = tree_view(Tree("categories", "Categories", deep))
    activity = tree_view(Tree("activity", "Activity", deep))
    assert sum(len(c["rows"]) for c in cost["chunks"]) == 4
    assert sum(len(c["rows"]) for c in activity["chunks"]) == 5




def test_pdf_tree_rows_reach_resources_without_comparison_columns(activity_report: Report) -> None:
    tree = activity_report.tree("activity")
    assert tree is not None
    view = tree_view(tree)
    texts = [row["cells"][0].text for chunk in view["chunks"] for row in chunk["rows"]]
    assert all(any(label in t for t in texts) for label in activity_leaves(activity_report))
    assert [h.text for h in view["headers"]] == ["Item", "Items", "Current"]
    categories = tree_view(activity_report.tree("categories"))  # a cost tree keeps its comparison
    assert [h.text for h in categories["headers"]][-2:] == ["Previous", "Change $"]
