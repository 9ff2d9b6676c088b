"""The `ce` source against moto: pages, filters, names, request counts, money to the cent;
allocation grouping (TAG / COST_CATEGORY / USAGE_TYPE) and HOURLY granularity, with Cost
Explorer refusing hourly data (botocore Stubber) as one-line SourceErrors."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from botocore.stub import Stubber

from finops_lib.cost_metrics import USAGE_NAMES
from finops_lib.dashboard import build_report
from finops_lib.errors import SourceError
from finops_lib.options import resolve
from finops_lib.sources.base import CANONICAL_COLUMNS, CostQuery
from finops_lib.sources.cost_explorer import (
    IAM_ACTIONS,
    CostExplorerSource,
    build_filter,
)

EC2 = "Amazon Elastic Compute Cloud - Compute"
S3 = "Amazon Simple Storage Service"
RDS = "Amazon Relational Database Service"
START = date(2026, 11, 1)
END = date(2026, 11, 6)  # exclusive: five days
DAYS = [START + timedelta(days=i) for i in range(5)]
ACCOUNTS = ("111111111111", "222222222222")
Groups = dict[date, list[tuple[str, str, str]]]

# allocation: three days of tag groups
TAG_DAYS = DAYS[:3]
TAG_QUERY = CostQuery(START, TAG_DAYS[-1] + timedelta(days=1))
TAG_GROUPS = [("111111111111", "team$web", "120.1234567890"),
              ("111111111111", "team$", "30.0000000001"),
              ("222222222222", "team$db", "49.9999999999")]

# hourly granularity
HOURLY_START = date(2026, 11, 17)
HOURLY_END = date(2026, 11, 19)  # exclusive: two days, 48 hours
HOURS = [datetime(2026, 11, 17) + timedelta(hours=i) for i in range(48)]


def _amounts(seed: int, accounts: tuple[str, ...] = ACCOUNTS) -> Groups:
    """Deterministic groups per day, amounts as Cost Explorer's 10-decimal strings."""
    rng = random.Random(seed)
    return {day: [(acct, svc, f"{rng.uniform(0, 900):.10f}")
                  for acct in accounts for svc in (EC2, S3, RDS)] for day in DAYS}


def _cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _sum(groups: Groups, **where: str) -> Decimal:
    keys = {"account": 0, "service": 1}
    return sum((Decimal(g[2]) for rows in groups.values() for g in rows
                if all(g[keys[k]] == v for k, v in where.items())), Decimal(0))


def test_pages_are_followed_and_concatenated(captured: Any, inject_ce: Any,
                                             ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=1)
    day3 = data[DAYS[2]]
    pages = [
        ce_response({DAYS[0]: data[DAYS[0]], DAYS[1]: data[DAYS[1]]}, next_token="page-2"),
        ce_response({DAYS[2]: day3[:2]}, next_token="page-3"),
        ce_response({DAYS[2]: day3[2:], DAYS[3]: data[DAYS[3]], DAYS[4]: data[DAYS[4]]},
                    estimated=[DAYS[4]]),
    ]
    inject_ce(pages)

    frame = source.costs(CostQuery(START, END))

    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert len(frame) == 5 * 6
    assert source.api_requests == 3
    assert [p.get("NextPageToken") for p in sent] == [None, "page-2", "page-3"]
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))
    for acct in ACCOUNTS:
        for svc in (EC2, S3, RDS):
            mine = frame[(frame.account_id == acct) & (frame.service == svc)]["amount"].sum()
            assert _cents(mine) == _cents(_sum(data, account=acct, service=svc))
    assert set(frame[frame.estimated]["date"].dt.date) == {DAYS[4]}
    assert (frame.region == "").all() and (frame.currency == "USD").all()
    assert source.days_answered == set(DAYS)


def test_a_repeated_page_token_stops_paging(captured: Any, inject_ce: Any,
                                            ce_response: Any) -> None:
    source, _ = captured
    inject_ce([ce_response({DAYS[0]: []}, next_token="same"),
               ce_response({DAYS[1]: []}, next_token="same")])

    with pytest.raises(SourceError, match="repeated page token"):
        source.costs(CostQuery(START, END))
    assert source.api_requests == 2


