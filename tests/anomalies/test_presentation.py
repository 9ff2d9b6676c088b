"""Anomalies as report elements: the events table and the band chart."""

from __future__ import annotations

from datetime import date

from finops_lib.anomalies import anomalies_table, anomaly_chart, detect

from .conftest import LAST, PARAMS, A, at, frame_of, seasonal


def test_anomalies_table_and_chart() -> None:
    values = seasonal()
    day = date(2026, 10, 21)
    values[at(day)] = 2500.0
    frame = frame_of({(A, "EC2"): values})
    found = detect(frame, last_day=LAST, params=PARAMS)
    table = anomalies_table(found)
    assert table.key == "anomaly_events"
    assert [c.key for c in table.columns] == [
        "series", "direction", "start", "last_day", "ongoing", "actual", "expected", "impact",
        "impact_pct", "severity", "root_causes", "action"]
    row = table.rows[0]
    assert (row["series"], row["impact"], row["impact_pct"], row["ongoing"]) == (
        "EC2", 1500.0, 150.0, "no")
    chart = anomaly_chart(frame, found[0], params=PARAMS)
    assert chart.kind == "anomaly_series"
    marked = [r["date"] for r in chart.data if r["anomalous"]]
    assert marked == ["2026-10-21"]
    assert set(chart.data[0]) == {"date", "actual", "expected", "lower", "upper", "anomalous"}
    assert chart.data[-1]["date"] == LAST.isoformat()
    assert anomalies_table([]).rows == ()
