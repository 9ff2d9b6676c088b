"""finops_lib.personas.common: the context, the shared tables and tree (checked to the cent
against independent sums on the demo organization), the context's shared parts and the activity
section."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from finops_lib import activity
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.personas import build_context
from finops_lib.personas.common import activity_section
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


def test_once_builds_a_shared_part_once_per_report() -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF}))
    made: list[int] = []
    first = ctx.once("part", lambda: made.append(1) or len(made))
    assert (first, ctx.once("part", lambda: made.append(2) or len(made)), made) == (1, 1, [1])


def test_activity_requests_join_the_run_log_without_changing_the_billed_figure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = build_context(resolve("executive", {"as_of": AS_OF, "activity_analysis": True}))
    real = activity.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        return replace(real(*args, **kwargs), api_requests={"cloudwatch": 4, "ec2": 2})

    monkeypatch.setattr(activity, "analyze", counted)
    before = ctx.requests.count
    section = activity_section(ctx)
    assert section.tables and section.data["activity"]
    assert ctx.requests.lines[-2:] == ["cloudwatch: 4 request(s) by the activity analysis",
                                       "ec2: 2 request(s) by the activity analysis"]
    assert ctx.requests.count == before  # the printed figure is Cost Explorer's/Athena's
    assert activity_section(ctx) is section  # run once per report