def test_days_without_groups_count_as_answered(captured: Any, inject_ce: Any,
                                               ce_response: Any) -> None:
    source, _ = captured
    data = _amounts(seed=2)
    inject_ce([ce_response({DAYS[0]: data[DAYS[0]], DAYS[1]: [], DAYS[2]: []})])

    frame = source.costs(CostQuery(START, DAYS[3]))

    assert set(frame["date"].dt.date) == {DAYS[0]}
    assert source.days_answered == {DAYS[0], DAYS[1], DAYS[2]}


def test_grouped_request_shape(captured: Any, inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({DAYS[0]: []})])

    source.costs(CostQuery(START, END, metric="amortized"))

    assert sent == [{
        "TimePeriod": {"Start": "2026-11-01", "End": "2026-11-06"},
        "Granularity": "DAILY",
        "Metrics": ["AmortizedCost"],
        "GroupBy": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                    {"Type": "DIMENSION", "Key": "SERVICE"}],
    }]


@pytest.mark.parametrize(("metric", "name"), sorted(USAGE_NAMES.items()))
def test_each_metric_is_requested_and_read(metric: str, name: str, captured: Any,
                                           inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=3)
    inject_ce([ce_response(data, metric=name)])

    frame = source.costs(CostQuery(START, END, metric=metric))

    assert sent[0]["Metrics"] == [name]
    assert _cents(frame["amount"].sum()) == _cents(_sum(data))


