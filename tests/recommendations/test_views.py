"""Recommendation views: KPIs, table and chart add up to the cent."""

from __future__ import annotations

from decimal import Decimal

from finops_lib import recommendations as recs
from finops_lib.recommendations import hub
from finops_lib.recommendations.demo import demo_items
from finops_lib.recommendations.views import savings_chart, savings_kpis, savings_table
from tests.independent import assert_cents

from .conftest import ACTIVITY


def test_views_kpis_table_and_chart_add_up_to_the_cent() -> None:
    items = [hub.recommendation_from_hub(i) for i in demo_items()]
    merged = recs.merge(items, recs.from_activity(ACTIVITY))
    expected = sum(Decimal(str(i["estimatedMonthlySavings"])) for i in demo_items()) \
        + Decimal("140.16") + Decimal("8.00")
    kpis = savings_kpis(merged, monthly_spend=100_000.0)
    assert_cents(kpis[0].value, float(expected), "identified savings")
    assert kpis[1].value == round(100 * float(expected) / 100_000, 2)
    table = savings_table(merged, top_n=3)
    assert len(table.rows) == 3 and "Top 3 of" in table.note
    assert table.total is not None and table.total["monthly_savings"] == kpis[0].value
    chart = savings_chart(merged)
    assert_cents(sum(r["amount"] for r in chart.data), float(expected), "chart total")
    assert chart.data[0]["label"] == "Buy commitment"
