"""--timeframe hourly: periods, options, demo hourly rows, reports, chart, validation, CLI."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest

from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError
from finops_lib.exporters.focus import render_focus
from finops_lib.options import resolve
from finops_lib.periods import check_hourly_retention, plan_periods
from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DIURNAL_PROFILE, STORM_START_HOUR, DemoSource
from finops_lib.validation import validate
from tests.independent import cents
from tests.test_cli import one_line_error, run_cli

AS_OF = date(2026, 11, 26)
CLOUDWATCH = ("shared-services", "AmazonCloudWatch")


@pytest.fixture(scope="module")
def sre() -> Any:
    return build_report(resolve("sre", {"timeframe": "hourly", "as_of": AS_OF,
                                        "activity_analysis": False}))


# ---------------------------------------------------------------- periods and options


def test_hourly_plan_is_the_last_complete_day_against_the_day_before() -> None:
    plan = plan_periods("hourly", AS_OF)
    assert (plan.current.start, plan.current.end) == (date(2026, 11, 25), AS_OF)
    assert (plan.previous.start, plan.previous.end) == (date(2026, 11, 24), date(2026, 11, 25))
    assert (plan.context.start, plan.context.end) == (date(2026, 11, 23), AS_OF)
    assert plan.previous_full is None and plan.granularity == "HOURLY"
    assert plan.projection_days == 1
    doc = plan.as_dict()
    assert doc["granularity"] == "hourly"
    assert doc["current"]["hours"] == doc["previous"]["hours"] == 24  # type: ignore[index]
    assert doc["context"]["hours"] == 72  # type: ignore[index]


def test_daily_plans_are_unchanged_by_hourly() -> None:
    plan = plan_periods("daily", AS_OF)
    assert plan.granularity == "DAILY"
    assert "granularity" not in plan.as_dict()
    assert "hours" not in plan.as_dict()["current"]  # type: ignore[operator]


@pytest.mark.parametrize(("days_ago", "ok"), [(0, True), (11, True), (12, False), (40, False)])
def test_hourly_needs_its_hours_inside_cost_explorers_14_days(days_ago: int, ok: bool) -> None:
    today = date(2026, 11, 26)
    as_of = today - timedelta(days=days_ago)
    if ok:
        check_hourly_retention(as_of, today)
        return
    with pytest.raises(OptionError, match="14 days") as err:
        check_hourly_retention(as_of, today)
    assert "\n" not in str(err.value) and "--timeframe daily" in str(err.value)


def test_old_as_of_with_hourly_on_ce_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="hourly data for 14 days"):
        resolve("sre", {"timeframe": "hourly", "source": "ce", "profile": "x",
                        "as_of": date.today() - timedelta(days=30)})


def test_old_as_of_with_hourly_on_demo_is_fine() -> None:
    opts = resolve("sre", {"timeframe": "hourly", "source": "demo", "as_of": "2025-01-10"})
    assert opts.timeframe == "hourly"


@pytest.mark.parametrize("given", [
    {"source": "files", "path": "export.parquet"},
    {"source": "athena", "athena_database": "d", "athena_table": "t"},
])
def test_hourly_on_files_or_athena_is_a_clear_option_error(given: dict[str, str]) -> None:
    with pytest.raises(OptionError, match="hourly needs --source ce or demo"):
        resolve("sre", {"timeframe": "hourly", **given})


def test_persona_timeframe_defaults_are_unchanged() -> None:
    assert [resolve(m, {"as_of": AS_OF}).timeframe for m in ("executive", "architect", "sre")] \
        == ["monthly", "monthly", "daily"]


# ---------------------------------------------------------------- demo hourly rows


def test_diurnal_profile_is_a_distribution() -> None:
    assert len(DIURNAL_PROFILE) == 24 and (DIURNAL_PROFILE > 0).all()
    assert abs(float(DIURNAL_PROFILE.sum()) - 1.0) < 1e-12


@pytest.mark.parametrize("metric", ["unblended", "amortized", "net-unblended"])
def test_demo_hours_add_up_to_the_daily_demo_to_the_cent(metric: str) -> None:
    # as of Dec 3: the window holds a month-end tax line and a 1st-of-month commitment fee
    source = DemoSource(date(2026, 12, 3))
    start, end = date(2026, 11, 28), date(2026, 12, 3)
    daily = source.costs(CostQuery(start, end, metric))
    hourly = source.costs(CostQuery(start, end, metric, granularity="HOURLY"))
    sums: dict[tuple[date, str, str], float] = defaultdict(float)
    hours: dict[tuple[date, str, str], set[int]] = defaultdict(set)
    for row in hourly.to_dict("records"):
        key = (row["date"].date(), row["account_id"], row["service"])
        sums[key] += row["amount"]
        hours[key].add(row["date"].hour)
    expected = {(r["date"].date(), r["account_id"], r["service"]): r["amount"]
                for r in daily.to_dict("records")}
    assert set(sums) == set(expected)
    assert any(k[2] == "Tax" for k in expected) and len(expected) > 200
    for key, amount in expected.items():
        assert cents(sums[key]) == cents(amount), key
        assert hours[key] == set(range(24)), key
    assert cents(float(hourly["amount"].sum())) == cents(source.total(CostQuery(start, end, metric)))


def test_demo_storm_is_concentrated_in_a_few_hours_of_the_last_day() -> None:
    source = DemoSource(AS_OF)
    frame = source.costs(CostQuery(date(2026, 11, 24), AS_OF, granularity="HOURLY"))
    cw = frame[(frame.account_name == CLOUDWATCH[0]) & (frame.service == CLOUDWATCH[1])]
    by_hour = cw.assign(hour=cw.date.dt.hour, day=cw.date.dt.date)
    storm = by_hour[by_hour.day == date(2026, 11, 25)].set_index("hour")["amount"]
    calm = by_hour[by_hour.day == date(2026, 11, 24)].set_index("hour")["amount"]
    ratio = storm / calm
    loud = sorted(int(h) for h in ratio[ratio > 2].index)
    assert loud == list(range(STORM_START_HOUR, STORM_START_HOUR + 4))
    assert (ratio.drop(loud).between(0.8, 1.25)).all()
    # the day as a whole is the planted ×4 storm
    assert 3.5 < storm.sum() / calm.sum() < 4.5


# ---------------------------------------------------------------- reports


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


# ---------------------------------------------------------------- validation and FOCUS export


def _hourly_frame() -> tuple[pd.DataFrame, CostQuery, DemoSource]:
    source = DemoSource(AS_OF)
    query = CostQuery(date(2026, 11, 23), AS_OF, granularity="HOURLY")
    return source.costs(query), query, source


def test_missing_hour_fails_the_hours_check() -> None:
    frame, query, source = _hourly_frame()
    gap = frame[frame.date != pd.Timestamp(datetime(2026, 11, 24, 7))]
    plan = plan_periods("hourly", AS_OF)
    result = validate("basic", gap, plan, query, source)
    check = next(c for c in result.checks if c.name.startswith("no missing hours"))
    assert not check.passed and "first 2026-11-24 07:00 UTC" in check.detail
    assert next(c for c in validate("basic", frame, plan, query, source).checks
                if c.name.startswith("no missing hours")).passed


def test_focus_export_of_hourly_rows_charges_one_hour_each() -> None:
    frame, _, _ = _hourly_frame()
    focus = pd.read_csv(pd.io.common.BytesIO(render_focus(frame)), dtype=str)
    start = pd.to_datetime(focus["ChargePeriodStart"])
    end = pd.to_datetime(focus["ChargePeriodEnd"])
    assert ((end - start) == pd.Timedelta(hours=1)).all()
    assert start.dt.hour.nunique() == 24
    billed = sum(Decimal(v) for v in focus["BilledCost"])
    assert billed.quantize(Decimal("0.01")) == cents(sum(frame["amount"].tolist()))


# ---------------------------------------------------------------- command line


def test_cli_sre_hourly_json_shows_24_hour_periods(tmp_path: Path) -> None:
    proc = run_cli("dashboard", "--mode", "sre", "--timeframe", "hourly", "--as-of",
                   AS_OF.isoformat(), "--export", "json", "--output-dir", str(tmp_path),
                   "--no-activity-analysis")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "first unusual hour 2026-11-25 14:00 UTC" in proc.stdout
    (path,) = tmp_path.glob("*.json")
    doc = json.loads(path.read_text())
    periods = doc["periods"]
    assert periods["timeframe"] == "hourly" and periods["granularity"] == "hourly"
    assert periods["current"]["hours"] == periods["previous"]["hours"] == 24
    assert (periods["current"]["start"], periods["current"]["end"]) == ("2026-11-25", "2026-11-26")
    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "report.schema.json")
                        .read_text())
    jsonschema.validate(doc, schema)


def test_cli_hourly_on_files_is_one_line() -> None:
    proc = run_cli("dashboard", "--timeframe", "hourly", "--source", "files", "--path",
                   "nothing.parquet")
    assert "hourly needs --source ce or demo" in one_line_error(proc)