def test_filters_are_pushed_down(captured: Any, inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({DAYS[0]: []}), ce_response({DAYS[0]: []})])
    services = CostQuery(START, END, services=(EC2, S3))
    everything = CostQuery(START, END, services=(EC2,), accounts=ACCOUNTS,
                           regions=("us-east-1", "eu-west-1"))

    source.costs(services)
    source.costs(everything)

    assert sent[0]["Filter"] == {"Dimensions": {"Key": "SERVICE", "Values": [EC2, S3]}}
    assert sent[1]["Filter"] == {"And": [
        {"Dimensions": {"Key": "SERVICE", "Values": [EC2]}},
        {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": list(ACCOUNTS)}},
        {"Dimensions": {"Key": "REGION", "Values": ["us-east-1", "eu-west-1"]}},
    ]}
    assert build_filter(CostQuery(START, END)) is None
    assert build_filter(CostQuery(START, END, regions=("us-east-1",))) == {
        "Dimensions": {"Key": "REGION", "Values": ["us-east-1"]}}


def test_total_is_one_ungrouped_request(captured: Any, inject_ce: Any,
                                        ce_response: Any) -> None:
    source, sent = captured
    data = _amounts(seed=4)
    totals = {day: str(sum(Decimal(g[2]) for g in groups)) for day, groups in data.items()}
    inject_ce([ce_response(data), ce_response(totals)])
    query = CostQuery(START, END, services=(EC2, S3, RDS))

    frame = source.costs(query)
    total = source.total(query)

    assert source.api_requests == 2  # one dashboard: grouped + total, ≤ 3 before pagination
    assert "GroupBy" not in sent[1]
    assert sent[1]["Granularity"] == "MONTHLY"
    assert sent[1]["Filter"] == sent[0]["Filter"]
    assert _cents(total) == _cents(sum(Decimal(v) for v in totals.values()))
    assert _cents(total) == _cents(frame["amount"].sum())


def test_request_log_names_every_cost_explorer_request(captured: Any, inject_ce: Any,
                                                       ce_response: Any) -> None:
    source, _ = captured
    inject_ce([ce_response({DAYS[0]: []}, next_token="t"), ce_response({DAYS[1]: []})])

    source.costs(CostQuery(START, END))

    ce_lines = [line for line in source.request_log if line.startswith("ce:GetCostAndUsage #")]
    assert len(ce_lines) == source.api_requests == 2
    assert "page 2" in ce_lines[1] and "2026-11-06 (end exclusive)" in ce_lines[0]
    assert source.other_requests >= 1  # sts:GetCallerIdentity is logged but not counted


def test_open_uses_aws_profile_env(make_ce_source: Any, moto_aws: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_lib.sources import open_source

    monkeypatch.setenv("AWS_PROFILE", "sandbox")
    source = open_source(resolve("sre", {"as_of": "2026-11-20"}))

    assert isinstance(source, CostExplorerSource)
    assert source.profile == "sandbox" and not source.organization_view
    assert os.environ["FINOPS_CACHE_DIR"] == str(source.cache.directory)  # type: ignore[union-attr]


def test_iam_actions_are_exactly_what_is_called() -> None:
    assert IAM_ACTIONS == (
        "ce:GetCostAndUsage",
        "ce:GetDimensionValues",  # the coarse plan's size estimate (ce_plan.dimension_counts)
        "organizations:DescribeOrganization",
        "organizations:ListAccounts",
        "organizations:ListAccountsForParent",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListRoots",
        "sts:GetCallerIdentity",
    )


def test_tag_grouping_request_and_values(captured: Any, inject_ce: Any,
                                         ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({day: TAG_GROUPS for day in TAG_DAYS})])

    frame = source.costs(replace(TAG_QUERY, group_by="tag:team"))

    assert sent[0]["GroupBy"] == [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                                  {"Type": "TAG", "Key": "team"}]
    assert (frame["service"] == "").all()
    sums = frame.groupby("group")["amount"].sum()
    expected = {"web": Decimal("120.1234567890"), "": Decimal("30.0000000001"),
                "db": Decimal("49.9999999999")}
    assert set(sums.index) == set(expected)
    for key, amount in expected.items():
        assert round(Decimal(repr(float(sums[key]))), 2) == round(amount * 3, 2)


@pytest.mark.parametrize("group_by, expected", [
    ("cost-category:Business Unit", {"Type": "COST_CATEGORY", "Key": "Business Unit"}),
    ("usage-type", {"Type": "DIMENSION", "Key": "USAGE_TYPE"}),
])
def test_other_dimensions_group_by(captured: Any, inject_ce: Any, ce_response: Any,
                                   group_by: str, expected: dict[str, str]) -> None:
    source, sent = captured
    key = "Business Unit$Commerce" if group_by.startswith("cost") else "USE1-BoxUsage:m5.large"
    inject_ce([ce_response({TAG_DAYS[0]: [("111111111111", key, "10.00")]})])

    frame = source.costs(replace(TAG_QUERY, group_by=group_by))

    assert sent[0]["GroupBy"][1] == expected
    assert frame["group"].tolist() == ["Commerce" if group_by.startswith("cost")
                                       else "USE1-BoxUsage:m5.large"]


def test_tag_and_cost_category_filters_build_ce_expressions() -> None:
    query = replace(TAG_QUERY, services=("AWS Lambda",), tags=(("team", ("", "web")),),
                    cost_categories=(("Business Unit", ("Commerce",)),))
    assert build_filter(query) == {"And": [
        {"Dimensions": {"Key": "SERVICE", "Values": ["AWS Lambda"]}},
        {"Or": [{"Tags": {"Key": "team", "Values": ["web"]}},
                {"Tags": {"Key": "team", "MatchOptions": ["ABSENT"]}}]},
        {"CostCategories": {"Key": "Business Unit", "Values": ["Commerce"]}},
    ]}


def test_showback_report_on_ce_adds_up_to_the_ungrouped_total(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    as_of = date(2026, 11, 20)
    days = [as_of - timedelta(days=i) for i in range(1, 60)]
    main = {d: [("111111111111", "AWS Lambda", "70.00"), ("222222222222", "Amazon S3", "30.00")]
            for d in days}
    by_tag = {d: [("111111111111", "team$web", "70.00"), ("222222222222", "team$", "30.00")]
              for d in days}
    inject_ce([ce_response(main), ce_response(by_tag)])
    opts = resolve("architect", {"source": "ce", "profile": "finops-test", "as_of": "2026-11-20",
                                 "group_by": "tag:team", "top_n": 0})
    source = make_ce_source(profile="finops-test")

    report = build_report(opts, source)

    table = report.table("showback")
    rows = {r["owner"]: r["current"] for r in table.rows}
    current_days = report.periods.current.days
    assert rows == {"web": 70.0 * current_days, "untagged": 30.0 * current_days}
    assert table.total["current"] == report.kpi("total").value == 100.0 * current_days
    assert source.api_requests == 2


def _hourly_response(amounts: dict[datetime, list[tuple[str, str, str]]]) -> dict[str, Any]:
    """A GetCostAndUsage HOURLY answer: TimePeriods in yyyy-MM-ddThh:mm:ssZ form."""
    return {"ResultsByTime": [
        {"TimePeriod": {"Start": f"{h:%Y-%m-%dT%H}:00:00Z",
                        "End": f"{h + timedelta(hours=1):%Y-%m-%dT%H}:00:00Z"},
         "Estimated": False, "Total": {},
         "Groups": [{"Keys": [a, s], "Metrics": {"UnblendedCost": {"Amount": v, "Unit": "USD"}}}
                    for a, s, v in groups]}
        for h, groups in amounts.items()], "DimensionValueAttributes": []}


def test_hourly_request_shape_and_rows(captured: Any, inject_ce: Any) -> None:
    source, sent = captured
    rng = random.Random(7)
    amounts = {h: [(a, s, f"{rng.uniform(0, 40):.10f}") for a in ACCOUNTS for s in (EC2, S3)]
               for h in HOURS}
    inject_ce([_hourly_response(amounts)])

    frame = source.costs(CostQuery(HOURLY_START, HOURLY_END, granularity="HOURLY"))

    assert sent == [{
        "TimePeriod": {"Start": "2026-11-17T00:00:00Z", "End": "2026-11-19T00:00:00Z"},
        "Granularity": "HOURLY",
        "Metrics": ["UnblendedCost"],
        "GroupBy": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                    {"Type": "DIMENSION", "Key": "SERVICE"}],
    }]
    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert len(frame) == 48 * 4
    assert sorted({t.to_pydatetime() for t in frame["date"]}) == HOURS
    assert source.hours_answered == set(HOURS)
    assert source.days_answered == {HOURLY_START, HOURLY_START + timedelta(days=1)}
    for hour in (HOURS[0], HOURS[14], HOURS[47]):
        for acct, svc, value in amounts[hour]:
            row = frame[(frame.date == hour) & (frame.account_id == acct) & (frame.service == svc)]
            assert Decimal(repr(float(row["amount"].iloc[0]))).quantize(Decimal("0.01")) == \
                Decimal(value).quantize(Decimal("0.01"))
    total = sum((Decimal(v) for groups in amounts.values() for _, _, v in groups), Decimal(0))
    assert Decimal(repr(float(frame["amount"].sum()))).quantize(Decimal("0.01")) == \
        total.quantize(Decimal("0.01"))


def test_daily_requests_are_unchanged(captured: Any, inject_ce: Any, ce_response: Any) -> None:
    source, sent = captured
    inject_ce([ce_response({HOURLY_START: [(ACCOUNTS[0], EC2, "5.0000000000")]})])
    frame = source.costs(CostQuery(HOURLY_START, HOURLY_END))
    assert sent[0]["Granularity"] == "DAILY"
    assert sent[0]["TimePeriod"] == {"Start": "2026-11-17", "End": "2026-11-19"}
    assert (frame["date"] == frame["date"].dt.normalize()).all()
    assert source.hours_answered == set()


# Wording seen from Cost Explorer when hourly data is not available to the request.
NOT_ENABLED = "Hourly timePeriod is not supported for this request"
TOO_OLD = ("Start date is more than 14 days ago for hourly granularity. Please adjust start "
           "date as we support only 14 days of data at hourly granularity.")


@pytest.mark.parametrize(("code", "message", "needle"), [
    ("ValidationException", NOT_ENABLED,
     "hourly cost data is not enabled for this account. turn on hourly granularity in "
     "Billing → Cost Management preferences (it is billed), or use --timeframe daily"),
    ("DataUnavailableException", "Hourly data is unavailable", "not enabled for this account"),
    ("ValidationException", TOO_OLD, "keeps hourly data for 14 days only"),
])
def test_hourly_refusal_is_one_line(make_ce_source: Callable[..., CostExplorerSource],
                                    code: str, message: str, needle: str) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code=code,
                              service_message=message, http_status_code=400)
        with pytest.raises(SourceError) as err:
            source.costs(CostQuery(HOURLY_START, HOURLY_END, granularity="HOURLY"))
    text = str(err.value)
    assert needle in text and "\n" not in text
    assert source.api_requests == 0


