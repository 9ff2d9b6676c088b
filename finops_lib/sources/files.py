"""`--source files`: FOCUS 1.x, CUR 2.0 or legacy CUR exports queried in place with DuckDB.

Parquet or CSV (gzip allowed), one file, a folder or a glob. DuckDB aggregates to daily rows
inside the engine; the raw file is never loaded into pandas. No DuckDB extension that downloads
at run time is used (S3 exports are synced locally first, or read through `--source athena`).
"""

from __future__ import annotations

import builtins
import glob
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pandas as pd

from ..errors import OptionError, SourceError
from ..options import Options
from .base import CostSource
from .formats import Layout, layout_for
from .sql.dialect import DUCKDB, Fragment
from .sql.source import SqlCostSource
from .sql.statements import profile_statement
from .strict import first_bad_cell

__all__ = ["FilesSource", "find_files", "open"]

_PARQUET = (".parquet", ".parquet.gz", ".parq")
_CSV = (".csv", ".csv.gz", ".csv.gzip", ".txt.gz")
# The file list is a bound parameter (a list of paths) to read_parquet/read_csv, so no path text
# ever becomes SQL. CSV is read as text so account ids keep leading zeros and "NULL" is null.
_RELATIONS = {
    "parquet": "read_parquet(?, union_by_name = true)",
    # The CSV dialect is fixed (RFC 4180, as AWS and FOCUS write it) so that a malformed row is
    # an error rather than a reason for DuckDB's sniffer to guess another dialect.
    "csv": "read_csv(?, header = true, skip = 0, delim = ',', quote = '\"', escape = '\"', "
           "all_varchar = true, union_by_name = true, nullstr = ['NULL', ''])",
}


def find_files(path: str) -> tuple[str, list[str]]:
    """("parquet" | "csv", sorted files) for a file, a folder (recursive) or a glob."""
    if any(ch in path for ch in "*?["):
        candidates = glob.glob(path, recursive=True)
    elif os.path.isdir(path):
        candidates = [str(p) for p in Path(path).rglob("*")]
    elif os.path.isfile(path):
        candidates = [path]
    else:
        raise SourceError(f"--path {path}: no such file or folder",
                          fix="give a FOCUS/CUR file, a folder or a glob such as 'cur/**/*.parquet'")
    files = sorted(p for p in candidates if os.path.isfile(p))
    if files and all(os.path.getsize(f) == 0 for f in files):
        raise SourceError(f"--path {path}: the file is empty",
                          fix="check the export finished writing, or choose another --path")
    parquet = [f for f in files if f.lower().endswith(_PARQUET)]
    csv = [f for f in files if f.lower().endswith(_CSV)]
    if parquet and csv:
        raise SourceError(f"--path {path}: holds both Parquet and CSV files",
                          fix="point --path at one export format")
    if not parquet and not csv:
        if len(files) == 1:  # an explicit file with an unusual name: trust its content
            return ("parquet" if _is_parquet(files[0]) else "csv"), files
        raise SourceError(f"--path {path}: no Parquet or CSV files found",
                          fix="export FOCUS or CUR 2.0 as Parquet or CSV (gzip allowed)")
    return ("parquet", parquet) if parquet else ("csv", csv)


def _is_parquet(path: str) -> bool:
    with builtins.open(path, "rb") as handle:
        return handle.read(4) == b"PAR1"


