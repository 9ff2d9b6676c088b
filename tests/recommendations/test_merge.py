"""Merging: one action per resource, every source named, ties to the hub."""

from __future__ import annotations

from finops_lib import recommendations as recs
from finops_lib.recommendations import hub
from tests.independent import assert_cents

from .conftest import ACTIVITY, hub_item


def test_merge_keeps_one_action_per_resource_and_names_every_source() -> None:
    hub_recs = [hub.recommendation_from_hub(hub_item("i-1", "Rightsize", 61.32, 140.16)),
                hub.recommendation_from_hub(hub_item("i-2", "Stop", 70.0, 70.0))]
    merged = recs.merge(hub_recs, recs.from_activity(ACTIVITY))
    assert [r.resource_id for r in merged] == ["i-1", "i-2", "vol-9"]  # largest savings first
    first = merged[0]
    # stopping the idle instance saves its whole cost: more than the rightsizing
    assert (first.action, first.monthly_savings) == ("stop", 140.16)
    assert first.source == "Cost Optimization Hub + Activity signals"
    assert "E2: CPU p95 0.4 %" in first.evidence and "14-day lookback" in first.evidence
    assert merged[2].action == "delete" and merged[2].resource_type == "EBS volume"
    # alternatives on one resource are never added: 140.16 + 70 + 8
    assert_cents(recs.total_savings(merged), 218.16, "merged total")


def test_a_tie_goes_to_the_hub_and_ids_match_case_insensitively() -> None:
    hub_rec = hub.recommendation_from_hub(hub_item("I-1", "Stop", 140.16, 140.16))
    merged = recs.merge([hub_rec], recs.from_activity(ACTIVITY[:1]))
    assert len(merged) == 1 and merged[0].effort == "Medium"  # the hub's row
