"""finops_lib.charts: every Chart kind becomes a valid altair spec with tooltips on every mark;
charts a reader can read: every bar labelled, compact currency ticks, one-off charges taken out
of the daily line and marked."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import vl_convert

from finops_lib.anomalies import anomaly_chart, detect
from finops_lib.charts import (
    AXIS_MONEY_FORMAT,
    BAR_PX,
    CHART_KINDS,
    MONEY_FORMAT,
    ChartError,
    chart_spec,
    report_charts,
)
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Chart, Report

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


def svg_texts(spec: dict[str, Any]) -> list[str]:
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return [t.replace("&amp;", "&") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_every_bar_of_a_top_chart_is_labelled(reports: dict[str, Report]) -> None:
    seen = 0
    for report in reports.values():
        for chart, spec in report_charts(report):
            if chart.kind != "top_bar":
                continue
            as_dict = spec.to_dict()
            assert as_dict["height"] >= BAR_PX * len(chart.data)
            texts = svg_texts(as_dict)
            for row in chart.data:
                label = str(row["label"])
                assert any(t == label or (t.endswith("…") and label.startswith(t[:-1]))
                           for t in texts), (chart.key, label)
            seen += len(chart.data)
    assert seen >= 20


def test_money_ticks_are_compact(reports: dict[str, Report]) -> None:
    _chart, spec = next((c, s) for c, s in report_charts(reports["executive"])
                       if c.kind == "top_bar")
    texts = svg_texts(spec.to_dict())
    ticks = [t for t in texts if t.startswith("$")]
    assert ticks and all(re.fullmatch(r"\$\d+(\.\d)?[kM]?", t) for t in ticks), ticks
    assert "$100k" in ticks
    assert AXIS_MONEY_FORMAT in str(spec.to_dict())


def test_daily_line_keeps_its_shape_and_totals(reports: dict[str, Report]) -> None:
    chart = next(c for c in reports["executive"].charts if c.key == "daily_cost")
    fees = [r for r in chart.data if r["one_off"]]
    assert fees, "the demo posts month-start fees"
    usual = [r["amount"] - r["one_off"] for r in chart.data]
    median = sorted(usual)[len(usual) // 2]
    assert max(usual) < 2 * median  # the day of the fee no longer dwarfs the others
    assert max(r["amount"] for r in chart.data) > 4 * median
    texts = svg_texts(report_charts(reports["executive"])[0][1].to_dict())
    labels = {"+$" + f"{r['one_off'] / 1000:.1f}k" for r in fees}  # e.g. +$70.4k
    assert labels <= set(texts), (labels, texts)
    assert "Cost (one-off charges marked)" in texts
