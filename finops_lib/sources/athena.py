"""`--source athena`: the same cost SQL as `--source files`, run on Amazon Athena via boto3.

The table's columns come from the Glue Data Catalog (glue:GetTable), so the format is detected
exactly as for files. Every statement is pruned by billing period (the CUR 2.0 / FOCUS
`billing_period` partition, legacy `year`/`month` partitions, or the billing-period column) and
its user values are sent as ExecutionParameters. Each query's DataScannedInBytes is added up
and priced ($5 per TB scanned, rounded up to the MB, 10 MB minimum per query).
"""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from ..errors import OptionError, SourceError
from ..options import Options, effective_profile
from . import aws
from .base import CostSource
from .formats import layout_for
from .sql.dialect import ATHENA, Fragment
from .sql.source import SqlCostSource
from .sql.statements import coverage_statement

__all__ = ["IAM_ACTIONS", "IAM_RESOURCES", "AthenaSource", "open", "query_cost_usd"]

IAM_ACTIONS: tuple[str, ...] = (
    "athena:StartQueryExecution",
    "athena:GetQueryExecution",
    "athena:GetQueryResults",
    "athena:StopQueryExecution",
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetPartitions",
    # Athena reads the export bucket and writes results to --athena-output as the caller.
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
)
# Object reads and writes are granted only on these resources, never on "*": the operator
# replaces the placeholders with the bucket of FINOPS_ATHENA_OUTPUT / --athena-output and the
# bucket holding the CUR or FOCUS export (docs/security.md).
RESULTS_OBJECTS = "arn:aws:s3:::ATHENA_RESULTS_BUCKET/ATHENA_RESULTS_PREFIX/*"
EXPORT_OBJECTS = "arn:aws:s3:::COST_EXPORT_BUCKET/*"
IAM_RESOURCES: dict[str, tuple[str, ...]] = {
    "s3:PutObject": (RESULTS_OBJECTS,),
    "s3:AbortMultipartUpload": (RESULTS_OBJECTS,),
    "s3:ListMultipartUploadParts": (RESULTS_OBJECTS,),
    "s3:GetObject": (RESULTS_OBJECTS, EXPORT_OBJECTS),
}

USD_PER_TB_SCANNED = 5.0
BYTES_PER_TB = 1024**4
BYTES_PER_MB = 1024**2
MINIMUM_MB_PER_QUERY = 10
POLL_FIRST_SECONDS = 0.2
POLL_MAX_SECONDS = 2.0
QUERY_TIMEOUT_SECONDS = 900.0
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_DONE = ("SUCCEEDED", "FAILED", "CANCELLED")


def query_cost_usd(bytes_scanned: int) -> float:
    """What Athena charges for one query: $5/TB, rounded up to the MB, 10 MB minimum."""
    megabytes = max(MINIMUM_MB_PER_QUERY, math.ceil(bytes_scanned / BYTES_PER_MB))
    return megabytes * BYTES_PER_MB / BYTES_PER_TB * USD_PER_TB_SCANNED


