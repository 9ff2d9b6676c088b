"""The athena source through moto: Glue table, query execution, injected results, same SQL;
and coverage judged as on files and Cost Explorer, a whole report through moto's Athena."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import duckdb
import pytest
import requests

from finops_lib.dashboard import build_report
from finops_lib.errors import FinopsError, OptionError, SourceError
from finops_lib.options import Options, resolve
from finops_lib.report import Report
from finops_lib.sources import open_source
from finops_lib.sources.athena import IAM_ACTIONS, AthenaSource, query_cost_usd
from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import open_path

ATHENA_RESULTS_URL = "http://motoapi.amazonaws.com/moto-api/static/athena/query-results"
CUR2 = Path(__file__).parents[1] / "fixtures" / "cur" / "cur2_sample.csv"
DATABASE, TABLE, BUCKET = "cur_db", "cur_table", "athena-results"
SEPTEMBER = CostQuery(date(2026, 9, 1), date(2026, 9, 4), metric="amortized")
AMORTIZED = 40.984  # hand-computed in test_files.py


def _fixture_columns() -> list[str]:
    return CUR2.read_text().splitlines()[0].split(",")


@pytest.fixture
def cur_table(moto_aws: Any) -> None:
    """A Glue table shaped like a CUR 2.0 export, partitioned by billing_period."""
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
    glue = boto3.client("glue", region_name="us-east-1")
    glue.create_database(DatabaseInput={"Name": DATABASE})
    glue.create_table(DatabaseName=DATABASE, TableInput={
        "Name": TABLE,
        "StorageDescriptor": {"Columns": [{"Name": c, "Type": "string"}
                                          for c in _fixture_columns()]},
        "PartitionKeys": [{"Name": "billing_period", "Type": "string"}],
    })


def _inject(results: Sequence[tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> None:
    body = {"results": [{
        "rows": [{"Data": [{"VarCharValue": h} for h in header]}]
        + [{"Data": [{} if v is None else {"VarCharValue": str(v)} for v in row]}
           for row in rows],
        "column_info": [{"Name": h, "Type": "varchar"} for h in header],
    } for header, rows in results]}
    assert requests.post(ATHENA_RESULTS_URL, json=body, timeout=10).status_code == 201


@pytest.fixture
def make_source(cur_table: None) -> Callable[..., AthenaSource]:
    def make(**given: Any) -> AthenaSource:
        given = {"source": "athena", "athena_database": DATABASE, "athena_table": TABLE,
                 "athena_output": f"s3://{BUCKET}/finops/", "as_of": "2026-09-20",
                 "cost_metric": "amortized", **given}
        source = open_source(resolve("architect", given))
        assert isinstance(source, AthenaSource)
        return source
    return make


def _executions() -> list[dict[str, Any]]:
    client = boto3.client("athena", region_name="us-east-1")
    ids = client.list_query_executions()["QueryExecutionIds"]
    return [client.get_query_execution(QueryExecutionId=i)["QueryExecution"] for i in ids]


def _run_in_duckdb(execution: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run the exact SQL Athena received on DuckDB over the fixture (a stand-in Athena)."""
    con = duckdb.connect()
    con.execute(f"CREATE SCHEMA {DATABASE}")
    con.execute(f"CREATE TABLE {DATABASE}.{TABLE} AS SELECT *, "
                "substr(bill_billing_period_start_date, 1, 7) AS billing_period "
                "FROM read_csv(?, all_varchar = true)", [str(CUR2)])
    # ExecutionParameters are SQL literals; these are all quoted strings.
    params = [p[1:-1].replace("''", "'") for p in execution.get("ExecutionParameters", [])]
    cursor = con.execute(execution["Query"], params)
    header = [d[0] for d in cursor.description]
    return header, [tuple(None if v is None else str(v) for v in row)
                    for row in cursor.fetchall()]


def test_costs_run_the_shared_sql_on_athena(make_source: Callable[..., AthenaSource]) -> None:
    source = make_source()
    first = source.costs(SEPTEMBER)  # moto returns no rows until results are queued
    assert first.empty
    sent = _executions()[-1]
    assert sent["QueryExecutionContext"]["Database"] == DATABASE
    assert sent["WorkGroup"] == "primary"
    assert sent["ResultConfiguration"]["OutputLocation"].startswith(f"s3://{BUCKET}/finops/")
    assert "billing_period IN (?)" in sent["Query"]
    assert sent["ExecutionParameters"] == ["'2026-09-01 00:00:00'", "'2026-09-04 00:00:00'",
                                           "'2026-09'"]
    assert "2026-09" not in sent["Query"]  # values travel as parameters only

    _inject([_run_in_duckdb(sent)])
    frame = source.costs(SEPTEMBER)
    assert round(frame["amount"].sum(), 3) == AMORTIZED
    by_account = frame.groupby("account_id")["amount"].sum().round(3).to_dict()
    assert by_account == {"111122223333": 34.45, "011122223333": 6.534}
    assert frame["date"].min().date() == date(2026, 9, 1)


