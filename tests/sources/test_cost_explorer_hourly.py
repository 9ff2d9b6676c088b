"""The ce source with HOURLY granularity: request shape and hourly rows through moto, and
Cost Explorer refusing hourly data (botocore Stubber) as one-line SourceErrors."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from botocore.stub import Stubber

from finops_lib.errors import SourceError
from finops_lib.sources.base import CANONICAL_COLUMNS, CostQuery
from finops_lib.sources.cost_explorer import CostExplorerSource

START = date(2026, 11, 17)
END = date(2026, 11, 19)  # exclusive: two days, 48 hours
HOURS = [datetime(2026, 11, 17) + timedelta(hours=i) for i in range(48)]
ACCOUNTS = ("111111111111", "222222222222")
EC2 = "Amazon Elastic Compute Cloud - Compute"
S3 = "Amazon Simple Storage Service"


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

    frame = source.costs(CostQuery(START, END, granularity="HOURLY"))

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
    assert source.days_answered == {START, START + timedelta(days=1)}
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
    inject_ce([ce_response({START: [(ACCOUNTS[0], EC2, "5.0000000000")]})])
    frame = source.costs(CostQuery(START, END))
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
            source.costs(CostQuery(START, END, granularity="HOURLY"))
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
            source.costs(CostQuery(START, END, granularity="HOURLY"))
    assert "hourly" not in str(err.value)


def test_a_daily_request_is_never_told_about_hourly(
        make_ce_source: Callable[..., CostExplorerSource]) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code="ValidationException",
                              service_message=NOT_ENABLED, http_status_code=400)
        with pytest.raises(SourceError) as err:
            source.costs(CostQuery(START, END))
    assert "not enabled for this account" not in str(err.value)




def test_sre_hourly_report_over_cost_explorer(aws_env: Any, moto_server: str, ce_response: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """One HOURLY request for the 3-day window, one DAILY request for the baseline history."""
    import requests

    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve
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
