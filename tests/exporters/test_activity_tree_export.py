"""The Activity Health Tree in the Markdown and PDF packs goes down to the resources, with their
scores, and has no empty Previous/Change columns (it has no comparison period)."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.html_layout import tree_view
from finops_lib.options import resolve
from finops_lib.report import Report


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(resolve("executive", {"as_of": "2026-11-26",
                                              "validation_level": "basic"}))


def _leaves(report: Report) -> list[str]:
    tree = report.tree("activity")
    assert tree is not None
    return [n.label for _, n in tree.root.walk() if not n.children and "score" in n.detail]


def test_markdown_lists_every_scored_resource(report: Report) -> None:
    leaves = _leaves(report)
    assert leaves
    text = render(report, "markdown")[0][1].decode().replace("\\", "")
    section = text.split("## Activity Health Tree", 1)[1]
    for label in leaves:
        assert label in section
    assert "— " in section and "score " in section


def test_pdf_tree_rows_reach_resources_without_comparison_columns(report: Report) -> None:
    tree = report.tree("activity")
    assert tree is not None
    view = tree_view(tree)
    texts = [row["cells"][0].text for chunk in view["chunks"] for row in chunk["rows"]]
    assert all(any(label in t for t in texts) for label in _leaves(report))
    assert [h.text for h in view["headers"]] == ["Item", "Items", "Current"]
    categories = tree_view(report.tree("categories"))  # a cost tree keeps its comparison
    assert [h.text for h in categories["headers"]][-2:] == ["Previous", "Change $"]
