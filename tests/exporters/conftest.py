"""Fixtures shared by the exporter tests."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Report


@pytest.fixture(scope="module")
def activity_report() -> Report:
    """An executive report with the Activity Health Tree (no comparison period)."""
    return build_report(resolve("executive", {"as_of": "2026-11-26",
                                              "validation_level": "basic"}))


def activity_leaves(report: Report) -> list[str]:
    """The labels of the activity tree's scored resources (its leaves)."""
    tree = report.tree("activity")
    assert tree is not None
    return [n.label for _, n in tree.root.walk() if not n.children and "score" in n.detail]
