"""The architect page shows recommendations, network cost and the dependency map (AppTest)."""

from __future__ import annotations

import json

from finops_lib.dashboard import build_report
from finops_lib.options import resolve

from .conftest import AS_OF, metric_money, no_exception, open_page


def test_architect_page_shows_savings_network_and_map() -> None:
    at = open_page("architect", {"activity_analysis": "true"})
    no_exception(at)
    report = build_report(resolve("architect", {"as_of": AS_OF, "activity_analysis": True}))
    metrics = {m.label: m for m in at.main.metric}
    savings = report.kpi("identified_savings")
    network = report.kpi("network_cost")
    assert savings is not None and network is not None
    assert metric_money(metrics[savings.label]) == savings.value
    assert metric_money(metrics[network.label]) == network.value
    subheaders = [s.value for s in at.main.subheader]
    for title in ("Savings recommendations", "Network cost by kind",
                  "NAT traffic a free gateway endpoint would carry", "Dependency map"):
        assert title in subheaders, title
    frames = {tuple(d.value.columns): d.value for d in at.main.dataframe}
    recs = next(f for cols, f in frames.items() if "monthly_savings" in cols)
    table = report.table("recommendations")
    assert table is not None
    assert list(recs["resource_id"]) == [r["resource_id"] for r in table.rows]
    charts = [json.loads(c.proto.spec) for c in at.main.get("vega_lite_chart")]
    titles = {str(c.get("title")) for c in charts}
    assert {"Dependency map", "Identified savings by action",
            "Network and data transfer cost by kind"} <= titles
