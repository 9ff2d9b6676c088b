"""Coverage on Athena is judged as on files and Cost Explorer: the source reports its first and
last day, the fetch never starts before them, and a partly covered comparison is flagged with
the same words. The whole report runs through moto's Athena; each query moto receives is
answered by running its exact SQL on DuckDB over a constructed CUR 2.0 table."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import duckdb
import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import FinopsError
from finops_lib.options import Options, resolve
from finops_lib.report import Report
from finops_lib.sources import open_source
from finops_lib.sources.athena import AthenaSource
from finops_lib.sources.files import open_path
from tests.sources.test_athena import (
    BUCKET,
    CUR2,
    DATABASE,
    TABLE,
    _executions,
    _inject,
    cur_table,  # noqa: F401 (the Glue table fixture)
)

FIRST, AS_OF = date(2026, 5, 1), date(2026, 9, 20)  # data from May; quarterly compares Apr–Jun
# A small account: its first cost line comes days after its first billing period starts; the
# days between are zero-cost days inside the coverage, not missing data.
FIRST_LINE = date(2026, 5, 4)
DAILY = {"111122223333": 10.0, "011122223333": 2.5}
GIVEN = {"as_of": AS_OF.isoformat(), "timeframe": "quarterly", "cost_metric": "unblended",
         "validation_level": "basic"}
MAX_ROUNDS = 40


@pytest.fixture
def cur_csv(tmp_path: Path) -> Path:
    """One EC2 line a day per account from FIRST_LINE to the day before AS_OF (billing periods
    from FIRST), in CUR 2.0 columns."""
    header = CUR2.read_text().splitlines()[0].split(",")
    path = tmp_path / "cur.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        day = FIRST_LINE
        while day < AS_OF:
            for account, amount in DAILY.items():
                writer.writerow({
                    "bill_billing_period_start_date": f"{day:%Y-%m}-01 00:00:00",
                    "bill_payer_account_id": "111122223333",
                    "line_item_usage_account_id": account, "line_item_line_item_type": "Usage",
                    "line_item_usage_start_date": f"{day} 00:00:00",
                    "line_item_product_code": "AmazonEC2", "line_item_currency_code": "USD",
                    "line_item_unblended_cost": f"{amount:.2f}",
                    "product_servicecode": "AmazonEC2", "product_region_code": "us-east-1"})
            day += timedelta(days=1)
    return path


def _answer(execution: dict[str, Any], path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run the exact SQL Athena received on DuckDB over the constructed table."""
    con = duckdb.connect()
    con.execute(f"CREATE SCHEMA {DATABASE}")
    con.execute(f"CREATE TABLE {DATABASE}.{TABLE} AS SELECT *, "
                "substr(bill_billing_period_start_date, 1, 7) AS billing_period "
                "FROM read_csv(?, all_varchar = true)", [str(path)])
    params = [p[1:-1].replace("''", "'") for p in execution.get("ExecutionParameters", [])]
    cursor = con.execute(execution["Query"], params)
    return ([d[0] for d in cursor.description],
            [tuple(None if v is None else str(v) for v in row) for row in cursor.fetchall()])


def _drain(leftover: int) -> None:
    # Results queued in moto but not taken by this round would answer the next round's queries.
    client = boto3.client("athena", region_name="us-east-1")
    for _ in range(leftover):
        client.start_query_execution(QueryString="SELECT 1", ResultConfiguration={
            "OutputLocation": f"s3://{BUCKET}/drain/"})


def _athena_report(opts: Options, path: Path) -> tuple[Report, AthenaSource]:
    """Build the report on Athena, replaying it until every query it sends has its answer
    (a query's SQL can depend on earlier answers, so each round answers one more prefix)."""
    answers: list[tuple[list[str], list[tuple[Any, ...]]]] = []
    for _ in range(MAX_ROUNDS):
        before = len(_executions())
        source = open_source(opts)
        assert isinstance(source, AthenaSource)
        if answers:
            _inject(answers)
        try:
            report: Report | None = build_report(opts, source)
        except FinopsError:
            report = None
        sent = _executions()[before:]
        _drain(max(len(answers) - len(sent), 0))
        got = [_answer(e, path) for e in sent]
        if report is not None and got == answers[:len(got)] and len(got) == len(answers):
            return report, source
        answers = got
    raise AssertionError(f"no stable set of answers after {MAX_ROUNDS} rounds")


@pytest.mark.usefixtures("cur_table")
def test_athena_reports_its_coverage_and_flags_the_partial_comparison(cur_csv: Path) -> None:
    opts = resolve("architect", {**GIVEN, "source": "athena", "athena_database": DATABASE,
                                 "athena_table": TABLE,
                                 "athena_output": f"s3://{BUCKET}/finops/"})
    report, source = _athena_report(opts, cur_csv)
    last = AS_OF - timedelta(days=1)
    previous = report.periods.previous
    covered = (previous.end - FIRST).days  # May 1 to the end of the comparison window
    note = (f"Coverage: comparison covers {covered} of {previous.days} days (data from "
            f"{FIRST.isoformat()} to {last.isoformat()}); changes against it are marked "
            "partial.")
    assert 0 < covered < previous.days
    assert note in report.notices
    assert report.frame is not None and report.validation is not None
    assert report.frame["date"].min().date() == FIRST_LINE
    assert report.validation.passed, report.validation.checks
    assert source.coverage() == (FIRST, last)
    # Money to the cent, computed here: the current quarter to date, both accounts.
    current = report.periods.current
    total = report.kpi("total")
    assert total is not None and total.value == pytest.approx(current.days * sum(DAILY.values()), abs=0.005)

    assert report.headline.startswith("1 service in 1 category cost ")  # never "1 services"

    files = build_report(opts.replace(source="files", path=str(cur_csv)),
                         open_path(str(cur_csv), "unblended"))
    assert note in files.notices  # the same words on files
