"""Chart domains: no layer draws over zero rows, and the app's specs name their domains so
Vega computes no extent (the infinite extent warning)."""

from __future__ import annotations

from typing import Any

import pytest

from finops_lib.charts import report_charts
from finops_lib.dashboard import build_report
from finops_lib.options import MODES, resolve
from finops_lib.report import Report

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {m: build_report(resolve(m, {"as_of": AS_OF})) for m in MODES}


def _filters(spec: dict[str, Any]) -> list[str]:
    out = []
    for layer in spec.get("layer", []):
        out += [str(t["filter"]) for t in layer.get("transform", []) if "filter" in t]
        out += _filters(layer)
    return out


def test_no_layer_draws_over_zero_rows(reports: dict[str, Report]) -> None:
    for report in reports.values():
        for chart, spec in report_charts(report):
            for expression in _filters(spec.to_dict()):
                if "anomalous" in expression:
                    assert any(r.get("anomalous") is True for r in chart.data), chart.key
                if "one_off" in expression:
                    assert any(r.get("one_off") for r in chart.data), chart.key


def test_app_specs_name_their_domains_so_vega_computes_no_extent(
        reports: dict[str, Report]) -> None:
    from finops_lib.chart_domains import pin_domains

    for report in reports.values():
        for chart, spec in report_charts(report):
            pinned = pin_domains(spec.to_dict(), chart.data)
            parts = [pinned, *pinned.get("layer", [])]
            domains: dict[str, list[Any]] = {}
            for part in parts:
                for channel in ("x", "y"):
                    enc = part.get("encoding", {}).get(channel)
                    if not enc or enc.get("type") not in ("quantitative", "temporal"):
                        continue
                    if enc.get("scale", {}) is None:
                        continue
                    domain = enc["scale"]["domain"]
                    assert domains.setdefault(channel, domain) == domain, chart.key  # one per axis
            if chart.kind == "top_bar":
                assert domains["x"] == [0.0, max(r["current"] for r in chart.data)]
            if chart.kind == "daily_cost":
                usual = [r["amount"] - r["one_off"] for r in chart.data]
                assert domains["y"] == [0.0, pytest.approx(max(usual))]
                first = min(r["date"] for r in chart.data)
                assert domains["x"][0] == {"year": int(first[:4]), "month": int(first[5:7]),
                                           "date": int(first[8:]), "hours": 0, "utc": True}
