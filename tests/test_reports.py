"""Persona reports on the demo organization, checked to the cent against independent sums."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.personas import build_context
from tests.independent import assert_cents, labels, sums, total

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def ctx():
    return build_context(resolve("architect", {"as_of": AS_OF, "top_n": 0}))


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
@pytest.mark.parametrize("timeframe", ["daily", "weekly", "monthly", "quarterly", "last-month"])
def test_services_table_matches_independent_sums(mode: str, timeframe: str) -> None:
    opts = resolve(mode, {"as_of": AS_OF, "timeframe": timeframe, "top_n": 0,
                          "activity_analysis": False})
    ctx = build_context(opts)
    report = build_report(opts, ctx.source)
    cur = sums(ctx.frame, ctx.plan.current, "service")
    prev = sums(ctx.frame, ctx.plan.previous, "service")
    table = report.table("services")
    assert table is not None
    assert len(table.rows) == len(set(cur) | set(prev))
    for row in table.rows:
        assert_cents(row["current"], cur.get(row["service"], 0.0), row["service"])
        assert_cents(row["previous"], prev.get(row["service"], 0.0), row["service"])
        assert_cents(row["change"], cur.get(row["service"], 0.0) - prev.get(row["service"], 0.0))
    assert_cents(table.total["current"], total(ctx.frame, ctx.plan.current))
    assert_cents(report.kpi("total").value, total(ctx.frame, ctx.plan.current))
    assert_cents(report.kpi("previous").value, total(ctx.frame, ctx.plan.previous))


def test_top_n_folds_the_rest_into_others_and_still_adds_up() -> None:
    opts = resolve("architect", {"as_of": AS_OF, "top_n": 5})
    report = build_report(opts)
    table = report.table("services")
    assert len(table.rows) == 6 and table.rows[-1]["service"].startswith("Others (")
    cur = sums(report.frame, report.periods.current, "service")
    top5 = sorted(cur.values(), reverse=True)[:5]
    assert [r["current"] for r in table.rows[:5]] == [round(v, 2) for v in top5]
    assert_cents(table.rows[-1]["current"], sum(cur.values()) - sum(top5), "Others")
    assert abs(sum(r["current"] for r in table.rows) - table.total["current"]) <= 0.03


def test_sort_by_change_orders_by_absolute_dollar_change() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "sort_by": "change",
                                                "top_n": 0}))
    changes = [abs(r["change"]) for r in report.table("services").rows]
    assert changes == sorted(changes, reverse=True)


def test_cost_threshold_hides_small_rows_into_others() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "top_n": 0,
                                                "cost_threshold": 10000}))
    rows = report.table("services").rows
    assert all(max(r["current"], r["previous"]) >= 10000 for r in rows[:-1])
    assert rows[-1]["service"].startswith("Others (")


def test_dimension_filters_narrow_the_total() -> None:
    opts = resolve("architect", {"as_of": AS_OF, "services": "EC2,RDS,S3,ELB", "top_n": 50,
                                 "sort_by": "change"})
    report = build_report(opts)
    assert set(labels(report.table("services").rows, "service")) == {
        "Amazon Elastic Compute Cloud - Compute", "Amazon Relational Database Service",
        "Amazon Simple Storage Service", "Amazon Elastic Load Balancing"}
    assert_cents(report.kpi("total").value,
                 sum(sums(report.frame, report.periods.current, "service").values()))


def test_filters_are_anded_and_accounts_accept_names() -> None:
    opts = resolve("architect", {"as_of": AS_OF, "filter": ["service:EC2,RDS", "service:RDS",
                                                             "account:workloads-prod"]})
    report = build_report(opts)
    assert set(report.frame["service"]) == {"Amazon Relational Database Service"}
    assert set(report.frame["account_id"]) == {"555555555555"}


def test_cost_bounds_filter_rows() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "top_n": 0,
                                                "filter": ["cost>10000", "cost<50000"]}))
    shown = [r for r in report.table("services").rows if not r["service"].startswith("Others")]
    assert shown and all(10000 < r["current"] < 50000 for r in shown)


def test_accounts_table_and_tree_add_up(ctx) -> None:
    report = build_report(ctx.opts, ctx.source)
    accounts = report.table("accounts")
    per_account = sums(ctx.frame, ctx.plan.current, "account_id")
    assert len(accounts.rows) == 9
    for row in accounts.rows:
        assert_cents(row["current"], per_account[row["account_id"]], row["account_name"])
    root = report.tree("categories").root
    assert_cents(root.value, total(ctx.frame, ctx.plan.current))
    by_category = sums(ctx.frame, ctx.plan.current, "category")
    for node in root.children:
        assert_cents(node.value, by_category[node.label], node.label)
        # children are each rounded to cents, so their sum may drift by half a cent per child
        drift = abs(sum(c.value for c in node.children) - node.value)
        assert drift <= 0.005 * len(node.children) + 1e-9, node.label


def test_executive_kpis(ctx) -> None:
    opts = resolve("executive", {"as_of": AS_OF})
    report = build_report(opts)
    cur = total(report.frame, report.periods.current)
    prev = total(report.frame, report.periods.previous)
    assert_cents(report.kpi("daily_average").value, cur / 25)
    assert_cents(report.kpi("daily_average_previous").value, prev / 25)
    # One month-end figure: the forecast; the flat run rate is quoted in its method note.
    assert report.kpi("projection") is None
    assert f"run rate would give {round(cur / 25 * 30, 2):,.2f}" in \
        report.kpi("month_end_forecast").help
    assert_cents(report.kpi("previous_full").value,
                 total(report.frame, report.periods.previous_full))
    assert report.kpi("top_driver").value.startswith("Amazon Elastic Compute Cloud - Compute")
    assert report.kpi("biggest_mover").value == "Amazon Redshift"  # the planted pause
    assert report.validation.passed


def test_architect_consistency_checks_pass_on_consistent_data(ctx) -> None:
    report = build_report(ctx.opts, ctx.source)
    assert len(report.checks) >= 7 and all(c.passed for c in report.checks)  # 7 sums/sanity
    assert "consistency checks passed" in report.headline


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


def test_single_demo_account_scope_has_no_account_table() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "source": "demo",
                                                "profile": "data-platform"}))
    assert report.scope.kind == "account" and report.table("accounts") is None
    assert set(report.frame["account_id"]) == {"777777777777"}


def test_activity_analysis_is_reported_plainly_when_unavailable() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    activity = report.tree("activity")
    notices = " ".join(report.notices)
    assert activity is not None or "no activity data is available" in notices


def test_activity_on_export_files_without_credentials_is_one_clear_notice() -> None:
    fixture = "tests/fixtures/focus-sample-1.0/focus_sample.csv"
    report = build_report(resolve("executive", {"as_of": "2024-10-02", "source": "files",
                                                "path": fixture}))
    notes = [n for n in report.notices if "Activity analysis" in n]
    assert len(notes) == 1 and "--profile" in notes[0]
    assert report.tree("activity") is None
    assert report.scope.kind == "organization" and len(report.scope.accounts) > 1


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


def test_executive_has_a_month_end_forecast_with_an_interval() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    forecast = report.kpi("month_end_forecast")
    assert forecast is not None and "80% interval" in forecast.help
    assert forecast.value > report.kpi("total").value
