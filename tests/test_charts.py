"""finops_lib.charts: every Chart kind becomes a valid altair spec with tooltips on every mark."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from finops_lib.anomalies import anomaly_chart, detect
from finops_lib.charts import CHART_KINDS, MONEY_FORMAT, ChartError, chart_spec, report_charts
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Chart

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    return {m: build_report(resolve(m, {"as_of": AS_OF})) for m in ("executive", "architect", "sre")}


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer for part in spec.get("layer", [spec]) for layer in _layers_or_self(part)]


def _layers_or_self(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return _layers(spec) if "layer" in spec else [spec]


def _tooltips(layer: dict[str, Any]) -> list[dict[str, Any]]:
    tips = layer.get("encoding", {}).get("tooltip", [])
    return tips if isinstance(tips, list) else [tips]


def test_every_report_chart_has_tooltips_days_and_currency(reports: dict[str, Any]) -> None:
    kinds = set()
    for report in reports.values():
        for chart, spec in report_charts(report):
            kinds.add(chart.kind)
            as_dict = spec.to_dict()
            assert as_dict["title"] == chart.title
            assert as_dict["data"]["values"] == [dict(r) for r in chart.data]
            for layer in _layers(as_dict):
                tips = _tooltips(layer)
                assert tips, f"{chart.key}: a mark without tooltip"
                for tip in tips:
                    if tip["type"] == "temporal":
                        assert tip["format"] == "%Y-%m-%d"
                        assert tip["timeUnit"] == "utcyearmonthdate"
                    if tip["field"] in ("amount", "current", "previous", "actual", "expected"):
                        assert tip["format"] == MONEY_FORMAT
    assert kinds == {"daily_cost", "period_compare", "top_bar", "stacked_category",
                     "anomaly_series", "amount_bar", "dependency_map"}


def test_anomaly_detector_chart_draws_band_and_marks(reports: dict[str, Any]) -> None:
    frame = reports["executive"].frame
    found = detect(frame, last_day=date(2026, 11, 25))
    assert found, "the demo plants anomalies"
    chart = anomaly_chart(frame, found[0])
    spec = chart_spec(chart).to_dict()
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    assert marks == ["area", "line", "line", "point"]
    assert all(_tooltips(layer) for layer in _layers(spec))


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ChartError, match="no chart builder for kind 'pie'"):
        chart_spec(Chart("x", "X", "pie", ()))


def test_empty_chart_still_builds() -> None:
    for kind in CHART_KINDS:
        assert chart_spec(Chart("e", "Empty", kind, ())).to_dict()["data"]["values"] == []
