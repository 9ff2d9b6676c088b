"""The SRE report with --timeframe hourly: the CloudWatch spike and its first hour, the hourly
chart, the daily baseline still run on daily history."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from tests.independent import cents

AS_OF = date(2026, 11, 26)
CLOUDWATCH = ("shared-services", "AmazonCloudWatch")


@pytest.fixture(scope="module")
def sre() -> Any:
    return build_report(resolve("sre", {"timeframe": "hourly", "as_of": AS_OF,
                                        "activity_analysis": False}))


def test_sre_hourly_flags_the_cloudwatch_spike_and_its_first_hour(sre: Any) -> None:
    anomalies = next(t for t in sre.tables if t.key == "change_status")
    spikes = [r for r in anomalies.rows if r["status"] == "SPIKE"]
    assert [(r["account_name"], r["service"]) for r in spikes] == [CLOUDWATCH]
    frame = sre.frame
    mask = (frame.account_name == CLOUDWATCH[0]) & (frame.service == CLOUDWATCH[1])
    current = frame[mask & (frame.date.dt.date == date(2026, 11, 25))]["amount"]
    previous = frame[mask & (frame.date.dt.date == date(2026, 11, 24))]["amount"]
    assert cents(spikes[0]["current"]) == cents(sum(current.tolist()))
    assert cents(spikes[0]["previous"]) == cents(sum(previous.tolist()))
    assert any("AmazonCloudWatch (shared-services) SPIKE: first unusual hour 2026-11-25 14:00 UTC"
               in line for line in sre.summary_lines)


def test_sre_hourly_chart_has_24_points_a_day_per_series(sre: Any) -> None:
    chart = next(c for c in sre.charts if c.key == "flagged_series")
    assert chart.kind == "hourly_series"
    series = {r["series"] for r in chart.data}
    assert "AmazonCloudWatch (shared-services)" in series
    assert len(chart.data) == len(series) * 24 * 3
    cw = [r for r in chart.data if r["series"] == "AmazonCloudWatch (shared-services)"]
    assert [r["hour"] for r in cw][:2] == ["2026-11-23T00:00:00Z", "2026-11-23T01:00:00Z"]
    marked = [r["hour"] for r in cw if r["anomalous"]]
    assert marked == [f"2026-11-25T{h:02d}:00:00Z" for h in range(14, 18)]
    spec = chart_spec(chart).to_dict()
    text = json.dumps(spec)
    assert "utcyearmonthdatehours" in text and "%H:00" in text


def test_sre_hourly_still_runs_the_daily_baseline_on_daily_history(sre: Any) -> None:
    assert any(k.key == "anomalies" and k.value >= 1 for k in sre.kpis)
    assert any(c.kind == "anomaly_series" for c in sre.charts)
    checks = {c.name: c for c in sre.validation.checks}
    assert checks["no missing hours (72 hours)"].passed
    assert sre.periods.current.days == 1


def test_sre_finds_the_planted_daily_spike_with_the_canonical_threshold() -> None:
    opts = resolve("sre", {"as_of": AS_OF, "cost_threshold": 1000, "top_n": 50,
                           "sort_by": "change", "validation_level": "mcp"})
    report = build_report(opts)
    rows = report.table("change_status").rows
    assert rows[0]["status"] == "SPIKE" and rows[0]["service"] == "AmazonCloudWatch"
    assert rows[0]["account_name"] == "shared-services"
    assert all(r["status"] == "NORMAL" for r in rows[1:] if abs(r["change"]) < 1000)
    assert report.validation.agreement_pct == pytest.approx(100.0)


def test_sre_weekly_sees_new_gone_and_drop() -> None:
    report = build_report(resolve("sre", {"as_of": AS_OF, "timeframe": "weekly"}))
    status = {(r["account_name"], r["service"]): r["status"]
              for r in report.table("change_status").rows}
    assert status[("ml-sandbox", "Amazon Bedrock")] == "NEW"
    assert status[("data-platform", "Amazon Redshift")] == "DROP"
    assert status[("workloads-prod", "EC2 - Other")] == "SPIKE"
    assert status[("dev-sandbox", "Amazon Kinesis")] == "GONE"


def test_sre_leads_with_baseline_anomalies_and_their_root_causes() -> None:
    report = build_report(resolve("sre", {"as_of": AS_OF}))
    assert report.tables[0].key == "anomaly_events"
    events = report.tables[0].rows
    labels = " ".join(str(r["series"]) for r in events)
    for planted in ("Amazon Redshift", "EC2 - Other", "Amazon Bedrock", "AmazonCloudWatch",
                    "Amazon Kinesis"):
        assert planted in labels, planted
    assert "AWS Lambda" not in labels  # +15 % stays under the 20 % anomaly threshold
    impacts = [abs(r["impact"]) for r in events]
    assert impacts == sorted(impacts, reverse=True)
    assert report.kpi("anomalies").value == len(events)
    assert report.kpi("month_end_forecast").value > report.kpi("total").value
    assert any(c.kind == "anomaly_series" for c in report.charts)
    assert report.headline.startswith(f"{len(events)} anomalies")


def test_anomaly_thresholds_come_from_the_options() -> None:
    strict = build_report(resolve("sre", {"as_of": AS_OF, "anomaly_min_percent": 90}))
    series = " ".join(str(r["series"]) for r in strict.tables[0].rows)
    assert "Amazon Redshift" not in series and "AmazonCloudWatch" in series
