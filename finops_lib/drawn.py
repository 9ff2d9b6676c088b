"""Which tables and trees the display options draw: one rule for the terminal, the app and the
printed pack (PDF/PNG), so `--output-format` and `--summary-mode` mean the same on each."""

from __future__ import annotations

from .report import Report

__all__ = ["ALWAYS_TABLES", "DETAIL_TREES", "table_drawn", "tree_drawn"]

# Tables that are the point of their report, whatever --output-format says.
ALWAYS_TABLES = ("anomaly_events", "aws_anomalies")
# Trees that are the tree form of a section; other trees (activity, dependencies) always draw.
DETAIL_TREES = ("categories", "changes")


def table_drawn(report: Report, key: str) -> bool:
    """Whether the display options draw the table `key`."""
    if key == "summary":
        return report.shows("summary_table")
    return report.shows("detail_table") or key in ALWAYS_TABLES


def tree_drawn(report: Report, key: str) -> bool:
    """Whether the display options draw the tree `key` (categories: as summary or detail)."""
    if key == "categories":
        return report.shows("summary_tree") or report.shows("detail_tree")
    return key not in DETAIL_TREES or report.shows("detail_tree")