@dataclass
class AthenaSource(SqlCostSource):
    """A CUR 2.0 / FOCUS / legacy CUR table queried on Athena."""

    display_name: ClassVar[str] = "on Athena"
    real: ClassVar[bool] = True
    hourly: ClassVar[bool] = False  # tables are read as daily totals
    aws_clients: ClassVar[frozenset[str]] = frozenset({"athena", "glue"})
    paid_query: ClassVar[str] = "Athena query"
    option_names: ClassVar[tuple[str, ...]] = ("athena_database", "athena_table",
                                               "athena_workgroup", "athena_output")
    iam_actions: ClassVar[tuple[str, ...]] = IAM_ACTIONS
    iam_resources: ClassVar[Mapping[str, tuple[str, ...]]] = IAM_RESOURCES

    athena: Any = None
    database: str = ""
    table: str = ""
    workgroup: str = "primary"
    output: str = ""
    as_of: date = field(default_factory=date.today)
    partition_keys: tuple[str, ...] = ()
    bytes_scanned: int = 0
    query_cost_usd: float = 0.0
    queries: int = 0
    data_days: tuple[date, date] | None = None
    _coverage_read: bool = False

    @classmethod
    def server_refusal(cls, opts: Options, data_dirs: bool) -> OptionError | None:
        """A server queries only the Athena table its operator set up."""
        if opts.athena_database and opts.athena_table:
            return None
        return OptionError("--source: athena is not set up on this server (no Athena table)",
                           fix="the operator sets FINOPS_ATHENA_DATABASE, FINOPS_ATHENA_TABLE "
                               "and FINOPS_ATHENA_OUTPUT")

    def coverage(self) -> tuple[date, date] | None:
        """First billing period's first day to the last day with AWS cost lines, asked once
        (as the files source reads it from its profile), so coverage is judged alike."""
        if not self._coverage_read:
            self._coverage_read = True
            rows = self.run(coverage_statement(self._layout(), self.relation))
            first, last = rows[0] if rows else (None, None)
            if first and last:
                self.data_days = (_day(first), _day(last))
        return self.data_days

    def run(self, statement: Fragment) -> list[tuple[Any, ...]]:
        """Start the query, wait for it, read every result page; rows as text tuples."""
        params = ATHENA.execution_parameters(statement.params)
        request: dict[str, Any] = {
            "QueryString": statement.sql,
            "QueryExecutionContext": {"Database": self.database},
            "WorkGroup": self.workgroup,
            "ResultConfiguration": {"OutputLocation": self.output},
        }
        if params:  # the API rejects an empty list
            request["ExecutionParameters"] = params
        with aws.aws_errors("athena:StartQueryExecution"):
            execution_id = self.athena.start_query_execution(**request)["QueryExecutionId"]
        self.requests.record("athena", "StartQueryExecution", execution_id)
        self._wait(execution_id)
        return self._results(execution_id)

    def _wait(self, execution_id: str) -> None:
        delay, waited = POLL_FIRST_SECONDS, 0.0
        while True:
            with aws.aws_errors("athena:GetQueryExecution"):
                execution = self.athena.get_query_execution(
                    QueryExecutionId=execution_id)["QueryExecution"]
            self.requests.record("athena", "GetQueryExecution", execution_id)
            status = execution["Status"]
            if status["State"] in _DONE:
                break
            if waited > QUERY_TIMEOUT_SECONDS:
                self._stop(execution_id)
                raise SourceError(f"Athena query {execution_id} still running after "
                                  f"{QUERY_TIMEOUT_SECONDS:.0f} s",
                                  fix="check the workgroup's queue in the Athena console")
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, POLL_MAX_SECONDS)
        self._account(execution)
        if status["State"] != "SUCCEEDED":
            reason = " ".join(str(status.get("StateChangeReason", "")).split())[:300]
            raise SourceError(f"Athena query {status['State'].lower()}: {reason or 'no reason'}",
                              fix=f"check {self.database}.{self.table} and --athena-output")

    def _stop(self, execution_id: str) -> None:
        # Best effort: a query left running keeps scanning (and billing) after we give up.
        with contextlib.suppress(Exception):
            self.athena.stop_query_execution(QueryExecutionId=execution_id)
            self.requests.record("athena", "StopQueryExecution", execution_id)

    def _account(self, execution: dict[str, Any]) -> None:
        scanned = int(execution.get("Statistics", {}).get("DataScannedInBytes", 0) or 0)
        self.queries += 1
        self.bytes_scanned += scanned
        self.query_cost_usd += query_cost_usd(scanned)
        self.notices[:] = [n for n in self.notices if not n.startswith("Athena scanned")]
        self.notices.append(
            f"Athena scanned {self.bytes_scanned / BYTES_PER_MB:,.1f} MB in {self.queries} "
            f"queries, costing ≈ ${self.query_cost_usd:.4f} ($5/TB, 10 MB minimum per query)")

    def _results(self, execution_id: str) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        paginator = self.athena.get_paginator("get_query_results")
        with aws.aws_errors("athena:GetQueryResults"):
            for number, page in enumerate(paginator.paginate(QueryExecutionId=execution_id)):
                self.requests.record("athena", "GetQueryResults",
                                     f"{execution_id} page {number + 1}")
                data = page["ResultSet"]["Rows"]
                if number == 0 and data:
                    data = data[1:]  # the first row of the first page is the header
                rows.extend(tuple(cell.get("VarCharValue") for cell in row["Data"])
                            for row in data)
        return rows

    def period_filter(self, months: Sequence[str]) -> Fragment:
        """Partition pruning: billing_period, else year/month, else the billing-period column."""
        if not months:
            return Fragment("")
        keys = set(self.partition_keys)
        if "billing_period" in keys:
            marks = ", ".join("?" for _ in months)
            return Fragment(f"AND billing_period IN ({marks})", tuple(months))
        if {"year", "month"} <= keys:
            pairs = " OR ".join("(year = ? AND month = ?)" for _ in months)
            values = [v for m in months for v in (m[:4], str(int(m[5:7])))]
            return Fragment(f"AND ({pairs})", tuple(values))
        return self.column_period_filter(months)

    def scope_months(self) -> Sequence[str]:
        """The as-of month and the one before: the accounts without scanning every period."""
        current = self.as_of.replace(day=1)
        previous = date(current.year - (current.month == 1), (current.month - 2) % 12 + 1, 1)
        return [previous.strftime("%Y-%m"), current.strftime("%Y-%m")]

    def describe(self) -> str:
        """Format, table and workgroup."""
        label = self.layout.label if self.layout else "cost"
        return (f"{label} {self.display_name} ({self.database}.{self.table}, "
                f"workgroup {self.workgroup})")


