"""Charts a reader can read: every bar labelled, compact currency ticks, one-off charges taken
out of the daily line and marked, no layer over zero rows (Vega's "infinite extent" warning)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
import vl_convert

from finops_lib.charts import AXIS_MONEY_FORMAT, BAR_PX, report_charts
from finops_lib.dashboard import build_report
from finops_lib.one_off import ONE_OFF_FACTOR, one_off_by_day
from finops_lib.options import MODES, resolve
from finops_lib.report import Report

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {m: build_report(resolve(m, {"as_of": AS_OF})) for m in MODES}


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


def test_one_off_charges_are_found_to_the_cent() -> None:
    days = pd.date_range("2026-10-01", "2026-11-03", freq="D")
    rows = []
    for day in days:
        fee = 900.0 if day.day == 1 else 0.0  # a monthly fee on the 1st
        rows.append({"date": day, "account_id": "1", "service": "EC2", "amount": 100.0 + fee})
        rows.append({"date": day, "account_id": "1", "service": "S3",
                     "amount": 350.0 if day == pd.Timestamp("2026-10-31") else 100.0})
        rows.append({"date": day, "account_id": "1", "service": "Tax",
                     "amount": 42.5 if day == pd.Timestamp("2026-10-31") else 0.0})
    got = one_off_by_day(pd.DataFrame(rows))
    # the 1st: 1000 against a usual 100 → 900; the 31st: S3 at 3.5× (under the factor) stays
    # usage, tax is one-off whatever its size
    assert ONE_OFF_FACTOR > 3.5
    assert got == {"2026-10-01": 900.0, "2026-10-31": 42.5, "2026-11-01": 900.0}


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