@dataclass
class FilesSource(SqlCostSource):
    """A local FOCUS/CUR export read through DuckDB."""

    display_name: ClassVar[str] = "files via DuckDB"
    real: ClassVar[bool] = True
    hourly: ClassVar[bool] = False  # exports are read as daily totals
    option_names: ClassVar[tuple[str, ...]] = ("path",)
    required_options: ClassVar[Mapping[str, str]] = {"path": "FILE_OR_FOLDER"}

    path: str = ""
    files: tuple[str, ...] = ()
    connection: Any = None
    data_days: tuple[date, date] | None = None  # from the profile: first and last day covered

    def coverage(self) -> tuple[date, date] | None:
        """The first billing period's first day to the last day with cost lines."""
        return self.data_days

    @classmethod
    def server_refusal(cls, opts: Options, data_dirs: bool) -> OptionError | None:
        """A server reads local files only under the folders its operator lists."""
        if data_dirs:
            return None
        from ..server_policy import DATA_DIRS_ENV

        return OptionError("--source: files is not offered by this server (no local files)",
                           fix=f"the operator lists readable folders in {DATA_DIRS_ENV}")

    def run(self, statement: Fragment) -> list[tuple[Any, ...]]:
        """Run a statement in DuckDB with its bound parameters."""
        self._log(statement)
        try:
            return list(self.connection.execute(statement.sql, list(statement.params)).fetchall())
        except duckdb.Error as exc:
            raise SourceError(f"--path {self.path}: cannot read the cost data "
                              f"({_first_line(exc)})") from None

    def run_frame(self, statement: Fragment) -> pd.DataFrame:
        """Run a statement in DuckDB and fetch it column-wise (no per-row Python objects)."""
        self._log(statement)
        try:
            frame: pd.DataFrame = self.connection.execute(statement.sql,
                                                          list(statement.params)).df()
        except duckdb.Error as exc:
            raise SourceError(f"--path {self.path}: cannot read the cost data "
                              f"({_first_line(exc)})") from None
        return frame

    def _log(self, statement: Fragment) -> None:
        self.requests.record("duckdb", "", " ".join(statement.sql.split())[:160], free=True)

    def period_filter(self, months: Sequence[str]) -> Fragment:
        """Files carry no partitions DuckDB must honour; prune on BillingPeriodStart instead."""
        return self.column_period_filter(months)

    def scope_months(self) -> Sequence[str]:
        """Every month in the files (a local scan of two columns is cheap)."""
        return ()

    def describe(self) -> str:
        """Format, engine and how many files."""
        label = self.layout.label if self.layout else "cost"
        return f"{label} {self.display_name} ({len(self.files)} file(s) at {self.path})"


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _columns(con: Any, relation: Fragment, path: str) -> list[str]:
    try:  # relation.sql is one of _RELATIONS (code); the file list is its bound parameter
        rows = con.execute(f"DESCRIBE SELECT * FROM {relation.sql}", list(relation.params))
        return [str(r[0]) for r in rows.fetchall()]
    except duckdb.Error as exc:
        raise SourceError(f"--path {path}: not a readable Parquet/CSV cost export "
                          f"({_first_line(exc)})") from None


def open_path(path: str, metric: str = "unblended") -> FilesSource:
    """Open a FOCUS/CUR export at `path` (file, folder or glob)."""
    kind, files = find_files(path)
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    # Exports are in UTC; a TIMESTAMPTZ column cast to TIMESTAMP follows the session time zone,
    # which would otherwise be this machine's and shift hourly rows into the wrong day.
    con.execute("SET TimeZone = 'UTC'")
    relation = Fragment(_RELATIONS[kind], (files,))
    layout: Layout = layout_for(_columns(con, relation, path), DUCKDB)
    layout.amount(metric)  # fail early, in one line, when the format cannot express the metric
    source = FilesSource(name="files", layout=layout, relation=relation, path=path,
                         files=tuple(files), connection=con)
    _profile(source, metric, kind)
    return source


def _strict(source: FilesSource, metric: str, kind: str, count: int) -> None:
    """Stop on the first money cell that is not a number instead of reading it as 0."""
    if not count:
        return
    cell = first_bad_cell(kind, source.connection, source.files, source._layout(), metric)
    where = str(cell) if cell else "a money cell is not a number"
    raise SourceError(f"--path {source.path}: {where} ({count} unparseable cost "
                      f"cell{'s' if count != 1 else ''})",
                      fix="export amounts as plain numbers (no currency symbols or thousands "
                          "separators) and read the file again")


def _profile(source: FilesSource, metric: str, kind: str = "csv") -> None:
    layout = source._layout()
    rows = source.run(profile_statement(layout, source.relation, metric))
    if not rows or sum(int(r[1]) for r in rows) == 0:
        raise SourceError(f"--path {source.path}: the {layout.label} data has no rows",
                          fix="check the export finished writing, or choose another --path")
    aws = [r for r in rows if str(r[0]).lower() in ("aws", "amazon web services")]
    others = [r for r in rows if r not in aws]
    if not aws:
        raise SourceError(f"--path {source.path}: the {layout.label} data holds no AWS rows",
                          fix="this dashboard reports AWS costs; export AWS billing data")
    if others:
        names = ", ".join(f"{r[0]} ({r[1]} rows)" for r in others)
        source.notices.append(f"FOCUS file has several providers: only AWS rows "
                              f"(ProviderName = AWS) are counted; left out {names}")
    _strict(source, metric, kind, sum(int(r[3] or 0) for r in aws))
    firsts = [r[4] for r in aws if r[4] is not None]
    lasts = [r[5] for r in aws if r[5] is not None]
    if firsts and lasts:
        source.data_days = (_day(min(firsts)), _day(max(lasts)))
    zero = sum(int(r[2] or 0) for r in aws)
    if zero and metric in ("amortized", "net-amortized"):
        source.notices.append(
            f"{zero} AWS rows have EffectiveCost 0 while BilledCost is not: amortized shows "
            "them as 0 (FOCUS: usage already paid by a commitment); use --cost-metric "
            "unblended for billed cost")


def open(opts: Options) -> CostSource:  # the sources' common entry point
    """The files source for `--path` with the options' cost metric."""
    if not opts.path:
        raise SourceError("--source files needs --path", fix="add --path FILE_OR_FOLDER")
    return open_path(str(opts.path), str(opts.cost_metric))