def _day(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _required(opts: Options) -> tuple[str, str, str, str]:
    values = (opts.athena_database, opts.athena_table, opts.athena_workgroup or "primary",
              opts.athena_output)
    flags = ("--athena-database", "--athena-table", "--athena-workgroup", "--athena-output")
    for flag, value in zip(flags, values, strict=True):
        if not value:
            raise OptionError(f"--source athena needs {flag}",
                              fix="add --athena-database, --athena-table and --athena-output "
                                  "s3://bucket/prefix/")
    for flag, value in zip(flags[:3], values[:3], strict=True):
        if not _NAME.match(str(value)):
            raise OptionError(f"{flag}: {value!r} is not a Glue/Athena name",
                              fix="use letters, digits, _ or -")
    if not str(values[3]).startswith("s3://"):
        raise OptionError(f"--athena-output: {values[3]!r} is not an s3:// location",
                          fix="use e.g. --athena-output s3://my-athena-results/finops/")
    return tuple(str(v) for v in values)  # type: ignore[return-value]


def _table_columns(glue: Any, database: str, table: str) -> tuple[list[str], list[str]]:
    try:
        found = glue.get_table(DatabaseName=database, Name=table)["Table"]
    except Exception as exc:
        if aws.error_code(exc) == "EntityNotFoundException":
            raise SourceError(f"Athena table {database}.{table} not found in the Glue catalog",
                              fix="check --athena-database and --athena-table (and the "
                                  "region)") from None
        raise aws.source_error(exc, "glue:GetTable") from exc
    columns = [c["Name"] for c in found.get("StorageDescriptor", {}).get("Columns", [])]
    partitions = [c["Name"] for c in found.get("PartitionKeys", [])]
    return columns + partitions, partitions


def open(opts: Options) -> CostSource:  # the sources' common entry point
    """The athena source for the options' database, table, workgroup and output."""
    database, table, workgroup, output = _required(opts)
    profile = effective_profile(opts)
    session = aws.make_session(profile)
    glue = aws.client(session, "glue")
    columns, partitions = _table_columns(glue, database, table)
    layout = layout_for(columns, ATHENA)
    layout.amount(str(opts.cost_metric))  # fail early when the format cannot express it
    source = AthenaSource(
        name="athena", layout=layout, relation=Fragment(f'"{database}"."{table}"'),
        athena=aws.client(session, "athena"), database=database, table=table,
        workgroup=workgroup, output=output, as_of=opts.as_of,
        partition_keys=tuple(p.lower() for p in partitions),
    )
    source.requests.record("glue", "GetTable", f"{database}.{table}")
    if layout.aws_only:
        # Counting other providers would need a scan of its own; the SQL filters them anyway.
        source.notices.append("FOCUS table: only AWS rows (ProviderName = AWS) are counted")
    return source