def test_total_scope_and_query_cost(make_source: Callable[..., AthenaSource]) -> None:
    source = make_source()
    source.total(SEPTEMBER)
    with pytest.raises(SourceError, match="holds no AWS cost rows"):
        source.scope()  # no rows queued: an empty table is an error, and we learn the SQL
    total_sql, scope_sql = _executions()[-2:]
    assert "SUM(" in total_sql["Query"] and "GROUP BY" not in total_sql["Query"]
    assert scope_sql["ExecutionParameters"] == ["'2026-08'", "'2026-09'"]  # pruned scope

    fresh = make_source()
    _inject([_run_in_duckdb(total_sql), _run_in_duckdb(scope_sql)])
    assert round(fresh.total(SEPTEMBER), 3) == AMORTIZED
    scope = fresh.scope()
    assert scope.kind == "organization"
    assert {(a.id, a.name) for a in scope.accounts} == {("111122223333", "prod"),
                                                        ("011122223333", "dev")}
    # moto reports 0 bytes scanned: each of the two queries is billed the 10 MB minimum.
    assert fresh.bytes_scanned == 0
    assert fresh.query_cost_usd == pytest.approx(2 * 10 * 5 / 1024**2)
    assert any(n.startswith("Athena scanned") and "2 queries" in n for n in fresh.notices)
    # glue:GetTable + (start, get-execution ≥ 1, one results page) per query
    assert fresh.api_requests >= 1 + 2 * 3
    assert not any("FOCUS table" in n for n in fresh.notices)  # a CUR table


def test_filters_are_execution_parameters(make_source: Callable[..., AthenaSource]) -> None:
    source = make_source()
    query = CostQuery(date(2026, 9, 1), date(2026, 10, 1), metric="amortized",
                      services=("Amazon Relational Database Service",),
                      accounts=("011122223333",), regions=("eu-west-1",))
    source.costs(query)
    sent = _executions()[-1]
    assert sent["ExecutionParameters"][-3:] == ["'011122223333'",
                                                "'Amazon Relational Database Service'",
                                                "'eu-west-1'"]
    assert "011122223333" not in sent["Query"]
    _inject([_run_in_duckdb(sent)])
    assert round(source.costs(query)["amount"].sum(), 2) == 4.50  # RI effective + unused fee


def test_query_cost_rounds_up_to_the_megabyte_with_a_minimum() -> None:
    assert query_cost_usd(0) == query_cost_usd(10 * 1024**2)
    assert query_cost_usd(10 * 1024**2 + 1) == pytest.approx(11 * 5 / 1024**2)
    assert query_cost_usd(1024**4) == pytest.approx(5.0)


def test_missing_table_and_options_are_one_line_errors(make_source: Callable[..., AthenaSource]
                                                       ) -> None:
    with pytest.raises(SourceError, match="not found in the Glue catalog") as info:
        make_source(athena_table="nope")
    assert "\n" not in str(info.value)
    with pytest.raises(OptionError, match="needs --athena-output"):
        open_source(resolve("architect", {"source": "athena", "athena_database": DATABASE,
                                          "athena_table": TABLE}))
    with pytest.raises(OptionError, match="not an s3:// location"):
        make_source(athena_output="/tmp/out")
    with pytest.raises(OptionError, match="not a Glue/Athena name"):
        make_source(athena_table='x"; DROP TABLE y; --')


def test_iam_actions_are_declared() -> None:
    from finops_lib.iam import required_actions

    for action in ("athena:StartQueryExecution", "athena:GetQueryExecution",
                   "athena:GetQueryResults", "glue:GetTable", "s3:PutObject"):
        assert action in IAM_ACTIONS
        assert action in required_actions()


FOCUS_SAMPLE = Path(__file__).parents[1] / "fixtures" / "focus-sample-1.0" / "focus_sample.csv"


