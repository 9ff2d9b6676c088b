"""Demo recommendations: items shaped like ListRecommendations, parsed into one feed."""

from __future__ import annotations

from finops_lib.recommendations.demo import demo_feed, demo_items
from finops_lib.recommendations.merge import total_savings
from tests.independent import assert_cents


def test_demo_feed_holds_every_item_with_its_savings() -> None:
    items = demo_items()
    feed = demo_feed()
    assert len(feed.items) == len(items) and feed.available and len(feed.notices) == 1
    assert_cents(total_savings(feed.items), sum(i["estimatedMonthlySavings"] for i in items))
    assert len({i["recommendationId"] for i in items}) == len(items)


def test_items_carry_what_the_api_carries() -> None:
    for item in demo_items():
        assert 0 < item["estimatedMonthlySavings"] <= item["estimatedMonthlyCost"]
        assert item["rollbackPossible"] == (item["actionType"] != "Delete")
    assert {r.action for r in demo_feed().items} >= {"stop", "rightsize", "commitment"}
