"""Ready-made `--filter` texts from what the demo source knows: OUs, every tag value with its
untagged choice, and the cost category's values."""

from __future__ import annotations

from datetime import date

from finops_lib.allocation_values import filter_choices
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource
from finops_lib.sources.demo_tags import tags_of

NOVEMBER = CostQuery(date(2026, 11, 1), date(2026, 11, 26))


def test_demo_choices_cover_ous_tags_and_cost_categories() -> None:
    source = DemoSource(date(2026, 11, 26))
    scope = source.scope()
    choices = filter_choices(source, scope, NOVEMBER)
    ous = {a.ou for a in scope.accounts if a.ou}
    assert ous and {f"ou:{ou}" for ou in ous} <= set(choices)
    assert "tag:team=checkout" in choices and "tag:team=" in choices
    assert tags_of("data-platform", "AWS Lambda")["team"] == "data" and "tag:team=data" in choices
    assert "cost-category:Business Unit=Commerce" in choices
    assert len(choices) == len(set(choices))


def test_a_source_that_lists_nothing_offers_only_its_ous() -> None:
    class Quiet(DemoSource):
        def allocation_values(self, query: CostQuery) -> dict[str, dict[str, tuple[str, ...]]]:
            return {}

    source = Quiet(date(2026, 11, 26))
    assert all(c.startswith("ou:") for c in filter_choices(source, source.scope(), NOVEMBER))