@pytest.mark.parametrize("columns, partitions, expected_sql, expected_params", [
    # FOCUS table without partitions: pruned on the BillingPeriodStart column
    ("focus", [], "CAST(billingperiodstart AS TIMESTAMP) >= CAST(? AS TIMESTAMP)",
     ["'2026-09-01 00:00:00'", "'2026-10-01 00:00:00'"]),
    # Legacy CUR: year/month partitions (month not zero-padded)
    ("cur", ["year", "month"], "AND ((year = ? AND month = ?))", ["'2026'", "'9'"]),
])
def test_pruning_without_billing_period_partition(moto_aws: Any, columns: str,
                                                  partitions: list[str], expected_sql: str,
                                                  expected_params: list[str]) -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
    glue = boto3.client("glue", region_name="us-east-1")
    glue.create_database(DatabaseInput={"Name": DATABASE})
    header = (FOCUS_SAMPLE.read_text().splitlines()[0].replace('"', "").split(",")
              if columns == "focus" else _fixture_columns())
    glue.create_table(DatabaseName=DATABASE, TableInput={
        "Name": TABLE,
        "StorageDescriptor": {"Columns": [{"Name": c.lower(), "Type": "string"}
                                          for c in header]},
        "PartitionKeys": [{"Name": p, "Type": "string"} for p in partitions],
    })
    source = open_source(resolve("architect", {
        "source": "athena", "athena_database": DATABASE, "athena_table": TABLE,
        "athena_output": f"s3://{BUCKET}/x/", "as_of": "2026-09-20"}))
    assert source.total(CostQuery(date(2026, 9, 1), date(2026, 9, 4))) == 0.0
    assert any("only AWS rows" in n for n in source.notices) == (columns == "focus")
    sent = _executions()[-1]
    assert expected_sql in sent["Query"]
    assert sent["ExecutionParameters"][2:4] == expected_params
    # Glue lower-cases names; the SQL refers to them bare, which Athena resolves either way
    assert ('"' + TABLE + '"') in sent["Query"]


def test_execution_parameters_are_quoted_literals() -> None:
    from finops_lib.sources.sql.dialect import ATHENA, Fragment, in_list

    assert ATHENA.execution_parameters(("O'Reilly", 3, date(2026, 9, 1))) == [
        "'O''Reilly'", "3", "'2026-09-01'"]
    assert in_list("service", ()) == Fragment("")
    assert in_list("service", ("a", "b")) == Fragment("AND service IN (?, ?)", ("a", "b"))


def test_a_query_that_never_finishes_is_stopped(make_source: Callable[..., AthenaSource],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.moto_api import state_manager

    from finops_lib.sources import athena

    # moto's documented state manager: executions stay QUEUED/RUNNING for many polls
    state_manager.set_transition(model_name="athena::execution",
                                 transition={"progression": "manual", "times": 1000})
    monkeypatch.setattr(athena, "QUERY_TIMEOUT_SECONDS", 0.0)
    monkeypatch.setattr(athena, "POLL_FIRST_SECONDS", 0.01)
    source = make_source()
    try:
        with pytest.raises(SourceError, match="still running") as info:
            source.total(SEPTEMBER)
    finally:
        state_manager.unset_transition(model_name="athena::execution")
    assert "\n" not in str(info.value)
    assert _executions()[-1]["Status"]["State"] == "CANCELLED"


def test_a_failed_query_is_a_one_line_source_error(
        make_source: Callable[..., AthenaSource]) -> None:
    from botocore.stub import Stubber

    source = make_source()
    # Error injection only (moto cannot fail a query): Athena's own FAILED answer.
    with Stubber(source.athena) as stub:
        stub.add_response("start_query_execution", {"QueryExecutionId": "q-1"})
        stub.add_response("get_query_execution", {"QueryExecution": {
            "QueryExecutionId": "q-1",
            "Status": {"State": "FAILED", "StateChangeReason":
                       "COLUMN_NOT_FOUND: line 3:5: Column 'x' cannot be resolved"},
            "Statistics": {"DataScannedInBytes": 3 * 1024**2}}})
        with pytest.raises(SourceError, match="Athena query failed: COLUMN_NOT_FOUND") as info:
            source.total(SEPTEMBER)
    assert "\n" not in str(info.value)
    assert source.query_cost_usd == pytest.approx(10 * 5 / 1024**2)  # failed scans still bill


# --- coverage: judged as on files and Cost Explorer, the whole report through moto's Athena
# (each query answered by running its exact SQL on DuckDB over a constructed CUR 2.0 table)

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
