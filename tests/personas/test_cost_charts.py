"""The executive and architect cost charts with --timeframe hourly: charted hour by hour."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DemoSource
from tests.independent import cents

AS_OF = date(2026, 11, 26)


@pytest.mark.parametrize("mode", ["executive", "architect"])
def test_executive_and_architect_run_hourly(mode: str) -> None:
    report = build_report(resolve(mode, {"timeframe": "hourly", "as_of": AS_OF,
                                         "activity_analysis": False}))
    source = DemoSource(AS_OF)
    day = sum(source.costs(CostQuery(date(2026, 11, 25), AS_OF))["amount"].tolist())
    kpis = {k.key: k for k in report.kpis}
    assert cents(kpis["total"].value) == cents(day)
    if mode == "executive":  # daily average over the one day covered
        assert kpis["daily_average"].value == kpis["total"].value
    for chart in report.charts:
        chart_spec(chart).to_dict()
    # charted hour by hour, not as one dot a day
    charts = {c.key: c for c in report.charts}
    if mode != "executive":  # the architect's categories, stacked hour by hour
        stacked = charts["category_daily"]
        assert stacked.options["unit"] == "hour"
        assert len({r["hour"] for r in stacked.data}) == 24 * 3  # the baseline days too
        return
    hourly = charts["daily_cost"]
    hours = [r["hour"] for r in hourly.data]
    assert hourly.kind == "hourly_cost" and len(hours) == len(set(hours)) == 48
    current = sum(r["amount"] for r in hourly.data if r["period"] == "current")
    assert current == pytest.approx(day, abs=24 * 0.005)  # 24 amounts rounded to the cent
    compare = charts["period_compare"]
    assert compare.options["unit"] == "hour"
    for period in ("current", "comparison"):
        assert sorted(r["day"] for r in compare.data if r["period"] == period) == list(range(24))
