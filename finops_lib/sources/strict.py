"""Strict money parsing for export files: find the first cell that is not a finite number.

The SQL counts unparseable cells (`Layout.unparseable_cells`); when the count is not zero the
files source stops with one line naming the file, line and column of the first one, so a typo
such as `$1,234.00` is never read as 0.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .formats import AWS_PROVIDER_NAMES, Layout

__all__ = ["BadCell", "first_bad_cell", "is_money"]


@dataclass(frozen=True)
class BadCell:
    """Where the first unparseable money cell is: file, position, column. CSV positions are
    1-based lines (the header is line 1); Parquet positions are 1-based rows."""

    file: str
    line: int
    column: str
    value: str
    unit: str = "line"

    def __str__(self) -> str:
        return (f"{self.file} {self.unit} {self.line}, column {self.column}: {self.value!r} "
                "is not a number")


def is_money(text: Any) -> bool:
    """True for a blank cell or a finite number written plainly ("12.5", "-3e-4")."""
    if text is None:
        return True
    value = str(text).strip()
    if value in ("", "NULL"):
        return True
    if "_" in value:  # Python accepts 1_000; the SQL engines do not
        return False
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _rows(path: str) -> Iterator[dict[str, str]]:
    opener: Any = gzip.open if path.lower().endswith((".gz", ".gzip")) else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        yield from csv.DictReader(text)


def _is_aws(row: dict[str, Any], provider: str | None) -> bool:
    return provider is None or str(row.get(provider) or "AWS").lower() in AWS_PROVIDER_NAMES


def _first_in_csv(files: Sequence[str], columns: Sequence[str],
                  provider: str | None) -> BadCell | None:
    for path in files:
        for number, row in enumerate(_rows(path), start=2):
            if not _is_aws(row, provider):
                continue
            for column in columns:
                if not is_money(row.get(column)):
                    return BadCell(path, number, column, str(row.get(column)))
    return None


def _first_in_parquet(con: Any, files: Sequence[str], layout: Layout,
                      columns: Sequence[str]) -> BadCell | None:
    bad = " + ".join(f"({layout.unparseable(c)})" for c in columns)
    names = [layout.columns[c] for c in columns]
    picked = ", ".join(f"CAST({layout.col(c)} AS VARCHAR)" for c in columns)
    sql = (f"SELECT filename, file_row_number, {picked} FROM read_parquet(?, union_by_name = "
           f"true, filename = true, file_row_number = true) WHERE {bad} > 0 {layout.aws_only} "
           "ORDER BY filename, file_row_number LIMIT 1")
    row = con.execute(sql, [list(files)]).fetchone()
    if row is None:
        return None
    for column, value in zip(names, row[2:], strict=True):
        if not is_money(value):
            return BadCell(str(row[0]), int(row[1]) + 1, column, str(value), "row")
    return BadCell(str(row[0]), int(row[1]) + 1, names[0], str(row[2]), "row")


def first_bad_cell(kind: str, con: Any, files: Sequence[str], layout: Layout,
                   metric: str) -> BadCell | None:
    """The first money cell the metric reads that is not a finite number, if any."""
    columns = layout.money_columns(metric)
    if not columns:
        return None
    if kind == "parquet":
        return _first_in_parquet(con, files, layout, columns)
    provider = layout.columns.get("providername") if layout.is_focus else None
    return _first_in_csv(files, [layout.columns[c] for c in columns], provider)
