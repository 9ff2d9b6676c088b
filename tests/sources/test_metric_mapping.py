"""The documented cost-metric mapping: docs/cost-metrics.md is its rendering."""

from __future__ import annotations

from pathlib import Path

from finops_lib.sources.metric_mapping import BY_METRIC, METRICS, cost_metrics_markdown


def test_cost_metrics_doc_is_the_rendered_table() -> None:
    doc = Path(__file__).parents[2] / "docs" / "cost-metrics.md"
    assert doc.read_text() == cost_metrics_markdown()
    assert "savings_plan_total_commitment_to_date - savings_plan_used_commitment" in doc.read_text()


def test_every_metric_has_one_mapping() -> None:
    assert len(BY_METRIC) == len(METRICS)
    assert BY_METRIC["blended"].focus is None  # FOCUS has no blended cost
