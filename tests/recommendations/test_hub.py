"""Cost Optimization Hub: pages are parsed into actions with savings."""

from __future__ import annotations

from typing import Any

from finops_lib import recommendations as recs
from finops_lib.recommendations import hub
from tests.independent import assert_cents

from .conftest import hub_item


def test_hub_pages_are_parsed_into_actions_with_savings(clients: Any) -> None:
    made, stubs = clients
    stubs["cost-optimization-hub"].add_response(
        "list_recommendations",
        {"items": [hub_item("i-1", "Rightsize", 61.32, 140.16)], "nextToken": "t2"},
        {"maxResults": hub.PAGE_SIZE})
    stubs["cost-optimization-hub"].add_response(
        "list_recommendations",
        {"items": [hub_item("i-2", "MigrateToGraviton", 12.5, 70.0,
                            implementationEffort="High"),
                   hub_item("sp-1", "PurchaseSavingsPlans", 1000.01, 4000.0,
                            currentResourceType="ComputeSavingsPlans", resourceId="sp-1")]},
        {"maxResults": hub.PAGE_SIZE, "nextToken": "t2"})
    feed = recs.live_feed(lambda s, r: made[(s, r)], ["us-east-1"])
    assert feed.available and not feed.notices and len(feed.requests) == 2
    by_id = {r.resource_id: r for r in feed.items}
    assert by_id["i-1"].action_label == "Rightsize" and by_id["i-1"].detail == "m5.xlarge → m5.large"
    assert by_id["i-1"].monthly_savings == 61.32 and by_id["i-1"].effort == "Medium"
    assert "14-day lookback" in by_id["i-1"].evidence and "restart needed" in by_id["i-1"].evidence
    assert by_id["i-2"].action_label == "Migrate to Graviton" and by_id["i-2"].effort == "High"
    assert by_id["sp-1"].action_label == "Buy commitment"
    assert by_id["sp-1"].resource_type == "Savings Plans"
    assert_cents(recs.total_savings(feed.items), 61.32 + 12.5 + 1000.01, "hub total")