def test_other_errors_on_hourly_keep_their_own_message(
        make_ce_source: Callable[..., CostExplorerSource]) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code="ValidationException",
                              service_message="Invalid filter", http_status_code=400)
        with pytest.raises(SourceError, match="Invalid filter") as err:
            source.costs(CostQuery(HOURLY_START, HOURLY_END, granularity="HOURLY"))
    assert "hourly" not in str(err.value)


def test_a_daily_request_is_never_told_about_hourly(
        make_ce_source: Callable[..., CostExplorerSource]) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code="ValidationException",
                              service_message=NOT_ENABLED, http_status_code=400)
        with pytest.raises(SourceError) as err:
            source.costs(CostQuery(HOURLY_START, HOURLY_END))
    assert "not enabled for this account" not in str(err.value)


def test_sre_hourly_report_over_cost_explorer(aws_env: Any, moto_server: str, ce_response: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """One HOURLY request for the 3-day window, one DAILY request for the baseline history."""
    import requests

    from finops_lib.periods import plan_periods
    from finops_lib.sources import cost_explorer

    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    requests.post(f"{moto_server}/moto-api/reset", timeout=60)
    today = date.today()
    plan = plan_periods("hourly", today)
    start = datetime.combine(plan.context.start, datetime.min.time())
    hours = [start + timedelta(hours=i) for i in range(72)]
    spike = datetime.combine(plan.current.start, datetime.min.time()) + timedelta(hours=9)
    hourly = {h: [(ACCOUNTS[0], EC2, "10.0000000000"),
                  (ACCOUNTS[0], S3, "90.0000000000" if h >= spike else "2.0000000000")]
              for h in hours}
    history = {plan.context.start - timedelta(days=d): [(ACCOUNTS[0], EC2, "240.0000000000")]
               for d in range(1, 60)}
    answer = requests.post(f"{moto_server}/moto-api/static/ce/cost-and-usage-results",
                           json={"results": [_hourly_response(hourly), ce_response(history)]},
                           timeout=60)
    assert answer.status_code == 201
    opts = resolve("sre", {"profile": "finops-test", "source": "ce", "as_of": today,
                           "timeframe": "hourly", "activity_analysis": False, "no_cache": True})
    source = cost_explorer.open(opts)
    sent: list[dict[str, Any]] = []
    source.client("ce").meta.events.register(
        "provide-client-params.ce.GetCostAndUsage", lambda params, **_: sent.append(params))

    report = build_report(opts, source)

    assert [p["Granularity"] for p in sent[:2]] == ["HOURLY", "DAILY"]
    assert sent[0]["TimePeriod"] == {"Start": f"{plan.context.start}T00:00:00Z",
                                     "End": f"{today}T00:00:00Z"}
    status = next(t for t in report.tables if t.key == "change_status")
    s3 = next(r for r in status.rows if r["service"] == S3)
    assert s3["status"] == "SPIKE"
    assert s3["current"] == 9 * 2.0 + 15 * 90.0 and s3["previous"] == 24 * 2.0
    assert any(f"first unusual hour {plan.current.start} 09:00 UTC" in line
               for line in report.summary_lines)
    chart = next(c for c in report.charts if c.key == "flagged_series")
    assert len([r for r in chart.data if r["series"] == S3]) == 72
    assert next(c for c in report.validation.checks
                if c.name.startswith("no missing hours")).passed


def test_refresh_asks_aws_again_but_keeps_the_stored_closed_days(aws_env: Any) -> None:
    """--refresh skips cached replies (they may hold days still changing), not the day store:
    closed days are final there. --no-cache reads everything again."""
    from tests.fault_ce import faulty_endpoint
    from tests.security.hostile import run_cli

    def asked(endpoint: Any, *extra: str) -> list[tuple[str, str]]:
        before = len(endpoint.periods)
        run = run_cli("dashboard", "--mode", "sre", "--profile", "finops-test", "--source", "ce",
                      "--as-of", "2026-11-25", "--no-activity-analysis", "--timeframe",
                      "weekly", *extra)
        assert run.code == 0, run.stderr
        assert "86.38" in run.stdout  # 7 days × the endpoint's $12.34 reached the report
        return list(endpoint.periods[before:])

    with faulty_endpoint("estimated-recent") as endpoint:  # 2026-11-23 on still change
        os.environ["AWS_ENDPOINT_URL"] = endpoint.url
        try:
            cold = asked(endpoint)
            again = asked(endpoint)
            cached = asked(endpoint)
            refreshed = asked(endpoint, "--refresh")
            everything = asked(endpoint, "--no-cache")
        finally:
            del os.environ["AWS_ENDPOINT_URL"]
    recent = [("2026-11-23", "2026-11-25")]  # the window ends before the as-of day
    assert cold == [("2026-08-23", "2026-11-25")]  # the baseline window, in one request
    assert again == recent  # the store serves the closed days; the estimated ones are re-read
    assert cached == []  # that same request again: the reply cache answers
    assert refreshed == recent  # asked AWS again, but only for the days that can still change
    assert everything == cold  # --no-cache: the whole window
